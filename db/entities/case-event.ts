import { EntitySchema } from '@mikro-orm/core';
import type { CaseEventType, CaseStatus } from '../../domain/case';

/**
 * One event on a case's timeline (全程留痕): append-only, numbered by the workflow,
 * so a retried projection writes the same (case, seq) once. A database trigger
 * refuses updates and deletes.
 */
export class CaseEvent {
  id!: string;
  caseNumber!: string;
  seq!: number;
  type!: CaseEventType;
  occurredAt!: Date;
  /** `system`, `complainant`, or `staff:<id>`. */
  actor!: string;
  data!: Record<string, unknown>;
  policyVersion!: string;
  /** What the case was after this event, so a report can count any past instant again (null before reports existed). */
  statusAfter?: CaseStatus | null;
  overdueAfter?: boolean | null;
  escalatedAfter?: boolean | null;
  backlogAfter?: boolean | null;
}

export const CaseEventSchema = new EntitySchema<CaseEvent>({
  class: CaseEvent,
  tableName: 'case_event',
  uniques: [{ properties: ['caseNumber', 'seq'] }],
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    caseNumber: { type: 'string', length: 32 },
    seq: { type: 'integer' },
    type: { type: 'string', length: 48 },
    occurredAt: { type: 'datetime' },
    actor: { type: 'string', length: 64 },
    data: { type: 'json' },
    policyVersion: { type: 'string', length: 32 },
    statusAfter: { type: 'string', length: 32, nullable: true },
    overdueAfter: { type: 'boolean', nullable: true },
    escalatedAfter: { type: 'boolean', nullable: true },
    backlogAfter: { type: 'boolean', nullable: true },
  },
});
