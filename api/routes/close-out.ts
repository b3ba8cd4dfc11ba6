import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import {
  closeOutCandidates,
  closeOutWaiting,
  repliedQuicklyAmong,
  weekFiguresByUnit,
} from '../../db/close-out-figures';
import { struckOffInWeek, unitsToReport } from '../../db/close-out-runs';
import { findCloseOutWeek, previousPeriodEnd, reportUnit } from '../../db/close-out-weeks';
import {
  campaignCases,
  createCampaign,
  findCampaign,
  listCampaigns,
  lookBackCampaignWorkflowId,
  type CampaignCaseState,
} from '../../db/look-back-campaigns';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { json, jsonBody, problem } from '../openapi-parts';
import { isWithin } from '../../domain/actor';
import { closeOutWeek, emptyWeekFigures } from '../../domain/close-out';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { signedIn, requireRole } from '../auth/staff';
import { ApiError } from '../errors';
import { officeDateSchema } from '../schemas';
import { parseOrThrow } from '../validation';
import type { closeOutPreviewSchema, closeOutRunSchema } from '../close-out-schemas';
import type { lookBackCampaign } from '../../workflows/look-back-campaign';
import type { weeklyCloseOut } from '../../workflows/weekly-close-out';

const dayMs = 86_400_000;
const campaignSchema = z
  .object({
    title: z.string().trim().min(2).max(200),
    closedFrom: officeDateSchema,
    closedTo: officeDateSchema,
  })
  .refine((c) => c.closedFrom <= c.closedTo, { message: 'validation.dateRange', path: ['closedTo'] });
const campaignIdSchema = z.coerce.number().int().positive();

const campaignCaseStates = [
  'asked',
  'holds',
  'reopened',
  'unreachable',
] as const satisfies readonly CampaignCaseState[];
const lookBackCampaignSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    unit: z.object({ id: z.number().int(), name: z.string() }),
    closedFrom: z.iso.date(),
    closedTo: z.iso.date(),
    startedAt: z.iso.datetime({ offset: true }),
    startedBy: z.string(),
    progress: z.object({
      total: z.number().int(),
      asked: z.number().int(),
      holds: z.number().int(),
      reopened: z.number().int(),
      unreachable: z.number().int(),
    }),
  })
  .meta({
    id: 'LookBackCampaign',
    description: 'A campaign-wide look-back (集中回头看) and how far it has got',
  });
const campaignListSchema = z.object({ campaigns: z.array(lookBackCampaignSchema) });
const campaignPageSchema = z.object({
  campaign: lookBackCampaignSchema,
  cases: z.array(
    z.object({
      caseNumber: z.string(),
      summary: z.string(),
      state: z.enum(campaignCaseStates),
      updatedAt: z.iso.datetime({ offset: true }),
    }),
  ),
});

const reporting = () => policyFor(currentPolicyVersion).reporting;

/**
 * The office's hand on the weekly close-out (一周一销号) — see what this week's
 * close-out would do, or close the week now — and campaign-wide look-backs (集中回头看).
 * Reading the reports is `reports.ts`.
 */
export function closeOutRoutes(deps: {
  em: () => EntityManager;
  temporal: Client;
  taskQueue: string;
}): Router {
  const router = Router();

  router.get('/api/v1/staff/close-out/preview', async (req, res) => {
    const staff = signedIn(req);
    const em = deps.em();
    const now = new Date().toISOString();
    const week = closeOutWeek(now, reporting());
    const unitId = staff.unit.id;
    const periodFrom =
      (await previousPeriodEnd(em, unitId, week)) ?? new Date(Date.parse(now) - 7 * dayMs).toISOString();
    const [unit, closed, candidates, waiting, figures] = await Promise.all([
      reportUnit(em, unitId),
      findCloseOutWeek(em, unitId, week),
      closeOutCandidates(em, unitId, now),
      closeOutWaiting(em, unitId),
      weekFiguresByUnit(em, {
        unitIds: [unitId],
        from: periodFrom,
        to: now,
        week,
        quickClosureDays: reporting().quickClosureDays,
      }),
    ]);
    const wouldBe = figures.get(unitId) ?? emptyWeekFigures();
    const quickCandidates = closed
      ? 0
      : await repliedQuicklyAmong(
          em,
          candidates.map((c) => c.caseNumber),
          reporting().quickClosureDays,
        );
    res.set('Cache-Control', 'no-store').json({
      unit,
      week,
      periodFrom,
      periodTo: now,
      alreadyClosed: closed !== null,
      candidates,
      waiting,
      // Closing now would strike these off: the week's count includes them.
      figures: closed
        ? closed.figures
        : {
            ...wouldBe,
            closedOut: wouldBe.closedOut + candidates.length,
            closedWithin5Days: wouldBe.closedWithin5Days + quickCandidates,
          },
    } satisfies z.infer<typeof closeOutPreviewSchema>);
  });

  // Run now: the same workflow the Schedule starts, over this office's subtree; a second click waits for the first.
  router.post('/api/v1/staff/close-out/run', requireRole('office_head'), async (req, res) => {
    const staff = signedIn(req);
    const em = deps.em();
    const now = new Date().toISOString();
    const week = closeOutWeek(now, reporting());
    const handle = await deps.temporal.workflow.start<typeof weeklyCloseOut>('weeklyCloseOut', {
      taskQueue: deps.taskQueue,
      workflowId: `close-out-${staff.unit.id}-${week}`,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args: [
        { unitIds: await unitsToReport(em, staff.unitPath), cutoff: now, runBy: `staff:${staff.staffId}` },
      ],
    });
    const result = await handle.result();
    const snapshot = await findCloseOutWeek(em, staff.unit.id, week);
    if (!snapshot) throw new ApiError(503, 'temporal_unavailable', 'errors.serviceUnavailable');
    const struckOff = await Promise.all(result.units.map((u) => struckOffInWeek(em, u.unitId, week)));
    res.json({ snapshot, struckOff: struckOff.flat() } satisfies z.infer<typeof closeOutRunSchema>);
  });

  router.get('/api/v1/staff/look-back-campaigns', async (req, res) => {
    res.set('Cache-Control', 'no-store').json({
      campaigns: await listCampaigns(deps.em(), signedIn(req).unitPath),
    } satisfies z.infer<typeof campaignListSchema>);
  });

  router.get('/api/v1/staff/look-back-campaigns/:id', async (req, res) => {
    const staff = signedIn(req);
    const id = parseOrThrow(campaignIdSchema, req.params.id, req.t);
    const em = deps.em();
    const campaign = await findCampaign(em, id);
    // Another office's campaign is not there for this person (never sideways or above).
    if (!campaign || !isWithin(campaign.unitPath, staff.unitPath)) {
      throw new ApiError(404, 'not_found', 'errors.notFound');
    }
    const { unitPath: _path, ...view } = campaign;
    res
      .set('Cache-Control', 'no-store')
      .json({ campaign: view, cases: await campaignCases(em, id) } satisfies z.infer<
        typeof campaignPageSchema
      >);
  });

  router.post('/api/v1/staff/look-back-campaigns', requireRole('clerk', 'office_head'), async (req, res) => {
    const staff = signedIn(req);
    const body = parseOrThrow(campaignSchema, req.body ?? {}, req.t);
    const id = await createCampaign(deps.em(), {
      unitId: staff.unit.id,
      title: body.title,
      closedFrom: body.closedFrom,
      closedTo: body.closedTo,
      startedById: staff.staffId,
      startedAt: new Date().toISOString(),
    });
    await deps.temporal.workflow.start<typeof lookBackCampaign>('lookBackCampaign', {
      taskQueue: deps.taskQueue,
      workflowId: lookBackCampaignWorkflowId(id),
      args: [{ campaignId: id }],
    });
    res.status(201).json({ id });
  });

  return router;
}

/** 集中回头看 in the OpenAPI document, from the schemas the routes parse and answer with. */
export function registerLookBackCampaignPaths(registry: OpenAPIRegistry): void {
  const signedInOnly = { 401: problem('Not signed in.') };
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/look-back-campaigns',
    summary: 'The look-back campaigns started in the person’s subtree, newest first',
    responses: { 200: json(campaignListSchema, 'The campaigns'), ...signedInOnly },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/look-back-campaigns/{id}',
    summary: 'One look-back campaign and each of its cases with what the complainant answered',
    request: { params: z.object({ id: campaignIdSchema }) },
    responses: {
      200: json(campaignPageSchema, 'The campaign and its cases'),
      ...signedInOnly,
      404: problem('No such campaign in the person’s subtree.'),
      422: problem('The id is not a number.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/look-back-campaigns',
    summary:
      'Start a campaign-wide look-back (集中回头看) over the office’s subtree and a closed-out date range',
    request: jsonBody(campaignSchema),
    responses: {
      201: json(z.object({ id: z.number().int() }), 'Started'),
      ...signedInOnly,
      403: problem('Only clerks and office heads start a campaign, with the CSRF token.'),
      422: problem('A title, and a date range whose end is not before its start.'),
    },
  });
}
