import type { Petition } from './petition';

/**
 * Where a case stands. The workflow owns this; the ledger mirrors it.
 * Later stages (triaged, dispatched, …) join as the lifecycle grows.
 */
export const caseStatuses = ['received', 'registered'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** The kinds of event on a case's timeline (全程留痕). */
export type CaseEventType = 'registered';

export interface CaseStart {
  caseNumber: string;
  petition: Petition;
  /** When the office received it, ISO-8601; deadlines count from here. */
  receivedAt: string;
  policyVersion: string;
}

export const caseWorkflowId = (caseNumber: string): string => `case-${caseNumber}`;
