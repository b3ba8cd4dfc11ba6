import type { StaffActor } from './actor';
import type { ImportedHistory } from './backlog';
import type { ClockName, EscalationTarget } from './policy';
import type { Petition } from './petition';

/**
 * Where a case stands (the design's state picture). The workflow owns this; the
 * ledger mirrors it.
 */
export const caseStatuses = [
  'received',
  /** 登记: waiting for triage and same-day dispatch. */
  'registered',
  /** 受理: accepted, waiting to be dispatched to a handling department. */
  'accepted',
  /** 转送: out of the office's scope, forwarded; the receiving body must report back. */
  'forwarded',
  /** 办理: dispatched, the department handles it. */
  'in_handling',
  /** 答复: the written reply is out; the complainant may evaluate. */
  'replied',
  /** 不满意: waiting for re-supervision or a review request. */
  'unsatisfied',
  /** 复查: the level above reviews the reply. */
  'under_review',
  /** 复查意见已出: the complainant may ask for a re-review. */
  'review_decided',
  /** 复核: the level above the reviewer decides, finally. */
  'under_re_review',
  /** 待销号 */
  'close_out_pending',
  /** 已销号: struck off by the weekly close-out; look-back revisits (回头看) follow. */
  'closed_out',
  /** 归档: the last look-back found the matter holds. */
  'archived',
  /** 不予受理 and other ends without close-out. */
  'closed',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const openStatuses: readonly CaseStatus[] = caseStatuses.filter(
  (s) => s !== 'closed_out' && s !== 'closed' && s !== 'archived',
);

/** Ended by close-out: the case can still come back (回头看, a new petition on the matter). */
export const closedOutStatuses: readonly CaseStatus[] = ['closed_out', 'archived'];

/** The kinds of event on a case's timeline (全程留痕). */
export const caseEventTypes = [
  'registered',
  'accepted',
  'not_accepted',
  'forwarded',
  'forward_feedback',
  'routed_to_discipline',
  'dispatched',
  'assignment_objected',
  'assignment_acknowledged',
  'progress_reported',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'replied',
  'reply_delivered',
  'evaluated',
  're_supervision_ordered',
  'review_requested',
  'review_decided',
  're_review_requested',
  're_review_decided',
  'supervision_order_issued',
  'closed_out',
  'deadline_warning',
  'deadline_escalated',
  'deadline_lapsed',
  'deadlines_recomputed',
  /** This petition joined an open case on the same matter (并入在办件) and ends here. */
  'joined_open_case',
  /** A repeat petition on this case's matter was linked to it (重复信访). */
  'repeat_petition_linked',
  'designated_backlog',
  'backlog_flags_updated',
  'leader_assigned',
  'ownership_claimed',
  'task_force_named',
  'plan_set',
  'backlog_progress_reported',
  'field_visit_recorded',
  /** A leader's reasoned sign-off for close-out (领导签字销号). */
  'close_out_signed_off',
  /** 回头看: the complainant is asked whether the matter holds. */
  'look_back_asked',
  'look_back_answered',
  /** The office's own check at a look-back. */
  'look_back_checked',
  /** A closed-out case came back: recurrence, a new petition on the matter, or the office's finding. */
  'reopened',
  'archived',
  /** The complainant added a message or material (from the status page, or told the office). */
  'complainant_message',
  /** A written notice (文书) was issued, with its number. */
  'written_notice_issued',
  /** A written notice reached its addressee (送达). */
  'written_notice_delivered',
  /** 上报/移交: handed to the unit above or the body with the power; the case goes on under it. */
  'handed_over',
  /** 检举控告: the discipline office chose one of the four ways of disposal (处置方式), with its reason. */
  'report_classified',
  /** 检举控告: the finding (核查结论), a case opened (立案) and its sanction; the reporter's feedback is due. */
  'report_concluded',
  /** 检举控告: marked urgent (优先处置) or not. */
  'report_urgency_set',
  /** 咨询: triage found a request for information; the petition clocks stop. */
  'reclassified_as_consultation',
  /** 咨询: answered, and the case closes. */
  'consultation_answered',
  /** 找回查询码: the complainant proved their phone and got a new access code; the old one stopped working. */
  'access_code_reissued',
] as const;
export type CaseEventType = (typeof caseEventTypes)[number];

export interface CaseStart {
  caseNumber: string;
  petition: Petition;
  /** When the office received it, ISO-8601; deadlines count from here. */
  receivedAt: string;
  policyVersion: string;
  /** The extension limit of a version an administrator published; this file's versions hold their own (domain/policy.ts). */
  extension?: { maxDays: number; maxCount: number } | undefined;
  /** The clerk who entered a visit, letter or call; absent for the complainant's own submission. */
  enteredBy?: StaffActor | undefined;
  /** A case from a campaign screening (集中排查), with its real history dates. */
  imported?: ImportedHistory | undefined;
  /** Continue as new after this many history events (Temporal's own suggestion applies too); tests set it low. */
  historyEventLimit?: number | undefined;
}

/** The unit a case belongs to or a department sits in, as the workflow needs it for jurisdiction. */
export interface UnitRef {
  id: number;
  code: string;
  name: string;
  level: string;
  /** Materialised path '/1/4/9/': a unit's subtree is every path starting with it. */
  path: string;
  parentId: number | null;
}

export interface DepartmentRef {
  id: number;
  name: string;
  kind: 'petition_office' | 'discipline_body' | 'handling_department';
  unit: UnitRef;
}

/** A deadline the case is running against, as computed by the deadline activity from the case's policy. */
export interface Deadline {
  clock: ClockName;
  startedAt: string;
  /** Last day, inclusive, as the office counts it (YYYY-MM-DD, Asia/Shanghai). */
  dueDate: string;
  /** The instant the deadline is breached: the start of the day after `dueDate`. */
  dueAt: string;
  /** Instants of the warnings before `dueAt`. */
  warnAt: string[];
  /** When a breach escalates (after any grace), or null when the window simply lapses. */
  escalateAt: string | null;
  escalateTo: EscalationTarget | null;
  /** Counted over a year whose holiday calendar was not yet loaded: weekdays only. */
  provisional: boolean;
  /** The unit whose office owns the clock; escalation goes above it. */
  responsibleUnitId: number;
  /** The leader who owns the clock (a backlog case's plan and weekly progress); escalation goes to their superior. */
  responsibleStaffId?: number | undefined;
  warningsSent: number;
  /** An approved extension (延期), counted on from the original due date. */
  extendedByDays?: number | undefined;
  breachedAt?: string | undefined;
  escalatedAt?: string | undefined;
}

export interface Escalation {
  clock: ClockName;
  toUnitId: number;
  at: string;
}

export interface CaseEvaluation {
  satisfied: boolean;
  at: string;
}

export const caseWorkflowId = (caseNumber: string): string => `case-${caseNumber}`;
