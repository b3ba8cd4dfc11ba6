import type { EntityManager } from '@mikro-orm/postgresql';
import { openStatuses, type CaseStatus } from '../domain/case';
import type { Category } from '../domain/petition';
import { officeDateOf } from '../domain/time';
import { bindNamed, pgArray } from './close-out-figures';

/**
 * The statistics' breakdowns that are not a sum of the unit × category groups: the open
 * cases by stage now, the calendar steps of a period, and the ranking of recurring problems.
 */

/**
 * How long an open case has been in its status, in days: under 7, 7–15, 15–30, 30–60, 60
 * and over (15 and 60 days are the register-and-route and the handling periods of the
 * 条例, Art. 22 and 34).
 */
export const stageBucketDays = [7, 15, 30, 60] as const;

export interface StageBucket {
  fromDays: number;
  /** null: no upper bound. */
  toDays: number | null;
  count: number;
}

export interface Stage {
  status: CaseStatus;
  count: number;
  buckets: StageBucket[];
}

/**
 * The subtree's open petitions by their status now, each by how long it has been in it:
 * since the first event after the last one that left another status (the case's last
 * change of status), through the (case_number, seq) index.
 */
const stagesSql = `
  select c.status, width_bucket(extract(epoch from (:now::timestamptz - s.since)) / 86400,
                                :bounds::float8[]) as bucket, count(*)::int as n
    from petition_case c
    cross join lateral (
      select coalesce(min(e.occurred_at), c.updated_at) as since
        from case_event e
       where e.case_number = c.case_number
         and e.seq > coalesce((select x.seq from case_event x
                                where x.case_number = c.case_number and x.status_after is not null
                                  and x.status_after <> c.status
                                order by x.seq desc limit 1), 0)) s
   where c.unit_path like :subtree and c.kind <> 'consultation' and c.status = any(:open::text[])
   group by 1, 2`;

export async function stagesNow(em: EntityManager, subtree: string, now: Date): Promise<Stage[]> {
  const rows = await em.execute<{ status: CaseStatus; bucket: number; n: number }[]>(
    ...bindNamed(stagesSql, {
      subtree,
      now: now.toISOString(),
      bounds: pgArray(stageBucketDays),
      open: pgArray(openStatuses),
    }),
  );
  const bounds = [0, ...stageBucketDays];
  return openStatuses.map((status) => {
    const buckets = bounds.map((fromDays, i) => ({
      fromDays,
      toDays: stageBucketDays[i] ?? null,
      count: rows.find((r) => r.status === status && r.bucket === i)?.n ?? 0,
    }));
    return { status, count: buckets.reduce((sum, b) => sum + b.count, 0), buckets };
  });
}

export type SeriesInterval = 'week' | 'month';

/** A period up to two months is told by week, a longer one by month. */
export const seriesIntervalFor = (from: string, to: string): SeriesInterval =>
  Date.parse(to) - Date.parse(from) <= 62 * 86_400_000 ? 'week' : 'month';

/** The office date a step starts on, as PostgreSQL's `date_trunc` in office time (ISO weeks: Monday). */
export const seriesStartSql = (instant: string) =>
  `to_char(date_trunc(:interval, ${instant} at time zone 'Asia/Shanghai'), 'YYYY-MM-DD')`;

/**
 * Every step's start from the one holding `from` to the one holding the instant before `to`:
 * the first and the last step may be cut by the period.
 */
export function seriesStarts(from: string, to: string, interval: SeriesInterval): string[] {
  const first = new Date(`${officeDateOf(from)}T00:00:00Z`);
  if (interval === 'week') first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  else first.setUTCDate(1);
  const last = officeDateOf(Date.parse(to) - 1);
  const starts: string[] = [];
  for (const d = first; d.toISOString().slice(0, 10) <= last;) {
    starts.push(d.toISOString().slice(0, 10));
    if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return starts;
}

/** The instant as long before `from` as the period is long: the previous period of equal length. */
export const previousFrom = (from: string, to: string): string =>
  new Date(2 * Date.parse(from) - Date.parse(to)).toISOString();

/** A recurring problem: a category in a unit below, with its cases and repeats now and before. */
export interface RecurringProblem<U> {
  unit: U;
  category: Category;
  received: number;
  repeatsLinked: number;
  previous: { received: number; repeatsLinked: number };
}

/** How many recurring problems are named. */
export const topProblemsShown = 10;

/** The most cases and repeats first; a problem with neither in the period is not one. */
export function rankProblems<U>(problems: RecurringProblem<U>[]): RecurringProblem<U>[] {
  const weight = (p: RecurringProblem<U>) => p.received + p.repeatsLinked;
  return problems
    .filter((p) => weight(p) > 0)
    .sort((a, b) => weight(b) - weight(a) || b.repeatsLinked - a.repeatsLinked)
    .slice(0, topProblemsShown);
}
