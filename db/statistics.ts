import type { EntityManager } from '@mikro-orm/postgresql';
import { officeMidnightOf } from '../domain/time';
import { categories, channels, type Category, type Channel } from '../domain/petition';
import { openStatuses } from '../domain/case';
import { bindNamed, pgArray } from './close-out-figures';
import type { UnitLevel } from './entities/unit';
import {
  previousFrom,
  rankProblems,
  seriesIntervalFor,
  seriesStarts,
  seriesStartSql,
  stagesNow,
  type RecurringProblem,
  type SeriesInterval,
  type Stage,
} from './statistics-breakdowns';
import {
  casesCte,
  countedChannel,
  countedCondition,
  countedRules,
  countedTypes,
  countNames,
  inPeriod,
  eventFigureNames,
  stateFigureNames,
  statesCte,
  stateRules,
  type CountName,
  type EventFigureName,
  type StateFigureName,
} from './statistics-counted';
import { subtree } from './ledger';

/**
 * The office's figures for a unit's subtree and any period (统计), counted from the
 * timeline (全程留痕) like the weekly report (close-out-figures.ts): an event is counted
 * in the period it occurred in, so a period that has ended gives the same numbers when it
 * is counted again, whatever happened to its cases since. A case belongs to the subtree
 * of its unit (petition_case.unit_path) and to its category as the ledger has them now.
 *
 * 信访工作条例 Art. 30: a case accusing a unit is never *listed* to that unit (db/ledger.ts
 * `notAccused`), but it is *counted*: in its own unit's figures and in every unit's above.
 * This module only counts and never names a case, so it leaves no case out; the drill-down
 * (statistics-cases.ts) lists the same rows (statistics-counted.ts) and withholds those.
 *
 * What each figure counts, all over `[from, to)` and leaving 咨询 apart (kind 'consultation'):
 * - received: `registered` events (登记), and by the channel the event records (the ledger's
 *   for an event without one);
 * - consultations: `registered` events of consultations, as the weekly report counts them;
 * - accepted: `accepted`, and `routed_to_discipline` (a report accepted into the discipline body);
 * - notAccepted: `not_accepted`, and by the reason it records (none: '');
 * - forwarded: `forwarded` (转送);
 * - dispatched: cases with a `dispatched` event (交办), once however often they went out again;
 * - replied (办结): cases whose first reply (`replied`, or a forwarded case's `forward_feedback`)
 *   occurred in the period; of them, those replied within the quick-closure days of
 *   registration (`repliedQuickly`, the weekly report's 5日内办结), and those replied within
 *   the statutory period: no breach of the handling (or forward-feedback) deadline before
 *   the reply (`deadline_escalated`, `deadline_lapsed`, or a `deadline_warning` marked breached);
 * - escalated: `deadline_escalated` events (督办); evaluations and satisfied: `evaluated` events;
 * - reviewsRequested / reReviewsRequested: `review_requested` / `re_review_requested` (复查/复核);
 * - closedOut: `closed_out` events (销号) that occurred in the period, as the monthly bulletin
 *   counts them; for a close-out week (`closeOutWeek`) those of its run, as the weekly report
 *   counts them (tested equal to both, figure by figure);
 *   backlogClosedOut: those of cases designated backlog cases before;
 * - reopened: `reopened` (a closed-out case came back); backlogDesignated: `designated_backlog` (积案);
 * - the discipline channel (检举控告): disposedByTalkInquiry, …PreliminaryVerification, …Hold,
 *   …Close: `report_classified` events by the way of disposal they record (四种处置方式:
 *   谈话函询、初步核实、暂存待查、予以了结); casesOpened: `report_concluded` events that record a
 *   case opened (立案);
 * - repeatsLinked: `repeat_petition_linked` events (a repeat petition on the case's matter, 重复信访).
 *
 * And from each petition's state at the start and at the end of the period (its last event
 * before the instant, as the weekly report and the bulletin read it; for a close-out week,
 * its run's struck-off cases are struck off at its end):
 * - openAtStart / openAtEnd: open (not closed, not closed out); backlogAtStart / backlogAtEnd:
 *   open backlog cases (积案存量), so the stock changed by backlogAtEnd − backlogAtStart;
 * - overdueAtEnd: open and overdue at the end; everOverdue: overdue at some moment of the
 *   period (overdue at its start, or an event in it left the case overdue).
 */

/** A rate with what it is made of; `rate` is null when the denominator is under the minimum. */
export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface StatisticsFigures extends Record<CountName, number> {
  receivedByChannel: { channel: Channel; count: number }[];
  notAcceptedByReason: { reason: string; count: number }[];
  rates: {
    /** accepted / received */
    acceptance: Rate;
    /** repliedQuickly / replied */
    quickReply: Rate;
    /** satisfied / evaluations */
    satisfaction: Rate;
  };
}

export interface StatisticsUnit {
  id: number;
  code: string;
  name: string;
}

export interface Statistics {
  unit: StatisticsUnit;
  figures: StatisticsFigures;
  /** Each direct child unit with its whole subtree. */
  byUnit: { unit: StatisticsUnit; figures: StatisticsFigures }[];
  byCategory: { category: Category; figures: StatisticsFigures }[];
  /** The cases of the subtree's units of each level (乡镇, 村 …), the unit's own level first. */
  byLevel: { level: UnitLevel; figures: StatisticsFigures }[];
  /** The open petitions by status now, and how long each has been in it. */
  byStage: Stage[];
  /**
   * The event figures of each week or month of the period (office time; the first and the
   * last step may be cut by the period). A case counted once (交办) counts once in each step.
   */
  overTime: {
    interval: SeriesInterval;
    steps: { start: string; figures: Record<EventFigureName, number> }[];
  };
  /**
   * The categories in units below (or the unit's own cases) with the most cases received and
   * repeats linked, with the previous period of equal length for the trend.
   */
  topProblems: RecurringProblem<StatisticsUnit>[];
}

export interface StatisticsQuery {
  unit: StatisticsUnit & { path: string };
  /** Instants, ISO-8601: the period is `[from, to)`. */
  from: string;
  to: string;
  quickClosureDays: number;
  /** Fewer cases than this in a rate's denominator give no rate (default 5). */
  minimumForRate?: number;
  /** The steps of `overTime` (default: by week up to two months, else by month). */
  interval?: SeriesInterval;
  /** The moment `byStage` is counted at (default: now). */
  now?: Date;
  /**
   * The period is this close-out week (一周一销号, named by its scheduled close-out's office
   * date): its run's struck-off cases count in it and as struck off at its end, as the weekly
   * report counts them, though the run wrote them a moment after.
   */
  closeOutWeek?: string;
  /**
   * Count only what happened in the period (the event figures and their breakdowns by unit,
   * category and level): the stock at its ends, `overTime`, `topProblems` and `byStage` are
   * left empty. For readers that show nothing else, such as the public page's twelve months.
   */
  eventsOnly?: boolean;
}

export const defaultMinimumForRate = 5;

/** An office-date period `[fromDate, toDate)` as the instants it spans in Asia/Shanghai. */
export const officePeriod = (fromDate: string, toDate: string): { from: string; to: string } => ({
  from: new Date(officeMidnightOf(fromDate)).toISOString(),
  to: new Date(officeMidnightOf(toDate)).toISOString(),
});

/** The counts one group (a unit and category) adds up to; the figures are their sums. */
interface Counts extends Record<CountName, number> {
  channels: Map<string, number>;
  reasons: Map<string, number>;
}

const zeroCounts = (): Counts => ({
  ...(Object.fromEntries(countNames.map((n) => [n, 0])) as Record<CountName, number>),
  channels: new Map(),
  reasons: new Map(),
});

/**
 * The event figures `names` by `keys` (SQL expressions over `e` and `c`, by alias), from the
 * rules in statistics-counted.ts.
 */
const eventCountsSql = (keys: Record<string, string>, names: readonly EventFigureName[]) => `
  with ${casesCte()},
  counted as (
    select ${Object.entries(keys)
      .map(([alias, sql]) => `${sql} as ${alias}`)
      .join(', ')}, e.case_number,
           ${names.map((n) => `(${countedCondition(n)}) as "${n}"`).join(',\n           ')}
      from case_event e
      join cases c on c.case_number = e.case_number
     where ${inPeriod} and e.type in ${countedTypes(names)}
  )
  select ${Object.keys(keys).join(', ')},
         ${names
           .map((n) =>
             countedRules[n].oncePerCase
               ? `count(distinct case_number) filter (where "${n}")::int as "${n}"`
               : `count(*) filter (where "${n}")::int as "${n}"`,
           )
           .join(',\n         ')}
    from counted
   group by ${Object.keys(keys).join(', ')}`;

/** Every event figure of each group (unit and category). */
const countsSql = eventCountsSql({ unit_id: 'c.unit_id', category: 'c.category' }, eventFigureNames);

/** Every event figure of each step of the period (week or month, in office time). */
const seriesSql = eventCountsSql({ start: seriesStartSql('e.occurred_at') }, eventFigureNames);

/** Cases received and repeats linked, by group, in the period and the one of equal length before it. */
const problemsSql = eventCountsSql(
  { unit_id: 'c.unit_id', category: 'c.category', current: 'e.occurred_at >= :periodStart' },
  ['received', 'repeatsLinked'],
);

/** Every state figure of each group, from the same rules. */
const stateCountsSql = `
  with ${casesCte()}, ${statesCte}
  select unit_id, category,
         ${stateFigureNames
           .map((n) => `count(*) filter (where ${stateRules[n].where})::int as "${n}"`)
           .join(',\n         ')}
    from states s
   group by unit_id, category`;

/** Channels of the registrations and reasons of the refusals, each as (key kind, key). */
const keyedCountsSql = `
  with ${casesCte()}
  select c.unit_id, c.category, e.type,
         case when e.type = 'registered' then ${countedChannel}
              else coalesce(e.data->>'reason', '') end as key,
         count(*)::int as n
    from case_event e
    join cases c on c.case_number = e.case_number
   where e.occurred_at >= :from and e.occurred_at < :to
     and ((${countedCondition('received')}) or (${countedCondition('notAccepted')}))
   group by 1, 2, 3, 4`;

interface GroupRow {
  unit_id: number;
  category: Category;
}

/** The figures of the subtree of `q.unit`, of each child unit's subtree and of each category. */
export async function statistics(em: EntityManager, q: StatisticsQuery): Promise<Statistics> {
  const values = {
    subtree: subtree(q.unit.path),
    from: q.from,
    to: q.to,
    quickDays: q.quickClosureDays,
    open: pgArray(openStatuses),
    week: q.closeOutWeek ?? null,
  };
  const interval = q.interval ?? seriesIntervalFor(q.from, q.to);
  const [units, events, states, keyed, series, problems, byStage] = await Promise.all([
    em.execute<(StatisticsUnit & { path: string; level: UnitLevel; parent_id: number | null })[]>(
      `select id, code, name, path, level, parent_id from unit where path like ? order by code`,
      [subtree(q.unit.path)],
    ),
    em.execute<(GroupRow & Record<EventFigureName, number>)[]>(...bindNamed(countsSql, values)),
    q.eventsOnly
      ? []
      : em.execute<(GroupRow & Record<StateFigureName, number>)[]>(...bindNamed(stateCountsSql, values)),
    em.execute<(GroupRow & { type: string; key: string; n: number })[]>(...bindNamed(keyedCountsSql, values)),
    q.eventsOnly
      ? []
      : em.execute<({ start: string } & Record<EventFigureName, number>)[]>(
          ...bindNamed(seriesSql, { ...values, interval }),
        ),
    q.eventsOnly
      ? []
      : em.execute<(GroupRow & { current: boolean; received: number; repeatsLinked: number })[]>(
          ...bindNamed(problemsSql, { ...values, from: previousFrom(q.from, q.to), periodStart: q.from }),
        ),
    q.eventsOnly ? [] : stagesNow(em, values.subtree, q.now ?? new Date()),
  ]);

  // Sums by unit and category: every breakdown adds these groups up.
  const groups = new Map<string, { unitId: number; category: Category; counts: Counts }>();
  const group = (row: GroupRow) => {
    const key = `${row.unit_id}:${row.category}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { unitId: row.unit_id, category: row.category, counts: zeroCounts() }));
    return g.counts;
  };
  for (const row of events) {
    const c = group(row);
    for (const name of eventFigureNames) c[name] += row[name] ?? 0;
  }
  for (const row of states) {
    const c = group(row);
    for (const name of stateFigureNames) c[name] += row[name] ?? 0;
  }
  for (const row of keyed) {
    const into = row.type === 'registered' ? group(row).channels : group(row).reasons;
    into.set(row.key, (into.get(row.key) ?? 0) + row.n);
  }

  const minimum = q.minimumForRate ?? defaultMinimumForRate;
  const figuresOf = (pick: (g: { unitId: number; category: Category }) => boolean) =>
    figures(
      [...groups.values()].filter(pick).map((g) => g.counts),
      minimum,
    );
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const children = units.filter((u) => u.parent_id === q.unit.id);
  const pathOf = (unitId: number) => unitOf.get(unitId)?.path ?? '';
  const levels = [...new Set(units.map((u) => u.level))];
  const seriesAt = new Map(series.map((row) => [row.start, row]));
  return {
    unit: statisticsUnit(q.unit),
    figures: figuresOf(() => true),
    byUnit: children.map((child) => ({
      unit: statisticsUnit(child),
      figures: figuresOf((g) => pathOf(g.unitId).startsWith(child.path)),
    })),
    byCategory: categories.map((category) => ({
      category,
      figures: figuresOf((g) => g.category === category),
    })),
    byLevel: levels.map((level) => ({
      level,
      figures: figuresOf((g) => unitOf.get(g.unitId)?.level === level),
    })),
    byStage,
    overTime: {
      interval,
      steps: (q.eventsOnly ? [] : seriesStarts(q.from, q.to, interval)).map((start) => ({
        start,
        figures: Object.fromEntries(
          eventFigureNames.map((n) => [n, seriesAt.get(start)?.[n] ?? 0]),
        ) as Record<EventFigureName, number>,
      })),
    },
    topProblems: recurringProblems(problems, q.unit, children, pathOf),
  };
}

const statisticsUnit = (u: StatisticsUnit): StatisticsUnit => ({ id: u.id, code: u.code, name: u.name });

/** Each (unit below, category) with its cases and repeats now and before; the unit's own cases under itself. */
function recurringProblems(
  rows: (GroupRow & { current: boolean; received: number; repeatsLinked: number })[],
  unit: StatisticsUnit,
  children: (StatisticsUnit & { path: string })[],
  pathOf: (unitId: number) => string,
): RecurringProblem<StatisticsUnit>[] {
  const problems = new Map<string, RecurringProblem<StatisticsUnit>>();
  for (const row of rows) {
    const owner = children.find((child) => pathOf(row.unit_id).startsWith(child.path)) ?? unit;
    const key = `${owner.id}:${row.category}`;
    let p = problems.get(key);
    if (!p) {
      p = {
        unit: statisticsUnit(owner),
        category: row.category,
        received: 0,
        repeatsLinked: 0,
        previous: { received: 0, repeatsLinked: 0 },
      };
      problems.set(key, p);
    }
    const into = row.current ? p : p.previous;
    into.received += row.received;
    into.repeatsLinked += row.repeatsLinked;
  }
  return rankProblems([...problems.values()]);
}

function figures(parts: Counts[], minimumForRate: number): StatisticsFigures {
  const sum = zeroCounts();
  for (const part of parts) {
    for (const name of countNames) sum[name] += part[name];
    for (const [k, n] of part.channels) sum.channels.set(k, (sum.channels.get(k) ?? 0) + n);
    for (const [k, n] of part.reasons) sum.reasons.set(k, (sum.reasons.get(k) ?? 0) + n);
  }
  const rate = (numerator: number, denominator: number): Rate => ({
    numerator,
    denominator,
    rate: denominator >= minimumForRate && denominator > 0 ? numerator / denominator : null,
  });
  const counts = Object.fromEntries(countNames.map((n) => [n, sum[n]])) as Record<CountName, number>;
  return {
    ...counts,
    receivedByChannel: channels.map((channel) => ({ channel, count: sum.channels.get(channel) ?? 0 })),
    notAcceptedByReason: [...sum.reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    rates: {
      acceptance: rate(sum.accepted, sum.received),
      quickReply: rate(sum.repliedQuickly, sum.replied),
      satisfaction: rate(sum.satisfied, sum.evaluations),
    },
  };
}
