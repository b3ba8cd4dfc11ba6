import { z } from 'zod';
import type { StaffActionName } from '../domain/case-commands';
import { disposals, findings, sanctionKinds } from '../domain/discipline';
import { caseNumberSchema, officeDateSchema } from './schemas';

/**
 * The body each case action takes over HTTP. Departments are named by id here;
 * the API resolves them before the command reaches the workflow.
 */
const text = (max: number) => z.string().trim().min(2).max(max);
const backlogFlags = z.object({ manyYears: z.boolean(), manyLevels: z.boolean(), manyOffices: z.boolean() });

export const caseActionSchemas = {
  triage: z.object({
    decision: z.enum(['accept', 'not_accept', 'forward', 'discipline', 'consultation']),
    reason: text(2000).optional(),
    forwardTo: text(200).optional(),
    concernsBodyHead: z.boolean().optional(),
  }),
  dispatch: z.object({
    departmentId: z.number().int().positive(),
    instructions: text(2000).optional(),
    /** Required when the department is not the one the power list (权力清单) proposes. */
    otherDepartmentReason: text(2000).optional(),
  }),
  recordForwardFeedback: z.object({ feedback: text(5000) }),
  acknowledgeAssignment: z.object({}),
  objectToAssignment: z.object({ reason: text(2000) }),
  reportProgress: z.object({ note: text(5000) }),
  requestExtension: z.object({ days: z.number().int().min(1).max(365), reason: text(2000) }),
  decideExtension: z.object({ approve: z.boolean(), reason: text(2000) }),
  reply: z.object({ text: text(20000) }),
  recordReplyDelivery: z.object({ method: z.enum(['post', 'in_person', 'phone', 'sms']) }),
  evaluate: z.object({ satisfied: z.boolean(), comment: text(2000).optional() }),
  orderReSupervision: z.object({ reason: text(2000), days: z.number().int().min(1).max(90).optional() }),
  requestReview: z.object({ reason: text(5000) }),
  decideReview: z.object({ upheld: z.boolean(), opinion: text(20000) }),
  requestReReview: z.object({ reason: text(5000) }),
  decideReReview: z.object({ upheld: z.boolean(), opinion: text(20000) }),
  issueSupervisionOrder: z.object({
    instructions: text(5000),
    days: z.number().int().min(1).max(90).optional(),
  }),
  signOffCloseOut: z.object({ reason: text(2000) }),
  answerLookBack: z.object({ holds: z.boolean(), comment: text(2000).optional() }),
  recordLookBackCheck: z.object({ holds: z.boolean(), finding: text(5000) }),
  addComplainantMessage: z.object({
    text: text(5000),
    attachmentIds: z.array(z.uuid()).max(5).default([]),
  }),
  joinOpenCase: z.object({ openCaseNumber: caseNumberSchema }),
  designateBacklog: z.object({ reason: text(2000), flags: backlogFlags.partial().optional() }),
  updateBacklogFlags: z.object({ flags: backlogFlags, reason: text(2000) }),
  assignLeader: z.object({ leaderId: z.number().int().positive() }),
  claimOwnership: z.object({}),
  nameTaskForce: z.object({
    members: z
      .array(
        z.object({
          name: text(64),
          role: text(64),
          organisation: text(100).optional(),
          staffId: z.number().int().positive().optional(),
        }),
      )
      .min(1)
      .max(30),
  }),
  setResolutionPlan: z.object({
    summary: text(10000),
    milestones: z
      .array(z.object({ title: text(200), dueDate: officeDateSchema }))
      .min(1)
      .max(30),
  }),
  reportBacklogProgress: z.object({
    note: text(5000),
    completedMilestones: z.array(z.number().int().min(0).max(29)).max(30).optional(),
  }),
  recordFieldVisit: z.object({
    kind: z.enum(['visit', 'reception']),
    date: officeDateSchema,
    place: text(200),
    met: text(500),
    agreed: text(5000),
    attachmentIds: z.array(z.uuid()).max(20).default([]),
  }),
  handOver: z.object({ toUnitId: z.number().int().positive(), reason: text(2000) }),
  classifyReport: z.object({ disposal: z.enum(disposals), reason: text(2000) }),
  concludeReport: z.object({
    finding: z.enum(findings),
    summary: text(5000),
    caseOpened: z.string().trim().min(1).max(64).optional(),
    sanction: z.enum(sanctionKinds).optional(),
  }),
  setReportUrgency: z.object({ urgent: z.boolean(), reason: text(2000) }),
  answerConsultation: z.object({ text: text(20000) }),
} satisfies Record<StaffActionName, z.ZodType>;

export type CaseActionBody<C extends StaffActionName> = z.infer<(typeof caseActionSchemas)[C]>;

/** Own keys only: `constructor` or `__proto__` in a URL is not an action. */
export const isCaseAction = (name: string): name is StaffActionName => Object.hasOwn(caseActionSchemas, name);
