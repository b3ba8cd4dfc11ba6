/**
 * The limits the regulations put on a deadline policy (时限上限). An administrator's
 * draft may shorten what the law allows an office, never lengthen it, and never shorten
 * what the law grants the complainant (the windows to ask for review). Each limit
 * names the article it comes from, so a refusal can say which rule it breaks.
 * Plain data and pure functions only.
 */
import type { ClockName, DayCount } from '../policy';

export interface PolicyLimit {
  /** At most (an office's time) or at least (a complainant's window) this many days… */
  bound: 'max' | 'min';
  days: number;
  /** …counted like this. A calendar-day limit can only be kept counting calendar days. */
  counting: Exclude<DayCount, 'minutes'>;
  /** The article, as the offices cite it; the same text in both languages. */
  article: string;
}

const regulations = '《信访工作条例》';
const disciplineRules = '《纪检监察机关处理检举控告工作规则》';

export const clockLimits: Partial<Record<ClockName, PolicyLimit>> = {
  routing: { bound: 'max', days: 15, counting: 'calendar_days', article: `${regulations}第22条` },
  acceptanceNotice: { bound: 'max', days: 15, counting: 'calendar_days', article: `${regulations}第23条` },
  assignmentObjection: { bound: 'max', days: 5, counting: 'working_days', article: `${regulations}第23条` },
  disciplineAcceptance: {
    bound: 'max',
    days: 5,
    counting: 'working_days',
    article: `${disciplineRules}第16条`,
  },
  handling: { bound: 'max', days: 60, counting: 'calendar_days', article: `${regulations}第34条` },
  replyDelivery: { bound: 'max', days: 15, counting: 'working_days', article: disciplineRules },
  reviewRequest: { bound: 'min', days: 30, counting: 'calendar_days', article: `${regulations}第35条` },
  reviewDecision: { bound: 'max', days: 30, counting: 'calendar_days', article: `${regulations}第35条` },
  reReviewRequest: { bound: 'min', days: 30, counting: 'calendar_days', article: `${regulations}第36条` },
  reReviewDecision: { bound: 'max', days: 30, counting: 'calendar_days', article: `${regulations}第36条` },
};

/** The notice to a real-name complainant of a discipline body (规则). */
export const disciplineNoticeLimit: PolicyLimit = {
  bound: 'max',
  days: 15,
  counting: 'working_days',
  article: disciplineRules,
};

/** One extension at most, of at most 30 days (条例 Art. 34). */
export const extensionLimits = { maxDays: 30, maxCount: 1, article: `${regulations}第34条` } as const;

/** Why a length breaks its limit, or null when it keeps it. */
export type LimitBreach =
  | { code: 'overMaximum'; days: number; article: string }
  | { code: 'underMinimum'; days: number; article: string }
  | { code: 'calendarDaysOnly'; article: string };

/**
 * A maximum in working days is kept by any length up to it in either counting (a
 * calendar day is never longer than a working day); a maximum in calendar days only by
 * calendar days (a working day can be a week long over a holiday). A minimum in calendar
 * days is kept by at least as many days in either counting.
 */
export function limitBreach(limit: PolicyLimit, length: number, counting: DayCount): LimitBreach | null {
  if (limit.bound === 'min') {
    return length < limit.days ? { code: 'underMinimum', days: limit.days, article: limit.article } : null;
  }
  if (limit.counting === 'calendar_days' && counting === 'working_days') {
    return { code: 'calendarDaysOnly', article: limit.article };
  }
  return length > limit.days ? { code: 'overMaximum', days: limit.days, article: limit.article } : null;
}
