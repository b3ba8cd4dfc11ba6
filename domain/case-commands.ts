import { holdsRole, isAbove, isWithin, type Actor, type StaffRole } from './actor';
import type {
  BacklogFlags,
  BacklogState,
  FieldVisit,
  LeaderRef,
  Milestone,
  RepeatPetitions,
  TaskForceMember,
} from './backlog';
import {
  caseStatuses,
  closedOutStatuses,
  openStatuses,
  type CaseEvaluation,
  type CaseStatus,
  type Deadline,
  type DepartmentRef,
  type Escalation,
  type UnitRef,
} from './case';
import { closeOutGaps, type CloseOutSignOff, type LookBackState } from './close-out';
import {
  findingDisposals,
  type Disposal,
  type Finding,
  type ReportState,
  type SanctionKind,
} from './discipline';
import type { PetitionKind } from './petition';
import type { ClockName } from './policy';
import type { DeliveryMethod, WrittenNoticeKind } from './written-notices';

/**
 * What staff and complainants may do to a case, and when they may not. The case
 * workflow's Update validators and the API's "what may I do here" both ask
 * `refusalOf`, so the buttons a person sees and the answers they get agree.
 * Plain data and pure functions: workflow code imports this.
 */

/** The state the case workflow keeps and carries across continue-as-new. */
export interface CaseState {
  caseNumber: string;
  policyVersion: string;
  unit: UnitRef;
  /** Named complainant (实名); anonymous ones follow the case by receipt code. */
  realName: boolean;
  /** The reply can be e-mailed; otherwise the office delivers it and records that. */
  complainantHasEmail: boolean;
  category: string;
  receivedAt: string;
  status: CaseStatus;
  /** Sequence number of the last timeline event. */
  seq: number;
  handlingDepartment: DepartmentRef | null;
  forwardedTo: string | null;
  objections: number;
  extension: { days: number; reason: string; state: 'requested' | 'approved' | 'refused' } | null;
  extensionsGranted: number;
  maxExtensionDays: number;
  maxExtensions: number;
  replyDelivered: boolean;
  evaluation: CaseEvaluation | null;
  /** The unit that decides a review (复查), then a re-review (复核). */
  reviewUnit: UnitRef | null;
  reReviewUnit: UnitRef | null;
  /** Running deadlines only; a stopped one leaves the state (and stays in the ledger). */
  deadlines: Partial<Record<ClockName, Deadline>>;
  escalation: Escalation | null;
  acceptedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  /** 积案: set once the case is designated; absent in states carried from before backlog cases existed. */
  backlog?: BacklogState | null | undefined;
  repeats?: RepeatPetitions | undefined;
  /** The open case this petition joined (并入), when it ended that way. */
  joinedCaseNumber?: string | null | undefined;
  /** The office where the petition was first brought, when older than this case (imported history). */
  departmentsInvolved?: number[] | undefined;
  /** The leader's (or office head's) reasoned sign-off for close-out, until the case is struck off or reopened. */
  closeOutSignOff?: CloseOutSignOff | null | undefined;
  /** Since when the case meets the close-out rule (the weekly close-out strikes it off). */
  closeOutReadyAt?: string | null | undefined;
  /** The close-out week that struck it off. */
  closedOutWeek?: string | null | undefined;
  /** 回头看, after close-out. */
  lookBack?: LookBackState | null | undefined;
  reopenedCount?: number | undefined;
  /**
   * Dispatch stays within the case's unit and the units below it; going up is a
   * hand-over (上报/移交). Absent in cases that started before hand-overs existed.
   */
  handOverRules?: boolean | undefined;
  /** 信访诉求, 检举控告 or 咨询; absent in states from before the kinds: a petition. */
  kind?: PetitionKind | undefined;
  /** 检举控告: how the discipline office disposes of the report, once accepted. */
  report?: ReportState | null | undefined;
  /** Written notices (文书) on the timeline; absent in states carried from before they existed. */
  writtenNotices?: IssuedNotice[] | undefined;
  /** The lost-code requests whose re-issue is on the timeline, so a retried record adds nothing. */
  accessCodeReissues?: string[] | undefined;
}

/** A written notice the workflow recorded: the acceptance notice's delivery stops its clock. */
export interface IssuedNotice {
  noticeId: number;
  kind: WrittenNoticeKind;
  documentNumber: string;
  delivered: boolean;
}

export interface TriageCommand {
  /** 受理 / 不予受理 / 转送 out of scope / 检举控告 routed to the discipline body / 咨询, answered without the petition clocks. */
  decision: 'accept' | 'not_accept' | 'forward' | 'discipline' | 'consultation';
  reason?: string | undefined;
  forwardTo?: string | undefined;
  /** A complaint about a body's own head goes to the discipline body a level up. */
  concernsBodyHead?: boolean | undefined;
  /** Resolved by the API for `discipline`: the discipline body that takes it. */
  disciplineBody?: DepartmentRef | undefined;
  /**
   * Resolved by the API for `discipline`: the discipline body (a unit of the discipline tree)
   * with jurisdiction over the accused; under the hand-over rules the case is handed to it.
   */
  disciplineUnit?: UnitRef | undefined;
}

export interface CaseCommands {
  triage: TriageCommand;
  dispatch: {
    department: DepartmentRef;
    instructions?: string | undefined;
    /** The department the power list (权力清单) proposed, when it had one… */
    proposed?: { id: number; name: string } | undefined;
    /** …and why the clerk chose another. */
    otherDepartmentReason?: string | undefined;
  };
  recordForwardFeedback: { feedback: string };
  acknowledgeAssignment: Record<string, never>;
  objectToAssignment: { reason: string };
  reportProgress: { note: string };
  requestExtension: { days: number; reason: string };
  decideExtension: { approve: boolean; reason: string };
  reply: { text: string };
  recordReplyDelivery: { method: 'post' | 'in_person' | 'phone' | DeliveryMethod };
  evaluate: { satisfied: boolean; comment?: string | undefined };
  orderReSupervision: { reason: string; days?: number | undefined };
  requestReview: { reason: string };
  decideReview: { upheld: boolean; opinion: string };
  requestReReview: { reason: string };
  decideReReview: { upheld: boolean; opinion: string };
  issueSupervisionOrder: { instructions: string; days?: number | undefined };
  /** 销号: given by the weekly close-out (一周一销号) for the week it runs for, never by a person. */
  closeOut: { week: string; note?: string | undefined };
  /** The owning leader (or, for an ordinary case, the office head or a leader) signs the close-out off with reasons. */
  signOffCloseOut: { reason: string };
  /** 回头看: the complainant says whether the matter holds (or the office records what they said). */
  answerLookBack: { holds: boolean; comment?: string | undefined };
  /** 回头看: the office's own check; a finding that it does not hold reopens the case. */
  recordLookBackCheck: { holds: boolean; finding: string };
  /** A campaign-wide look-back asks this case now. */
  startLookBack: { campaignId: number; title: string };
  /** The complainant adds a message or material to the case (files uploaded first, by id). */
  addComplainantMessage: { text: string; attachmentIds: string[] };
  /** This petition is a repeat of an open case: it ends here and the open case counts it. */
  joinOpenCase: { openCaseNumber: string };
  /** The open case receives a repeat petition on its matter. */
  linkRepeatPetition: { caseNumber: string; unit: UnitRef; receivedAt: string; summary: string };
  designateBacklog: { reason: string; flags?: Partial<BacklogFlags> | undefined };
  updateBacklogFlags: { flags: BacklogFlags; reason: string };
  assignLeader: { leader: LeaderRef };
  claimOwnership: Record<string, never>;
  nameTaskForce: { members: TaskForceMember[] };
  setResolutionPlan: { summary: string; milestones: Milestone[] };
  reportBacklogProgress: { note: string; completedMilestones?: number[] | undefined };
  recordFieldVisit: FieldVisit;
  /** A written notice was issued (given by the written-notices routes after numbering it). */
  recordWrittenNotice: { noticeId: number; kind: WrittenNoticeKind; documentNumber: string };
  /** 送达: how, when and by whom a written notice reached its addressee. */
  recordNoticeDelivery: {
    noticeId: number;
    kind: WrittenNoticeKind;
    documentNumber: string;
    method: DeliveryMethod;
    deliveredOn: string;
    deliveredBy: string;
  };
  /** 上报/移交: the unit cannot act; the case goes on, in the same workflow, under the unit above or the body with the power. */
  handOver: { toUnit: UnitRef; reason: string };
  /** 检举控告: one of the four ways of disposal (谈话函询, 初步核实, 暂存待查, 予以了结), with the reason. */
  classifyReport: { disposal: Disposal; reason: string };
  /** 检举控告: what the check found; 立案 with its number and the sanction's kind where it led there. */
  concludeReport: {
    finding: Finding;
    summary: string;
    caseOpened?: string | undefined;
    sanction?: SanctionKind | undefined;
  };
  /** 检举控告: first in the queue (优先处置、快办快结), or back in line. */
  setReportUrgency: { urgent: boolean; reason: string };
  /** 咨询: the office answers the request for information and the case closes. */
  answerConsultation: { text: string };
  /**
   * 找回查询码: the complainant proved the phone on record and got a new access code (given
   * by the API on their behalf). Only the request's id: never the code or the phone.
   */
  recordAccessCodeReissue: { requestId: string };
}
export type CaseCommandName = keyof CaseCommands;

/** Who may give a command and from where: the office of the case's unit or above, the assigned department, the level above, or the complainant. */
type Where =
  | 'office'
  | 'assigned_department'
  | 'review_unit'
  | 're_review_unit'
  | 'strictly_above'
  /** The leader who owns the backlog case; office staff act for them within their own jurisdiction. */
  | 'owner';

interface CommandRule {
  statuses: readonly CaseStatus[];
  roles: readonly StaffRole[];
  where: Where;
  complainant?: boolean;
  /** Given by Qingling itself (the weekly close-out, a campaign), not by a person. */
  system?: boolean;
}

const office: readonly StaffRole[] = ['clerk', 'office_head'];
const head: readonly StaffRole[] = ['office_head'];
/** While the case is open, it can be a backlog case and be worked on as one. */
const backlogStatuses: readonly CaseStatus[] = openStatuses.filter((s) => s !== 'received');
/** Before the unit has answered the complainant: a case it cannot act on goes up before it replies. */
const handOverStatuses: readonly CaseStatus[] = ['registered', 'accepted', 'in_handling'];

export const commandRules: Record<CaseCommandName, CommandRule> = {
  triage: { statuses: ['registered'], roles: office, where: 'office' },
  dispatch: { statuses: ['accepted'], roles: office, where: 'office' },
  recordForwardFeedback: { statuses: ['forwarded'], roles: office, where: 'office' },
  acknowledgeAssignment: { statuses: ['in_handling'], roles: ['handler'], where: 'assigned_department' },
  objectToAssignment: { statuses: ['in_handling'], roles: ['handler'], where: 'assigned_department' },
  reportProgress: { statuses: ['in_handling'], roles: ['handler', ...office], where: 'assigned_department' },
  requestExtension: { statuses: ['in_handling'], roles: ['handler'], where: 'assigned_department' },
  decideExtension: { statuses: ['in_handling'], roles: head, where: 'office' },
  reply: { statuses: ['in_handling'], roles: ['handler', 'office_head'], where: 'assigned_department' },
  recordReplyDelivery: { statuses: ['replied'], roles: office, where: 'office' },
  evaluate: { statuses: ['replied'], roles: office, where: 'office', complainant: true },
  orderReSupervision: { statuses: ['unsatisfied', 'in_handling'], roles: head, where: 'office' },
  requestReview: { statuses: ['replied', 'unsatisfied'], roles: office, where: 'office', complainant: true },
  decideReview: { statuses: ['under_review'], roles: ['office_head', 'supervisor'], where: 'review_unit' },
  requestReReview: { statuses: ['review_decided'], roles: office, where: 'office', complainant: true },
  decideReReview: {
    statuses: ['under_re_review'],
    roles: ['office_head', 'supervisor'],
    where: 're_review_unit',
  },
  issueSupervisionOrder: {
    statuses: ['registered', 'accepted', 'forwarded', 'in_handling', 'unsatisfied', 'under_review'],
    roles: ['supervisor', 'office_head'],
    where: 'strictly_above',
  },
  closeOut: { statuses: ['close_out_pending'], roles: [], where: 'office', system: true },
  signOffCloseOut: { statuses: ['close_out_pending'], roles: ['leader', 'office_head'], where: 'office' },
  answerLookBack: { statuses: closedOutStatuses, roles: office, where: 'office', complainant: true },
  recordLookBackCheck: { statuses: closedOutStatuses, roles: office, where: 'office' },
  startLookBack: { statuses: closedOutStatuses, roles: [], where: 'office', system: true },
  addComplainantMessage: {
    statuses: [...backlogStatuses, ...closedOutStatuses],
    roles: office,
    where: 'office',
    complainant: true,
  },
  joinOpenCase: { statuses: ['registered'], roles: office, where: 'office' },
  // A new petition on a closed-out matter brings the case back (回头看: re-petitioned).
  linkRepeatPetition: {
    statuses: [...backlogStatuses, ...closedOutStatuses],
    roles: office,
    where: 'office',
  },
  designateBacklog: { statuses: backlogStatuses, roles: office, where: 'office' },
  updateBacklogFlags: { statuses: backlogStatuses, roles: office, where: 'office' },
  // An administrator hands a leaver's backlog cases to another leader (交接) the same way.
  assignLeader: { statuses: backlogStatuses, roles: [...head, 'admin'], where: 'office' },
  claimOwnership: { statuses: backlogStatuses, roles: ['leader'], where: 'office' },
  nameTaskForce: { statuses: backlogStatuses, roles: ['leader'], where: 'owner' },
  setResolutionPlan: { statuses: backlogStatuses, roles: ['leader'], where: 'owner' },
  reportBacklogProgress: { statuses: backlogStatuses, roles: ['leader', ...office], where: 'owner' },
  recordFieldVisit: { statuses: backlogStatuses, roles: ['leader', ...office], where: 'owner' },
  recordWrittenNotice: { statuses: caseStatuses, roles: office, where: 'office' },
  recordNoticeDelivery: { statuses: caseStatuses, roles: office, where: 'office' },
  handOver: { statuses: handOverStatuses, roles: office, where: 'office' },
  classifyReport: { statuses: ['in_handling'], roles: office, where: 'office' },
  concludeReport: { statuses: ['in_handling'], roles: head, where: 'office' },
  setReportUrgency: { statuses: ['registered', 'in_handling'], roles: office, where: 'office' },
  answerConsultation: { statuses: ['registered'], roles: office, where: 'office' },
  // Whatever the case's state: a named complainant may need their code at any time.
  recordAccessCodeReissue: { statuses: caseStatuses, roles: [], where: 'office', complainant: true },
};

/** Commands of the discipline channel: only a report registered with a discipline body takes them. */
const reportCommands: readonly CaseCommandName[] = ['classifyReport', 'concludeReport', 'setReportUrgency'];

/** Commands that need the case to be a backlog case already. */
const backlogCommands: readonly CaseCommandName[] = [
  'updateBacklogFlags',
  'assignLeader',
  'claimOwnership',
  'nameTaskForce',
  'setResolutionPlan',
  'reportBacklogProgress',
  'recordFieldVisit',
];

export const caseCommandNames = Object.keys(commandRules) as CaseCommandName[];

/** Given by Qingling or by the API on a person's behalf (a repeat's link, a written notice's record), never asked for as a case action. */
const internalCommands = [
  'linkRepeatPetition',
  'closeOut',
  'startLookBack',
  'recordWrittenNotice',
  'recordNoticeDelivery',
  'recordAccessCodeReissue',
] as const;
export type StaffActionName = Exclude<CaseCommandName, (typeof internalCommands)[number]>;
/** The commands a person gives as an action on a case page. */
export const staffActionNames = caseCommandNames.filter(
  (c): c is StaffActionName => !(internalCommands as readonly string[]).includes(c),
);

/** A precise "no", with what the message needs; the API words it in the user's language. */
export interface Refusal {
  code:
    | 'wrong_status'
    | 'role_not_allowed'
    | 'out_of_jurisdiction'
    | 'not_assigned_department'
    | 'not_reviewing_unit'
    | 'complainant_not_allowed'
    | 'reason_required'
    | 'forward_target_required'
    | 'discipline_body_required'
    | 'department_out_of_reach'
    | 'dispatch_upward'
    | 'hand_over_within_reach'
    | 'not_a_consultation'
    | 'objection_window_closed'
    | 'extension_pending'
    | 'no_extension_pending'
    | 'extension_used'
    | 'extension_too_long'
    | 'reply_not_delivered'
    | 'reply_already_delivered'
    | 'review_window_closed'
    | 'not_backlog'
    | 'already_backlog'
    | 'already_owned'
    | 'not_owner'
    | 'leader_out_of_reach'
    | 'already_linked'
    | 'same_case'
    | 'milestones_required'
    | 'close_out_rule_not_met'
    | 'no_look_back_open'
    | 'notice_not_issued'
    | 'not_a_report'
    | 'not_classified'
    | 'disposal_without_finding'
    | 'case_opened_needs_finding'
    | 'sanction_needs_case';
  params: Record<string, string | number>;
}

const refuse = (code: Refusal['code'], params: Refusal['params'] = {}): Refusal => ({ code, params });

function whereRefusal(state: CaseState, actorUnitPath: string, departmentId: number | null, where: Where) {
  switch (where) {
    case 'office':
      return isWithin(state.unit.path, actorUnitPath) ? null : refuse('out_of_jurisdiction');
    case 'assigned_department':
      return departmentId !== null && state.handlingDepartment?.id === departmentId
        ? null
        : refuse('not_assigned_department');
    case 'review_unit':
      return state.reviewUnit && isWithin(state.reviewUnit.path, actorUnitPath)
        ? null
        : refuse('not_reviewing_unit');
    case 're_review_unit':
      return state.reReviewUnit && isWithin(state.reReviewUnit.path, actorUnitPath)
        ? null
        : refuse('not_reviewing_unit');
    case 'strictly_above':
      return isAbove(actorUnitPath, state.unit.path) ? null : refuse('out_of_jurisdiction');
    case 'owner':
      return null; // Checked with the person's id in `actorRefusal`.
  }
}

/** What the case must already be for a command, whatever the person or the input. */
function stateRefusal(state: CaseState, command: CaseCommandName): Refusal | null {
  if (reportCommands.includes(command)) {
    if (state.kind !== 'report') return refuse('not_a_report');
    if (command === 'concludeReport' && !state.report?.disposal) return refuse('not_classified');
    return null;
  }
  if (command === 'answerConsultation') {
    return state.kind === 'consultation' ? null : refuse('not_a_consultation');
  }
  if (command === 'designateBacklog') return state.backlog ? refuse('already_backlog') : null;
  if (!backlogCommands.includes(command)) return null;
  if (!state.backlog) return refuse('not_backlog');
  if (command === 'claimOwnership' && state.backlog.owner) {
    return refuse('already_owned', { owner: state.backlog.owner.name });
  }
  return null;
}

/** Whether this person may give this command to the case now, ignoring what the command says. */
export function actorRefusal(state: CaseState, command: CaseCommandName, actor: Actor): Refusal | null {
  const rule = commandRules[command];
  if (actor.kind === 'complainant') {
    if (!rule.complainant) return refuse('complainant_not_allowed');
  } else if (actor.kind === 'staff') {
    if (!holdsRole(actor, rule.roles)) return refuse('role_not_allowed', { roles: rule.roles.join(',') });
    // Office staff acting for the department or the owning leader answer for their own subtree.
    const actsForOther =
      (rule.where === 'assigned_department' && !holdsRole(actor, ['handler'])) ||
      (rule.where === 'owner' && !holdsRole(actor, ['leader']));
    const where = actsForOther ? 'office' : rule.where;
    const refusal = whereRefusal(state, actor.unitPath, actor.departmentId, where);
    if (refusal) return refusal;
    if (where === 'owner' && state.backlog?.owner?.staffId !== actor.staffId) {
      return state.backlog ? refuse('not_owner') : refuse('not_backlog');
    }
    // A backlog case is signed off by the leader who owns it (包案领导签字销号), nobody else.
    if (command === 'signOffCloseOut' && state.backlog && state.backlog.owner?.staffId !== actor.staffId) {
      return refuse('not_owner');
    }
  } else if (!rule.system) {
    return refuse('role_not_allowed', { roles: rule.roles.join(',') });
  }
  if (!rule.statuses.includes(state.status)) {
    return refuse('wrong_status', { status: state.status, expected: rule.statuses.join(',') });
  }
  return stateRefusal(state, command);
}

/** The full check: who, when, and what the command itself says. */
export function refusalOf<C extends CaseCommandName>(
  state: CaseState,
  command: C,
  actor: Actor,
  input: CaseCommands[C],
): Refusal | null {
  return actorRefusal(state, command, actor) ?? inputRefusal(state, command, actor, input);
}

function inputRefusal(
  state: CaseState,
  command: CaseCommandName,
  actor: Actor,
  input: unknown,
): Refusal | null {
  switch (command) {
    case 'triage': {
      const triage = input as TriageCommand;
      if ((triage.decision === 'not_accept' || triage.decision === 'forward') && !triage.reason?.trim()) {
        return refuse('reason_required');
      }
      if (triage.decision === 'forward' && !triage.forwardTo?.trim())
        return refuse('forward_target_required');
      if (triage.decision === 'discipline' && !triage.disciplineBody)
        return refuse('discipline_body_required');
      return null;
    }
    case 'dispatch': {
      const { department } = input as CaseCommands['dispatch'];
      // A department of the case's own unit or of a unit above it: never sideways.
      if (!isWithin(state.unit.path, department.unit.path)) return refuse('department_out_of_reach');
      // And within the dispatching office's own unit and the units below it: going up is a hand-over.
      const beyondOffice = actor.kind === 'staff' && !isWithin(department.unit.path, actor.unitPath);
      return state.handOverRules && beyondOffice
        ? refuse('dispatch_upward', { unit: department.unit.name })
        : null;
    }
    case 'answerConsultation':
      return null;
    case 'handOver': {
      const { toUnit } = input as CaseCommands['handOver'];
      // The case's own unit and those below it are reached by dispatch, not a hand-over.
      return isWithin(toUnit.path, state.unit.path)
        ? refuse('hand_over_within_reach', { unit: toUnit.name })
        : null;
    }
    case 'objectToAssignment':
      return state.deadlines.assignmentObjection ? null : refuse('objection_window_closed');
    case 'requestExtension': {
      const { days } = input as CaseCommands['requestExtension'];
      if (state.extension?.state === 'requested') return refuse('extension_pending');
      if (state.extensionsGranted >= state.maxExtensions) return refuse('extension_used');
      if (days > state.maxExtensionDays) return refuse('extension_too_long', { max: state.maxExtensionDays });
      return null;
    }
    case 'decideExtension':
      return state.extension?.state === 'requested' ? null : refuse('no_extension_pending');
    case 'recordReplyDelivery':
      return state.replyDelivered ? refuse('reply_already_delivered') : null;
    case 'evaluate':
      return state.replyDelivered ? null : refuse('reply_not_delivered');
    case 'requestReview':
      if (!state.replyDelivered) return refuse('reply_not_delivered');
      return state.deadlines.reviewRequest ? null : refuse('review_window_closed');
    case 'requestReReview':
      return state.deadlines.reReviewRequest ? null : refuse('review_window_closed');
    case 'joinOpenCase': {
      const { openCaseNumber } = input as CaseCommands['joinOpenCase'];
      return openCaseNumber === state.caseNumber ? refuse('same_case') : null;
    }
    case 'linkRepeatPetition': {
      const { caseNumber } = input as CaseCommands['linkRepeatPetition'];
      if (caseNumber === state.caseNumber) return refuse('same_case');
      return state.repeats?.caseNumbers.includes(caseNumber) ? refuse('already_linked') : null;
    }
    case 'assignLeader': {
      const { leader } = input as CaseCommands['assignLeader'];
      // The owning leader sits at the case's unit or above it.
      if (!isWithin(state.unit.path, leader.unitPath)) return refuse('leader_out_of_reach');
      return state.backlog?.owner?.staffId === leader.staffId
        ? refuse('already_owned', { owner: leader.name })
        : null;
    }
    case 'setResolutionPlan': {
      const { milestones } = input as CaseCommands['setResolutionPlan'];
      return milestones.length > 0 ? null : refuse('milestones_required');
    }
    case 'designateBacklog':
    case 'updateBacklogFlags':
    case 'claimOwnership':
    case 'nameTaskForce':
    case 'reportBacklogProgress':
    case 'recordFieldVisit':
    case 'orderReSupervision':
    case 'decideReview':
    case 'decideReReview':
    case 'issueSupervisionOrder':
    case 'recordForwardFeedback':
    case 'acknowledgeAssignment':
    case 'reportProgress':
    case 'reply':
      return null;
    case 'closeOut': {
      const gaps = closeOutGaps(state);
      return gaps.length === 0 ? null : refuse('close_out_rule_not_met', { missing: gaps.join(',') });
    }
    case 'answerLookBack':
      return state.lookBack?.open ? null : refuse('no_look_back_open');
    case 'recordNoticeDelivery': {
      const { noticeId } = input as CaseCommands['recordNoticeDelivery'];
      return state.writtenNotices?.some((n) => n.noticeId === noticeId) ? null : refuse('notice_not_issued');
    }
    case 'recordAccessCodeReissue':
      return state.realName ? null : refuse('complainant_not_allowed');
    case 'recordWrittenNotice':
    case 'recordLookBackCheck':
    case 'startLookBack':
    case 'addComplainantMessage':
    case 'signOffCloseOut':
    case 'setReportUrgency':
      return null;
    case 'classifyReport':
      return (input as CaseCommands['classifyReport']).reason.trim() ? null : refuse('reason_required');
    case 'concludeReport':
      return conclusionRefusal(state, input as CaseCommands['concludeReport']);
  }
}

/**
 * A finding only after a disposal that checks (谈话函询, 初步核实); 暂存待查 waits, 予以了结
 * ends without one. 立案 only on what was found true in whole or in part, and a sanction
 * only with a case opened.
 */
function conclusionRefusal(state: CaseState, input: CaseCommands['concludeReport']): Refusal | null {
  const disposal = state.report?.disposal;
  if (disposal && !findingDisposals.includes(disposal)) return refuse('disposal_without_finding');
  if (input.caseOpened !== undefined && input.finding === 'unsubstantiated') {
    return refuse('case_opened_needs_finding');
  }
  if (input.sanction !== undefined && input.caseOpened === undefined) return refuse('sanction_needs_case');
  return null;
}

/** The commands this person may give now, for the case page's buttons. */
export const allowedCommands = (state: CaseState, actor: Actor): StaffActionName[] =>
  staffActionNames.filter((command) => actorRefusal(state, command, actor) === null);
