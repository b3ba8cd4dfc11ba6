import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { likelyRepeats } from '../db/likely-repeats';
import type { Orm } from '../db/orm';
import { repeatPairs, scoreMatching } from '../tests/fixtures/repeat-petitions';
import { seedLedgerCases } from './ledger-seed';
import { ledgerCaseCount, type BenchOptions, type Figures } from './figures';
import { withPrivateDatabase } from './private-database';
import { formatTable, ms } from './timing';

/** Timed runs of each petition of the test set, after one unmeasured. */
const runs = 5;
/** What the clerk opening a new petition must not wait for. */
const targetP95Ms = 100;

/**
 * The likely-repeat query (重复信访) on a 100k-case ledger, seen from the province (the
 * widest jurisdiction): every petition of the labelled test set against the test set's
 * open cases hidden among the bench ledger's, and whether the first likely repeat is
 * still the right one among them. The bench ledger is hard on the text index: five texts
 * share all its cases, so a petition that shares words with one of them makes PostgreSQL
 * recheck thousands of cases (a fifth of the open ones) that a real ledger, whose texts
 * differ, would not have.
 */
export async function runLikelyRepeatsBench(options: BenchOptions): Promise<Figures> {
  const caseCount = ledgerCaseCount(options);
  let figures: Figures = {};
  await withPrivateDatabase(async ({ databaseUrl, orm }) => {
    const client = new Client({ connectionString: databaseUrl });
    client.on('error', () => {});
    await client.connect();
    try {
      const started = Date.now();
      await seedLedgerCases(client, caseCount);
      console.log(`seeded ${caseCount} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await client.end();
    }
    const { timing, precision, recall } = await measure(orm);
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(
      `\nlikely repeats of ${repeatPairs.length} petitions, ${runs} runs each after a warm-up, ms` +
        ` (${os.cpus().length} CPUs, load average ${load})\n`,
    );
    console.log(
      formatTable(
        ['p50', 'p95', 'max', 'precision', 'recall'],
        [[ms(timing.p50), ms(timing.p95), ms(timing.max), precision.toFixed(3), recall.toFixed(3)]],
      ),
    );
    console.log(`\ntarget p95 < ${targetP95Ms} ms: ${timing.p95 < targetP95Ms ? 'met' : 'MISSED'}`);
    figures = {
      likely_repeats: { p95_ms: Math.round(timing.p95 * 10) / 10, precision, recall },
    };
  });
  return figures;
}

async function measure(orm: Orm) {
  const em = orm.em.fork();
  const [province] = await em.execute<{ path: string }[]>(`select path from unit where code = '990000'`);
  const samples: number[] = [];
  const { precision, recall } = await scoreMatching(em, async (caseNumber) => {
    const ask = () => likelyRepeats(orm.em.fork(), caseNumber, province!.path);
    const [first] = await ask();
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await ask();
      samples.push(performance.now() - start);
    }
    return first;
  });
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!;
  return { timing: { p50: at(0.5), p95: at(0.95), max: samples.at(-1)! }, precision, recall };
}
