import type { CaseState } from './case-commands';
import { processRulesFor, type ReportingPolicy } from './policy';
import { officeDateOf, officeMidnightOf, officeOffsetMs } from './time';

/**
 * The weekly close-out (一周一销号), the upward weekly report (每周一报) and the
 * monthly bulletin (一月一通报): the rule a case must meet to be struck off, when a
 * week and a month end, and the figures a report carries. Plain data and pure
 * functions: workflow code imports this.
 */

/** What a case still lacks before it can be struck off (销号). */
export type CloseOutGap =
  /** No outcome yet: not replied, or a review still running. */
  | 'outcome'
  /** The written reply has not reached the complainant. */
  | 'reply_delivery'
  /** Neither the complainant's satisfaction nor a leader's reasoned sign-off. */
  | 'satisfaction_or_sign_off'
  /** A backlog case (积案) needs its owning leader's sign-off. */
  | 'owner_sign_off';

/** The close-out rule: outcome recorded, reply delivered, satisfied or signed off, and the owner's sign-off for a backlog case. */
export function closeOutGaps(s: CaseState): CloseOutGap[] {
  const gaps: CloseOutGap[] = [];
  if (s.status !== 'close_out_pending') gaps.push('outcome');
  if (!s.replyDelivered) gaps.push('reply_delivery');
  const signOff = s.closeOutSignOff ?? null;
  if (!s.evaluation?.satisfied && !signOff) gaps.push('satisfaction_or_sign_off');
  if (s.backlog && (!signOff || signOff.staffId !== s.backlog.owner?.staffId)) gaps.push('owner_sign_off');
  return gaps;
}

export const meetsCloseOutRule = (s: CaseState): boolean => closeOutGaps(s).length === 0;

/** A leader's (or, for an ordinary case, the office head's) reasoned sign-off for close-out. */
export interface CloseOutSignOff {
  staffId: number;
  name: string;
  reason: string;
  at: string;
}

const dayMs = 86_400_000;
const officeDate = (ms: number): string => officeDateOf(ms);
const officeMidnight = officeMidnightOf;
const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The instant of the weekly close-out on the week of `date` (office time), as the policy sets it. */
function closeOutInstantOfWeek(date: string, policy: ReportingPolicy): number {
  const midnight = officeMidnight(date);
  const weekday = new Date(midnight + officeOffsetMs).getUTCDay();
  const shift = (policy.weeklyCloseOut.weekday - weekday + 7) % 7;
  return midnight + shift * dayMs + minutesOf(policy.weeklyCloseOut.time) * 60_000;
}

/**
 * The scheduled close-out a moment belongs to: the first one at or after it. A
 * scheduled run closes the week ending at its own time; an office that closes
 * early closes the week the next scheduled run would have closed.
 */
export function closeOutAt(instant: string, policy: ReportingPolicy): string {
  const t = Date.parse(instant);
  let at = closeOutInstantOfWeek(officeDate(t - 7 * dayMs), policy);
  while (at < t) at += 7 * dayMs;
  return new Date(at).toISOString();
}

/** The last scheduled close-out at or before a moment: what a run started by the Schedule (however late) stands for. */
export const latestCloseOutAt = (instant: string, policy: ReportingPolicy): string =>
  closeOutAt(new Date(Date.parse(instant) - 7 * dayMs + 1).toISOString(), policy);

/** The week a close-out closes, named by the office date of its scheduled close-out (e.g. `2026-11-23`). */
export const closeOutWeek = (instant: string, policy: ReportingPolicy): string =>
  officeDate(Date.parse(closeOutAt(instant, policy)));

/** The scheduled close-outs from `from` to `to` (inclusive), as a Temporal Schedule with the policy's spec fires them. */
export function closeOutTimes(from: string, to: string, policy: ReportingPolicy): string[] {
  const times: string[] = [];
  for (let at = Date.parse(closeOutAt(from, policy)); at <= Date.parse(to); at += 7 * dayMs)
    times.push(new Date(at).toISOString());
  return times;
}

/** The month a bulletin published at `instant` reports on: the office month before it (`YYYY-MM`). */
export function bulletinMonth(instant: string): string {
  const date = officeDate(Date.parse(instant));
  const [y, m] = date.split('-').map(Number) as [number, number];
  const prev = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
  return `${prev.y}-${String(prev.m).padStart(2, '0')}`;
}

/** The instants a month starts and ends (office time): `[from, to)`. */
export function monthPeriod(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: new Date(officeMidnight(`${month}-01`)).toISOString(),
    to: new Date(officeMidnight(`${next}-01`)).toISOString(),
  };
}

/** A unit as a report names it. */
export interface ReportUnit {
  id: number;
  code: string;
  name: string;
  level: string;
  path: string;
  parentId: number | null;
}

/**
 * One unit's week, counted from the timeline (全程留痕) over `[periodFrom, periodTo)`,
 * so that counting a past week again gives the same numbers. Counts are of the
 * unit's own cases; a roll-up adds them over a subtree.
 */
export interface WeekFigures {
  /** Registered during the week. */
  newCases: number;
  /** Struck off (销号) by this week's close-out. */
  closedOut: number;
  /** Closed-out cases that came back during the week (look-back, recurrence). */
  reopened: number;
  /** Open at the end of the week. */
  stillOpen: number;
  /** Open at the end of the week with a deadline breached (超期). */
  overdue: number;
  /** Escalations (督办) during the week. */
  escalated: number;
  /** Open backlog cases (积案存量) at the end of the week, and at its start. */
  backlogStock: number;
  backlogStockBefore: number;
  /** Of this week's closed-out cases, those replied within 5 days of receipt, and how many had a reply at all. */
  closedWithin5Days: number;
  /** Evaluations during the week, and how many were satisfied. */
  evaluations: number;
  satisfied: number;
  /** 咨询, counted apart from the petitions above: registered during the week, and answered during it. */
  consultations: number;
  consultationsAnswered: number;
}

export const emptyWeekFigures = (): WeekFigures => ({
  newCases: 0,
  closedOut: 0,
  reopened: 0,
  stillOpen: 0,
  overdue: 0,
  escalated: 0,
  backlogStock: 0,
  backlogStockBefore: 0,
  closedWithin5Days: 0,
  evaluations: 0,
  satisfied: 0,
  consultations: 0,
  consultationsAnswered: 0,
});

/** Figures over several units: counts add, rates come from the sums. */
export function addWeekFigures(a: WeekFigures, b: WeekFigures): WeekFigures {
  const sum = emptyWeekFigures();
  for (const key of Object.keys(sum) as (keyof WeekFigures)[]) sum[key] = a[key] + b[key];
  return sum;
}

/** What a report shows beside the counts. */
export interface WeekMeasures {
  /** 积案存量变化: negative is progress. */
  backlogChange: number;
  /** 距清零: the backlog stock still to clear. */
  distanceToZero: number;
  /** Weeks to zero at this week's pace; null when the stock did not fall. */
  weeksToZero: number | null;
  /** 5日内办结率 of the week's closed-out cases; null with none closed out. */
  closedWithin5DaysRate: number | null;
  /** 满意率; null with no evaluation. */
  satisfactionRate: number | null;
}

export function weekMeasures(f: WeekFigures): WeekMeasures {
  const change = f.backlogStock - f.backlogStockBefore;
  return {
    backlogChange: change,
    distanceToZero: f.backlogStock,
    weeksToZero: f.backlogStock === 0 ? 0 : change < 0 ? Math.ceil(f.backlogStock / -change) : null,
    closedWithin5DaysRate: f.closedOut === 0 ? null : f.closedWithin5Days / f.closedOut,
    satisfactionRate: f.evaluations === 0 ? null : f.satisfied / f.evaluations,
  };
}

/** A unit's closed week as stored (immutable once written). */
export interface CloseOutWeekSnapshot {
  unit: ReportUnit;
  /** The office date of the scheduled close-out that ends the week. */
  week: string;
  periodFrom: string;
  periodTo: string;
  /** `schedule`, or `staff:<id>` for an office that closed early. */
  runBy: string;
  /** When the snapshot was written. */
  closedAt: string;
  figures: WeekFigures;
  /** The case numbers this close-out struck off. */
  struckOff: string[];
}

/** 每周一报: a unit's week with its subtree rolled up, and who below has not closed the week yet. */
export interface WeeklyReport {
  unit: ReportUnit;
  week: string;
  /** The unit's own snapshot, or null if it has not closed the week. */
  own: CloseOutWeekSnapshot | null;
  /** The sum over every unit in the subtree that has closed the week. */
  subtree: WeekFigures;
  /** Each child unit with its own subtree's sum. */
  children: {
    unit: ReportUnit;
    figures: WeekFigures;
    /** Units in that child's subtree (itself included) that have not closed the week. */
    notClosed: number;
  }[];
  /** Every unit in the subtree that has not closed the week yet. */
  notClosed: ReportUnit[];
}

/** A point of the trend toward zero: the subtree's figures of one week. */
export interface WeekTrendPoint {
  week: string;
  figures: WeekFigures;
}

/** 一月一通报: the child units of a unit ranked, the overdue cases named, last month beside. */
export interface MonthlyBulletin {
  unit: ReportUnit;
  month: string;
  periodFrom: string;
  periodTo: string;
  publishedAt: string;
  rows: BulletinRow[];
  overdueCases: OverdueCase[];
}

export interface BulletinFigures {
  /** Open with a deadline breached at the month's end. */
  overdue: number;
  /** Open at the month's start, new during it, struck off during it: 化解率 = closedOut / (openAtStart + newCases). */
  openAtStart: number;
  newCases: number;
  closedOut: number;
  evaluations: number;
  satisfied: number;
  backlogStock: number;
}

export interface BulletinRow {
  unit: ReportUnit;
  figures: BulletinFigures;
  clearanceRate: number | null;
  satisfactionRate: number | null;
  /** 1 is best: fewest overdue, highest clearance, highest satisfaction. */
  rankOverdue: number;
  rankClearance: number;
  rankSatisfaction: number;
  /** The same unit's row in last month's bulletin, if there was one. */
  lastMonth: Omit<BulletinRow, 'lastMonth' | 'unit'> | null;
}

export interface OverdueCase {
  caseNumber: string;
  unitName: string;
  summary: string;
  /** The breached clock and its due date. */
  clock: string | null;
  dueDate: string | null;
  ownerLeader: string | null;
  handlingDepartment: string | null;
  backlog: boolean;
}

/** The state a look-back round (回头看) leaves. */
export interface LookBackRound {
  /** 1, 2, … for the policy's revisits; 0 for a campaign's, which carries its id. */
  round: number;
  campaignId?: number | undefined;
  askedAt: string;
  complainantAnswer?: { holds: boolean; comment?: string | undefined; at: string } | undefined;
  officeCheck?: { holds: boolean; finding: string; by: string; at: string } | undefined;
}

export interface LookBackState {
  /** The policy's revisits (counted from the close-out) asked so far, and found to hold. */
  roundsAsked: number;
  roundsHeld: number;
  /** The round waiting for an answer or a check, if any. */
  open: LookBackRound | null;
  /** Until when the case can still come back (then the workflow ends). */
  listensUntil: string;
}

/**
 * 回头看: when the next of the policy's revisits of a closed-out case falls due (ms since
 * the epoch), or null when all have been asked or the case is not closed out.
 */
export function nextRevisitAt(s: CaseState): number | null {
  if (!s.lookBack || !s.closedAt) return null;
  const days = processRulesFor(s.policyVersion).reporting.lookBack.revisitDays[s.lookBack.roundsAsked];
  return days === undefined ? null : Date.parse(s.closedAt) + days * 86_400_000;
}
