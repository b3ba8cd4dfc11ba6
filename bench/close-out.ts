import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { closeOutCandidates, weekFiguresByUnit } from '../db/close-out-figures';
import { overdueHeat, saveCloseOutWeek, weeklyReport, weekTrend } from '../db/close-out-weeks';
import { composeBulletin, saveBulletin } from '../db/monthly-bulletins';
import type { Orm } from '../db/orm';
import { bulletinMonth, closeOutTimes, closeOutWeek, emptyWeekFigures } from '../domain/close-out';
import { currentPolicyVersion, policyFor } from '../domain/policy';
import { ledgerCaseCount, type BenchOptions, type Figures } from './figures';
import { seedCasesWithTimeline } from './ledger-seed';
import { withPrivateDatabase } from './private-database';
import { formatTable, measurePair, ms, type Timing } from './timing';

const reporting = policyFor(currentPolicyVersion).reporting;
/** The weekly run counts every unit's figures in one pass; what the issue allows it. */
const targetFiguresMs = 5_000;
/** Closed weeks written before the reads are timed: what the report's trend shows. */
const weeksOfHistory = 12;

/**
 * The weekly close-out's database side on a 100k-case ledger with about a million
 * timeline events (bench/ledger-seed.ts): the figures pass over every unit of the
 * province at once beside one unit at a time, each unit's close-out candidates, the
 * province's weekly report with its trend and heat, and the monthly bulletin.
 */
export async function runCloseOutBench(options: BenchOptions): Promise<Figures> {
  const caseCount = ledgerCaseCount(options);
  let figuresMs = NaN;
  await withPrivateDatabase(async ({ databaseUrl, orm }) => {
    await seedCasesWithTimeline(databaseUrl, caseCount, async (client) => {
      const { rows } = await client.query<{ struck_off: number; ready: number }>(
        `select (select count(*) from case_event where type = 'closed_out')::int as struck_off,
                (select count(*) from petition_case where close_out_ready_at is not null)::int as ready`,
      );
      return `${rows[0]!.struck_off} struck off, ${rows[0]!.ready} ready for close-out`;
    });
    figuresMs = await timeCloseOut(orm);
  });
  return { closeout: { figures_p50_ms: Math.round(figuresMs * 10) / 10 } };
}

interface Week {
  week: string;
  from: string;
  to: string;
}

/** The scheduled close-outs of the last weeks, each week from the one before to its own. */
function recentWeeks(count: number): Week[] {
  const now = Date.now();
  const times = closeOutTimes(
    new Date(now - (count + 1) * 7 * 86_400_000).toISOString(),
    new Date(now).toISOString(),
    reporting,
  );
  return times.slice(1).map((to, i) => ({ week: closeOutWeek(to, reporting), from: times[i]!, to }));
}

interface BenchUnits {
  all: number[];
  province: number;
  city: number;
}

/** Times the close-out's database side; the figures pass's p50 over every unit at once. */
async function timeCloseOut(orm: Orm): Promise<number> {
  const em = () => orm.em.fork();
  const rows = await em().execute<{ id: number; code: string }[]>('select id, code from unit order by code');
  const idOf = (code: string) => rows.find((u) => u.code === code)!.id;
  const units: BenchUnits = { all: rows.map((u) => u.id), province: idOf('990000'), city: idOf('990100') };
  const weeks = recentWeeks(weeksOfHistory);
  const latest = weeks.at(-1)!;

  const runMs = await writeWeeks(em, units.all, weeks);
  const figuresOf = (unitIds: number[]) =>
    weekFiguresByUnit(em(), { unitIds, ...latest, quickClosureDays: reporting.quickClosureDays });
  const [atOnce, oneByOne] = await measurePair(
    () => figuresOf(units.all),
    async () => {
      for (const unitId of units.all) await figuresOf([unitId]);
    },
    { warmUp: 2, runs: 10 },
  );
  const reads = await timeReads(em, units, latest);

  // Timings on a shared machine mean little without how busy it was.
  const load = os.loadavg()[0]!.toFixed(1);
  console.log(
    `\nweekly close-out, ${units.all.length} units, week ${latest.week} (${latest.from} – ${latest.to})`,
  );
  console.log(`(${os.cpus().length} CPUs, load average ${load} at the end of the runs)`);
  const f = (await weeklyReport(em(), units.province, latest.week)).subtree;
  console.log(
    `province's week: new ${f.newCases}, struck off ${f.closedOut} (within 5 days ${f.closedWithin5Days}), ` +
      `reopened ${f.reopened}, still open ${f.stillOpen}, overdue ${f.overdue}, escalated ${f.escalated}, ` +
      `backlog ${f.backlogStockBefore} → ${f.backlogStock}, satisfied ${f.satisfied}/${f.evaluations}`,
  );
  runMs.sort((a, b) => a - b);
  console.log(
    `\n${weeksOfHistory} weekly runs written (figures for every unit + ${units.all.length} snapshots): ` +
      `fastest ${ms(runMs[0]!)} ms, slowest ${ms(runMs.at(-1)!)} ms`,
  );
  console.log(`\nfigures pass, 10 runs after 2 warm-up, ms\n`);
  console.log(
    formatTable(
      ['figures of', 'p50', 'p95', 'ratio p50'],
      [
        ['every unit at once (one pass)', ms(atOnce.p50), ms(atOnce.p95), '1.00'],
        [
          `one unit at a time (${units.all.length} calls)`,
          ms(oneByOne.p50),
          ms(oneByOne.p95),
          (oneByOne.p50 / atOnce.p50).toFixed(2),
        ],
      ],
    ),
  );
  console.log(`\nother reads, 20 runs after 3 warm-up, ms\n`);
  console.log(formatTable(['read', 'rows', 'p50', 'p95'], reads));
  const verdict = atOnce.p95 < targetFiguresMs ? 'met' : 'MISSED';
  console.log(
    `\ntarget: the figures pass over every unit under ${targetFiguresMs} ms: ${verdict} (p95 ${ms(atOnce.p95)} ms)`,
  );
  return atOnce.p50;
}

/** The weekly runs of the last weeks, as the schedule would have written them; how long each took. */
async function writeWeeks(em: () => EntityManager, unitIds: number[], weeks: Week[]): Promise<number[]> {
  const runMs: number[] = [];
  for (const week of weeks) {
    const started = performance.now();
    const figures = await weekFiguresByUnit(em(), {
      unitIds,
      ...week,
      quickClosureDays: reporting.quickClosureDays,
    });
    for (const unitId of unitIds) {
      await saveCloseOutWeek(em(), {
        unitId,
        week: week.week,
        periodFrom: week.from,
        periodTo: week.to,
        runBy: 'schedule',
        closedAt: week.to,
        figures: figures.get(unitId) ?? emptyWeekFigures(),
        struckOff: [],
      });
    }
    runMs.push(performance.now() - started);
  }
  return runMs;
}

/** The close-out's other reads, as table rows; the bulletins have last month's stored beside them. */
async function timeReads(em: () => EntityManager, units: BenchUnits, latest: Week): Promise<string[][]> {
  const lastMonth = bulletinMonth(new Date().toISOString());
  const monthBefore = bulletinMonth(`${lastMonth}-15T00:00:00.000Z`);
  const publishedAt = new Date().toISOString();
  for (const unitId of [units.province, units.city]) {
    await saveBulletin(em(), await composeBulletin(em(), unitId, monthBefore, publishedAt));
  }
  return [
    await timedRead(
      `closeOutCandidates (${units.all.length} units, one call each)`,
      async () => {
        const lists = [];
        for (const unitId of units.all) lists.push(await closeOutCandidates(em(), unitId, latest.to));
        return lists;
      },
      (lists) => lists.reduce((n, list) => n + list.length, 0),
    ),
    await timedRead(
      'weeklyReport (province)',
      () => weeklyReport(em(), units.province, latest.week),
      (r) => r.children.length,
    ),
    await timedRead(
      `weekTrend (province, ${weeksOfHistory})`,
      () => weekTrend(em(), units.province, weeksOfHistory),
      (t) => t.length,
    ),
    await timedRead(
      'overdueHeat (city, 8)',
      () => overdueHeat(em(), units.city, 8),
      (h) => h.length,
    ),
    await timedRead(
      `composeBulletin (province, ${lastMonth})`,
      () => composeBulletin(em(), units.province, lastMonth, publishedAt),
      (b) => b.rows.length + b.overdueCases.length,
    ),
    await timedRead(
      `composeBulletin (city, ${lastMonth})`,
      () => composeBulletin(em(), units.city, lastMonth, publishedAt),
      (b) => b.rows.length + b.overdueCases.length,
    ),
  ];
}

/** A table row: the read's name, how many rows it gave, its p50 and p95. */
async function timedRead<T>(
  name: string,
  fn: () => Promise<T>,
  rows: (value: T) => number,
): Promise<string[]> {
  const timing = await measure(fn, { warmUp: 3, runs: 20 });
  return [name, String(rows(await fn())), ms(timing.p50), ms(timing.p95)];
}

/** Nearest-rank p50 and p95 of `runs` timed calls after `warmUp` untimed ones. */
async function measure(
  fn: () => Promise<unknown>,
  options: { warmUp: number; runs: number },
): Promise<Timing> {
  for (let i = 0; i < options.warmUp; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!;
  return { p50: at(50), p95: at(95) };
}
