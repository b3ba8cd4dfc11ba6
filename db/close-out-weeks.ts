import type { EntityManager } from '@mikro-orm/postgresql';
import {
  addWeekFigures,
  emptyWeekFigures,
  type CloseOutWeekSnapshot,
  type ReportUnit,
  type WeekFigures,
  type WeekTrendPoint,
  type WeeklyReport,
} from '../domain/close-out';
import { isoInstant } from './close-out-figures';
import { InvalidUnitPathError } from './ledger';

/**
 * Closed weeks (一周一销号) as stored, once per unit and week, and the weekly report
 * (每周一报) rolled up from them over a unit's subtree. A report reads only snapshots:
 * what a unit reported for a week stays what it reported.
 *
 * `week` is a `date` column: it goes out as `week::text` ('YYYY-MM-DD'), never through a
 * JS Date, whose time zone would shift it a day. Queries go through `em.execute`, which
 * joins the caller's transaction when there is one.
 */

/** A unit named in a report that does not exist: a caller's bug (routes check jurisdiction first). */
export class UnknownUnitError extends Error {
  constructor(readonly unitId: number) {
    super(`No unit ${unitId}`);
    this.name = 'UnknownUnitError';
  }
}

interface UnitRow {
  id: number;
  code: string;
  name: string;
  level: string;
  path: string;
  parent_id: number | null;
}

const unitColumns = 'u.id, u.code, u.name, u.level, u.path, u.parent_id';

const reportUnitOf = (row: UnitRow): ReportUnit => ({
  id: row.id,
  code: row.code,
  name: row.name,
  level: row.level,
  path: row.path,
  parentId: row.parent_id,
});

export async function reportUnit(em: EntityManager, unitId: number): Promise<ReportUnit | null> {
  const [row] = await em.execute<UnitRow[]>(`select ${unitColumns} from unit u where u.id = ?`, [unitId]);
  return row ? reportUnitOf(row) : null;
}

export async function requireUnit(em: EntityManager, unitId: number): Promise<ReportUnit> {
  const unit = await reportUnit(em, unitId);
  if (!unit) throw new UnknownUnitError(unitId);
  return unit;
}

/** A LIKE pattern for the subtree of a unit path; anything but '/1/4/9/' would widen it to everything. */
function subtreePattern(path: string): string {
  if (!/^\/(\d+\/)+$/.test(path)) throw new InvalidUnitPathError(path);
  return `${path}%`;
}

/** Figures as stored, over the figures known now: a key added later reads as 0 in older snapshots. */
function figuresOf(stored: Partial<Record<keyof WeekFigures, number>>): WeekFigures {
  const figures = emptyWeekFigures();
  for (const key of Object.keys(figures) as (keyof WeekFigures)[]) figures[key] = Number(stored[key] ?? 0);
  return figures;
}

/** Writes the unit's week once: a second run of the same week (schedule, early close, retry) leaves the first. */
export async function saveCloseOutWeek(
  em: EntityManager,
  s: Omit<CloseOutWeekSnapshot, 'unit'> & { unitId: number },
): Promise<'saved' | 'exists'> {
  const inserted = await em.execute<{ id: string }[]>(
    `insert into close_out_week (unit_id, week, period_from, period_to, run_by, closed_at, figures, struck_off)
     values (?, ?::date, ?::timestamptz, ?::timestamptz, ?, ?::timestamptz, ?::jsonb, ?::jsonb)
     on conflict (unit_id, week) do nothing
     returning id`,
    [
      s.unitId,
      s.week,
      s.periodFrom,
      s.periodTo,
      s.runBy,
      s.closedAt,
      JSON.stringify(s.figures),
      JSON.stringify(s.struckOff),
    ],
  );
  return inserted.length > 0 ? 'saved' : 'exists';
}

interface SnapshotRow extends UnitRow {
  week: string;
  period_from: string;
  period_to: string;
  run_by: string;
  closed_at: string;
  figures: Partial<Record<keyof WeekFigures, number>>;
  struck_off: string[];
}

export async function findCloseOutWeek(
  em: EntityManager,
  unitId: number,
  week: string,
): Promise<CloseOutWeekSnapshot | null> {
  const [row] = await em.execute<SnapshotRow[]>(
    `select ${unitColumns}, w.week::text as week, w.period_from, w.period_to, w.run_by, w.closed_at,
            w.figures, w.struck_off
       from close_out_week w join unit u on u.id = w.unit_id
      where w.unit_id = ? and w.week = ?::date`,
    [unitId, week],
  );
  if (!row) return null;
  return {
    unit: reportUnitOf(row),
    week: row.week,
    periodFrom: isoInstant(row.period_from),
    periodTo: isoInstant(row.period_to),
    runBy: row.run_by,
    closedAt: isoInstant(row.closed_at),
    figures: figuresOf(row.figures),
    struckOff: row.struck_off,
  };
}

/** Where the unit's next week starts: the end of its latest week before `week`, or null if it has none. */
export async function previousPeriodEnd(
  em: EntityManager,
  unitId: number,
  week: string,
): Promise<string | null> {
  const [row] = await em.execute<{ period_to: string }[]>(
    `select period_to from close_out_week where unit_id = ? and week < ?::date order by week desc limit 1`,
    [unitId, week],
  );
  return row ? isoInstant(row.period_to) : null;
}

/** Weeks any unit of the subtree has closed, newest first. */
export async function closedWeeks(em: EntityManager, unitId: number): Promise<string[]> {
  const unit = await requireUnit(em, unitId);
  const rows = await em.execute<{ week: string }[]>(
    `select distinct w.week::text as week
       from close_out_week w join unit u on u.id = w.unit_id
      where u.path like ?
      order by week desc`,
    [subtreePattern(unit.path)],
  );
  return rows.map((r) => r.week);
}

/**
 * The subtree's stored figures of the given weeks, summed in PostgreSQL by week and by
 * the child unit each snapshot falls under (null: the unit's own), key by key: a province
 * holds thousands of units, and its report should not carry their snapshots to Node.
 */
async function subtreeSums(
  em: EntityManager,
  unit: ReportUnit,
  weeks: string[],
): Promise<{ week: string; childId: number | null; figures: WeekFigures }[]> {
  if (weeks.length === 0) return [];
  const rows = await em.execute<{ week: string; child_id: number | null; key: string; total: number }[]>(
    `select w.week::text as week,
            nullif(split_part(substr(u.path, length(?::text) + 1), '/', 1), '')::int as child_id,
            f.key, sum((f.value)::numeric)::int as total
       from close_out_week w
       join unit u on u.id = w.unit_id
      cross join jsonb_each_text(w.figures) f
      where u.path like ? and w.week in (select jsonb_array_elements_text(?::jsonb)::date)
      group by 1, 2, 3`,
    [unit.path, subtreePattern(unit.path), JSON.stringify(weeks)],
  );
  const sums = new Map<string, { week: string; childId: number | null; figures: WeekFigures }>();
  for (const row of rows) {
    const id = `${row.week}/${row.child_id ?? ''}`;
    let sum = sums.get(id);
    if (!sum) sums.set(id, (sum = { week: row.week, childId: row.child_id, figures: emptyWeekFigures() }));
    if (row.key in sum.figures) sum.figures[row.key as keyof WeekFigures] = row.total;
  }
  return [...sums.values()];
}

async function childrenOf(em: EntityManager, unitId: number): Promise<ReportUnit[]> {
  const rows = await em.execute<UnitRow[]>(
    `select ${unitColumns} from unit u where u.parent_id = ? order by u.code`,
    [unitId],
  );
  return rows.map(reportUnitOf);
}

/** The unit and every unit below it, by code. */
export async function subtreeUnits(em: EntityManager, unit: ReportUnit): Promise<ReportUnit[]> {
  const rows = await em.execute<UnitRow[]>(
    `select ${unitColumns} from unit u where u.path like ? order by u.code`,
    [subtreePattern(unit.path)],
  );
  return rows.map(reportUnitOf);
}

/** The child of `unit` whose subtree holds `path`, by the id that follows `unit.path` in it. */
const childIdIn = (unit: ReportUnit, path: string): number | null =>
  Number(path.slice(unit.path.length).split('/')[0]) || null;

/**
 * 每周一报: the unit's own snapshot, the sum over every unit of its subtree that closed
 * the week, each child's subtree with how many of its units have not closed it, and
 * every unit of the subtree that has not.
 */
export async function weeklyReport(em: EntityManager, unitId: number, week: string): Promise<WeeklyReport> {
  const unit = await requireUnit(em, unitId);
  const [own, sums, children, notClosedRows] = await Promise.all([
    findCloseOutWeek(em, unitId, week),
    subtreeSums(em, unit, [week]),
    childrenOf(em, unitId),
    em.execute<UnitRow[]>(
      `select ${unitColumns} from unit u
        where u.path like ?
          and not exists (select 1 from close_out_week w where w.unit_id = u.id and w.week = ?::date)
        order by u.code`,
      [subtreePattern(unit.path), week],
    ),
  ]);
  const notClosed = notClosedRows.map(reportUnitOf);
  return {
    unit,
    week,
    own,
    subtree: sums.reduce((total, s) => addWeekFigures(total, s.figures), emptyWeekFigures()),
    children: children.map((child) => ({
      unit: child,
      figures: sums.find((s) => s.childId === child.id)?.figures ?? emptyWeekFigures(),
      notClosed: notClosed.filter((u) => childIdIn(unit, u.path) === child.id).length,
    })),
    notClosed,
  };
}

/** The last `weeks` weeks closed in the subtree, oldest first. */
async function lastClosedWeeks(em: EntityManager, unitId: number, weeks: number): Promise<string[]> {
  return (await closedWeeks(em, unitId)).slice(0, weeks).reverse();
}

/** The trend toward zero: the subtree's sums of its last `weeks` closed weeks, oldest first. */
export async function weekTrend(em: EntityManager, unitId: number, weeks: number): Promise<WeekTrendPoint[]> {
  const unit = await requireUnit(em, unitId);
  const recent = await lastClosedWeeks(em, unitId, weeks);
  const sums = await subtreeSums(em, unit, recent);
  return recent.map((week) => ({
    week,
    figures: sums
      .filter((s) => s.week === week)
      .reduce((total, s) => addWeekFigures(total, s.figures), emptyWeekFigures()),
  }));
}

/** Overdue cases (超期) of each child's subtree over the last `weeks` closed weeks, oldest first. */
export async function overdueHeat(
  em: EntityManager,
  unitId: number,
  weeks: number,
): Promise<{ unit: ReportUnit; weeks: { week: string; overdue: number }[] }[]> {
  const unit = await requireUnit(em, unitId);
  const [recent, children] = await Promise.all([lastClosedWeeks(em, unitId, weeks), childrenOf(em, unitId)]);
  const sums = await subtreeSums(em, unit, recent);
  return children.map((child) => ({
    unit: child,
    weeks: recent.map((week) => ({
      week,
      overdue: sums.find((s) => s.week === week && s.childId === child.id)?.figures.overdue ?? 0,
    })),
  }));
}
