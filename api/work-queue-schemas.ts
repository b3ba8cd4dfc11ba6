import { z } from 'zod';
import { caseStatuses } from '../domain/case';
import { categories } from '../domain/petition';
import { clockNames, escalationTargets } from '../domain/policy';
import { backlogFlagsSchema, ledgerEntrySchema } from './schemas';

/** What the work queues and the leader's workspace answer, as the console types them. */

const unitRef = z.object({ code: z.string(), name: z.string() });

export const departmentQueueSchema = z.object({ items: z.array(ledgerEntrySchema) });

export const escalationQueueSchema = z.object({
  items: z.array(
    z
      .object({
        caseNumber: z.string(),
        unit: unitRef,
        status: z.enum(caseStatuses),
        clock: z.enum(clockNames),
        target: z.enum(escalationTargets),
        escalatedAt: z.string(),
        dueAt: z
          .string()
          .nullable()
          .meta({ description: 'When the escalated clock was due, if still projected' }),
        nextDueAt: z.string().nullable(),
      })
      .meta({ id: 'EscalationQueueItem' }),
  ),
});

export const campaignCountdownSchema = z
  .object({ name: z.string(), targetDate: z.string(), daysLeft: z.number().int() })
  .nullable()
  .meta({ description: '专项活动: the nearest campaign over the unit and the days left to its target' });

export const leaderWorkspaceSchema = z
  .object({
    leader: z.object({ id: z.number().int(), name: z.string(), title: z.string(), unit: unitRef }),
    campaign: campaignCountdownSchema,
    cases: z.array(
      z.object({
        caseNumber: z.string(),
        unit: unitRef,
        status: z.enum(caseStatuses),
        category: z.enum(categories),
        summary: z.string(),
        backlogAt: z.string().nullable(),
        flags: backlogFlagsSchema,
        nextDue: z
          .object({ clock: z.enum(clockNames).nullable(), dueAt: z.string(), overdue: z.boolean() })
          .nullable(),
        nextMilestone: z.object({ title: z.string(), dueDate: z.string() }).nullable(),
        planVersion: z.number().int().meta({ description: '0 while there is no plan' }),
        lastProgressAt: z.string().nullable(),
        escalated: z.boolean(),
      }),
    ),
    unowned: z.array(
      z.object({
        caseNumber: z.string(),
        unit: unitRef,
        summary: z.string(),
        backlogAt: z.string().nullable(),
        flags: backlogFlagsSchema,
      }),
    ),
    superiorView: z.object({
      owned: z.number().int(),
      withoutPlan: z.number().int(),
      progressOverdue: z.number().int(),
      escalations: z.array(
        z.object({
          caseNumber: z.string(),
          clock: z.enum(clockNames),
          escalatedAt: z.string(),
          resolved: z.boolean(),
        }),
      ),
    }),
  })
  .meta({ id: 'LeaderWorkspace' });
