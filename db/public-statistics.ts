import type { EntityManager } from '@mikro-orm/postgresql';
import { categories, type Category } from '../domain/petition';
import { suppressSmallCells, type CellShown } from '../domain/small-cells';
import { officeDateOf } from '../domain/time';
import { officePeriod, statistics, type StatisticsUnit } from './statistics';

/**
 * The figures of 公开统计, the public page: for a county or a township and a year or a
 * month, by month and by category, counted by the statistics module (db/statistics.ts),
 * with every number under the minimum cell size hidden and no hidden number recoverable
 * from the totals (domain/small-cells.ts). Nothing names a case.
 */
export const publicCountNames = ['received', 'replied', 'repliedInTime'] as const;
export type PublicCountName = (typeof publicCountNames)[number];

/** One number as the public sees it: the count, or null with why it is hidden. */
export interface PublicCell {
  count: number | null;
  shown: CellShown;
}

export interface PublicRow<Cell> {
  /** `YYYY-MM`, or null for the totals row. */
  month: string | null;
  byCategory: Cell[];
  total: Cell;
}

/** Satisfaction (满意率) in a cell: null when fewer evaluations than the minimum. */
export interface PublicRate {
  rate: number | null;
}

export interface PublicStatistics {
  unit: StatisticsUnit;
  year: number;
  month: number | null;
  minimumCell: number;
  categories: readonly Category[];
  /** Each figure as a table of months by category, with its totals row last. */
  counts: Record<PublicCountName, PublicRow<PublicCell>[]>;
  satisfaction: PublicRow<PublicRate>[];
}

export interface PublicStatisticsQuery {
  unit: StatisticsUnit & { path: string };
  year: number;
  quickClosureDays: number;
  minimumCell: number;
  /** Months that have not begun are left out; the office's today by default. */
  today?: string;
}

const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
const nextMonth = (year: number, month: number) =>
  month === 12 ? monthKey(year + 1, 1) : monthKey(year, month + 1);

/**
 * A year's figures, every month that has begun. A month is shown as its row of the year
 * (`ofMonth`), never counted and suppressed on its own: a number the year's table hides
 * to protect a small one would otherwise be shown on the month's page, and give it away.
 */
export async function publicStatistics(
  em: EntityManager,
  q: PublicStatisticsQuery,
): Promise<PublicStatistics> {
  const today = q.today ?? officeDateOf(Date.now());
  const months = [...Array(12).keys()].map((i) => i + 1).filter((m) => `${monthKey(q.year, m)}-01` <= today);
  const counted = await Promise.all(
    months.map((m) =>
      statistics(em, {
        unit: q.unit,
        ...officePeriod(`${monthKey(q.year, m)}-01`, `${nextMonth(q.year, m)}-01`),
        quickClosureDays: q.quickClosureDays,
        minimumForRate: q.minimumCell,
        eventsOnly: true,
      }),
    ),
  );
  /** Rows of months by category for one number of the figures, with totals appended. */
  const gridOf = (pick: (f: (typeof counted)[number]['figures']) => number): number[][] => {
    const rows = counted.map((s) => {
      const cells = categories.map((c) => pick(s.byCategory.find((b) => b.category === c)!.figures));
      return [...cells, pick(s.figures)];
    });
    const totals = Array.from({ length: categories.length + 1 }, (_v, j) =>
      rows.reduce((sum, row) => sum + row[j]!, 0),
    );
    return [...rows, totals];
  };
  const monthOf = (i: number) => (i < months.length ? monthKey(q.year, months[i]!) : null);
  const counts = Object.fromEntries(
    publicCountNames.map((name) => {
      const grid = gridOf((f) => f[name]);
      const shown = suppressSmallCells(grid, q.minimumCell);
      const cell = (i: number, j: number): PublicCell => ({
        count: shown[i]![j] === 'shown' ? grid[i]![j]! : null,
        shown: shown[i]![j]!,
      });
      return [
        name,
        grid.map((row, i) => ({
          month: monthOf(i),
          byCategory: categories.map((_c, j) => cell(i, j)),
          total: cell(i, categories.length),
        })),
      ];
    }),
  ) as Record<PublicCountName, PublicRow<PublicCell>[]>;
  const evaluations = gridOf((f) => f.evaluations);
  const satisfied = gridOf((f) => f.satisfied);
  const rate = (i: number, j: number): PublicRate => {
    const of = evaluations[i]![j]!;
    return { rate: of >= q.minimumCell && of > 0 ? satisfied[i]![j]! / of : null };
  };
  return {
    unit: { id: q.unit.id, code: q.unit.code, name: q.unit.name },
    year: q.year,
    month: null,
    minimumCell: q.minimumCell,
    categories,
    counts,
    satisfaction: evaluations.map((_row, i) => ({
      month: monthOf(i),
      byCategory: categories.map((_c, j) => rate(i, j)),
      total: rate(i, categories.length),
    })),
  };
}

/** One month of a year's figures, hidden where the year's table hides it; no totals row. */
export function ofMonth(year: PublicStatistics, month: number): PublicStatistics {
  const key = monthKey(year.year, month);
  const only = <Cell>(rows: PublicRow<Cell>[]) => rows.filter((row) => row.month === key);
  return {
    ...year,
    month,
    counts: Object.fromEntries(publicCountNames.map((name) => [name, only(year.counts[name])])) as Record<
      PublicCountName,
      PublicRow<PublicCell>[]
    >,
    satisfaction: only(year.satisfaction),
  };
}
