import { Connection } from '@temporalio/client';
import pg from 'pg';
import { parseKeyring } from '../config/encryption-keys';
import { createTemporalClient } from '../temporal/client';
import { makeSubmissions, runIntake, type Submission } from './load';
import { countDrill, failures, type DrillCounts, type Samples } from './report';
import { startChaosStack, type ChaosStack } from './stack';

export type Fault = 'worker' | 'api' | 'temporal' | 'postgres';

/** A fault and when it strikes: once this share of the petitions is acknowledged, or of the drill cases has breached. */
export interface FaultStep {
  fault: Fault;
  after: { acknowledged: number } | { breached: number };
}

export interface DrillOptions {
  petitions: number;
  /** Petitions on the drill policy, whose dispatch deadline falls due during the drill. */
  drillCases: number;
  /** The drill policy's dispatch clock (domain/policy.ts `drillPolicyVersion`). */
  drillMinutes: number;
  concurrency: number;
  /** Petitions arrive evenly over this long. */
  intakeMs: number;
  faults: FaultStep[];
  /** The drill ends by itself within this, processes stopped included. */
  budgetMs: number;
}

/** The drill: 1,000 petitions, 500 deadlines, the worker killed three times, the rest once. */
export const fullDrill: DrillOptions = {
  petitions: 1000,
  drillCases: 500,
  drillMinutes: 1,
  concurrency: 12,
  intakeMs: 150_000,
  faults: [
    { fault: 'worker', after: { acknowledged: 0.1 } },
    { fault: 'api', after: { acknowledged: 0.25 } },
    { fault: 'temporal', after: { acknowledged: 0.4 } },
    { fault: 'postgres', after: { acknowledged: 0.55 } },
    { fault: 'worker', after: { acknowledged: 0.7 } },
    { fault: 'worker', after: { breached: 0.5 } },
  ],
  budgetMs: 9.5 * 60_000,
};

/** The correctness check in `npm test`: a few hundred petitions, one fault of each kind. */
export const smallDrill: DrillOptions = {
  petitions: 200,
  drillCases: 50,
  drillMinutes: 1,
  concurrency: 8,
  intakeMs: 45_000,
  faults: [
    { fault: 'worker', after: { acknowledged: 0.15 } },
    { fault: 'api', after: { acknowledged: 0.35 } },
    { fault: 'temporal', after: { acknowledged: 0.55 } },
    { fault: 'postgres', after: { acknowledged: 0.75 } },
  ],
  budgetMs: 5.5 * 60_000,
};

export interface FaultRecord {
  fault: Fault;
  /** Seconds since the drill started. */
  at: number;
  /** How long until the process was back. */
  tookMs: number;
}

export interface DrillResult {
  counts: DrillCounts;
  samples: Samples;
  faults: FaultRecord[];
  unplannedRestarts: string[];
  elapsedMs: number;
  problems: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Time kept back at the end: the last count and stopping every process. */
const finalCountMs = 45_000;

/** Breached dispatch clocks so far; zero while PostgreSQL is away. */
async function breachedCount(databaseUrl: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from case_event where type = 'deadline_warning' and data->>'breached' = 'true'`,
    );
    return rows[0]?.n ?? 0;
  } catch {
    return 0;
  } finally {
    await db.end().catch(() => undefined);
  }
}

async function strike(stack: ChaosStack, fault: Fault): Promise<void> {
  if (fault === 'worker' || fault === 'api') await stack.kill(fault);
  else if (fault === 'temporal') await stack.restartTemporal();
  else await stack.restartPostgres();
}

/**
 * Runs the fault drill (故障演练) on a private stack and counts what it left. Every
 * process it started is ended before it returns, also when it fails or is aborted.
 */
export async function runDrill(
  options: DrillOptions,
  log: (line: string) => void,
  signal?: AbortSignal,
  startStack: (log: (line: string) => void, signal?: AbortSignal) => Promise<ChaosStack> = startChaosStack,
): Promise<DrillResult> {
  const started = Date.now();
  const endBy = started + options.budgetMs;
  const since = () => Math.round((Date.now() - started) / 1000);
  const say = (line: string) => log(`[${String(since()).padStart(3)} s] ${line}`);
  const checkAbort = () => {
    if (signal?.aborted) throw new Error('drill aborted');
  };

  const stack = await startStack(say, signal);
  try {
    checkAbort();
    const submissions = makeSubmissions(options.petitions, options.drillCases);
    let acknowledged = 0;
    const reached = async (step: FaultStep) => {
      if ('acknowledged' in step.after) return acknowledged >= step.after.acknowledged * options.petitions;
      return (await breachedCount(stack.databaseUrl)) >= step.after.breached * options.drillCases;
    };
    const giveUpAt = endBy - finalCountMs - 60_000;

    say(
      `intake of ${options.petitions} petitions (${options.drillCases} on a ${options.drillMinutes}-minute drill clock) …`,
    );
    const faults: FaultRecord[] = [];
    const runFaults = async () => {
      for (const step of options.faults) {
        while (!(await reached(step)) && Date.now() < giveUpAt) {
          checkAbort();
          await sleep(500);
        }
        checkAbort();
        const at = since();
        say(
          `fault: ${step.fault === 'worker' || step.fault === 'api' ? 'SIGKILL' : 'restart'} ${step.fault}`,
        );
        const before = Date.now();
        await strike(stack, step.fault);
        faults.push({ fault: step.fault, at, tookMs: Date.now() - before });
        say(`${step.fault} back after ${((Date.now() - before) / 1000).toFixed(1)} s`);
      }
    };
    await Promise.all([
      runIntake(
        {
          apiUrl: stack.apiUrl,
          petitions: options.petitions,
          drillCases: options.drillCases,
          drillMinutes: options.drillMinutes,
          concurrency: options.concurrency,
          spreadMs: options.intakeMs,
          giveUpAt,
          signal,
          onAnswer: (n) => {
            acknowledged = n;
            if (n % Math.max(1, Math.round(options.petitions / 10)) === 0) say(`${n} petitions acknowledged`);
          },
        },
        submissions,
      ),
      runFaults(),
    ]);
    checkAbort();

    say('waiting for recovery: every case, every due timer, every e-mail …');
    await waitForRecovery(stack, submissions, options, endBy - finalCountMs, checkAbort);

    say('counting (ledger, timelines, mail, every workflow) …');
    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const temporal = createTemporalClient({
        connection,
        namespace: 'default',
        keyring: parseKeyring(stack.encryptionKeys),
      });
      const { counts, samples } = await countDrill({
        databaseUrl: stack.databaseUrl,
        submissions,
        mails: stack.smtp.received,
        drillMinutes: options.drillMinutes,
        temporal,
      });
      return {
        counts,
        samples,
        faults,
        unplannedRestarts: [...stack.unplannedRestarts],
        elapsedMs: Date.now() - started,
        problems: failures(counts),
      };
    } finally {
      await connection.close();
    }
  } finally {
    say('stopping every process the drill started …');
    await stack.stop();
  }
}

/**
 * Polls until nothing is missing: every acknowledged case in the ledger, every drill
 * timer due and fired, every expected e-mail in; or until `deadline`.
 */
async function waitForRecovery(
  stack: ChaosStack,
  submissions: Submission[],
  options: DrillOptions,
  deadline: number,
  checkAbort: () => void,
): Promise<void> {
  const drillAcked = submissions.filter((s) => s.drill && s.caseNumbers.size > 0).length;
  while (Date.now() < deadline) {
    checkAbort();
    const { counts } = (await countDrill({
      databaseUrl: stack.databaseUrl,
      submissions,
      mails: stack.smtp.received,
      drillMinutes: options.drillMinutes,
    }).catch(() => undefined)) ?? { counts: undefined };
    if (counts && counts.timers_due === 2 * drillAcked && failures(counts).length === 0) return;
    await sleep(3000);
  }
}
