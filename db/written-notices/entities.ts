import { EntitySchema } from '@mikro-orm/core';
import type { DeliveryMethod, WrittenNoticeKind } from '../../domain/written-notices';

/** One issued written notice (文书): its number, and its text as it was issued. */
export class WrittenNotice {
  id!: number;
  caseNumber!: string;
  kind!: WrittenNoticeKind;
  /** 1 for the first; a corrected notice (更正) is the next revision, with a new number. */
  revision!: number;
  /** The issuing unit, whose sequence gave the number. */
  unitId!: number;
  year!: number;
  serial!: number;
  /** 文号, e.g. 城关信访〔2026〕12号. */
  documentNumber!: string;
  issuingOffice!: string;
  title!: string;
  /** `complainant` (their name, or 信访人 when anonymous) or `recipient` (the body a case is sent to). */
  addresseeKind!: 'complainant' | 'recipient';
  recipient?: string | null;
  body!: string;
  /** The office date of issue (YYYY-MM-DD), printed in Chinese numerals. */
  issuedOn!: string;
  issuedAt!: Date;
  issuedBy!: number;
  /** The timeline event that records the issue, once written. */
  timelineSeq?: number | null;
  deliveryMethod?: DeliveryMethod | null;
  deliveredOn?: string | null;
  deliveredBy?: string | null;
  deliveryRecordedBy?: number | null;
}

export const WrittenNoticeSchema = new EntitySchema<WrittenNotice>({
  class: WrittenNotice,
  tableName: 'written_notice',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    caseNumber: { type: 'string', length: 32 },
    kind: { type: 'string', length: 32 },
    revision: { type: 'integer' },
    unitId: { type: 'integer' },
    year: { type: 'integer' },
    serial: { type: 'integer' },
    documentNumber: { type: 'string', length: 64 },
    issuingOffice: { type: 'string', length: 100 },
    title: { type: 'string', length: 100 },
    addresseeKind: { type: 'string', length: 16 },
    recipient: { type: 'string', length: 200, nullable: true },
    body: { type: 'text' },
    issuedOn: { type: 'date' },
    issuedAt: { type: 'datetime' },
    issuedBy: { type: 'integer' },
    timelineSeq: { type: 'integer', nullable: true },
    deliveryMethod: { type: 'string', length: 16, nullable: true },
    deliveredOn: { type: 'date', nullable: true },
    deliveredBy: { type: 'string', length: 100, nullable: true },
    deliveryRecordedBy: { type: 'integer', nullable: true },
  },
});

/** A unit's own body for a kind of notice; without one, the default in code applies. */
export class WrittenNoticeTemplate {
  unitId!: number;
  kind!: WrittenNoticeKind;
  body!: string;
  updatedAt!: Date;
  updatedBy!: number;
}

export const WrittenNoticeTemplateSchema = new EntitySchema<WrittenNoticeTemplate>({
  class: WrittenNoticeTemplate,
  tableName: 'written_notice_template',
  properties: {
    unitId: { type: 'integer', primary: true, autoincrement: false },
    kind: { type: 'string', length: 32, primary: true },
    body: { type: 'text' },
    updatedAt: { type: 'datetime' },
    updatedBy: { type: 'integer' },
  },
});

/** A unit's prefix (机关代字) in its document numbers. */
export class WrittenNoticeSetting {
  unitId!: number;
  prefix!: string;
  updatedAt!: Date;
  updatedBy!: number;
}

export const WrittenNoticeSettingSchema = new EntitySchema<WrittenNoticeSetting>({
  class: WrittenNoticeSetting,
  tableName: 'written_notice_setting',
  properties: {
    unitId: { type: 'integer', primary: true, autoincrement: false },
    prefix: { type: 'string', length: 16 },
    updatedAt: { type: 'datetime' },
    updatedBy: { type: 'integer' },
  },
});
