import { z } from 'zod';
import { backlogFlagNames } from '../domain/backlog';
import { caseStatuses } from '../domain/case';
import {
  categories,
  channels,
  complainantLanguages,
  noticeChannels,
  petitionKinds,
} from '../domain/petition';
import { clockNames } from '../domain/policy';

/**
 * Request and response shapes of the HTTP API. These same schemas validate
 * requests and generate the OpenAPI document (api/openapi.ts).
 * Messages are i18n keys: api/validation.ts turns issues into the user's language.
 */
export const submissionKeySchema = z
  .string({ error: 'validation.submissionKey' })
  .regex(/^[A-Za-z0-9_-]{16,128}$/, 'validation.submissionKey')
  .meta({
    description:
      'A random key the client makes once per petition (e.g. a UUID) and sends again on every retry: the same key always gives the same case.',
    example: '7d0b7a4e-1f64-4a53-9b1e-3c2f5a1e9b20',
  });

export const complainantSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9\s-]{4,19}$/, 'validation.phone'),
    email: z.email('validation.email').max(254).optional(),
    // The format only; the check digit is not verified.
    idNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^\d{17}[\dX]$/, 'validation.idNumber')
      .optional()
      .meta({ description: 'Resident ID number (身份证号), 18 characters', example: '110101199003071234' }),
    address: z.string().trim().min(1).max(200).optional(),
  })
  .meta({ id: 'Complainant', description: 'Who brings the petition; absent for anonymous petitions.' });

/** Whom a report accuses (被反映人), as far as the complainant knows. */
export const accusedInputSchema = z
  .object({
    name: z.string().trim().min(1).max(64).optional().meta({ description: "The person's name" }),
    position: z.string().trim().min(1).max(64).optional().meta({ description: 'Their position (职务)' }),
    unitCode: z.string().trim().min(1).max(32).optional().meta({
      description: 'Their unit; the unit of the petition (the place of the matter) when absent',
      example: '990101001',
    }),
    departmentId: z.number().int().positive().max(2_147_483_647).optional(),
    isHead: z.boolean().optional().meta({ description: 'The person heads that unit (一把手)' }),
  })
  .meta({ id: 'Accused' });

export const petitionInputSchema = z
  .object({
    unitCode: z.string().trim().min(1).max(32).meta({
      description: 'Code of the unit the petition is addressed to (for a report: the place of the matter)',
      example: '990101',
    }),
    kind: z.enum(petitionKinds).optional().meta({
      description:
        'petition: a request or complaint about a problem (信访诉求, the default); report: a report about a Party member, official or public employee (检举控告), registered with the discipline body that has jurisdiction',
    }),
    accused: accusedInputSchema.optional().meta({ description: 'Whom a report accuses; only for a report' }),
    category: z.enum(categories),
    place: z
      .string()
      .trim()
      .min(2)
      .max(200)
      .meta({ description: 'Where it happened', example: '东湖县城关镇新桥村' }),
    summary: z.string().trim().min(10).max(5000).meta({ description: 'What happened (反映的问题)' }),
    request: z.string().trim().min(2).max(2000).meta({ description: 'What the complainant asks for (诉求)' }),
    anonymous: z.boolean(),
    complainant: complainantSchema.optional(),
    language: z
      .enum(complainantLanguages)
      .optional()
      .meta({ description: "The complainant's language; e-mails about the case are written in it" }),
    notifyBy: z.enum(noticeChannels).optional().meta({
      description:
        'How the complainant hears of the case (告知方式): by SMS to their phone, by e-mail, or both. SMS by default; both when an e-mail address is given.',
    }),
    qrUnitCode: z.string().trim().min(1).max(32).optional().meta({
      description: 'The unit whose QR code (码上举报) the petition came through',
      example: '990101001',
    }),
    attachmentIds: z
      .array(z.uuid())
      .max(5)
      .optional()
      .meta({ description: 'Files uploaded beforehand through POST /api/v1/attachments (at most 5)' }),
    submissionKey: submissionKeySchema,
  })
  .superRefine((petition, ctx) => {
    if (!petition.anonymous && !petition.complainant) {
      ctx.addIssue({ code: 'custom', path: ['complainant'], message: 'validation.complainantRequired' });
    }
    if (petition.anonymous && petition.complainant) {
      ctx.addIssue({ code: 'custom', path: ['complainant'], message: 'validation.anonymousWithIdentity' });
    }
    if (petition.kind === 'report' && !petition.accused) {
      ctx.addIssue({ code: 'custom', path: ['accused'], message: 'validation.accusedRequired' });
    }
    if (petition.kind !== 'report' && petition.accused) {
      ctx.addIssue({ code: 'custom', path: ['accused'], message: 'validation.accusedOnlyInReport' });
    }
    if (petition.notifyBy && petition.notifyBy !== 'sms' && !petition.complainant?.email) {
      ctx.addIssue({ code: 'custom', path: ['notifyBy'], message: 'validation.notifyByEmailWithoutAddress' });
    }
  })
  .meta({ id: 'PetitionInput', description: 'A petition submitted through the public web form or API.' });

export type PetitionInput = z.infer<typeof petitionInputSchema>;

export const receiptSchema = z
  .object({
    caseNumber: z.string().meta({ example: 'QL2026-000001' }),
    accessCode: z.string().meta({
      description:
        'Secret 20-digit access code. Shown once; only its hash is stored, so it cannot be recovered.',
      example: '0123 4567 8901 2345 6789',
    }),
    statusUrl: z.string(),
  })
  .meta({ id: 'Receipt' });

/** A day on the calendar as YYYY-MM-DD: 2026-02-30 and year 0 (which PostgreSQL has not) are refused. */
export const officeDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine((date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    return (
      date >= '0001-01-01' && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date
    );
  }, 'validation.date');

export const caseNumberSchema = z.string().regex(/^QL\d{4}-\d{6,}$/, 'validation.caseNumber');

export const accessCodeHeaderSchema = z
  .string()
  .min(1)
  .meta({ description: 'The access code from the receipt' });

export const timelineEntrySchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    label: z.string(),
    occurredAt: z.string(),
  })
  .meta({ id: 'TimelineEntry' });

export const caseStatusViewSchema = z
  .object({
    caseNumber: z.string(),
    status: z.enum(caseStatuses),
    statusLabel: z.string(),
    unitName: z.string().nullable(),
    category: z.enum(categories).nullable(),
    receivedAt: z.string(),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: 'CaseStatusView', description: 'What the complainant sees of their case.' });

/** 'true' or 'false' in a query string; anything else is refused rather than read as false. */
const queryFlag = z.enum(['true', 'false']).transform((flag) => flag === 'true');

export const ledgerQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(caseStatuses).optional(),
  unitCode: z.string().trim().max(32).optional(),
  overdue: queryFlag.optional().meta({ description: 'true: the earliest running deadline has passed' }),
  dueWithinDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(365)
    .optional()
    .meta({ description: 'The earliest running deadline falls within this many days from now' }),
  category: z.enum(categories).optional(),
  channel: z.enum(channels).optional(),
  kind: z
    .enum(petitionKinds)
    .optional()
    .meta({ description: 'petition (信访诉求), report (检举控告) or consultation (咨询, counted apart)' }),
  escalated: queryFlag.optional().meta({ description: 'true: a breach sits with a higher office (督办)' }),
  caseNumber: z.string().trim().max(32).optional().meta({ description: 'Any part of the case number' }),
  handlingDepartmentId: z.coerce.number().int().min(1).optional(),
  backlog: queryFlag.optional().meta({ description: 'true: backlog cases (积案) only' }),
  flags: z
    .string()
    .transform((list) => list.split(',').filter(Boolean))
    .pipe(z.array(z.enum(backlogFlagNames)))
    .optional()
    .meta({
      description: '«三多» flags that must all be set, comma-separated: manyYears,manyLevels,manyOffices',
    }),
  ownerLeaderId: z.coerce.number().int().min(1).optional(),
  unowned: queryFlag.optional().meta({ description: 'true: backlog cases without an owning leader' }),
});

export const backlogFlagsSchema = z.object({
  manyYears: z.boolean(),
  manyLevels: z.boolean(),
  manyOffices: z.boolean(),
});

export const ledgerEntrySchema = z
  .object({
    caseNumber: z.string(),
    unit: z.object({ code: z.string(), name: z.string() }),
    category: z.enum(categories),
    channel: z.enum(channels),
    status: z.enum(caseStatuses),
    anonymous: z.boolean(),
    receivedAt: z.string(),
    registeredAt: z.string(),
    nextDueAt: z.string().nullable().meta({ description: 'The earliest running deadline' }),
    nextDueClock: z.enum(clockNames).nullable(),
    deadlineProvisional: z
      .boolean()
      .meta({ description: "Counted without next year's holiday calendar: weekdays only" }),
    overdue: z.boolean().meta({ description: 'The earliest running deadline has passed' }),
    escalated: z.boolean().meta({ description: 'A breach sits with a higher office (督办)' }),
    handlingDepartment: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    backlog: z.boolean().meta({ description: 'A backlog case (积案)' }),
    backlogAt: z.string().nullable(),
    flags: backlogFlagsSchema.meta({ description: '«三多»: 多年, 多层, 多头' }),
    repeatCount: z.number().int(),
    owner: z.object({ id: z.number().int(), name: z.string() }).nullable().meta({ description: '包案领导' }),
    nextMilestoneDate: z.string().nullable(),
    planVersion: z.number().int(),
    joinedCaseNumber: z.string().nullable(),
    kind: z.enum(petitionKinds).meta({ description: '信访诉求, 检举控告 or 咨询' }),
    urgent: z.boolean().meta({ description: 'A report the discipline office handles first (优先处置)' }),
  })
  .meta({ id: 'LedgerEntry' });

export const ledgerPageSchema = z
  .object({
    items: z.array(ledgerEntrySchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'LedgerPage' });

export const ledgerSummarySchema = z
  .object({ byStatus: z.array(z.object({ status: z.enum(caseStatuses), count: z.number().int() })) })
  .meta({ id: 'LedgerSummary' });

export const unitListSchema = z
  .object({
    items: z.array(
      z.object({
        // The reports and statistics name a unit by id (?unit=, ?unitId=), the ledger by code.
        id: z.number().int(),
        code: z.string(),
        name: z.string(),
        level: z.string(),
        parentCode: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'UnitList' });

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'failing']),
    checks: z.object({
      database: z.enum(['ok', 'failing']),
      temporal: z.enum(['ok', 'failing']),
      smtp: z.enum(['ok', 'failing']),
    }),
  })
  .meta({ id: 'Health' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });
