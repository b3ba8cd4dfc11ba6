import { EntitySchema } from '@mikro-orm/core';
import type { ClockName, EscalationTarget } from '../../domain/policy';

export interface EscalationRecipient {
  staffId: number;
  name: string;
  email: string;
  role: string;
}

/**
 * A breached deadline sent up (逐级督办): it sits in the receiving office's queue
 * until the case is acted on.
 */
export class Escalation {
  id!: string;
  caseNumber!: string;
  /** The timeline event that escalated; (case, seq) keeps a retried escalation single. */
  seq!: number;
  clock!: ClockName;
  target!: EscalationTarget;
  fromUnitId!: number;
  toUnitId!: number;
  recipients!: EscalationRecipient[];
  escalatedAt!: Date;
  resolvedAt?: Date | null;
}

export const EscalationSchema = new EntitySchema<Escalation>({
  class: Escalation,
  tableName: 'escalation',
  uniques: [{ properties: ['caseNumber', 'seq'] }],
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    caseNumber: { type: 'string', length: 32 },
    seq: { type: 'integer' },
    clock: { type: 'string', length: 32 },
    target: { type: 'string', length: 16 },
    fromUnitId: { type: 'integer' },
    toUnitId: { type: 'integer' },
    recipients: { type: 'json' },
    escalatedAt: { type: 'datetime' },
    resolvedAt: { type: 'datetime', nullable: true },
  },
});
