import { performance } from 'node:perf_hooks';
import { startTestApp, type TestApp } from '../tests/helpers/app';
import { anImportRow, csvOf, officeDaysAgo } from '../tests/helpers/backlog-import';
import { startTestServices } from '../tests/helpers/services';
import { demoAccount, signIn } from '../tests/helpers/staff';
import type { BenchOptions, Figures } from './figures';

/** What the issue asks of a 1,000-row file, from upload to every case in the ledger. */
const targetSeconds = 60;
const giveUpAfterMs = 10 * 60_000;

/**
 * Imports a CSV of `rowCount` backlog cases through the real HTTP API, against fresh
 * services (embedded PostgreSQL, the Temporal dev server, a worker), and times it until
 * every case is registered in the ledger and designated a backlog case.
 */
export async function runImportBench({ scale }: BenchOptions): Promise<Figures> {
  const rowCount = Number(process.env.IMPORT_BENCH_ROWS ?? Math.max(50, Math.round(1000 * scale)));
  if (!Number.isInteger(rowCount) || rowCount < 1 || rowCount > 5000) {
    throw new Error(
      `IMPORT_BENCH_ROWS must be a whole number from 1 to 5000, not ${process.env.IMPORT_BENCH_ROWS}`,
    );
  }
  const services = await startTestServices();
  let app: TestApp | undefined;
  try {
    app = await startTestApp(services);
    const seconds = await timeImport(app, rowCount);
    return { backlog_import: { rows: rowCount, seconds: Math.round(seconds * 10) / 10 } };
  } finally {
    await app?.stop();
    await services.stop();
  }
}

/** Seconds from upload until every row is a backlog case in the ledger. */
async function timeImport(app: TestApp, rowCount: number): Promise<number> {
  const clerk = await signIn(app.baseUrl, demoAccount.clerk('990101001'));
  const file = csvOf(
    Array.from({ length: rowCount }, (_, i) =>
      anImportRow({
        原台账编号: `BENCH-${i + 1}`,
        登记日期: officeDaysAgo(100 + (i % 600)),
        受理日期: officeDaysAgo(90 + (i % 600)),
        包案领导邮箱: i % 2 === 0 ? demoAccount.leader('990101001') : '',
      }),
    ),
  );
  const started = performance.now();
  const answer = await clerk.upload('/api/v1/staff/backlog/imports', 'file', {
    name: 'bench.csv',
    content: file,
  });
  const answeredS = (performance.now() - started) / 1000;
  if (answer.status !== 201)
    throw new Error(`import answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  const caseNumbers: string[] = answer.json.cases.map((c: { caseNumber: string }) => c.caseNumber);

  const count = async (backlogOnly: boolean) => {
    const [row] = await app.orm.em
      .fork()
      .getConnection()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from petition_case where case_number = any(?)${backlogOnly ? ' and backlog_at is not null' : ''}`,
        [`{${caseNumbers.join(',')}}`],
      );
    return row?.n ?? 0;
  };
  const registeredS = await secondsUntil(started, async () => (await count(false)) === rowCount);
  const designatedS = await secondsUntil(started, async () => (await count(true)) === rowCount);

  const rate = (seconds: number) => `${Math.round(rowCount / seconds)} rows/s`;
  console.log(
    `${rowCount} rows, ${(file.length / 1024).toFixed(0)} KB CSV, through POST /api/v1/staff/backlog/imports:`,
  );
  console.log(
    `  answered (validated, recorded, workflows started)  ${answeredS.toFixed(1)} s  ${rate(answeredS)}`,
  );
  console.log(
    `  every case registered in the ledger                ${registeredS.toFixed(1)} s  ${rate(registeredS)}`,
  );
  console.log(
    `  every case designated a backlog case               ${designatedS.toFixed(1)} s  ${rate(designatedS)}`,
  );
  console.log(
    `  target: under ${targetSeconds} s for 1,000 rows — ${designatedS * (1000 / rowCount) < targetSeconds ? 'met' : 'NOT met'}`,
  );
  return designatedS;
}

/** Seconds from `started` until `reached` holds, polled every 200 ms. */
async function secondsUntil(started: number, reached: () => Promise<boolean>): Promise<number> {
  for (;;) {
    if (await reached()) return (performance.now() - started) / 1000;
    if (performance.now() - started > giveUpAfterMs)
      throw new Error('the import did not finish within 10 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
}
