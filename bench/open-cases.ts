import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client as PgClient } from 'pg';
import { startCaseWorkflow } from '../api/intake';
import type { CaseStart } from '../domain/case';
import { currentPolicyVersion, drillPolicyVersion } from '../domain/policy';
import { taskQueue } from '../tests/helpers/app';
import { demoAccount, signIn, type StaffSession } from '../tests/helpers/staff';
import { measureCasePages } from './case-page';
import type { BenchOptions, Figures } from './figures';
import { residentMb, withBenchStack, type BenchStack } from './stack';
import { atConcurrency, formatTable, ms, spreadOf } from './timing';

/** Workflow starts in flight at once while the open cases are loaded. */
const startConcurrency = 64;
/** Ledger reads in flight at once while the timers fall due: two office heads at their consoles. */
const readConcurrency = 2;
/** The drill cases' dispatch deadline, minutes after each one's registration; escalation a minute later. */
const drillMinutes = 2;
/** Drill cases are started evenly over this long, so their deadlines fall due over it too. */
const drillSpreadMs = 30_000;
const targets = { latenessP99Ms: 2_000, workerRssMb: 1_500 };
/** The demo villages and townships the cases are spread over, as petitions are. */
const unitCodes = [
  '990101001001',
  '990101001002',
  '990101002001',
  '990102001001',
  '990102002001',
  '990101001',
];

/**
 * 20,000 open cases (在办) held by one worker: real case workflows, each with its
 * running deadline timers, started straight through the client in bulk (the intake
 * bench measures the API's way in). While they stay open, drill-policy cases whose
 * dispatch deadline falls due within minutes are started, and the bench measures how
 * late those timers fire, the worker's resident memory and the API's ledger reads;
 * then the staff case page of random open cases (bench/case-page.ts).
 */
export async function runOpenCasesBench({ scale }: BenchOptions): Promise<Figures> {
  const openCount = Math.max(200, Math.round(20_000 * scale));
  const drillCount = Math.max(50, Math.round(500 * scale));
  return withBenchStack(async (stack) => {
    const db = new PgClient({ connectionString: stack.services.databaseUrl });
    db.on('error', () => {});
    await db.connect();
    const rss = sampleRss(stack.worker.process.pid!);
    try {
      const loaded = await loadOpenCases(stack, db, openCount);
      const peakBeforeDrill = rss.peak();
      const head = await signIn(stack.app.baseUrl, demoAccount.officeHead('990000'));
      const reads = readLedgerUntil(head);
      const drill = await runDrill(stack, db, drillCount);
      const readSamples = await reads.stop();
      const running = await stack.app.temporal.workflow.count(
        `WorkflowType = 'petitionCase' AND ExecutionStatus = 'Running'`,
      );
      const rssEnd = residentMb(stack.worker.process.pid!);
      const peak = rss.peak();
      // After the memory figures: the old way's queries bring cases back into the worker's cache.
      const casePages = await measureCasePages(stack, db, openCaseNumbers(openCount));
      const api = spreadOf(readSamples);
      const lateness = spreadOf(drill.lateness);

      const load = os.loadavg()[0]!.toFixed(1);
      console.log(
        `\n${openCount} open cases started straight through the client on ${taskQueue}, ${startConcurrency} at a time, ` +
          `in bulk: started in ${loaded.startSeconds.toFixed(1)} s, all in the ledger after ${loaded.registeredSeconds.toFixed(1)} s ` +
          `(${(openCount / loaded.registeredSeconds).toFixed(0)} cases/s); their next deadline ${loaded.nextDue}`,
      );
      console.log(
        `${drillCount} drill cases (policy ${drillPolicyVersion(drillMinutes)}) started over ${drillSpreadMs / 1000} s: ` +
          `${drill.lateness.length} of ${drillCount * 2} timers fired (breach, then escalation a minute later)` +
          ` (${os.cpus().length} CPUs, load average ${load})\n`,
      );
      console.log(
        formatTable(
          ['while the cases are open', 'count', 'p50', 'p99', 'max'],
          [
            [
              'timer lateness, ms',
              String(lateness.count),
              ms(lateness.p50),
              ms(lateness.p99),
              ms(lateness.max),
            ],
            [
              'GET /api/v1/ledger (province head), ms',
              String(api.count),
              ms(api.p50),
              ms(api.p99),
              ms(api.max),
            ],
          ],
        ),
      );
      console.log(
        `\nrunning case workflows ${running.count}; worker RSS peak ${peak.toFixed(0)} MB ` +
          `(${peakBeforeDrill.toFixed(0)} MB while loading, ${rssEnd.toFixed(0)} MB at the end)`,
      );
      const timersMet = drill.lateness.length === drillCount * 2 && lateness.p99 <= targets.latenessP99Ms;
      console.log(
        `target timer lateness p99 ≤ ${targets.latenessP99Ms} ms with every timer fired: ${timersMet ? 'met' : 'MISSED'}; ` +
          `worker RSS ≤ ${targets.workerRssMb} MB: ${peak <= targets.workerRssMb ? 'met' : 'MISSED'}`,
      );
      return {
        ...casePages,
        open_cases: {
          count: running.count,
          started_in_bulk: openCount,
          registered_per_second: Math.round(openCount / loaded.registeredSeconds),
          worker_rss_mb: Math.round(peak),
          worker_rss_end_mb: Math.round(rssEnd),
          api_p50_ms: round1(api.p50),
          api_p99_ms: round1(api.p99),
        },
        timers: {
          due: drillCount * 2,
          fired: drill.lateness.length,
          lateness_p50_ms: round1(lateness.p50),
          lateness_p99_ms: round1(lateness.p99),
          lateness_max_ms: round1(lateness.max),
        },
      };
    } finally {
      rss.stop();
      await db.end().catch(() => {});
    }
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

const openCaseNumber = (i: number) => `QL2099-${String(100_000 + i)}`;
const openCaseNumbers = (count: number) => Array.from({ length: count }, (_, i) => openCaseNumber(i));

const caseStart = (caseNumber: string, i: number, policyVersion: string): CaseStart => ({
  caseNumber,
  petition: {
    unitCode: unitCodes[i % unitCodes.length]!,
    channel: 'web',
    category: 'land',
    place: '东湖县城关镇',
    summary: '村里修路占用了承包地，补偿款至今没有发放。',
    request: '按标准发放征地补偿款',
    // Anonymous: no receipt mail, so the SMTP side does not weigh on what is measured.
    anonymous: true,
  },
  receivedAt: new Date().toISOString(),
  policyVersion,
});

async function loadOpenCases(stack: BenchStack, db: PgClient, count: number) {
  const started = performance.now();
  await atConcurrency(count, startConcurrency, (i) => {
    const caseNumber = openCaseNumber(i);
    return startCaseWorkflow(
      { temporal: stack.app.temporal, taskQueue },
      caseStart(caseNumber, i, currentPolicyVersion),
    );
  });
  const startSeconds = (performance.now() - started) / 1000;
  console.log(
    `${count} case workflows started in ${startSeconds.toFixed(1)} s; waiting for their registration …`,
  );
  const giveUpAt = Date.now() + Math.max(600_000, count * 250);
  let toldAt = Date.now();
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from petition_case where case_number like 'QL2099-%'`,
    );
    const registered = rows[0]!.n;
    if (registered >= count) break;
    if (Date.now() > giveUpAt) throw new Error(`only ${registered} of ${count} open cases registered`);
    if (Date.now() - toldAt > 30_000) {
      console.log(`  ${registered} of ${count} in the ledger`);
      toldAt = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const registeredSeconds = (performance.now() - started) / 1000;
  const { rows } = await db.query<{ next: Date | null }>(
    `select min(next_due_at) as next from petition_case where case_number like 'QL2099-%'`,
  );
  return { startSeconds, registeredSeconds, nextDue: rows[0]!.next?.toISOString() ?? 'none' };
}

/**
 * Starts the drill cases evenly over `drillSpreadMs` and waits until each one's breach
 * and escalation are in its timeline (or a minute after the last was due); the lateness
 * of each, from the timeline's occurred_at (the workflow's clock when the timer's task
 * ran) to the instant the deadline fell due.
 */
async function runDrill(stack: BenchStack, db: PgClient, count: number): Promise<{ lateness: number[] }> {
  const gapMs = drillSpreadMs / count;
  const started = performance.now();
  const policyVersion = drillPolicyVersion(drillMinutes);
  await atConcurrency(count, 1, async (i) => {
    const waitMs = started + i * gapMs - performance.now();
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    await startCaseWorkflow(
      { temporal: stack.app.temporal, taskQueue },
      caseStart(`QL2099-${String(900_000 + i)}`, i, policyVersion),
    );
  });
  const lastDue = Date.now() + (drillMinutes + 1) * 60_000;
  const lateness = async () => {
    const { rows } = await db.query<{ ms: number }>(
      `select extract(epoch from (e.occurred_at - case e.type when 'deadline_escalated'
                then d.due_at + interval '1 minute' else d.due_at end)) * 1000 as ms
         from case_event e
         join case_deadline d on d.case_number = e.case_number and d.clock = 'dispatch'
        where d.policy_version = $1
          and (e.type = 'deadline_escalated' or (e.type = 'deadline_warning' and (e.data->>'breached')::boolean))`,
      [policyVersion],
    );
    return rows.map((r) => Number(r.ms));
  };
  for (;;) {
    const fired = await lateness();
    if (fired.length >= count * 2 || Date.now() > lastDue + 60_000) return { lateness: fired };
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Office heads paging and filtering the ledger without pause, until told to stop; each read's milliseconds. */
function readLedgerUntil(head: StaffSession): { stop(): Promise<number[]> } {
  const queries = [
    '',
    '?overdue=true',
    '?page=5',
    '?unitCode=990101&status=registered',
    '?caseNumber=2099-9',
  ];
  const samples: number[] = [];
  let stopping = false;
  let n = 0;
  const lane = async () => {
    while (!stopping) {
      const started = performance.now();
      const answer = await head.get(`/api/v1/ledger${queries[n++ % queries.length]}`);
      if (answer.status !== 200) throw new Error(`ledger read answered ${answer.status}`);
      samples.push(performance.now() - started);
    }
  };
  const lanes = Promise.all(Array.from({ length: readConcurrency }, lane));
  // A failed read surfaces when the reads are stopped, not as an unhandled rejection before.
  lanes.catch(() => {});
  return {
    async stop() {
      stopping = true;
      await lanes;
      return samples;
    },
  };
}

/** The worker's resident memory every second; the highest seen. */
function sampleRss(pid: number): { peak(): number; stop(): void } {
  let peak = residentMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, residentMb(pid));
    } catch {
      // The worker is gone: the bench will fail on what it needed it for.
    }
  }, 1000);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}
