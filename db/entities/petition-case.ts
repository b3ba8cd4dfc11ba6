import { EntitySchema } from '@mikro-orm/core';
import type { CaseStatus } from '../../domain/case';
import type { ClockName } from '../../domain/policy';
import type { Category, Channel } from '../../domain/petition';
import { Department } from './department';
import { Unit } from './unit';

/** A row of the office ledger (台账): the database's projection of the case workflow. */
export class PetitionCase {
  caseNumber!: string;
  unit!: Unit;
  channel!: Channel;
  category!: Category;
  place!: string;
  summary!: string;
  request!: string;
  anonymous!: boolean;
  complainantName?: string | null;
  complainantPhone?: string | null;
  complainantEmail?: string | null;
  /** The unit's materialised path, copied here so the ledger filters a subtree on one index. */
  unitPath!: string;
  status!: CaseStatus;
  handlingDepartment?: Department | null;
  /** The earliest running deadline: what makes the row amber or red. */
  nextDueAt?: Date | null;
  nextDueClock?: ClockName | null;
  /** Some running deadline was counted over a year without a loaded holiday calendar. */
  deadlineProvisional!: boolean;
  /** The office a breach went to (督办), until the case is acted on. */
  escalatedToUnit?: Unit | null;
  escalatedAt?: Date | null;
  acceptedAt?: Date | null;
  repliedAt?: Date | null;
  closedAt?: Date | null;
  policyVersion!: string;
  receivedAt!: Date;
  registeredAt!: Date;
  /** Sequence number of the last timeline event projected; events apply in order. */
  lastEventSeq!: number;
  updatedAt!: Date;
}

export const PetitionCaseSchema = new EntitySchema<PetitionCase>({
  class: PetitionCase,
  tableName: 'petition_case',
  indexes: [{ properties: ['status', 'receivedAt'] }, { properties: ['unit', 'receivedAt'] }],
  properties: {
    caseNumber: { type: 'string', length: 32, primary: true },
    unit: { kind: 'm:1', entity: () => Unit },
    channel: { type: 'string', length: 16 },
    category: { type: 'string', length: 32 },
    place: { type: 'string', length: 200 },
    summary: { type: 'text' },
    request: { type: 'text' },
    anonymous: { type: 'boolean' },
    complainantName: { type: 'string', length: 64, nullable: true },
    complainantPhone: { type: 'string', length: 32, nullable: true },
    complainantEmail: { type: 'string', length: 254, nullable: true },
    unitPath: { type: 'string', length: 255 },
    status: { type: 'string', length: 32 },
    handlingDepartment: { kind: 'm:1', entity: () => Department, nullable: true },
    nextDueAt: { type: 'datetime', nullable: true },
    nextDueClock: { type: 'string', length: 32, nullable: true },
    deadlineProvisional: { type: 'boolean' },
    escalatedToUnit: { kind: 'm:1', entity: () => Unit, nullable: true },
    escalatedAt: { type: 'datetime', nullable: true },
    acceptedAt: { type: 'datetime', nullable: true },
    repliedAt: { type: 'datetime', nullable: true },
    closedAt: { type: 'datetime', nullable: true },
    policyVersion: { type: 'string', length: 32 },
    receivedAt: { type: 'datetime' },
    registeredAt: { type: 'datetime' },
    lastEventSeq: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});
