import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Client as TemporalClient } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { aPetition, postJson } from '../tests/helpers/petitions';
import type { BenchOptions, Figures } from './figures';
import { residentMb, withBenchStack } from './stack';
import { atConcurrency, formatTable, ms, spreadOf } from './timing';

/** Requests in flight at once, for the API and for the bare starts alike. */
export const concurrency = 16;
/** API and bare rounds alternate, so a busy spell on the shared machine falls on both. */
export const rounds = 5;
export const warmUp = 32;
const targets = { ratioToRaw: 0.7, p99Ms: 150 };
/** A queue no worker polls: a bare start needs none. */
const rawQueue = 'bench-raw-start';

/**
 * Intake (一诉) against Temporal itself, on one dev server in one run: petitions through
 * the real HTTP API (counted when it answers with a case number), then bare
 * `client.workflow.start` of an empty workflow type, at the same concurrency, round by
 * round. Then how long after its answer each case appears in the ledger.
 */
export async function runIntakeBench({ scale }: BenchOptions): Promise<Figures> {
  const petitions = Math.max(rounds * concurrency, Math.round(2_000 * scale));
  const perRound = Math.ceil(petitions / rounds);
  return withBenchStack(async ({ app, worker, services, mailCount }) => {
    const ledger = await watchRegistrations(services.databaseUrl);
    try {
      const intake = () => submitPetition(app.baseUrl);
      const raw = () => startBare(app.temporal);
      await atConcurrency(warmUp, concurrency, async () => void (await intake()));
      await atConcurrency(warmUp, concurrency, raw);

      const api = { samples: [] as number[], seconds: 0 };
      const bare = { samples: [] as number[], seconds: 0 };
      const answered = new Map<string, number>();
      for (let round = 0; round < rounds; round++) {
        api.seconds += await timed(perRound, api.samples, async () => {
          const caseNumber = await intake();
          answered.set(caseNumber, performance.now());
        });
        bare.seconds += await timed(perRound, bare.samples, raw);
      }
      const registered = await ledger.delaysAfter(answered, 180_000);
      const rssMb = residentMb(worker.process.pid!);

      const apiSpread = spreadOf(api.samples);
      const bareSpread = spreadOf(bare.samples);
      const regSpread = spreadOf(registered);
      const perSecond = api.samples.length / api.seconds;
      const rawPerSecond = bare.samples.length / bare.seconds;
      const ratio = perSecond / rawPerSecond;
      const load = os.loadavg()[0]!.toFixed(1);
      console.log(
        `\n${api.samples.length} petitions through POST /api/v1/petitions and ${bare.samples.length} bare starts, ` +
          `${concurrency} at a time, ${rounds} alternating rounds after ${warmUp} warm-up each ` +
          `(${os.cpus().length} CPUs, load average ${load})\n`,
      );
      console.log(
        formatTable(
          ['', 'per second', 'p50 ms', 'p99 ms', 'max ms'],
          [
            ['petitions (API answered)', perSecond.toFixed(0), ...spreadCells(apiSpread)],
            ['bare workflow.start', rawPerSecond.toFixed(0), ...spreadCells(bareSpread)],
            ['answer → ledger row', '', ...spreadCells(regSpread)],
          ],
        ),
      );
      console.log(
        `\nworker RSS ${rssMb.toFixed(0)} MB; ${mailCount()} receipt e-mails delivered to the SMTP sink so far`,
      );
      const met = ratio >= targets.ratioToRaw && apiSpread.p99 <= targets.p99Ms;
      console.log(
        `target ratio ≥ ${targets.ratioToRaw} with p99 ≤ ${targets.p99Ms} ms: ${met ? 'met' : 'MISSED'} ` +
          `(ratio ${ratio.toFixed(2)}, p99 ${ms(apiSpread.p99)} ms)`,
      );
      return {
        intake: {
          petitions: api.samples.length,
          concurrency,
          per_second: round1(perSecond),
          p50_ms: round1(apiSpread.p50),
          p99_ms: round1(apiSpread.p99),
          raw_start_per_second: round1(rawPerSecond),
          raw_start_p99_ms: round1(bareSpread.p99),
          ratio_to_raw: Math.round(ratio * 1000) / 1000,
        },
        registered: { p50_ms: round1(regSpread.p50), p99_ms: round1(regSpread.p99) },
      };
    } finally {
      await ledger.stop();
    }
  });
}

export const spreadCells = (s: { p50: number; p99: number; max: number }) => [
  ms(s.p50),
  ms(s.p99),
  ms(s.max),
];
export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Runs `count` calls `concurrency` at a time, each one's milliseconds into `samples`; returns the wall seconds. */
export async function timed(count: number, samples: number[], call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await atConcurrency(count, concurrency, async () => {
    const t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  });
  return (performance.now() - started) / 1000;
}

/** One petition as the public form sends it; its case number once the API answers with one. */
async function submitPetition(baseUrl: string): Promise<string> {
  const answer = await postJson(`${baseUrl}/api/v1/petitions`, aPetition());
  const caseNumber = answer.json?.caseNumber;
  if (answer.status !== 201 || typeof caseNumber !== 'string') {
    throw new Error(`intake answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  return caseNumber;
}

/** What Temporal alone costs: a start of a workflow type that nothing runs. */
export async function startBare(temporal: TemporalClient): Promise<void> {
  await temporal.workflow.start('benchEmpty', { taskQueue: rawQueue, workflowId: `bench-${randomUUID()}` });
}

/**
 * When each case's ledger row was written, told by PostgreSQL itself: a trigger in the
 * bench's private database notifies on every insert into petition_case, delivered at commit.
 */
export async function watchRegistrations(databaseUrl: string) {
  const client = new PgClient({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  await client.query(`
    create or replace function bench_registered() returns trigger language plpgsql as $$
    begin perform pg_notify('bench_registered', new.case_number); return null; end $$;
    create or replace trigger bench_registered after insert on petition_case
      for each row execute function bench_registered();
    listen bench_registered;`);
  const seen = new Map<string, number>();
  client.on('notification', (n) => {
    if (n.payload && !seen.has(n.payload)) seen.set(n.payload, performance.now());
  });
  return {
    /** Milliseconds from each answer to its row; a row written before the answer counts as 0. */
    async delaysAfter(answered: Map<string, number>, timeoutMs: number): Promise<number[]> {
      const deadline = Date.now() + timeoutMs;
      while ([...answered.keys()].some((n) => !seen.has(n))) {
        if (Date.now() > deadline) {
          const missing = [...answered.keys()].filter((n) => !seen.has(n)).length;
          throw new Error(
            `${missing} of ${answered.size} answered cases not in the ledger after ${timeoutMs} ms`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return [...answered].map(([n, at]) => Math.max(0, seen.get(n)! - at));
    },
    stop: () => client.end().catch(() => {}),
  };
}
