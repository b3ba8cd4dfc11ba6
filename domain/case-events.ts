import type { BacklogFlags, BacklogReason } from './backlog';
import type { CaseEventType, CaseStart, CaseStatus, Deadline, UnitRef } from './case';
import type { CaseState } from './case-commands';
import type { Disposal, Finding } from './discipline';

/**
 * The contract between the case workflow and the ledger's activities: what the workflow
 * hands over with each timeline event, and how the ledger row and deadlines stand after
 * it. Plain types: workflow code imports them, the activities write them to PostgreSQL.
 */

/** How a deadline stands in the ledger (the case page's deadline list). */
export const deadlineStates = ['running', 'met', 'breached', 'escalated', 'lapsed', 'stopped'] as const;
export type DeadlineState = (typeof deadlineStates)[number];

export interface RegisterCase {
  start: CaseStart;
  unit: UnitRef;
  /** Timeline event 1 (`registered`) with the deadlines that start on registration. */
  event: RecordedEvent;
}

/** The ledger row's fields that follow the workflow (台账的动态字段). */
export interface CaseSnapshot {
  status: CaseStatus;
  handlingDepartmentId: number | null;
  nextDueAt: string | null;
  nextDueClock: string | null;
  deadlineProvisional: boolean;
  escalatedToUnitId: number | null;
  escalatedAt: string | null;
  acceptedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  /** Absent in events of workflows that started before backlog cases existed: the columns are left alone. */
  repeatCount?: number;
  joinedCaseNumber?: string | null;
  backlog?: BacklogSnapshot | null;
  /** Absent in events from before close-out reports: a running deadline is breached (超期). */
  overdue?: boolean;
  /** Since when the case meets the close-out rule (一周一销号), or null. */
  closeOutReadyAt?: string | null;
  reopenedCount?: number;
  /** The next look-back (回头看) revisit, or when the open one was asked. */
  lookBackDueAt?: string | null;
  /** 检举控告 only: the office's urgent flag, the disposal and the finding. */
  report?: { urgent: boolean; disposal: Disposal | null; finding: Finding | null };
}

/** The ledger's backlog columns (积案). */
export interface BacklogSnapshot {
  designatedAt: string;
  reasons: BacklogReason[];
  flags: BacklogFlags;
  ownerLeaderId: number | null;
  ownerSince: string | null;
  planVersion: number;
  nextMilestoneDate: string | null;
  nextMilestoneTitle?: string | null;
  lastProgressAt: string | null;
  visits: number;
}

export interface ProjectedDeadline extends Deadline {
  state: DeadlineState;
}

/** One timeline event with the ledger as it stands after it. */
export interface RecordedEvent {
  caseNumber: string;
  seq: number;
  type: CaseEventType;
  occurredAt: string;
  /** `system`, `complainant` or `staff:<id>`. */
  actor: string;
  data: Record<string, unknown>;
  policyVersion: string;
  snapshot: CaseSnapshot;
  /** Deadlines that started, changed or ended with this event. */
  deadlines: ProjectedDeadline[];
  /** The workflow's whole state after the event; absent in events of workflows from before the case page read it. */
  state?: CaseState;
}
