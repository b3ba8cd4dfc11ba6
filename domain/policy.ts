/**
 * The deadline policy (时限政策): every clock a case runs, how long it is, how it is
 * counted and what happens when it runs out. Policy is data: a case keeps the
 * version it started under for life; a new version applies to new cases.
 * Plain data only: workflow code imports this.
 */

export const clockNames = [
  'dispatch',
  'routing',
  'acceptanceNotice',
  'forwardFeedback',
  'assignmentObjection',
  'disciplineAcceptance',
  'handling',
  'replyDelivery',
  'reviewRequest',
  'reviewDecision',
  'reReviewRequest',
  'reReviewDecision',
  'rectification',
  /** 积案: a leader takes ownership (包案). */
  'ownership',
  /** 积案: the owning leader sets the resolution plan (化解方案). */
  'resolutionPlan',
  /** 积案: a progress entry every week until close-out. */
  'weeklyProgress',
] as const;
/** A deadline a case can be running against. */
export type ClockName = (typeof clockNames)[number];

/** `minutes` is for drill policies only (see `drillPolicyVersion`): a clock that runs out while a drill watches. */
export type DayCount = 'calendar_days' | 'working_days' | 'minutes';

/**
 * Who a breach goes to: the office head of the unit responsible for the clock, that
 * unit's leader, the next level up the unit tree (its office and supervisors)
 * together with the unit's leader, or the superior of the leader who owns a
 * backlog case (the leaders and supervisors of the level above the owner's unit).
 */
export const escalationTargets = ['office_head', 'unit_leader', 'level_above', 'leader_superior'] as const;
export type EscalationTarget = (typeof escalationTargets)[number];

/** With `minutes` counting, the length, the warnings and the escalation grace are all minutes. */
export interface ClockRule {
  length: number;
  counting: DayCount;
  /** Warnings this many calendar days before the deadline (to the responsible office). */
  warnBeforeDays: number[];
  /**
   * On breach: `escalate` goes to `escalateTo` (after `escalateAfterWorkingDays` of
   * grace, during which the office is warned); `lapse` means the window simply
   * closes (an objection or a review not asked for in time).
   */
  onBreach: 'escalate' | 'lapse';
  escalateTo?: EscalationTarget;
  escalateAfterWorkingDays?: number;
  /** Where the rule comes from, as the offices cite it. */
  source: string;
}

export interface DeadlinePolicy {
  version: string;
  /** In force for cases received from this office date on. */
  effectiveFrom: string;
  clocks: Record<ClockName, ClockRule>;
  /** Real-name complaints to a discipline body count their notice in working days (规则). */
  disciplineRealNameNotice: Pick<ClockRule, 'length' | 'counting'>;
  /** One extension at most, of at most this many calendar days, approved by the office head. */
  extension: { maxDays: number; maxCount: number };
  backlog: BacklogPolicy;
  reporting: ReportingPolicy;
}

/**
 * When offices report (一周一销号, 一月一通报) and revisit closed cases (回头看).
 * Times are office time (Asia/Shanghai); the Temporal Schedules are made from this.
 */
export interface ReportingPolicy {
  /** 1 is Monday … 7 is Sunday; `HH:mm`. */
  weeklyCloseOut: { weekday: number; time: string };
  monthlyBulletin: { dayOfMonth: number; time: string };
  lookBack: {
    /** Revisits, in calendar days after close-out. */
    revisitDays: number[];
    /** After the last revisit holds, the case can still come back (a new petition, a campaign) this long. */
    listenDays: number;
  };
  /** 快速办结: replied within this many days of receipt. */
  quickClosureDays: number;
}

/** When a case becomes a backlog case (积案) by itself, and how the «三多» flags are read. */
export interface BacklogPolicy {
  /** A breach of one of these clocks makes the case overdue (超期未办结). */
  overdueClocks: ClockName[];
  /** This many repeat petitions linked to the case (重复访). */
  repeatsAtLeast: number;
  /** A repeat brought to a level above the case's own (越级访). */
  aboveProperLevel: boolean;
  /** Open longer than this many months since receipt. */
  openLongerThanMonths: number;
  /** 多年: first received at least this many months ago. */
  manyYearsAfterMonths: number;
  /** 多层: brought at this many levels of the unit tree. */
  manyLevelsAtLeast: number;
  /** 多头: brought to, or passed between, this many offices and departments. */
  manyOfficesAtLeast: number;
}

const policy2026: DeadlinePolicy = {
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  clocks: {
    // 即收即转、当日分办: the office is warned at the end of the day, the head a working day later.
    dispatch: {
      length: 0,
      counting: 'working_days',
      warnBeforeDays: [],
      onBreach: 'escalate',
      escalateTo: 'office_head',
      escalateAfterWorkingDays: 1,
      source: 'office practice (即收即转、当日分办)',
    },
    routing: {
      length: 15,
      counting: 'calendar_days',
      warnBeforeDays: [3],
      onBreach: 'escalate',
      escalateTo: 'unit_leader',
      source: '《信访工作条例》第22条',
    },
    acceptanceNotice: {
      length: 15,
      counting: 'calendar_days',
      warnBeforeDays: [3],
      onBreach: 'escalate',
      escalateTo: 'level_above',
      source: '《信访工作条例》第23条',
    },
    forwardFeedback: {
      length: 15,
      counting: 'working_days',
      warnBeforeDays: [3],
      onBreach: 'escalate',
      escalateTo: 'office_head',
      source: '《信访工作条例》第22条 (转送、交办后反馈)',
    },
    assignmentObjection: {
      length: 5,
      counting: 'working_days',
      warnBeforeDays: [],
      onBreach: 'lapse',
      source: '《信访工作条例》第23条 (交办异议)',
    },
    disciplineAcceptance: {
      length: 5,
      counting: 'working_days',
      warnBeforeDays: [],
      onBreach: 'escalate',
      escalateTo: 'level_above',
      source: '《纪检监察机关处理检举控告工作规则》第16条',
    },
    handling: {
      length: 60,
      counting: 'calendar_days',
      warnBeforeDays: [7, 3],
      onBreach: 'escalate',
      escalateTo: 'level_above',
      source: '《信访工作条例》第34条',
    },
    replyDelivery: {
      length: 15,
      counting: 'working_days',
      warnBeforeDays: [3],
      onBreach: 'escalate',
      escalateTo: 'office_head',
      source: '《纪检监察机关处理检举控告工作规则》(结果反馈)',
    },
    reviewRequest: {
      length: 30,
      counting: 'calendar_days',
      warnBeforeDays: [],
      onBreach: 'lapse',
      source: '《信访工作条例》第35条',
    },
    reviewDecision: {
      length: 30,
      counting: 'calendar_days',
      warnBeforeDays: [7],
      onBreach: 'escalate',
      escalateTo: 'level_above',
      source: '《信访工作条例》第35条',
    },
    reReviewRequest: {
      length: 30,
      counting: 'calendar_days',
      warnBeforeDays: [],
      onBreach: 'lapse',
      source: '《信访工作条例》第36条',
    },
    reReviewDecision: {
      length: 30,
      counting: 'calendar_days',
      warnBeforeDays: [7],
      onBreach: 'escalate',
      escalateTo: 'level_above',
      source: '《信访工作条例》第36条',
    },
    // 督办整改: re-supervision after an unsatisfied evaluation or buck-passing.
    rectification: {
      length: 15,
      counting: 'calendar_days',
      warnBeforeDays: [3],
      onBreach: 'escalate',
      escalateTo: 'level_above',
      source: 'office practice (督办整改时限)',
    },
    ownership: {
      length: 3,
      counting: 'working_days',
      warnBeforeDays: [1],
      onBreach: 'escalate',
      escalateTo: 'leader_superior',
      source: 'office practice (一案一领导：认定后3个工作日内包案)',
    },
    resolutionPlan: {
      length: 7,
      counting: 'calendar_days',
      warnBeforeDays: [2],
      onBreach: 'escalate',
      escalateTo: 'leader_superior',
      source: 'office practice (一案一方案：包案后7日内制定化解方案)',
    },
    weeklyProgress: {
      length: 7,
      counting: 'calendar_days',
      warnBeforeDays: [1],
      onBreach: 'escalate',
      escalateTo: 'leader_superior',
      source: 'office practice (每周一报：化解进展每周报送)',
    },
  },
  disciplineRealNameNotice: { length: 15, counting: 'working_days' },
  extension: { maxDays: 30, maxCount: 1 },
  backlog: {
    overdueClocks: ['handling', 'rectification', 'reviewDecision', 'reReviewDecision'],
    repeatsAtLeast: 2,
    aboveProperLevel: true,
    openLongerThanMonths: 6,
    manyYearsAfterMonths: 12,
    manyLevelsAtLeast: 2,
    manyOfficesAtLeast: 2,
  },
  reporting: {
    weeklyCloseOut: { weekday: 1, time: '09:00' },
    monthlyBulletin: { dayOfMonth: 1, time: '09:00' },
    lookBack: { revisitDays: [30, 90], listenDays: 365 },
    quickClosureDays: 5,
  },
};

const policies: Record<string, DeadlinePolicy> = { [policy2026.version]: policy2026 };

/** The policy new cases start under. */
export const currentPolicyVersion = policy2026.version;

/** The policies offices work under; drill policies are not among them. */
export const policyVersions = (): string[] => Object.keys(policies);

const minutesPerDay = 24 * 60;
const drillVersionPattern = /^drill-(\d{1,4})m$/;
export const maxDrillMinutes = minutesPerDay;

/**
 * A fault drill's or a benchmark's policy (演练): the current policy counted on the
 * clock instead of the calendar, with the dispatch clock running out `minutes` after
 * it starts and escalating to the office head a minute later. The other clocks keep
 * their real length in minutes, so nothing else falls due while a drill watches.
 */
export const drillPolicyVersion = (minutes: number): string => `drill-${minutes}m`;

export const isDrillPolicyVersion = (version: string): boolean => drillMinutes(version) !== null;

function drillMinutes(version: string): number | null {
  const match = drillVersionPattern.exec(version);
  const minutes = match ? Number(match[1]) : 0;
  return minutes >= 1 && minutes <= maxDrillMinutes ? minutes : null;
}

const inMinutes = (rule: ClockRule): ClockRule => ({
  ...rule,
  length: rule.length * minutesPerDay,
  counting: 'minutes',
  warnBeforeDays: rule.warnBeforeDays.map((days) => days * minutesPerDay),
  ...(rule.escalateAfterWorkingDays !== undefined
    ? { escalateAfterWorkingDays: rule.escalateAfterWorkingDays * minutesPerDay }
    : {}),
});

function drillPolicy(version: string, minutes: number): DeadlinePolicy {
  const base = policy2026;
  const clocks = Object.fromEntries(clockNames.map((name) => [name, inMinutes(base.clocks[name])])) as Record<
    ClockName,
    ClockRule
  >;
  clocks.dispatch = {
    ...clocks.dispatch,
    length: minutes,
    warnBeforeDays: [],
    escalateAfterWorkingDays: 1,
    source: 'fault drill (演练)',
  };
  return {
    ...base,
    version,
    clocks,
    disciplineRealNameNotice: {
      length: base.disciplineRealNameNotice.length * minutesPerDay,
      counting: 'minutes',
    },
  };
}

/** The policy a new install works under, and the base of every version an administrator publishes. */
export const defaultPolicy: DeadlinePolicy = policy2026;

/** What the case workflow itself reads of a policy, beyond the clocks the deadline activity counts. */
export type ProcessRules = Pick<DeadlinePolicy, 'extension' | 'backlog' | 'reporting'>;

/**
 * The rules the case workflow applies by itself: a version of this file (or a drill's)
 * has its own; a version an administrator published in the console
 * (db/administration/policy-versions.ts) changes only clocks, the extension limit (which
 * its cases carry in their start) and categories, and keeps the default's rules for
 * backlog designation, reporting and look-back. Pure, so workflow code may call it.
 */
export function processRulesFor(version: string): ProcessRules {
  const known = policies[version] ?? (drillMinutes(version) !== null ? policyFor(version) : defaultPolicy);
  return { extension: known.extension, backlog: known.backlog, reporting: known.reporting };
}

export function policyFor(version: string): DeadlinePolicy {
  const policy = policies[version];
  if (policy) return policy;
  const minutes = drillMinutes(version);
  if (minutes !== null) return drillPolicy(version, minutes);
  throw new Error(`No deadline policy with version ${version}`);
}
