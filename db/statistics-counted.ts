import type { Disposal } from '../domain/discipline';
import { repliedQuickly } from './close-out-figures';

/**
 * Which timeline rows each counted figure of the statistics (统计) is made of, written once:
 * the figures (db/statistics.ts) count these rows and the drill-down (db/statistics-cases.ts)
 * lists them, so a figure and the cases behind it cannot disagree. db/statistics.ts's header
 * says in words what each figure counts.
 *
 * An event figure's rule is over `e`, an event of `case_event` in the period `[:from, :to)`,
 * and `c`, its case as the `cases` CTE has it (`consultation`, `channel`); a state figure's
 * over `s`, the case's state at the period's start and end (`states`).
 */

/** The figures counted from the period's events (statistics.ts says what each counts). */
export const eventFigureNames = [
  'received',
  'consultations',
  'accepted',
  'notAccepted',
  'forwarded',
  'dispatched',
  'replied',
  'repliedQuickly',
  'repliedInTime',
  'escalated',
  'evaluations',
  'satisfied',
  'reviewsRequested',
  'reReviewsRequested',
  'closedOut',
  'reopened',
  'backlogDesignated',
  'backlogClosedOut',
  'disposedByTalkInquiry',
  'disposedByPreliminaryVerification',
  'disposedByHold',
  'disposedByClose',
  'casesOpened',
  'repeatsLinked',
] as const;
export type EventFigureName = (typeof eventFigureNames)[number];

/** The figures counted from each case's state at the start or the end of the period. */
export const stateFigureNames = [
  'openAtStart',
  'backlogAtStart',
  'openAtEnd',
  'overdueAtEnd',
  'backlogAtEnd',
  'everOverdue',
] as const;
export type StateFigureName = (typeof stateFigureNames)[number];

/** The figures that are plain counts, each summed over the groups a figure is made of. */
export const countNames = [...eventFigureNames, ...stateFigureNames] as const;
export type CountName = (typeof countNames)[number];

export const isStateFigure = (name: CountName): name is StateFigureName =>
  (stateFigureNames as readonly string[]).includes(name);

interface CountedRule {
  /** The event types the figure counts; the period's scan reads only these. */
  types: readonly string[];
  /** A further condition on the event and its case, if any. */
  and?: string;
  /** Counted for consultations (咨询) instead of petitions. */
  consultations?: boolean;
  /** A case counts once however many of its events meet the rule (交办 sent out again). */
  oncePerCase?: boolean;
}

/** The event is the case's first reply (办结): a forward's feedback is one too. */
const replyTypes = ['replied', 'forward_feedback'];
const firstReply = `not exists (select 1 from case_event r
   where r.case_number = e.case_number and r.seq < e.seq and r.type in ('replied', 'forward_feedback'))`;

/** No breach of the handling (or forward-feedback) deadline before the reply (法定期限内). */
const inTime = `not exists (select 1 from case_event b
   where b.case_number = e.case_number and b.seq < e.seq
     and b.data->>'clock' in ('handling', 'forwardFeedback')
     and (b.type in ('deadline_escalated', 'deadline_lapsed')
          or (b.type = 'deadline_warning' and b.data->>'breached' = 'true')))`;

/** The case was designated a backlog case (积案) before this event. */
const wasBacklog = `exists (select 1 from case_event d
   where d.case_number = e.case_number and d.seq < e.seq and d.type = 'designated_backlog')`;

/**
 * A close-out's struck-off cases (销号) count in the week its run names when the statistics
 * are those of a close-out week (`:week`, as the weekly report counts them: a scheduled run
 * writes them a moment after the week's end), else when they occurred.
 */
const ofTheWeek = `(:week::text is null or e.data->>'week' = :week)`;

/** The events a period reads: those in it, and the struck-off cases of its close-out week. */
export const inPeriod = `((e.occurred_at >= :from and e.occurred_at < :to)
   or (e.type = 'closed_out' and e.data->>'week' = :week))`;

const disposedBy = (disposal: Disposal): CountedRule => ({
  types: ['report_classified'],
  and: `e.data->>'disposal' = '${disposal}'`,
});

export const countedRules: Record<EventFigureName, CountedRule> = {
  received: { types: ['registered'] },
  consultations: { types: ['registered'], consultations: true },
  accepted: { types: ['accepted', 'routed_to_discipline'] },
  notAccepted: { types: ['not_accepted'] },
  forwarded: { types: ['forwarded'] },
  dispatched: { types: ['dispatched'], oncePerCase: true },
  replied: { types: replyTypes, and: firstReply },
  repliedQuickly: { types: replyTypes, and: `${firstReply} and ${repliedQuickly('e.case_number')}` },
  repliedInTime: { types: replyTypes, and: `${firstReply} and ${inTime}` },
  escalated: { types: ['deadline_escalated'] },
  evaluations: { types: ['evaluated'] },
  satisfied: { types: ['evaluated'], and: `e.data->>'satisfied' = 'true'` },
  reviewsRequested: { types: ['review_requested'] },
  reReviewsRequested: { types: ['re_review_requested'] },
  closedOut: { types: ['closed_out'], and: ofTheWeek },
  reopened: { types: ['reopened'] },
  backlogDesignated: { types: ['designated_backlog'] },
  backlogClosedOut: { types: ['closed_out'], and: `${ofTheWeek} and ${wasBacklog}` },
  disposedByTalkInquiry: disposedBy('talk_inquiry'),
  disposedByPreliminaryVerification: disposedBy('preliminary_verification'),
  disposedByHold: disposedBy('hold'),
  disposedByClose: disposedBy('close'),
  casesOpened: { types: ['report_concluded'], and: `coalesce(e.data->>'caseOpened', '') <> ''` },
  repeatsLinked: { types: ['repeat_petition_linked'] },
};

/**
 * A state figure is over `s`, a row of the `states` CTE: a petition's state at the start and
 * at the end of the period; `at` is when the case came into the state counted (its last event
 * before the instant).
 */
interface StateRule {
  where: string;
  at: 's.at_from' | 's.at_to';
}

export const stateRules: Record<StateFigureName, StateRule> = {
  openAtStart: { where: 's.open_at_from', at: 's.at_from' },
  backlogAtStart: { where: 's.open_at_from and s.backlog_at_from', at: 's.at_from' },
  openAtEnd: { where: 's.open_at_to', at: 's.at_to' },
  overdueAtEnd: { where: 's.open_at_to and s.overdue_at_to', at: 's.at_to' },
  backlogAtEnd: { where: 's.open_at_to and s.backlog_at_to', at: 's.at_to' },
  // Overdue at the start, or an event in the period left it overdue: hashed once over the period.
  everOverdue: {
    where: `(s.open_at_from and s.overdue_at_from) or s.case_number in (
      select o.case_number from case_event o
       where o.occurred_at >= :from and o.occurred_at < :to and o.overdue_after)`,
    at: 's.at_to',
  },
};

/**
 * Each petition's state at `:from` and at `:to`: the state its last event before each instant
 * left it in (close-out-figures.ts reads it the same way, through the (case_number, seq)
 * index). Events from before the *_after columns existed carry no state and are passed over.
 * `:open` is the open statuses, as a PostgreSQL array. For a close-out week (`:week`), the
 * struck-off cases of its run and the runs before count as struck off at its end.
 */
export const statesCte = `
  states as (
    select c.case_number, c.unit_id, c.category, c.channel,
           f.status_after = any(:open::text[]) as open_at_from, f.overdue_after as overdue_at_from,
           f.backlog_after as backlog_at_from, f.occurred_at as at_from,
           t.status_after = any(:open::text[]) as open_at_to, t.overdue_after as overdue_at_to,
           t.backlog_after as backlog_at_to, t.occurred_at as at_to
      from cases c
      left join lateral (
        select e.status_after, e.overdue_after, e.backlog_after, e.occurred_at from case_event e
         where e.case_number = c.case_number and e.status_after is not null
           and (e.occurred_at < :from or (e.type = 'closed_out' and e.data->>'week' < :week))
         order by e.seq desc limit 1) f on true
      left join lateral (
        select e.status_after, e.overdue_after, e.backlog_after, e.occurred_at from case_event e
         where e.case_number = c.case_number and e.status_after is not null
           and (e.occurred_at < :to or (e.type = 'closed_out' and e.data->>'week' <= :week))
         order by e.seq desc limit 1) t on true
     where not c.consultation
  )`;

const quote = (type: string) => `'${type}'`;

/** The SQL condition of a figure over `e` and `c`. */
export function countedCondition(name: EventFigureName): string {
  const rule = countedRules[name];
  return [
    `e.type in (${rule.types.map(quote).join(', ')})`,
    rule.consultations ? 'c.consultation' : 'not c.consultation',
    ...(rule.and ? [`(${rule.and})`] : []),
  ].join(' and ');
}

/** The event types any of these figures counts: what the period's scan has to read. */
export const countedTypes = (names: readonly EventFigureName[]): string =>
  `(${[...new Set(names.flatMap((n) => countedRules[n].types))].map(quote).join(', ')})`;

/** The channel a counted event is under: the registration's own, else the case's. */
export const countedChannel = `coalesce(e.data->>'channel', c.channel)`;

/**
 * The subtree's cases (with the drill-down's narrowing), materialised once: the period's
 * events are joined to them. `:subtree` is a LIKE pattern; `extra` adds conditions on `pc`.
 */
export const casesCte = (extra = '', columns = '') => `
  cases as materialized (
    select pc.case_number, pc.unit_id, pc.category, pc.channel, pc.kind = 'consultation' as consultation${columns}
      from petition_case pc
     where pc.unit_path like :subtree${extra}
  )`;

/**
 * The lines a figure counts, as (case_number, seq, occurred_at, channel): its events, one
 * per case for a figure counted once per case, or the cases in the state it counts. With
 * `byChannel`, only those under `:channel`.
 */
export function figureLinesSql(name: CountName, byChannel: boolean): string {
  if (isStateFigure(name)) {
    const rule = stateRules[name];
    return `select s.case_number, 0 as seq, ${rule.at} as occurred_at, s.channel
              from states s
             where (${rule.where})${byChannel ? ' and s.channel = :channel' : ''}`;
  }
  const events = `select e.case_number, e.seq, e.occurred_at, ${countedChannel} as channel
      from case_event e
      join cases c on c.case_number = e.case_number
     where ${inPeriod}
       and ${countedCondition(name)}${byChannel ? ` and ${countedChannel} = :channel` : ''}`;
  return countedRules[name].oncePerCase
    ? `select distinct on (case_number) * from (${events}) counted order by case_number, seq`
    : events;
}
