import { EntitySchema } from '@mikro-orm/core';
import type { EscalationTarget, ClockName } from '../../domain/policy';
import { deadlineStates, type DeadlineState } from '../../domain/case-events';

export { deadlineStates, type DeadlineState };

/** A deadline of a case as the workflow last projected it: what staff see on the case page. */
export class CaseDeadline {
  caseNumber!: string;
  clock!: ClockName;
  startedAt!: Date;
  dueDate!: string;
  dueAt!: Date;
  provisional!: boolean;
  state!: DeadlineState;
  responsibleUnitId!: number;
  escalateTo?: EscalationTarget | null;
  escalatedAt?: Date | null;
  policyVersion!: string;
  /** Timeline sequence of the last change; an older projection never overwrites a newer one. */
  lastEventSeq!: number;
}

export const CaseDeadlineSchema = new EntitySchema<CaseDeadline>({
  class: CaseDeadline,
  tableName: 'case_deadline',
  properties: {
    caseNumber: { type: 'string', length: 32, primary: true },
    clock: { type: 'string', length: 32, primary: true },
    startedAt: { type: 'datetime' },
    dueDate: { type: 'date' },
    dueAt: { type: 'datetime' },
    provisional: { type: 'boolean' },
    state: { type: 'string', length: 16 },
    responsibleUnitId: { type: 'integer' },
    escalateTo: { type: 'string', length: 16, nullable: true },
    escalatedAt: { type: 'datetime', nullable: true },
    policyVersion: { type: 'string', length: 32 },
    lastEventSeq: { type: 'integer' },
  },
});
