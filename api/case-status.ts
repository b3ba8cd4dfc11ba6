import type { TFunction } from 'i18next';
import type { CaseEventType, CaseStatus } from '../domain/case';
import type { Category } from '../domain/petition';
import type { LedgerRepository } from '../db/ledger';
import { accessCodeMatches } from './access-code';
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
}

/** What the complainant sees on the timeline: the steps of their case, not the office's internal alarms. */
const complainantEvents = new Set<CaseEventType>([
  'registered',
  'accepted',
  'not_accepted',
  'forwarded',
  'forward_feedback',
  'routed_to_discipline',
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
]);

/** The receipt, when the access code is right; a wrong number and a wrong code get the same 404. */
export async function receiptFor(ledger: LedgerRepository, caseNumber: string, accessCode: string) {
  const receipt = await ledger.receipt(caseNumber);
  if (!receipt || !(await accessCodeMatches(receipt.accessCodeHash, accessCode))) {
    throw new ApiError(404, 'case_not_found', 'errors.caseNotFound');
  }
  return receipt;
}

/**
 * What a complainant may see of a case, once the access code matches.
 * A wrong number and a wrong code give the same answer, so neither can be probed.
 */
export async function lookUpCase(
  ledger: LedgerRepository,
  t: TFunction,
  caseNumber: string,
  accessCode: string,
): Promise<CaseStatusView> {
  const receipt = await receiptFor(ledger, caseNumber, accessCode);
  const ledgerRow = await ledger.caseWithUnit(caseNumber);
  // The workflow registers the case a moment after the receipt is issued.
  const status: CaseStatus = ledgerRow?.status ?? 'received';
  const events = ledgerRow
    ? (await ledger.timeline(caseNumber)).filter((e) => complainantEvents.has(e.type))
    : [];
  return {
    caseNumber,
    status,
    statusLabel: t(`status.${status}`),
    nextStep: t(`statusNext.${status}`),
    unitName: ledgerRow?.unit.name ?? null,
    category: ledgerRow?.category ?? null,
    receivedAt: receipt.issuedAt.toISOString(),
    timeline: events.map((event) => ({
      seq: event.seq,
      type: event.type,
      label: t(`events.${event.type}`, { defaultValue: event.type }),
      occurredAt: event.occurredAt.toISOString(),
    })),
  };
}
