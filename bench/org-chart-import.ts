import { performance } from 'node:perf_hooks';
import { startTestApp, type TestApp } from '../tests/helpers/app';
import { largeOrgChart, orgChartCsv } from '../tests/helpers/org-chart';
import { startTestServices } from '../tests/helpers/services';
import { demoAccount, signIn } from '../tests/helpers/staff';
import type { BenchOptions, Figures } from './figures';

/** What the issue asks of a county's org chart: 2,000 staff and 500 units in under a minute. */
const targetSeconds = 60;
const giveUpAfterMs = 10 * 60_000;

/**
 * Imports an org chart of 500 units (townships and villages under 东湖县), a department
 * per township and 2,000 people through the real HTTP API, timing the answer (every row
 * checked, everything written, an invitation recorded per person) and then until every
 * person's invitation is sent (a set-password link issued and mailed, after the answer).
 */
export async function runOrgChartImportBench({ scale }: BenchOptions): Promise<Figures> {
  const units = Math.max(20, Math.round(500 * scale));
  const staff = Math.max(50, Math.round(2000 * scale));
  const services = await startTestServices();
  let app: TestApp | undefined;
  try {
    app = await startTestApp(services, { worker: false });
    const admin = await signIn(app.baseUrl, demoAccount.admin('990000'));
    const file = orgChartCsv(largeOrgChart(units, staff));
    const started = performance.now();
    const answer = await admin.upload('/api/v1/admin/org-chart/imports', 'file', {
      name: 'county.csv',
      content: file,
    });
    const answeredS = (performance.now() - started) / 1000;
    if (answer.status !== 201)
      throw new Error(`import answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    const invitedS = await secondsUntil(started, async () => (await linksIssued(app!)) >= staff);

    console.log(
      `${units} units, ${staff} staff, ${(file.length / 1024).toFixed(0)} KB CSV, through POST /api/v1/admin/org-chart/imports:`,
    );
    console.log(`  answered (every row checked, everything written)  ${answeredS.toFixed(1)} s`);
    console.log(`  every invitation sent (link issued and mailed)    ${invitedS.toFixed(1)} s`);
    console.log(
      `  target: 2,000 staff and 500 units imported in under ${targetSeconds} s — ${answeredS * (2000 / staff) < targetSeconds ? 'met' : 'NOT met'}`,
    );
    return {
      org_chart_import: {
        units,
        staff,
        seconds: Math.round(answeredS * 10) / 10,
        invitations_seconds: Math.round(invitedS * 10) / 10,
      },
    };
  } finally {
    await app?.stop();
    await services.stop();
  }
}

async function linksIssued(app: TestApp): Promise<number> {
  const [row] = await app.orm.em
    .fork()
    .getConnection()
    .execute<{ n: number }[]>(
      `select count(*)::int as n from staff_invitation i join org_chart_invitation o on o.staff_id = i.staff_member_id`,
    );
  return row?.n ?? 0;
}

/** Seconds from `started` until `reached` holds, polled every 200 ms. */
async function secondsUntil(started: number, reached: () => Promise<boolean>): Promise<number> {
  for (;;) {
    if (await reached()) return (performance.now() - started) / 1000;
    if (performance.now() - started > giveUpAfterMs)
      throw new Error('the invitations were not all sent within 10 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
}
