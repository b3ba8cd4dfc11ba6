import { EntitySchema, type Opt } from '@mikro-orm/core';
import { petitionKinds } from '../../domain/petition';
import type { BacklogReason } from '../../domain/backlog';
import type { CaseStatus } from '../../domain/case';
import type { ClockName } from '../../domain/policy';
import type {
  Category,
  Channel,
  ComplainantLanguage,
  NoticeChannels,
  PetitionKind,
} from '../../domain/petition';
import type { Disposal, Finding } from '../../domain/discipline';
import { EncryptedIdentityType } from '../identity-encryption';
import { Department } from './department';
import { StaffMember } from './staff-member';
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
  /** The complainant's identity, encrypted in the row (db/identity-encryption.ts); plaintext here. */
  complainantName?: string | null;
  complainantPhone?: string | null;
  complainantEmail?: string | null;
  /** 身份证号. */
  complainantIdNumber?: string | null;
  complainantAddress?: string | null;
  /** Blind indexes of the phone and e-mail, for finding the same complainant without the plaintext. */
  phoneMatch?: string | null;
  emailMatch?: string | null;
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
  /** 积案: when the case was designated a backlog case, and why. */
  backlogAt?: Date | null;
  backlogReasons?: BacklogReason[] | null;
  /** «三多»: 多年, 多层, 多头. */
  flagManyYears!: boolean & Opt;
  flagManyLevels!: boolean & Opt;
  flagManyOffices!: boolean & Opt;
  /** Repeat petitions linked to this case (重复信访). */
  repeatCount!: number & Opt;
  /** The open case this petition joined, when it ended as a repeat. */
  joinedCaseNumber?: string | null;
  /** 包案领导. */
  ownerLeader?: StaffMember | null;
  ownerSince?: Date | null;
  /** Version of the resolution plan (化解方案); 0 while there is none. */
  planVersion!: number & Opt;
  nextMilestoneDate?: string | null;
  nextMilestoneTitle?: string | null;
  lastProgressAt?: Date | null;
  visitCount!: number & Opt;
  /** The office's own number in its old ledger, for an imported case. */
  externalRef?: string | null;
  /** Since when the case meets the close-out rule (一周一销号); null while it does not. */
  closeOutReadyAt?: Date | null;
  reopenedCount!: number & Opt;
  /** The next look-back (回头看) revisit, or when the open one was asked. */
  lookBackDueAt?: Date | null;
  /** The language the petition was brought in: the complainant's e-mails are written in it. */
  complainantLanguage!: ComplainantLanguage & Opt;
  /** How the complainant chose to hear of the case (告知方式). */
  notifyBy!: NoticeChannels & Opt;
  /** Brought through this unit's QR code (码上举报). */
  qrUnitCode?: string | null;
  /** Whom the petition complains about (被反映人): a whole unit, or one department; its people never see the case (Art. 30). */
  accusedUnitId?: number | null;
  accusedDepartmentId?: number | null;
  /** 信访诉求, 检举控告 or 咨询. */
  kind!: PetitionKind & Opt;
  /** The accused person (被反映人) of a report: the name is identity-grade, encrypted like the complainant's. */
  accusedName?: string | null;
  /** Blind index of the normalised name, for other reports naming the same person. */
  accusedNameIndex?: string | null;
  accusedPosition?: string | null;
  /** The accused heads the accused unit: the body of the level above has jurisdiction. */
  accusedIsHead!: boolean & Opt;
  /** The discipline office marked the report urgent (优先处置): first in its queue. */
  urgent!: boolean & Opt;
  /** How the report is disposed of (处置方式) and what was found (核查结论). */
  disposal?: Disposal | null;
  finding?: Finding | null;
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
    complainantName: { type: EncryptedIdentityType, nullable: true },
    complainantPhone: { type: EncryptedIdentityType, nullable: true },
    complainantEmail: { type: EncryptedIdentityType, nullable: true },
    complainantIdNumber: { type: EncryptedIdentityType, fieldName: 'id_number', nullable: true },
    complainantAddress: { type: EncryptedIdentityType, fieldName: 'address', nullable: true },
    // Only likely-repeats and the rotation read these, in SQL: never loaded with the entity.
    phoneMatch: { type: 'text', nullable: true, lazy: true, hidden: true },
    emailMatch: { type: 'text', nullable: true, lazy: true, hidden: true },
    unitPath: { type: 'string', length: 255 },
    status: { type: 'string', length: 32 },
    handlingDepartment: { kind: 'm:1', entity: () => Department, nullable: true },
    nextDueAt: { type: 'datetime', nullable: true },
    nextDueClock: { type: 'string', length: 32, nullable: true },
    deadlineProvisional: { type: 'boolean', default: false },
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
    backlogAt: { type: 'datetime', nullable: true },
    backlogReasons: { type: 'json', nullable: true },
    flagManyYears: { type: 'boolean', default: false },
    flagManyLevels: { type: 'boolean', default: false },
    flagManyOffices: { type: 'boolean', default: false },
    repeatCount: { type: 'integer', default: 0 },
    joinedCaseNumber: { type: 'string', length: 32, nullable: true },
    ownerLeader: { kind: 'm:1', entity: () => StaffMember, nullable: true },
    ownerSince: { type: 'datetime', nullable: true },
    planVersion: { type: 'integer', default: 0 },
    nextMilestoneDate: { type: 'date', nullable: true },
    nextMilestoneTitle: { type: 'string', length: 200, nullable: true },
    lastProgressAt: { type: 'datetime', nullable: true },
    visitCount: { type: 'integer', default: 0 },
    externalRef: { type: 'string', length: 64, nullable: true },
    closeOutReadyAt: { type: 'datetime', nullable: true },
    reopenedCount: { type: 'integer', default: 0 },
    lookBackDueAt: { type: 'datetime', nullable: true },
    complainantLanguage: { type: 'string', length: 8, default: 'zh-CN' },
    notifyBy: { type: 'string', length: 8, default: 'email' },
    qrUnitCode: { type: 'string', length: 32, nullable: true },
    accusedUnitId: { type: 'integer', nullable: true },
    accusedDepartmentId: { type: 'integer', nullable: true },
    kind: { enum: true, items: () => petitionKinds, columnType: 'varchar(16)', default: 'petition' },
    accusedName: { type: EncryptedIdentityType, nullable: true },
    // Only matching and the rotation read it, in SQL: never loaded with the entity.
    accusedNameIndex: { type: 'text', nullable: true, lazy: true, hidden: true },
    accusedPosition: { type: 'string', length: 64, nullable: true },
    accusedIsHead: { type: 'boolean', default: false },
    urgent: { type: 'boolean', default: false },
    disposal: { type: 'string', length: 32, nullable: true },
    finding: { type: 'string', length: 32, nullable: true },
  },
});
