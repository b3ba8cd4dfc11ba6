import type { EntityManager } from '@mikro-orm/postgresql';
import { openStatuses, type CaseStatus } from '../domain/case';
import type { Category, Channel } from '../domain/petition';
import { bindNamed, pgArray } from './close-out-figures';
import { subtree } from './ledger';
import { casesCte, figureLinesSql, isStateFigure, statesCte, type CountName } from './statistics-counted';

/**
 * The cases behind a figure of the statistics (统计钻取): the same timeline rows the figure
 * counts (statistics-counted.ts), one line per counted event, or per case for a figure that
 * counts a case once (交办) or counts a state.
 *
 * 信访工作条例 Art. 30: a case accusing the viewer's unit (or department) is counted in the
 * figure but never listed to them; the answer says how many lines were left out for that
 * reason (`withheld`), so the list and the figure still add up.
 */

export interface CountedCasesQuery {
  /** The subtree counted: the unit asked for, or one of its units below. */
  unitPath: string;
  figure: CountName;
  /** Instants, ISO-8601: the period is `[from, to)`. */
  from: string;
  to: string;
  quickClosureDays: number;
  /** As in the statistics: the period is this close-out week. */
  closeOutWeek?: string | undefined;
  category?: Category | undefined;
  /** The channel a line counts under (a registration's own, else the case's). */
  channel?: Channel | undefined;
  /** Who reads: the root unit of their jurisdiction and their department, for Art. 30. */
  viewerUnitId: number;
  viewerDepartmentId?: number | null | undefined;
  page: number;
  pageSize: number;
}

export interface CountedCase {
  caseNumber: string;
  category: Category;
  channel: Channel;
  unit: { code: string; name: string };
  status: CaseStatus;
  receivedAt: string;
  /** When the counted event occurred (for a case counted once: its first in the period). */
  at: string;
}

export interface CountedCases {
  items: CountedCase[];
  /** Lines listed, all pages. */
  total: number;
  /** Lines counted in the figure but not listed: their case accuses the viewer (Art. 30). */
  withheld: number;
}

/** The lines of the figure, then whether each is withheld from the viewer (Art. 30). */
interface PageRow {
  case_number: string;
  category: Category;
  channel: Channel;
  unit_code: string;
  unit_name: string;
  status: CaseStatus;
  received_at: Date | string;
  occurred_at: Date | string;
  total: number;
  withheld_count: number;
}

function countedLinesSql(q: CountedCasesQuery): string {
  const narrowing = q.category ? ' and pc.category = :category' : '';
  return `
    with ${casesCte(narrowing, ', pc.accused_unit_id, pc.accused_department_id')},
    ${isStateFigure(q.figure) ? `${statesCte},` : ''}
    lines as (${figureLinesSql(q.figure, q.channel !== undefined)}),
    listed as (
      select l.*, coalesce(c.accused_unit_id = :viewerUnitId, false)
                  or coalesce(c.accused_department_id = :viewerDepartmentId, false) as withheld
        from lines l
        join cases c on c.case_number = l.case_number
    )`;
}

/** One page of the lines a figure counts in the subtree and period, newest first. */
export async function countedCases(em: EntityManager, q: CountedCasesQuery): Promise<CountedCases> {
  const values = {
    subtree: subtree(q.unitPath),
    from: q.from,
    to: q.to,
    quickDays: q.quickClosureDays,
    open: pgArray(openStatuses),
    week: q.closeOutWeek ?? null,
    category: q.category ?? null,
    channel: q.channel ?? null,
    viewerUnitId: q.viewerUnitId,
    viewerDepartmentId: q.viewerDepartmentId ?? null,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  };
  const withLines = countedLinesSql(q);
  // The page and the totals in one pass over the lines; a page past the end has no row to carry them.
  const rows = await em.execute<PageRow[]>(
    ...bindNamed(
      `${withLines},
       totalled as (
         select l.*, count(*) filter (where not l.withheld) over () as total,
                count(*) filter (where l.withheld) over () as withheld_count
           from listed l
       ),
       page as (
         select * from totalled where not withheld
          order by occurred_at desc, case_number, seq offset :offset limit :limit
       )
       select p.case_number, pc.category, p.channel, u.code as unit_code, u.name as unit_name, pc.status,
              pc.received_at, p.occurred_at, p.total::int, p.withheld_count::int
         from page p
         join petition_case pc on pc.case_number = p.case_number
         join unit u on u.id = pc.unit_id
        order by p.occurred_at desc, p.case_number, p.seq`,
      values,
    ),
  );
  const [totals] = rows.length
    ? [{ total: rows[0]!.total, withheld: rows[0]!.withheld_count }]
    : await em.execute<{ total: number; withheld: number }[]>(
        ...bindNamed(
          `${withLines}
           select (count(*) filter (where not withheld))::int as total,
                  (count(*) filter (where withheld))::int as withheld
             from listed`,
          values,
        ),
      );
  return {
    items: rows.map((r) => ({
      caseNumber: r.case_number,
      category: r.category,
      channel: r.channel,
      unit: { code: r.unit_code, name: r.unit_name },
      status: r.status,
      receivedAt: new Date(r.received_at).toISOString(),
      at: new Date(r.occurred_at).toISOString(),
    })),
    total: totals?.total ?? 0,
    withheld: totals?.withheld ?? 0,
  };
}
