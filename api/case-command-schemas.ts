import { z } from 'zod';
import type { CaseCommandName } from '../domain/case-commands';

/**
 * The body each case action takes over HTTP. Departments are named by id here;
 * the API resolves them before the command reaches the workflow.
 */
const text = (max: number) => z.string().trim().min(2).max(max);

export const caseActionSchemas = {
  triage: z.object({
    decision: z.enum(['accept', 'not_accept', 'forward', 'discipline']),
    reason: text(2000).optional(),
    forwardTo: text(200).optional(),
    concernsBodyHead: z.boolean().optional(),
  }),
  dispatch: z.object({ departmentId: z.number().int().positive(), instructions: text(2000).optional() }),
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
  closeOut: z.object({ note: text(2000).optional() }),
} satisfies Record<CaseCommandName, z.ZodType>;

export type CaseActionBody<C extends CaseCommandName> = z.infer<(typeof caseActionSchemas)[C]>;

export const isCaseAction = (name: string): name is CaseCommandName => name in caseActionSchemas;
