import { patched } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { CaseCommandName, CaseState } from '../../domain/case-commands';
import type { ClockName } from '../../domain/policy';
import { ledger } from './activities';
import { backlogSteps } from './backlog';
import { intakeClocks } from './clocks';
import { closeOutSteps } from './close-out';
import { complainantSteps } from './complainant';
import { consultationSteps, reclassifyAsConsultation } from './consultation';
import { handOverSteps, handOverToDisciplineBody } from './hand-over';
import { acceptReport, disciplineSteps, reportIntakeClocks } from './discipline';
import { now, type CaseProcess, type Step } from './process';
import { writtenNoticeSteps } from './written-notices';

/**
 * The office's steps, one per command: 一诉 (register and triage), 二转 (forward
 * or dispatch), 三办 (handle, extend, reply), 四评 (evaluate; unsatisfied starts
 * supervision again, or review and re-review). Each runs after its Update
 * validator has accepted it, one at a time.
 */

/** Clocks of the department's work. */
const handlingClocks: ClockName[] = [
  'handling',
  'rectification',
  'assignmentObjection',
  'disciplineAcceptance',
];

/**
 * A named complainant without an e-mail address gets the acceptance notice (受理告知书)
 * on paper or by a message the office sends: its clock runs until the office records
 * the delivery. Cases accepted before written notices existed replay as they ran.
 */
const acceptanceNoticeOwed = (s: CaseState): boolean =>
  s.realName && !s.complainantHasEmail && patched('acceptance-notice-delivery');

/** The intake clocks an acceptance ends: all of them, unless the acceptance notice is still owed. */
const clocksEndedByAcceptance = (s: CaseState, clocks: ClockName[]): ClockName[] =>
  acceptanceNoticeOwed(s) ? clocks.filter((c) => c !== 'acceptanceNotice') : clocks;

const triage: Step<'triage'> = async (p, actor, input) => {
  const s = p.state;
  // A report's intake clocks include the discipline body's own (accept or pass on).
  const intake = s.kind === 'report' ? reportIntakeClocks : intakeClocks;
  switch (input.decision) {
    case 'accept': {
      if (s.kind === 'report') return acceptReport(p, actor);
      s.status = 'accepted';
      s.acceptedAt = now();
      const event = await p.record(
        'accepted',
        actor,
        {},
        {
          stop: clocksEndedByAcceptance(s, ['routing', 'acceptanceNotice']),
          start: [{ clock: 'handling', from: s.acceptedAt }],
        },
      );
      await p.tellComplainant('accepted', event.seq, {});
      return;
    }
    case 'not_accept': {
      s.status = 'closed';
      s.closedAt = now();
      const event = await p.record('not_accepted', actor, { reason: input.reason }, { stop: intake });
      await p.tellComplainant('not_accepted', event.seq, { reason: input.reason ?? '' });
      return;
    }
    case 'forward': {
      s.status = 'forwarded';
      s.forwardedTo = input.forwardTo ?? null;
      const event = await p.record(
        'forwarded',
        actor,
        { forwardTo: input.forwardTo, reason: input.reason },
        { stop: intake, start: [{ clock: 'forwardFeedback', from: now() }] },
      );
      await p.tellComplainant('forwarded', event.seq, {
        forwardTo: input.forwardTo ?? '',
        reason: input.reason ?? '',
      });
      return;
    }
    case 'consultation':
      await reclassifyAsConsultation(p, actor);
      return;
    case 'discipline': {
      // Under the hand-over rules the report is handed to the discipline body with jurisdiction, as a report.
      if (s.handOverRules && input.disciplineUnit) {
        await handOverToDisciplineBody(p, actor, { ...input, disciplineUnit: input.disciplineUnit });
        return;
      }
      // 检举控告 go to the discipline body, never to the accused unit.
      const body = input.disciplineBody!;
      s.status = 'in_handling';
      s.acceptedAt = now();
      s.handlingDepartment = body;
      const event = await p.record(
        'routed_to_discipline',
        actor,
        { department: body.name, departmentId: body.id, concernsBodyHead: input.concernsBodyHead === true },
        {
          stop: clocksEndedByAcceptance(s, intakeClocks),
          start: [
            { clock: 'disciplineAcceptance', from: s.acceptedAt, responsibleUnitId: body.unit.id },
            { clock: 'handling', from: s.acceptedAt, responsibleUnitId: body.unit.id },
          ],
        },
      );
      await p.tellComplainant('accepted', event.seq, {});
      return;
    }
  }
};

/** Objections after which the case counts as passed around between departments (推诿扯皮). */
const passedAroundAfter = 2;

const dispatch: Step<'dispatch'> = async (p, actor, input) => {
  const s = p.state;
  s.status = 'in_handling';
  s.handlingDepartment = input.department;
  // A case passed around goes out again under supervision, against a rectification deadline.
  const passedAround = s.objections >= passedAroundAfter;
  // 权力清单: the department the power list proposed, and the clerk's reason for another.
  const proposal =
    input.proposed && patched('power-list-proposal')
      ? {
          proposedDepartment: input.proposed.name,
          proposedDepartmentId: input.proposed.id,
          ...(input.otherDepartmentReason ? { otherDepartmentReason: input.otherDepartmentReason } : {}),
        }
      : {};
  await p.record(
    'dispatched',
    actor,
    {
      department: input.department.name,
      departmentId: input.department.id,
      instructions: input.instructions,
      passedAround,
      ...proposal,
    },
    {
      stop: ['dispatch'],
      start: [
        { clock: 'assignmentObjection', from: now() },
        ...(passedAround ? [{ clock: 'rectification' as const, from: now() }] : []),
      ],
    },
  );
};

const acknowledgeAssignment: Step<'acknowledgeAssignment'> = async (p, actor) => {
  await p.record(
    'assignment_acknowledged',
    actor,
    {},
    { stop: ['assignmentObjection', 'disciplineAcceptance'] },
  );
};

const objectToAssignment: Step<'objectToAssignment'> = async (p, actor, input) => {
  const s = p.state;
  const department = s.handlingDepartment;
  s.status = 'accepted';
  s.handlingDepartment = null;
  s.objections += 1;
  // Back to the office, which must dispatch again today.
  await p.record(
    'assignment_objected',
    actor,
    { department: department?.name, reason: input.reason, objections: s.objections },
    {
      stop: ['assignmentObjection', 'disciplineAcceptance'],
      stoppedAs: 'stopped',
      start: [{ clock: 'dispatch', from: now() }],
    },
  );
};

const reportProgress: Step<'reportProgress'> = async (p, actor, input) => {
  await p.record('progress_reported', actor, { note: input.note });
};

const requestExtension: Step<'requestExtension'> = async (p, actor, input) => {
  p.state.extension = { days: input.days, reason: input.reason, state: 'requested' };
  await p.record('extension_requested', actor, { days: input.days, reason: input.reason });
};

const decideExtension: Step<'decideExtension'> = async (p, actor, input) => {
  const s = p.state;
  const extension = s.extension!;
  if (!input.approve) {
    s.extension = { ...extension, state: 'refused' };
    await p.record('extension_refused', actor, { days: extension.days, reason: input.reason });
    return;
  }
  s.extension = { ...extension, state: 'approved' };
  s.extensionsGranted += 1;
  const handling = s.deadlines.handling;
  const event = await p.record(
    'extension_approved',
    actor,
    { days: extension.days, reason: extension.reason, note: input.reason },
    handling
      ? {
          start: [
            {
              clock: 'handling',
              from: handling.startedAt,
              responsibleUnitId: handling.responsibleUnitId,
              extendByDays: extension.days,
              extendFromDueDate: handling.dueDate,
            },
          ],
        }
      : {},
  );
  await p.tellComplainant('extension_approved', event.seq, {
    days: extension.days,
    reason: extension.reason,
    dueDate: s.deadlines.handling?.dueDate ?? '',
  });
};

/** The written reply (书面答复): e-mailed where possible, otherwise the office delivers it and records that. */
async function replyWith(
  p: CaseProcess,
  actor: Actor,
  type: 'replied' | 'forward_feedback',
  text: string,
  stop: ClockName[],
) {
  const s = p.state;
  s.status = 'replied';
  s.repliedAt = now();
  s.evaluation = null;
  s.replyDelivered = s.complainantHasEmail || !s.realName;
  const event = await p.record(
    type,
    actor,
    { text, delivered: s.replyDelivered },
    {
      stop,
      start: [{ clock: s.replyDelivered ? 'reviewRequest' : 'replyDelivery', from: s.repliedAt }],
    },
  );
  await p.tellComplainant('replied', event.seq, { text });
}

const reply: Step<'reply'> = (p, actor, input) => replyWith(p, actor, 'replied', input.text, handlingClocks);

const recordForwardFeedback: Step<'recordForwardFeedback'> = (p, actor, input) =>
  replyWith(p, actor, 'forward_feedback', input.feedback, ['forwardFeedback']);

const recordReplyDelivery: Step<'recordReplyDelivery'> = async (p, actor, input) => {
  p.state.replyDelivered = true;
  await p.record(
    'reply_delivered',
    actor,
    { method: input.method },
    { stop: ['replyDelivery'], start: [{ clock: 'reviewRequest', from: now() }] },
  );
};

const evaluate: Step<'evaluate'> = async (p, actor, input) => {
  const s = p.state;
  s.evaluation = { satisfied: input.satisfied, at: now() };
  s.status = input.satisfied ? 'close_out_pending' : 'unsatisfied';
  await p.record(
    'evaluated',
    actor,
    { satisfied: input.satisfied, comment: input.comment },
    // Satisfied: nothing left to ask for. Unsatisfied: the window to ask for review keeps running.
    input.satisfied ? { stop: ['reviewRequest'] } : {},
  );
};

/** 督办整改: the department handles again, against a rectification deadline. */
async function handleAgain(
  p: CaseProcess,
  actor: Actor,
  type: 're_supervision_ordered',
  data: object,
  days?: number,
) {
  p.state.status = 'in_handling';
  await p.record(
    type,
    actor,
    { ...data, days },
    {
      stop: ['reviewRequest', 'reReviewRequest'],
      start: [{ clock: 'rectification', from: now(), ...(days ? { lengthDays: days } : {}) }],
    },
  );
}

const orderReSupervision: Step<'orderReSupervision'> = (p, actor, input) =>
  handleAgain(p, actor, 're_supervision_ordered', { reason: input.reason }, input.days);

const requestReview: Step<'requestReview'> = async (p, actor, input) => {
  const s = p.state;
  // 复查 is decided by the level above the body that replied.
  s.reviewUnit = await ledger().unitAbove((s.handlingDepartment?.unit ?? s.unit).id);
  s.status = 'under_review';
  await p.record(
    'review_requested',
    actor,
    { reason: input.reason, reviewUnit: s.reviewUnit.name },
    {
      stop: ['reviewRequest'],
      start: [{ clock: 'reviewDecision', from: now(), responsibleUnitId: s.reviewUnit.id }],
    },
  );
};

const requestReReview: Step<'requestReReview'> = async (p, actor, input) => {
  const s = p.state;
  // 复核 by the level above the reviewer.
  s.reReviewUnit = await ledger().unitAbove((s.reviewUnit ?? s.unit).id);
  s.status = 'under_re_review';
  await p.record(
    're_review_requested',
    actor,
    { reason: input.reason, reReviewUnit: s.reReviewUnit.name },
    {
      stop: ['reReviewRequest'],
      start: [{ clock: 'reReviewDecision', from: now(), responsibleUnitId: s.reReviewUnit.id }],
    },
  );
};

const decideReview: Step<'decideReview'> = async (p, actor, input) => {
  const s = p.state;
  s.status = input.upheld ? 'review_decided' : 'in_handling';
  const event = await p.record(
    'review_decided',
    actor,
    { upheld: input.upheld, opinion: input.opinion },
    {
      stop: ['reviewDecision'],
      start: [
        input.upheld ? { clock: 'reReviewRequest', from: now() } : { clock: 'rectification', from: now() },
      ],
    },
  );
  await p.tellComplainant('review_decided', event.seq, { upheld: input.upheld, opinion: input.opinion });
};

const decideReReview: Step<'decideReReview'> = async (p, actor, input) => {
  const s = p.state;
  // 复核 is final: the same facts and reasons are not accepted again.
  s.status = input.upheld ? 'close_out_pending' : 'in_handling';
  const event = await p.record(
    're_review_decided',
    actor,
    { upheld: input.upheld, opinion: input.opinion },
    { stop: ['reReviewDecision'], start: input.upheld ? [] : [{ clock: 'rectification', from: now() }] },
  );
  await p.tellComplainant('re_review_decided', event.seq, { upheld: input.upheld, opinion: input.opinion });
};

const issueSupervisionOrder: Step<'issueSupervisionOrder'> = async (p, actor, input) => {
  await p.record(
    'supervision_order_issued',
    actor,
    { instructions: input.instructions, days: input.days },
    { start: [{ clock: 'rectification', from: now(), ...(input.days ? { lengthDays: input.days } : {}) }] },
  );
};

/** Every step by command name. */
export const caseSteps: { [C in CaseCommandName]: Step<C> } = {
  triage,
  dispatch,
  recordForwardFeedback,
  acknowledgeAssignment,
  objectToAssignment,
  reportProgress,
  requestExtension,
  decideExtension,
  reply,
  recordReplyDelivery,
  evaluate,
  orderReSupervision,
  requestReview,
  decideReview,
  requestReReview,
  decideReReview,
  issueSupervisionOrder,
  ...backlogSteps,
  ...closeOutSteps,
  ...complainantSteps,
  ...writtenNoticeSteps(recordReplyDelivery),
  ...handOverSteps,
  ...disciplineSteps,
  ...consultationSteps,
};
