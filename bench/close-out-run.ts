import { performance } from 'node:perf_hooks';
import { Client as PgClient } from 'pg';
import { actorOf, loadSignedInStaff } from '../api/auth/staff';
import { departmentRef } from '../db/refs';
import { Department, StaffMember } from '../db/entities';
import type { Actor, StaffActor } from '../domain/actor';
import { caseWorkflowId, type CaseStart } from '../domain/case';
import type { CaseCommandName, CaseCommands } from '../domain/case-commands';
import { currentPolicyVersion } from '../domain/policy';
import { petitionCase, weeklyCloseOut } from '../workflows';
import { caseCommandUpdate } from '../workflows/case/messages';
import { startTestApp, taskQueue, type TestApp } from '../tests/helpers/app';
import { startTestServices } from '../tests/helpers/services';
import { ledgerCaseCount, type BenchOptions, type Figures } from './figures';
import { seedLedgerCases, seedTimeline } from './ledger-seed';

/** Cases ready for close-out in real workflows: a busy province's week. */
const readyCasesAt = (scale: number) =>
  Number(process.env.CLOSE_OUT_BENCH_READY ?? Math.max(20, Math.round(200 * scale)));
/** What the issue allows one weekly close-out over 100k cases. */
const targetMs = 10_000;
const township = '990101001';

/**
 * The weekly close-out end to end on a real Temporal dev server and a ledger of
 * 100k cases (~1M timeline events, bulk-loaded: no workflows behind them): `readyCases` real case workflows brought to
 * close-out, then one run of the weekly close-out over every unit — strike-offs in
 * the cases' own workflows, the figures pass, the snapshots and the report e-mails —
 * timed from start to result.
 */
export async function runCloseOutRunBench(options: BenchOptions): Promise<Figures> {
  const ledgerCases = ledgerCaseCount(options);
  const services = await startTestServices();
  let app: TestApp | undefined;
  try {
    app = await startTestApp(services);
    await seedLedger(services.databaseUrl, ledgerCases);
    const struck = await readyForCloseOut(app, readyCasesAt(options.scale));
    const ms = await timeRun(app, struck, ledgerCases);
    return { closeout: { cases: ledgerCases, ms: Math.round(ms), struck_off: struck.length } };
  } finally {
    await app?.stop();
    await services.stop();
  }
}

async function seedLedger(databaseUrl: string, ledgerCases: number): Promise<void> {
  const client = new PgClient({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await seedLedgerCases(client, ledgerCases);
    await seedTimeline(client);
    // The seeded rows have no workflows: they stand for cases of earlier weeks, not for this week's strike-offs.
    await client.query('update petition_case set close_out_ready_at = null');
  } finally {
    await client.end();
  }
}

async function readyForCloseOut(app: TestApp, readyCases: number): Promise<string[]> {
  const em = app.orm.em.fork();
  const staff = async (email: string): Promise<StaffActor> => {
    const member = await em.findOneOrFail(StaffMember, { email });
    return actorOf((await loadSignedInStaff(em, member.id))!);
  };
  const clerk = await staff(`clerk.${township}@demo.qingling.local`);
  const handler = await staff(`handler.${township}-zz@demo.qingling.local`);
  const department = departmentRef(
    await em.findOneOrFail(Department, { code: `${township}-zz` }, { populate: ['unit', 'unit.parent'] }),
  );
  const give = <C extends CaseCommandName>(n: string, c: C, actor: Actor, input: CaseCommands[C]) =>
    app.temporal.workflow.getHandle(caseWorkflowId(n)).executeUpdate(caseCommandUpdate(c), {
      args: [{ actor, input }],
    });
  const started = performance.now();
  const numbers = Array.from({ length: readyCases }, (_, i) => `QL2099-${String(700000 + i)}`);
  for (let i = 0; i < numbers.length; i += 20) {
    await Promise.all(
      numbers.slice(i, i + 20).map(async (caseNumber) => {
        const start: CaseStart = {
          caseNumber,
          petition: {
            unitCode: township,
            channel: 'web',
            category: 'land',
            place: '城关镇',
            summary: '修路占用承包地，补偿款没有发放',
            request: '发放补偿款',
            anonymous: false,
            complainant: { name: '王明', phone: '13800000000', email: 'wangming@example.cn' },
          },
          receivedAt: new Date().toISOString(),
          policyVersion: currentPolicyVersion,
        };
        await app!.temporal.workflow.start(petitionCase, {
          taskQueue,
          workflowId: caseWorkflowId(caseNumber),
          args: [start],
        });
        await give(caseNumber, 'triage', clerk, { decision: 'accept' });
        await give(caseNumber, 'dispatch', clerk, { department });
        await give(caseNumber, 'reply', handler, { text: '补偿款已发放。' });
        await give(caseNumber, 'evaluate', { kind: 'complainant' }, { satisfied: true });
      }),
    );
  }
  console.log(
    `${readyCases} real cases brought to close-out in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return numbers;
}

/** Milliseconds from the weekly close-out's start to its result. */
async function timeRun(app: TestApp, ready: string[], ledgerCases: number): Promise<number> {
  const started = performance.now();
  const result = await app.temporal.workflow.execute(weeklyCloseOut, {
    taskQueue,
    workflowId: `bench-close-out-${Date.now()}`,
    args: [{ cutoff: new Date().toISOString() }],
  });
  const elapsedMs = performance.now() - started;
  const seconds = elapsedMs / 1000;
  const struck = result.units.reduce((sum, u) => sum + u.struckOff, 0);
  if (struck !== ready.length) throw new Error(`struck off ${struck} of ${ready.length} ready cases`);
  console.log(
    `weekly close-out over ${result.units.length} units, ${ledgerCases.toLocaleString('en')} cases in the ledger: ` +
      `${seconds.toFixed(1)} s, ${struck} cases struck off in their workflows, snapshots written, reports mailed`,
  );
  console.log(`target under ${targetMs / 1000} s: ${elapsedMs < targetMs ? 'met' : 'MISSED'}`);
  return elapsedMs;
}
