import { EntitySchema } from '@mikro-orm/core';
import type { CaseStatus } from '../../domain/case';
import type { Category, Channel } from '../../domain/petition';
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
  status!: CaseStatus;
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
    status: { type: 'string', length: 32 },
    policyVersion: { type: 'string', length: 32 },
    receivedAt: { type: 'datetime' },
    registeredAt: { type: 'datetime' },
    lastEventSeq: { type: 'integer' },
    updatedAt: { type: 'datetime' },
  },
});
