import type { EntityManager } from '@mikro-orm/postgresql';
import { openStatuses } from '../domain/case';
import { emptyWeekFigures, type BulletinFigures, type WeekFigures } from '../domain/close-out';
import { consultationCountsByUnit } from './consultation/consultations';

/**
 * What the weekly close-out (一周一销号) and the monthly bulletin (一月一通报) count,
 * read from the timeline (全程留痕) and never from the ledger's current columns: every
 * event carries what its case was after it (status_after, overdue_after, backlog_after),
 * so "open at the end of the week" is the state of each case's last event before that
 * instant, and a past period counted again gives the same numbers whatever happened since.
 * The ledger is read only for what the close-out acts on now (its candidates).
 *
 * Queries go through `em.execute`, which joins the caller's transaction when there is one.
 */

/**
 * `:name` placeholders (never a `::cast`) as knex's positional `?`, with their values in
 * order: the counting query compares the same instants in several places.
 */
export function bindNamed(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No value for :${name} in a counting query`);
    params.push(values[name]);
    return '?';
  });
  return [text, params];
}

/**
 * A PostgreSQL array literal, bound as one parameter: knex would expand a JS array into
 * one parameter per element, and a province's units would run into the statement's parameter limit.
 */
export function pgArray(values: readonly (string | number)[]): string {
  const quote = (v: string | number) => `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  return `{${values.map(quote).join(',')}}`;
}

/** What one pass over the timeline counts for each unit's own cases over `[from, to)`. */
interface PeriodCounts {
  newCases: number;
  closedOut: number;
  reopened: number;
  escalated: number;
  evaluations: number;
  satisfied: number;
  closedQuickly: number;
  openAtFrom: number;
  backlogAtFrom: number;
  openAtTo: number;
  overdueAtTo: number;
  backlogAtTo: number;
  /** Cases open and overdue at `to`, and those of them that were backlog cases (积案) then. */
  overdueAtToCases: string[];
  overdueBacklogAtToCases: string[];
}

interface PeriodQuery {
  unitIds: number[];
  from: string;
  to: string;
  /**
   * Which `closed_out` events count: those of this close-out week (`data.week`), wherever
   * the run fell, or with null those that occurred in the period (the bulletin's month).
   */
  closedOutWeek: string | null;
  quickClosureDays: number;
  /** Also name the cases open and overdue at `to` (the bulletin lists them). */
  listOverdue: boolean;
}

/**
 * Counts are cast to int in SQL, so they arrive as numbers; a unit with cases but no event
 * in the period (or the reverse) has nulls on the other side of the full join.
 */
interface CountsRow {
  unit_id: number;
  new_cases: number | null;
  closed_out: number | null;
  reopened: number | null;
  escalated: number | null;
  evaluations: number | null;
  satisfied: number | null;
  closed_quickly: number | null;
  open_at_from: number | null;
  backlog_at_from: number | null;
  open_at_to: number | null;
  overdue_at_to: number | null;
  backlog_at_to: number | null;
  overdue_cases: string[] | null;
  overdue_backlog_cases: string[] | null;
}

/**
 * Whether the case (its number in `caseNumber`, an SQL expression) had its first reply within
 * `:quickDays` days of registration (5日内办结): one rule for the week's count and the preview.
 */
export const repliedQuickly = (caseNumber: string) => `exists (
       select 1 from (
         select min(q.occurred_at) filter (where q.type = 'registered') as registered_at,
                min(q.occurred_at) filter (where q.type in ('replied', 'forward_feedback')) as replied_at
           from case_event q where q.case_number = ${caseNumber}) f
        where f.replied_at <= f.registered_at + :quickDays::int * interval '1 day')`;

/**
 * The counting query, in three parts joined by unit:
 *
 * - `states`: each case's state at `from` and at `to`, from its last event before each
 *   instant. A case's events are numbered in the order its workflow wrote them, on the
 *   workflow's clock, which never goes back: the last event before an instant is the one
 *   with the highest seq among those before it, which the (case_number, seq) index finds
 *   walking back from the newest, one or two steps for almost every case (100k cases:
 *   ~0.6 s, where grouping the million events by case took 1.5–3 s). Events from before
 *   the *_after columns existed have no state and are passed over.
 *   A close-out strikes its cases off a moment after the cutoff that ends its week, so a
 *   `closed_out` event counts at the end of the week it names (data.week), not when it
 *   was written: the week's struck-off cases are no longer open at `to`, and the previous
 *   weeks' not open at `from`. Otherwise every struck-off case would still count as open,
 *   and a backlog case struck off would leave the stock a week late.
 * - `period`: the events in `[from, to)`, through the occurred_at index, and the `closed_out`
 *   events that count, which a scheduled run may write a moment after `to`.
 * - `quick`: for each struck-off case, its registration and first reply, through the
 *   case's own events.
 *
 * The instants are bound where they are compared, not once in a CTE, so the planner sees
 * them: hidden, it misjudged the scans and sorted a million rows on disk.
 */
const periodCountsSql = `
  with cases as materialized (
    select case_number, unit_id from petition_case
     where unit_id = any(:unitIds::int[]) and kind <> 'consultation'
  ),
  states as (
    select c.case_number, c.unit_id,
           coalesce(f.status_after = any(:open::text[]), false) as open_at_from,
           coalesce(f.status_after = any(:open::text[]) and f.backlog_after, false) as backlog_at_from,
           coalesce(t.status_after = any(:open::text[]), false) as open_at_to,
           coalesce(t.status_after = any(:open::text[]) and t.overdue_after, false) as overdue_at_to,
           coalesce(t.status_after = any(:open::text[]) and t.backlog_after, false) as backlog_at_to
      from cases c
      left join lateral (
        select e.status_after, e.backlog_after from case_event e
         where e.case_number = c.case_number and e.status_after is not null
           and (e.occurred_at < :from or (e.type = 'closed_out' and e.data->>'week' < :week))
         order by e.seq desc limit 1) f on true
      left join lateral (
        select e.status_after, e.overdue_after, e.backlog_after from case_event e
         where e.case_number = c.case_number and e.status_after is not null
           and (e.occurred_at < :to or (e.type = 'closed_out' and e.data->>'week' <= :week))
         order by e.seq desc limit 1) t on true
  ),
  state_counts as (
    select unit_id,
           count(*) filter (where open_at_from)::int as open_at_from,
           count(*) filter (where backlog_at_from)::int as backlog_at_from,
           count(*) filter (where open_at_to)::int as open_at_to,
           count(*) filter (where overdue_at_to)::int as overdue_at_to,
           count(*) filter (where backlog_at_to)::int as backlog_at_to,
           array_agg(case_number order by case_number) filter (where :listOverdue and overdue_at_to)
             as overdue_cases,
           array_agg(case_number order by case_number) filter (where :listOverdue and overdue_at_to and backlog_at_to)
             as overdue_backlog_cases
      from states
     group by unit_id
  ),
  period as (
    select c.unit_id, e.case_number, e.type,
           e.occurred_at >= :from and e.occurred_at < :to as in_period,
           e.type = 'closed_out' and case when :week::text is null
                                          then e.occurred_at >= :from and e.occurred_at < :to
                                          else e.data->>'week' = :week end as closes,
           e.type = 'evaluated' and e.data->>'satisfied' = 'true' as satisfied
      from case_event e
      join cases c on c.case_number = e.case_number
     where (e.occurred_at >= :from and e.occurred_at < :to)
        or (e.type = 'closed_out' and e.data->>'week' = :week)
  ),
  period_counts as (
    select unit_id,
           count(*) filter (where in_period and type = 'registered')::int as new_cases,
           count(*) filter (where closes)::int as closed_out,
           count(*) filter (where in_period and type = 'reopened')::int as reopened,
           count(*) filter (where in_period and type = 'deadline_escalated')::int as escalated,
           count(*) filter (where in_period and type = 'evaluated')::int as evaluations,
           count(*) filter (where in_period and satisfied)::int as satisfied
      from period
     group by unit_id
  ),
  quick as (
    select p.unit_id, count(*)::int as closed_quickly
      from period p
     where p.closes and ${repliedQuickly('p.case_number')}
     group by p.unit_id
  )
  select unit_id, s.open_at_from, s.backlog_at_from, s.open_at_to, s.overdue_at_to, s.backlog_at_to,
         s.overdue_cases, s.overdue_backlog_cases, p.new_cases, p.closed_out, p.reopened, p.escalated,
         p.evaluations, p.satisfied, q.closed_quickly
    from state_counts s
    full join period_counts p using (unit_id)
    full join quick q using (unit_id)`;

/** Counts for each unit asked for; a unit without cases gets zeros. */
async function periodCountsByUnit(em: EntityManager, q: PeriodQuery): Promise<Map<number, PeriodCounts>> {
  const counts = new Map<number, PeriodCounts>(q.unitIds.map((id) => [id, zeroCounts()]));
  if (q.unitIds.length === 0) return counts;
  const rows = await em.execute<CountsRow[]>(
    ...bindNamed(periodCountsSql, {
      from: q.from,
      to: q.to,
      week: q.closedOutWeek,
      quickDays: q.quickClosureDays,
      listOverdue: q.listOverdue,
      open: pgArray(openStatuses),
      unitIds: pgArray(q.unitIds),
    }),
  );
  for (const row of rows) counts.set(row.unit_id, countsOf(row));
  return counts;
}

const zeroCounts = (): PeriodCounts => ({
  newCases: 0,
  closedOut: 0,
  reopened: 0,
  escalated: 0,
  evaluations: 0,
  satisfied: 0,
  closedQuickly: 0,
  openAtFrom: 0,
  backlogAtFrom: 0,
  openAtTo: 0,
  overdueAtTo: 0,
  backlogAtTo: 0,
  overdueAtToCases: [],
  overdueBacklogAtToCases: [],
});

const countsOf = (row: CountsRow): PeriodCounts => ({
  newCases: row.new_cases ?? 0,
  closedOut: row.closed_out ?? 0,
  reopened: row.reopened ?? 0,
  escalated: row.escalated ?? 0,
  evaluations: row.evaluations ?? 0,
  satisfied: row.satisfied ?? 0,
  closedQuickly: row.closed_quickly ?? 0,
  openAtFrom: row.open_at_from ?? 0,
  backlogAtFrom: row.backlog_at_from ?? 0,
  openAtTo: row.open_at_to ?? 0,
  overdueAtTo: row.overdue_at_to ?? 0,
  backlogAtTo: row.backlog_at_to ?? 0,
  overdueAtToCases: row.overdue_cases ?? [],
  overdueBacklogAtToCases: row.overdue_backlog_cases ?? [],
});

/**
 * Figures of each unit's own cases over `[from, to)`, in one pass over the timeline for
 * all the units: the weekly run passes every unit at once. `week` picks the close-out
 * whose struck-off cases count as `closedOut`.
 */
export async function weekFiguresByUnit(
  em: EntityManager,
  q: { unitIds: number[]; from: string; to: string; week: string; quickClosureDays: number },
): Promise<Map<number, WeekFigures>> {
  const counts = await periodCountsByUnit(em, {
    unitIds: q.unitIds,
    from: q.from,
    to: q.to,
    closedOutWeek: q.week,
    quickClosureDays: q.quickClosureDays,
    listOverdue: false,
  });
  // 咨询 are counted apart: the petition figures above leave them out.
  const consultations = await consultationCountsByUnit(em, {
    unitIds: pgArray(q.unitIds),
    from: q.from,
    to: q.to,
  });
  return new Map(
    [...counts].map(([unitId, c]) => [unitId, { ...weekFiguresOf(c), ...consultations.get(unitId) }]),
  );
}

const weekFiguresOf = (c: PeriodCounts): WeekFigures => ({
  ...emptyWeekFigures(),
  newCases: c.newCases,
  closedOut: c.closedOut,
  reopened: c.reopened,
  stillOpen: c.openAtTo,
  overdue: c.overdueAtTo,
  escalated: c.escalated,
  backlogStock: c.backlogAtTo,
  backlogStockBefore: c.backlogAtFrom,
  closedWithin5Days: c.closedQuickly,
  evaluations: c.evaluations,
  satisfied: c.satisfied,
});

/** A month's figures for each unit's own cases, and the cases open and overdue at its end. */
export interface MonthFigures {
  byUnit: Map<number, BulletinFigures>;
  overdueAtEnd: { caseNumber: string; backlog: boolean }[];
}

/**
 * The bulletin's figures over `[from, to)` for each unit's own cases: `closedOut` counts the
 * `closed_out` events that occurred in the month, whichever week they closed.
 */
export async function monthFiguresByUnit(
  em: EntityManager,
  q: { unitIds: number[]; from: string; to: string },
): Promise<MonthFigures> {
  const counts = await periodCountsByUnit(em, {
    ...q,
    closedOutWeek: null,
    // Not a bulletin figure; any value will do.
    quickClosureDays: 0,
    listOverdue: true,
  });
  const byUnit = new Map<number, BulletinFigures>();
  const overdueAtEnd: MonthFigures['overdueAtEnd'] = [];
  for (const [unitId, c] of counts) {
    byUnit.set(unitId, {
      overdue: c.overdueAtTo,
      openAtStart: c.openAtFrom,
      newCases: c.newCases,
      closedOut: c.closedOut,
      evaluations: c.evaluations,
      satisfied: c.satisfied,
      backlogStock: c.backlogAtTo,
    });
    const backlog = new Set(c.overdueBacklogAtToCases);
    for (const caseNumber of c.overdueAtToCases)
      overdueAtEnd.push({ caseNumber, backlog: backlog.has(caseNumber) });
  }
  return { byUnit, overdueAtEnd };
}

/** A case the close-out would strike off (销号). */
export interface CloseOutCandidate {
  caseNumber: string;
  summary: string;
  /** Since when it meets the close-out rule. */
  readyAt: string;
  /** A backlog case (积案): its owning leader signed it off. */
  backlog: boolean;
}

/**
 * The unit's own cases that meet the close-out rule since before `cutoff`, oldest first:
 * what the close-out strikes off now, so read from the ledger, complete (no limit).
 */
export async function closeOutCandidates(
  em: EntityManager,
  unitId: number,
  cutoff: string,
): Promise<CloseOutCandidate[]> {
  const rows = await em.execute<
    { case_number: string; summary: string; ready_at: string; backlog: boolean }[]
  >(
    `select case_number, summary, close_out_ready_at as ready_at, backlog_at is not null as backlog
       from petition_case
      where unit_id = ? and status = 'close_out_pending' and close_out_ready_at <= ?::timestamptz
      order by close_out_ready_at, case_number`,
    [unitId, cutoff],
  );
  return rows.map((r) => ({
    caseNumber: r.case_number,
    summary: r.summary,
    readyAt: isoInstant(r.ready_at),
    backlog: r.backlog,
  }));
}

/** How many of these cases count as replied within the quick-closure days once struck off. */
export async function repliedQuicklyAmong(
  em: EntityManager,
  caseNumbers: readonly string[],
  quickClosureDays: number,
): Promise<number> {
  if (caseNumbers.length === 0) return 0;
  const [row] = await em.execute<{ n: number }[]>(
    ...bindNamed(
      `select count(*)::int as n from unnest(:caseNumbers::text[]) as c(case_number)
        where ${repliedQuickly('c.case_number')}`,
      { caseNumbers: pgArray(caseNumbers), quickDays: quickClosureDays },
    ),
  );
  return row?.n ?? 0;
}

/** Waiting for close-out but not meeting the rule yet (no reply delivered, no sign-off …): the preview names them. */
export async function closeOutWaiting(
  em: EntityManager,
  unitId: number,
): Promise<{ caseNumber: string; summary: string; status: string }[]> {
  const rows = await em.execute<{ case_number: string; summary: string; status: string }[]>(
    `select case_number, summary, status
       from petition_case
      where unit_id = ? and status = 'close_out_pending' and close_out_ready_at is null
      order by case_number`,
    [unitId],
  );
  return rows.map((r) => ({ caseNumber: r.case_number, summary: r.summary, status: r.status }));
}

/** PostgreSQL's timestamp text ('2026-11-23 01:00:00+00', as MikroORM's driver leaves it) as ISO-8601. */
export const isoInstant = (text: string): string => new Date(text).toISOString();
