import { z } from 'zod';
import { deliveryMethods, writtenNoticeKinds } from '../../domain/written-notices';
import type { WrittenNotice } from '../../db/written-notices/entities';
import { caseNumberSchema } from '../schemas';

/** What the written-notice routes take and give, also the OpenAPI document's source. */
export const noticeKindSchema = z.enum(writtenNoticeKinds);
export const noticeFormatSchema = z.enum(['pdf', 'docx']);

export const issueNoticeSchema = z.strictObject({
  /** Issue a corrected notice (更正) with a new number, although one was issued. */
  corrected: z.boolean().optional(),
});

export const noticeDeliverySchema = z.strictObject({
  method: z.enum(deliveryMethods),
  deliveredOn: z.iso.date(),
  /** Who delivered it, when not the person recording it (e.g. the village's cadre). */
  deliveredBy: z.string().trim().min(1).max(100).optional(),
});

export const writtenNoticeSchema = z
  .object({
    id: z.number().int(),
    kind: noticeKindSchema,
    revision: z.number().int(),
    documentNumber: z.string(),
    title: z.string(),
    issuingOffice: z.string(),
    issuedOn: z.iso.date(),
    issuedAt: z.string(),
    onTimeline: z.boolean(),
    delivery: z
      .object({ method: z.enum(deliveryMethods), deliveredOn: z.iso.date(), deliveredBy: z.string() })
      .nullable(),
  })
  .meta({ id: 'WrittenNotice', description: 'An issued written notice (文书) and its delivery (送达).' });

export const caseNoticesSchema = z
  .object({
    available: z.array(noticeKindSchema),
    notices: z.array(writtenNoticeSchema),
  })
  .meta({
    id: 'CaseWrittenNotices',
    description: 'The kinds the case can have now, and every notice issued (each revision).',
  });

export const noticeParamsSchema = z.object({
  caseNumber: caseNumberSchema,
  id: z.coerce.number().int().positive().max(2_147_483_647),
});

export const noticeView = (n: WrittenNotice) => ({
  id: n.id,
  kind: n.kind,
  revision: n.revision,
  documentNumber: n.documentNumber,
  title: n.title,
  issuingOffice: n.issuingOffice,
  issuedOn: n.issuedOn,
  issuedAt: n.issuedAt.toISOString(),
  onTimeline: n.timelineSeq !== null && n.timelineSeq !== undefined,
  delivery:
    n.deliveryMethod && n.deliveredOn
      ? { method: n.deliveryMethod, deliveredOn: n.deliveredOn, deliveredBy: n.deliveredBy ?? '' }
      : null,
});
