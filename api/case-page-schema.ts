import { z } from 'zod';
import { staffRoles } from '../domain/actor';
import { backlogReasons } from '../domain/backlog';
import { caseEventTypes } from '../domain/case';
import { staffActionNames } from '../domain/case-commands';
import { deadlineStates } from '../domain/case-events';
import { disposals, findings, sanctionKinds } from '../domain/discipline';
import { clockNames, escalationTargets } from '../domain/policy';
import { identityAuditActions } from '../db/identity-views';
import { backlogFlagsSchema, ledgerEntrySchema } from './schemas';

/** What the staff case page reads (GET /api/v1/staff/cases/{caseNumber}), as the console types it. */

const unitRef = z.object({ code: z.string(), name: z.string() });
const named = z.object({ id: z.number().int(), name: z.string() });
/** A grant keeps its person or department after they are gone; the name may then be missing. */
const grantee = z.object({ id: z.number().int(), name: z.string().nullable() });

export const identityGrantSchema = z
  .object({
    id: z.number().int(),
    staff: grantee.nullable(),
    department: grantee.nullable(),
    reason: z.string(),
    grantedBy: z.string(),
    grantedAt: z.string(),
  })
  .meta({
    id: 'IdentityGrant',
    description: 'A grant to see the identity (授权查看): one person or one department',
  });

export const identityViewSchema = z
  .object({
    id: z.number().int(),
    caseNumber: z.string(),
    action: z.enum(identityAuditActions),
    staff: z.object({ id: z.number().int(), name: z.string(), role: z.string(), unitName: z.string() }),
    reason: z.string(),
    ip: z.string().nullable(),
    at: z.string(),
  })
  .meta({
    id: 'IdentityView',
    description: 'One look at the identity, a refused attempt, or a grant given or revoked',
  });

export const complainantIdentitySchema = z
  .object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    idNumber: z.string().nullable(),
    address: z.string().nullable(),
  })
  .meta({ id: 'ComplainantIdentity' });

const identityCardSchema = z
  .object({
    anonymous: z.boolean(),
    mayView: z.boolean(),
    mayGrant: z.boolean(),
    grants: z.array(identityGrantSchema).optional(),
    grantees: z
      .object({
        departments: z.array(named.extend({ unit: unitRef })),
        people: z.array(named.extend({ role: z.enum(staffRoles), unit: unitRef })),
      })
      .nullable()
      .optional(),
    recentViews: z.array(identityViewSchema).optional(),
  })
  .meta({ description: 'Whether this person may ask to see the identity; never the identity itself' });

const reportViewSchema = z.object({
  accused: z.object({
    name: z.string().nullable(),
    position: z.string().nullable(),
    isHead: z.boolean(),
    unit: unitRef.nullable(),
    department: named.nullable(),
  }),
  urgent: z.boolean(),
  disposal: z.enum(disposals).nullable(),
  disposalReason: z.string().nullable(),
  conclusion: z
    .object({
      finding: z.enum(findings).nullable(),
      caseOpened: z.string().nullable(),
      sanction: z.enum(sanctionKinds).nullable(),
      at: z.string(),
    })
    .nullable(),
});

const backlogViewSchema = z.object({
  designatedAt: z.string(),
  reasons: z.array(z.enum(backlogReasons)),
  flags: backlogFlagsSchema,
  owner: z.object({ staffId: z.number().int(), name: z.string() }).nullable(),
  ownedAt: z.string().nullable(),
  taskForce: z.array(
    z.object({
      name: z.string(),
      role: z.string(),
      organisation: z.string().optional(),
      staffId: z.number().int().optional(),
    }),
  ),
  plan: z
    .object({
      version: z.number().int(),
      summary: z.string(),
      milestones: z.array(
        z.object({ title: z.string(), dueDate: z.string(), doneAt: z.string().nullable().optional() }),
      ),
      setAt: z.string(),
    })
    .nullable(),
  lastProgressAt: z.string().nullable(),
  visits: z.number().int(),
});

const lookBackRoundSchema = z.object({
  round: z.number().int(),
  campaignId: z.number().int().optional(),
  askedAt: z.string(),
  complainantAnswer: z
    .object({ holds: z.boolean(), comment: z.string().optional(), at: z.string() })
    .optional(),
  officeCheck: z
    .object({ holds: z.boolean(), finding: z.string(), by: z.string(), at: z.string() })
    .optional(),
});

const caseRecordSchema = ledgerEntrySchema.omit({ backlog: true }).extend({
  place: z.string(),
  summary: z.string(),
  request: z.string(),
  policyVersion: z.string(),
  forwardedTo: z.string().nullable(),
  extension: z
    .object({
      days: z.number().int(),
      reason: z.string(),
      state: z.enum(['requested', 'approved', 'refused']),
    })
    .nullable(),
  evaluation: z.object({ satisfied: z.boolean(), at: z.string() }).nullable(),
  backlog: backlogViewSchema.nullable().meta({ description: '积案: 一案一领导、一个工作专班、一套化解方案' }),
  closeOut: z
    .object({
      gaps: z.array(z.enum(['outcome', 'reply_delivery', 'satisfaction_or_sign_off', 'owner_sign_off'])),
      readyAt: z.string().nullable(),
      signOff: z
        .object({ staffId: z.number().int(), name: z.string(), reason: z.string(), at: z.string() })
        .nullable(),
      week: z.string().nullable(),
      reopenedCount: z.number().int(),
    })
    .nullable()
    .meta({ description: '销号: what the case still lacks; null when the workflow cannot be asked' }),
  lookBack: z
    .object({
      roundsAsked: z.number().int(),
      roundsHeld: z.number().int(),
      open: lookBackRoundSchema.nullable(),
      listensUntil: z.string(),
    })
    .nullable()
    .meta({ description: '回头看 after close-out' }),
  repeats: z.object({ count: z.number().int(), caseNumbers: z.array(z.string()) }),
  externalRef: z.string().nullable(),
  qrUnitCode: z.string().nullable(),
  handedOver: z.object({ toUnit: z.string(), at: z.string(), seq: z.number().int() }).nullable().meta({
    description: '上报/移交: this office handed the case on; it reads its own steps and acts no more',
  }),
  identity: identityCardSchema,
  report: reportViewSchema.nullable().meta({ description: '检举控告: whom it accuses, and the disposal' }),
});

export const caseDeadlineSchema = z.object({
  clock: z.enum(clockNames),
  startedAt: z.string(),
  dueDate: z.string().meta({ description: 'Last day, inclusive (YYYY-MM-DD, Asia/Shanghai)' }),
  dueAt: z.string(),
  provisional: z.boolean(),
  state: z.enum(deadlineStates),
  escalateTo: z.enum(escalationTargets).nullable(),
});

export const timelineEventSchema = z.object({
  seq: z.number().int(),
  type: z.enum(caseEventTypes),
  occurredAt: z.string(),
  actor: z.object({
    kind: z.enum(['staff', 'complainant', 'system']),
    name: z.string().optional(),
    role: z.string().optional(),
  }),
  data: z
    .record(z.string(), z.unknown())
    .meta({ description: 'What the event carries; its fields depend on its type' }),
});

export const casePageSchema = z
  .object({
    case: caseRecordSchema,
    deadlines: z.array(caseDeadlineSchema),
    timeline: z.array(timelineEventSchema),
    allowedActions: z.array(z.enum(staffActionNames)),
    dispatchTargets: z.array(named.extend({ kind: z.string(), unit: unitRef })),
    proposedDepartmentId: z
      .number()
      .int()
      .nullable()
      .meta({ description: '权力清单: the department the power list proposes for dispatch' }),
    leaders: z.array(named.extend({ title: z.string(), unit: unitRef })),
    handOverTargets: z.array(named.extend({ code: z.string(), level: z.string() })),
  })
  .meta({ id: 'CasePage' });

export type CasePage = z.infer<typeof casePageSchema>;

export const identityAnswerSchema = z.object({ identity: complainantIdentitySchema });
export const grantAnswerSchema = z.object({ grant: identityGrantSchema });
export const identityLogPageSchema = z
  .object({
    items: z.array(identityViewSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'IdentityLogPage' });
