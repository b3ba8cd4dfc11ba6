import type { EntityManager } from '@mikro-orm/postgresql';
import {
  bulletinMonth,
  monthPeriod,
  type BulletinFigures,
  type BulletinRow,
  type MonthlyBulletin,
  type OverdueCase,
  type ReportUnit,
} from '../domain/close-out';
import { monthFiguresByUnit } from './close-out-figures';
import { requireUnit, subtreeUnits } from './close-out-weeks';

/**
 * The monthly bulletin (一月一通报): a unit's child units ranked on their subtrees'
 * month, counted from the timeline, the overdue cases named, last month's bulletin beside.
 * A bulletin is stored once and read back as published. Queries go through `em.execute`,
 * which joins the caller's transaction when there is one.
 */

const emptyBulletinFigures = (): BulletinFigures => ({
  overdue: 0,
  openAtStart: 0,
  newCases: 0,
  closedOut: 0,
  evaluations: 0,
  satisfied: 0,
  backlogStock: 0,
});

function addBulletinFigures(a: BulletinFigures, b: BulletinFigures): BulletinFigures {
  const sum = emptyBulletinFigures();
  for (const key of Object.keys(sum) as (keyof BulletinFigures)[]) sum[key] = a[key] + b[key];
  return sum;
}

/** 化解率: struck off over what there was to clear (open at the start and new). */
const clearanceRate = (f: BulletinFigures): number | null =>
  f.openAtStart + f.newCases === 0 ? null : f.closedOut / (f.openAtStart + f.newCases);

const satisfactionRate = (f: BulletinFigures): number | null =>
  f.evaluations === 0 ? null : f.satisfied / f.evaluations;

/**
 * Competition ranks (1, 1, 3): one more than the rows strictly better. A null is worse
 * than any number, so nulls share the last rank.
 */
function ranks(values: (number | null)[], better: (a: number, b: number) => boolean): number[] {
  const beats = (a: number | null, b: number | null) => a !== null && (b === null || better(a, b));
  return values.map((v) => 1 + values.filter((other) => beats(other, v)).length);
}

type RankedRow = Omit<BulletinRow, 'lastMonth'>;

function rankedRows(units: { unit: ReportUnit; figures: BulletinFigures }[]): RankedRow[] {
  const clearance = units.map((u) => clearanceRate(u.figures));
  const satisfaction = units.map((u) => satisfactionRate(u.figures));
  const byOverdue = ranks(
    units.map((u) => u.figures.overdue),
    (a, b) => a < b,
  );
  const byClearance = ranks(clearance, (a, b) => a > b);
  const bySatisfaction = ranks(satisfaction, (a, b) => a > b);
  return units.map(({ unit, figures }, i) => ({
    unit,
    figures,
    clearanceRate: clearance[i]!,
    satisfactionRate: satisfaction[i]!,
    rankOverdue: byOverdue[i]!,
    rankClearance: byClearance[i]!,
    rankSatisfaction: bySatisfaction[i]!,
  }));
}

/** Last month's row of the same unit, without its own look further back. */
function lastMonthRow(previous: MonthlyBulletin | null, unitId: number): BulletinRow['lastMonth'] {
  const row = previous?.rows.find((r) => r.unit.id === unitId);
  if (!row) return null;
  return {
    figures: row.figures,
    clearanceRate: row.clearanceRate,
    satisfactionRate: row.satisfactionRate,
    rankOverdue: row.rankOverdue,
    rankClearance: row.rankClearance,
    rankSatisfaction: row.rankSatisfaction,
  };
}

interface OverdueRow {
  case_number: string;
  unit_name: string;
  summary: string;
  clock: string | null;
  due_date: string | null;
  owner_leader: string | null;
  handling_department: string | null;
}

/**
 * What the bulletin names for each overdue case: the ledger's current summary, owner
 * leader and handling department, and the breached clock due earliest (case_deadline),
 * ordered by that due date. Case numbers are bound as one JSON list: knex would spend a
 * statement parameter on each.
 */
async function overdueCases(
  em: EntityManager,
  cases: { caseNumber: string; backlog: boolean }[],
): Promise<OverdueCase[]> {
  if (cases.length === 0) return [];
  const backlog = new Map(cases.map((c) => [c.caseNumber, c.backlog]));
  const rows = await em.execute<OverdueRow[]>(
    `select c.case_number, u.name as unit_name, c.summary, d.clock, d.due_date::text as due_date,
            s.name as owner_leader, h.name as handling_department
       from petition_case c
       join unit u on u.id = c.unit_id
       left join staff_member s on s.id = c.owner_leader_id
       left join department h on h.id = c.handling_department_id
       left join lateral (
         select clock, due_date, due_at from case_deadline
          where case_number = c.case_number and state in ('breached', 'escalated')
          order by due_at, clock limit 1) d on true
      where c.case_number in (select jsonb_array_elements_text(?::jsonb))
        -- The bulletin goes to every office below: a case that accuses one of them is
        -- counted in the figures but never named (条例 Art. 30).
        and c.accused_unit_id is null and c.accused_department_id is null
      order by d.due_at nulls last, c.case_number`,
    [JSON.stringify(cases.map((c) => c.caseNumber))],
  );
  return rows.map((r) => ({
    caseNumber: r.case_number,
    unitName: r.unit_name,
    summary: r.summary,
    clock: r.clock,
    dueDate: r.due_date,
    ownerLeader: r.owner_leader,
    handlingDepartment: r.handling_department,
    backlog: backlog.get(r.case_number) ?? false,
  }));
}

/**
 * The bulletin of `unitId` for `month`: a row per child unit, each the sum over that
 * child's subtree (the unit's own cases belong to no row), ranked; the overdue cases of
 * the whole subtree at the month's end; last month's rows from the stored bulletin.
 */
export async function composeBulletin(
  em: EntityManager,
  unitId: number,
  month: string,
  publishedAt: string,
): Promise<MonthlyBulletin> {
  const unit = await requireUnit(em, unitId);
  const period = monthPeriod(month);
  const units = await subtreeUnits(em, unit);
  const [counted, previous] = await Promise.all([
    monthFiguresByUnit(em, { unitIds: units.map((u) => u.id), ...period }),
    // The month before this one: bulletinMonth names the month before an instant, here the 1st.
    findBulletin(em, unitId, bulletinMonth(period.from)),
  ]);
  const children = units.filter((u) => u.parentId === unit.id);
  const summed = children.map((child) => ({
    unit: child,
    figures: units
      .filter((u) => u.path.startsWith(child.path))
      .reduce(
        (sum, u) => addBulletinFigures(sum, counted.byUnit.get(u.id) ?? emptyBulletinFigures()),
        emptyBulletinFigures(),
      ),
  }));
  return {
    unit,
    month,
    periodFrom: period.from,
    periodTo: period.to,
    publishedAt,
    rows: rankedRows(summed).map((row) => ({ ...row, lastMonth: lastMonthRow(previous, row.unit.id) })),
    overdueCases: await overdueCases(em, counted.overdueAtEnd),
  };
}

/** Stores the bulletin once: publishing the same month again leaves the first. */
export async function saveBulletin(em: EntityManager, b: MonthlyBulletin): Promise<'saved' | 'exists'> {
  const inserted = await em.execute<{ id: string }[]>(
    `insert into monthly_bulletin (unit_id, month, period_from, period_to, published_at, content)
     values (?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::jsonb)
     on conflict (unit_id, month) do nothing
     returning id`,
    [b.unit.id, b.month, b.periodFrom, b.periodTo, b.publishedAt, JSON.stringify(b)],
  );
  return inserted.length > 0 ? 'saved' : 'exists';
}

/** The bulletin as it was published. */
export async function findBulletin(
  em: EntityManager,
  unitId: number,
  month: string,
): Promise<MonthlyBulletin | null> {
  const [row] = await em.execute<{ content: MonthlyBulletin }[]>(
    'select content from monthly_bulletin where unit_id = ? and month = ?',
    [unitId, month],
  );
  return row?.content ?? null;
}

/** Months the unit has a bulletin for, newest first. */
export async function bulletinMonths(em: EntityManager, unitId: number): Promise<string[]> {
  const rows = await em.execute<{ month: string }[]>(
    'select month from monthly_bulletin where unit_id = ? order by month desc',
    [unitId],
  );
  return rows.map((r) => r.month);
}

/** The units a bulletin is published for: those with child units to rank. */
export async function unitsWithChildren(em: EntityManager): Promise<number[]> {
  const rows = await em.execute<{ id: number }[]>(
    'select distinct parent_id as id from unit where parent_id is not null order by id',
  );
  return rows.map((r) => r.id);
}
