import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import { campaignsAround, createCampaign, daysBetween } from '../../db/administration/campaigns';
import { actorLabel } from '../../domain/actor';
import { officeDateOf } from '../../domain/time';
import { actorOf, requireRole, signedIn } from '../auth/staff';
import { ApiError } from '../errors';
import { recordAdminChange } from '../../db/administration/admin-log';
import { adminActor } from './subtree';
import { errorSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/**
 * Clearance campaigns (专项活动) of an office head's subtree:
 * GET  /api/v1/staff/campaigns — those over the office's unit and above it, and those below, with days left;
 * POST /api/v1/staff/campaigns — a new one for the office's unit and everything below it.
 */
export const newCampaignSchema = z
  .strictObject({
    name: z.string().trim().min(2).max(100).meta({ example: '信访积案动态清零攻坚' }),
    startsOn: z.iso.date().optional().meta({ description: 'Office date; today when absent' }),
    targetDate: z.iso
      .date()
      .meta({ description: 'The day the stock should reach zero (清零)', example: '2026-09-30' }),
  })
  .meta({ id: 'NewCampaign' });

const campaignSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    startsOn: z.string(),
    targetDate: z.string(),
    daysLeft: z
      .number()
      .int()
      .meta({ description: 'Days from today (office date) to the target; negative once passed' }),
    unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    own: z.boolean().meta({ description: 'Set for the signed-in office’s own unit' }),
    createdBy: z.string().nullable(),
    createdAt: z.string().nullable(),
  })
  .meta({ id: 'Campaign' });

const campaignListSchema = z.object({ campaigns: z.array(campaignSchema) });

export function campaignRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.use('/api/v1/staff/campaigns', requireRole('office_head'));

  router.get('/api/v1/staff/campaigns', async (req, res) => {
    const staff = signedIn(req);
    const today = officeDateOf(new Date());
    const campaigns = await campaignsAround(deps.em(), staff.unitPath);
    res.json({
      campaigns: campaigns.map((c) => ({
        ...c,
        daysLeft: daysBetween(today, c.targetDate),
        own: c.unit.id === staff.unitId,
      })),
    } satisfies z.infer<typeof campaignListSchema>);
  });

  router.post('/api/v1/staff/campaigns', async (req, res) => {
    const staff = signedIn(req);
    const input = parseOrThrow(newCampaignSchema, req.body, req.t);
    const today = officeDateOf(new Date());
    const startsOn = input.startsOn ?? today;
    if (input.targetDate <= today) {
      throw new ApiError(422, 'campaign_target_passed', 'campaigns.errors.targetPassed', { today });
    }
    if (startsOn > input.targetDate) {
      throw new ApiError(422, 'campaign_starts_after_target', 'campaigns.errors.startsAfterTarget');
    }
    const campaign = await deps.em().transactional(async (tx) => {
      const created = await createCampaign(tx, {
        unitId: staff.unitId,
        name: input.name,
        startsOn,
        targetDate: input.targetDate,
        createdBy: actorLabel(actorOf(staff)),
      });
      recordAdminChange(tx, {
        actor: adminActor(staff),
        action: 'campaign.create',
        entity: 'campaign',
        entityId: created.id,
        unit: { id: staff.unit.id, name: staff.unit.name, path: staff.unit.path },
        after: { name: created.name, startsOn: created.startsOn, targetDate: created.targetDate },
      });
      return created;
    });
    res.status(201).json({
      ...campaign,
      daysLeft: daysBetween(today, campaign.targetDate),
      own: true,
    } satisfies z.infer<typeof campaignSchema>);
  });
  return router;
}

export function registerCampaignPaths(registry: OpenAPIRegistry): void {
  const problem = (description: string) => ({
    description,
    content: { 'application/json': { schema: errorSchema } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/campaigns',
    summary:
      'Clearance campaigns (专项活动) over the office head’s unit, above it and below it, with the days left',
    responses: {
      200: {
        description: 'Campaigns',
        content: { 'application/json': { schema: campaignListSchema } },
      },
      403: problem('Not an office head'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/campaigns',
    summary: 'An office head starts a clearance campaign for their unit’s subtree, with a target date',
    request: { body: { content: { 'application/json': { schema: newCampaignSchema } } } },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: campaignSchema } } },
      403: problem('Not an office head'),
      422: problem('A field is wrong, or the target date is not after today'),
    },
  });
}
