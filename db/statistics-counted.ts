import { repliedQuickly } from './close-out-figures';

/**
 * Which timeline rows each counted figure of the statistics (统计) is made of, written once:
 * the figures (db/statistics.ts) count these rows and the drill-down (db/statistics-cases.ts)
 * lists them, so a figure and the cases behind it cannot disagree. db/statistics.ts's header
 * says in words what each figure counts.
 *
 * A rule is over `e`, an event of `case_event` in the period `[:from, :to)`, and `c`, its case
 * as the `cases` CTE has it (`consultation`, `channel`).
 */

/** The figures that are plain counts, each summed over the groups a figure is made of. */
export const countNames = [
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
] as const;
export type CountName = (typeof countNames)[number];

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

export const countedRules: Record<CountName, CountedRule> = {
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
};

const quote = (type: string) => `'${type}'`;

/** The SQL condition of a figure over `e` and `c`. */
export function countedCondition(name: CountName): string {
  const rule = countedRules[name];
  return [
    `e.type in (${rule.types.map(quote).join(', ')})`,
    rule.consultations ? 'c.consultation' : 'not c.consultation',
    ...(rule.and ? [`(${rule.and})`] : []),
  ].join(' and ');
}

/** The event types any of these figures counts: what the period's scan has to read. */
export const countedTypes = (names: readonly CountName[]): string =>
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
