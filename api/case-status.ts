import type { TFunction } from 'i18next';
import type { CaseEventType, CaseStatus } from '../domain/case';
import type { Category } from '../domain/petition';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CaseDeadline, PetitionCase } from '../db/entities';
import { LedgerRepository } from '../db/ledger';
import type { ClockName } from '../domain/policy';
import type { CaseLookupGuard } from './abuse';
import { accessCodeMatches, hashAccessCode } from './access-code';
import { ApiError } from './errors';

export interface CaseStatusView {
  caseNumber: string;
  status: CaseStatus;
  statusLabel: string;
  nextStep: string;
  unitName: string | null;
  category: Category | null;
  receivedAt: string;
  timeline: { seq: number; type: string; label: string; occurredAt: string }[];
  /** The next deadline the office owes the complainant (office date, YYYY-MM-DD). */
  byWhen: string | null;
  /** The office's written replies, review and re-review opinions. */
  replies: {
    seq: number;
    type: string;
    label: string;
    occurredAt: string;
    text: string;
    office: string | null;
    upheld: boolean | null;
  }[];
  /** The complainant's own messages (and ones the office recorded for them). */
  messages: {
    seq: number;
    occurredAt: string;
    text: string;
    attachments: { fileName: string; size: number }[];
    recordedByOffice: boolean;
  }[];
  /** The last evaluation, once given. */
  evaluation: { satisfied: boolean } | null;
  /** Last day to ask for review (复查) / re-review (复核), while the window is open. */
  reviewWindowEndsOn: string | null;
  reReviewWindowEndsOn: string | null;
  canEvaluate: boolean;
  canRequestReview: boolean;
  /** 回头看: asked whether the matter holds, not yet answered. */
  lookBackOpen: boolean;
  canSendMessage: boolean;
}

/** What the complainant sees on the timeline: the steps of their case, not the office's internal alarms. */
const complainantEvents = new Set<CaseEventType>([
  'registered',
  'accepted',
  'not_accepted',
  'forwarded',
  'forward_feedback',
  'routed_to_discipline',
  // 上报/移交: the complainant learns which unit now handles the matter.
  'handed_over',
  // 咨询: the answer, and the enquiry found to be one at triage.
  'reclassified_as_consultation',
  'consultation_answered',
  'dispatched',
  'extension_approved',
  'replied',
  'evaluated',
  'review_requested',
  'review_decided',
  're_review_requested',
  're_review_decided',
  'closed_out',
  // 回头看: asked whether the matter holds, their answer, and the case taken up again if it did not.
  'look_back_asked',
  'look_back_answered',
  'reopened',
  'archived',
  // Told which open case the petition joined (并案), so they follow that one.
  'joined_open_case',
  // 检举控告: concluded; the outcome in neutral words is among the replies.
  'report_concluded',
]);

/** Verified against when a case number is unknown, so both answers take as long. */
let decoyHash: Promise<string> | undefined;

/**
 * The receipt, when the access code is right; a wrong number and a wrong code get
 * the same 404, and both count towards the case's guessing guard (429 while locked).
 */
export async function receiptFor(
  em: EntityManager,
  guard: CaseLookupGuard,
  caseNumber: string,
  accessCode: string,
) {
  const notFound = new ApiError(404, 'case_not_found', 'errors.caseNotFound');
  // The guard's key is a case number; anything else cannot be one.
  if (!/^[A-Z0-9-]{1,32}$/.test(caseNumber)) throw notFound;
  const receipt = await new LedgerRepository(em).receipt(caseNumber);
  const matches = await guard.check(caseNumber, async () => {
    if (receipt) return accessCodeMatches(receipt.accessCodeHash, accessCode);
    decoyHash ??= hashAccessCode('0'.repeat(20));
    await accessCodeMatches(await decoyHash, accessCode);
    return false;
  });
  if (!receipt || !matches) throw notFound;
  return receipt;
}

/** Deadlines the office owes the complainant: what "by when" on the status page means. */
const complainantFacingClocks: ClockName[] = [
  'acceptanceNotice',
  'routing',
  'handling',
  'forwardFeedback',
  'rectification',
  'reviewDecision',
  'reReviewDecision',
];

/** What the office wrote back to the complainant: events whose text is meant for them. */
const replyEvents: Record<string, { textField: string }> = {
  replied: { textField: 'text' },
  forward_feedback: { textField: 'text' },
  review_decided: { textField: 'opinion' },
  re_review_decided: { textField: 'opinion' },
  consultation_answered: { textField: 'text' },
};

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * What a complainant may see of a case, once the access code matches: its status in
 * plain words, by when the office must act, the office's replies, their own messages
 * and what they may do now. Never internal notes, staff names or staff ids.
 */
export async function lookUpCase(
  em: EntityManager,
  guard: CaseLookupGuard,
  t: TFunction,
  caseNumber: string,
  accessCode: string,
): Promise<CaseStatusView> {
  return caseStatusView(em, t, await receiptFor(em, guard, caseNumber, accessCode));
}

/** The complainant's view of a case whose access code was already checked. */
export async function caseStatusView(
  em: EntityManager,
  t: TFunction,
  receipt: { caseNumber: string; issuedAt: Date },
): Promise<CaseStatusView> {
  const { caseNumber } = receipt;
  const ledger = new LedgerRepository(em);
  const ledgerRow = await em.findOne(
    PetitionCase,
    { caseNumber },
    { populate: ['unit', 'handlingDepartment'] },
  );
  // The workflow registers the case a moment after the receipt is issued.
  const status: CaseStatus = ledgerRow?.status ?? 'received';
  const allEvents = ledgerRow ? await ledger.timeline(caseNumber) : [];
  const events = allEvents.filter((e) => complainantEvents.has(e.type));
  const deadlines = ledgerRow ? await em.find(CaseDeadline, { caseNumber }) : [];
  const running = deadlines.filter((d) => d.state === 'running');
  const byWhen =
    running
      .filter((d) => complainantFacingClocks.includes(d.clock))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0]?.dueDate ?? null;
  const windowEnds = (clock: ClockName) => running.find((d) => d.clock === clock)?.dueDate ?? null;

  // Which office wrote each reply: the handling department, or the unit that reviewed.
  let reviewUnit: string | null = null;
  let reReviewUnit: string | null = null;
  const replies: CaseStatusView['replies'] = [];
  const messages: CaseStatusView['messages'] = [];
  for (const event of allEvents) {
    const data = event.data ?? {};
    if (event.type === 'review_requested') reviewUnit = str(data.reviewUnit);
    if (event.type === 're_review_requested') reReviewUnit = str(data.reReviewUnit);
    const reply = replyEvents[event.type];
    if (event.type === 'report_concluded') {
      // Never the person, the sanction or the case opened: how far the report held, in neutral words.
      replies.push({
        seq: event.seq,
        type: event.type,
        label: t(`events.${event.type}`),
        occurredAt: event.occurredAt.toISOString(),
        text: t(`discipline.outcome.${str(data.finding) ?? 'closed'}`),
        office: ledgerRow?.unit.name ?? null,
        upheld: null,
      });
    }
    if (reply) {
      const text = str(data[reply.textField]);
      if (!text) continue;
      replies.push({
        seq: event.seq,
        type: event.type,
        label: t(`events.${event.type}`, { defaultValue: event.type }),
        occurredAt: event.occurredAt.toISOString(),
        text,
        office:
          event.type === 'review_decided'
            ? reviewUnit
            : event.type === 're_review_decided'
              ? reReviewUnit
              : event.type === 'replied' || event.type === 'consultation_answered'
                ? (ledgerRow?.handlingDepartment?.name ?? ledgerRow?.unit.name ?? null)
                : null,
        upheld: typeof data.upheld === 'boolean' ? data.upheld : null,
      });
    }
    if ((event.type as string) === 'complainant_message') {
      const attachments = Array.isArray(data.attachments)
        ? (data.attachments as Record<string, unknown>[])
        : [];
      messages.push({
        seq: event.seq,
        occurredAt: event.occurredAt.toISOString(),
        text: str(data.text) ?? '',
        attachments: attachments.map((a) => ({
          fileName: str(a.fileName) ?? '',
          size: typeof a.size === 'number' ? a.size : 0,
        })),
        recordedByOffice: event.actor !== 'complainant',
      });
    }
  }
  const lastEvaluation = [...allEvents].reverse().find((e) => e.type === 'evaluated');
  const lastLookBack = [...allEvents]
    .reverse()
    .find((e) => e.type === 'look_back_asked' || e.type === 'look_back_answered');
  return {
    caseNumber,
    status,
    statusLabel: t(`status.${status}`),
    nextStep: t(`statusNext.${status}`),
    byWhen,
    unitName: ledgerRow?.unit.name ?? null,
    category: ledgerRow?.category ?? null,
    receivedAt: receipt.issuedAt.toISOString(),
    timeline: events.map((event) => ({
      seq: event.seq,
      type: event.type,
      label: t(`events.${event.type}`, { defaultValue: event.type }),
      occurredAt: event.occurredAt.toISOString(),
    })),
    replies,
    messages,
    evaluation:
      lastEvaluation && status !== 'replied' ? { satisfied: lastEvaluation.data.satisfied === true } : null,
    reviewWindowEndsOn: windowEnds('reviewRequest'),
    reReviewWindowEndsOn: windowEnds('reReviewRequest'),
    canEvaluate: status === 'replied',
    canRequestReview:
      (status === 'replied' || status === 'unsatisfied') && windowEnds('reviewRequest') !== null,
    lookBackOpen: status === 'closed_out' && lastLookBack?.type === 'look_back_asked',
    canSendMessage: !['closed', 'archived'].includes(status) && ledgerRow !== null,
  };
}
