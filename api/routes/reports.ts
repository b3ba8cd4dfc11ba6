import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { closedWeeks, overdueHeat, reportUnit, weekTrend, weeklyReport } from '../../db/close-out-weeks';
import { bulletinMonths, findBulletin } from '../../db/monthly-bulletins';
import { isWithin } from '../../domain/actor';
import type { ReportUnit } from '../../domain/close-out';
import { bulletinPdf, bulletinXlsx } from '../../reports/bulletin-export';
import { reportLabels } from '../../reports/labels';
import { weeklyReportPdf, weeklyReportXlsx } from '../../reports/weekly-report-export';
import { requireRole, signedIn } from '../auth/staff';
import { ApiError } from '../errors';
import { parseOrThrow } from '../validation';
import { download, json, mediaTypes, problem } from '../openapi-parts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { campaignCountdown } from '../../db/administration/campaigns';
import { officeDateOf } from '../../domain/time';
import { closeOutBoardSchema, monthlyBulletinSchema } from '../close-out-schemas';

/** The board shows the last twelve closed weeks toward zero, the heat map the last eight. */
const trendWeeks = 12;
const heatWeeks = 8;

/** Who reads the weekly report and the bulletin (the pages are theirs too). */
const readers = requireRole('clerk', 'office_head', 'leader', 'supervisor');

const isCalendarDate = (date: string) => {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
};

const unitParam = z.coerce.number().int().positive().optional();
const weekQuerySchema = z.object({
  unit: unitParam,
  week: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
    .refine(isCalendarDate, 'validation.date'),
});
const unitQuerySchema = z.object({ unit: unitParam });
const monthQuerySchema = z.object({
  unit: unitParam,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'validation.month'),
});

const exportFormats = ['xlsx', 'pdf'] as const;
type ExportFormat = (typeof exportFormats)[number];

const closedWeeksSchema = z.object({ weeks: z.array(z.iso.date()) }).meta({
  description: 'The weeks some unit of the subtree closed (their Mondays), newest first',
});
const bulletinAnswerSchema = z.object({ bulletin: monthlyBulletinSchema });
const bulletinMonthsSchema = z.object({ months: z.array(z.string()) }).meta({
  description: 'The months whose bulletin is published (YYYY-MM), newest first',
});

/**
 * The unit a report is asked for: the user's own unless `unit` names one below it.
 * An unknown unit answers the same as one outside the jurisdiction, so ids reveal nothing.
 */
async function unitInJurisdiction(em: EntityManager, req: Request, unitId: number | undefined) {
  const staff = signedIn(req);
  const unit = await reportUnit(em, unitId ?? staff.unitId);
  if (!unit || !isWithin(unit.path, staff.unitPath)) {
    throw new ApiError(403, 'out_of_jurisdiction', 'errors.reportOutOfJurisdiction');
  }
  return unit;
}

/** The weekly report with what the board draws beside it; 404 while no unit of the subtree closed that week. */
async function weekBoard(em: EntityManager, unit: ReportUnit, week: string) {
  if (!(await closedWeeks(em, unit.id)).includes(week)) {
    throw new ApiError(404, 'week_not_closed', 'errors.weekNotClosed', { week, unit: unit.name });
  }
  const [report, trend, heat] = await Promise.all([
    weeklyReport(em, unit.id, week),
    weekTrend(em, unit.id, trendWeeks),
    overdueHeat(em, unit.id, heatWeeks),
  ]);
  return { report, trend, heat };
}

async function bulletinOf(em: EntityManager, unit: ReportUnit, month: string) {
  const bulletin = await findBulletin(em, unit.id, month);
  if (!bulletin)
    throw new ApiError(404, 'bulletin_not_found', 'errors.bulletinNotFound', { month, unit: unit.name });
  return bulletin;
}

/** A download named in the user's language, as the file's own title reads; `attachment` encodes a Chinese name per RFC 5987. */
function sendFile(res: Response, format: ExportFormat, name: string, bytes: Buffer): void {
  res
    .set('Cache-Control', 'private, no-store')
    .attachment(`${name}.${format}`)
    .type(mediaTypes[format])
    .send(bytes);
}

/**
 * The read side of 一周一销号 and 一月一通报 for the console:
 * GET /api/v1/staff/close-out/weeks?unit=            — the closed weeks, newest first;
 * GET /api/v1/staff/close-out/report[.xlsx|.pdf]?week=&unit= — 每周一报 with trend and overdue heat;
 * GET /api/v1/staff/bulletins?unit=                   — the published months;
 * GET /api/v1/staff/bulletins/:month[.xlsx|.pdf]?unit= — 月度通报.
 * Everything is limited to the user's unit and below.
 */
export function reportRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();

  router.get('/api/v1/staff/close-out/weeks', readers, async (req, res) => {
    const { unit: unitId } = parseOrThrow(unitQuerySchema, req.query, req.t);
    const em = deps.em();
    const unit = await unitInJurisdiction(em, req, unitId);
    res
      .set('Cache-Control', 'no-store')
      .json({ weeks: await closedWeeks(em, unit.id) } satisfies z.infer<typeof closedWeeksSchema>);
  });

  router.get('/api/v1/staff/close-out/report', readers, async (req, res) => {
    const query = parseOrThrow(weekQuerySchema, req.query, req.t);
    const em = deps.em();
    const unit = await unitInJurisdiction(em, req, query.unit);
    const [board, campaign] = await Promise.all([
      weekBoard(em, unit, query.week),
      campaignCountdown(em, unit.path, officeDateOf(new Date())),
    ]);
    res
      .set('Cache-Control', 'no-store')
      .json({ ...board, campaign } satisfies z.infer<typeof closeOutBoardSchema>);
  });

  for (const [suffix, render] of [
    ['xlsx', weeklyReportXlsx],
    ['pdf', weeklyReportPdf],
  ] as const) {
    router.get(`/api/v1/staff/close-out/report.${suffix}`, readers, async (req, res) => {
      const query = parseOrThrow(weekQuerySchema, req.query, req.t);
      const em = deps.em();
      const unit = await unitInJurisdiction(em, req, query.unit);
      const { report, trend } = await weekBoard(em, unit, query.week);
      const name = `${reportLabels[req.language].weeklyTitle(unit.name)}-${query.week}`;
      sendFile(res, suffix, name, await render(report, trend, req.language));
    });
  }

  router.get('/api/v1/staff/bulletins', readers, async (req, res) => {
    const { unit: unitId } = parseOrThrow(unitQuerySchema, req.query, req.t);
    const em = deps.em();
    const unit = await unitInJurisdiction(em, req, unitId);
    res
      .set('Cache-Control', 'no-store')
      .json({ months: await bulletinMonths(em, unit.id) } satisfies z.infer<typeof bulletinMonthsSchema>);
  });

  // The downloads come first: `/:month` would otherwise take `2026-10.xlsx` as a month.
  for (const [suffix, render] of [
    ['xlsx', bulletinXlsx],
    ['pdf', bulletinPdf],
  ] as const) {
    router.get(`/api/v1/staff/bulletins/:month.${suffix}`, readers, async (req, res) => {
      const { month, unit: unitId } = parseOrThrow(monthQuerySchema, { ...req.query, ...req.params }, req.t);
      const em = deps.em();
      const unit = await unitInJurisdiction(em, req, unitId);
      const name = reportLabels[req.language].bulletinTitle(unit.name, month);
      sendFile(res, suffix, name, await render(await bulletinOf(em, unit, month), req.language));
    });
  }

  router.get('/api/v1/staff/bulletins/:month', readers, async (req, res) => {
    const { month, unit: unitId } = parseOrThrow(monthQuerySchema, { ...req.query, ...req.params }, req.t);
    const em = deps.em();
    const unit = await unitInJurisdiction(em, req, unitId);
    res
      .set('Cache-Control', 'no-store')
      .json({ bulletin: await bulletinOf(em, unit, month) } satisfies z.infer<typeof bulletinAnswerSchema>);
  });

  return router;
}

/** The same read side in the OpenAPI document, from the schemas the routes parse with. */
export function registerReportPaths(registry: OpenAPIRegistry): void {
  const guarded = {
    401: problem('Not signed in.'),
    403: problem(
      'Not a reader of reports (clerk, office head, leader, supervisor), or the unit is outside the jurisdiction.',
    ),
    422: problem('The unit, week or month is malformed; details name it.'),
  };
  const unitQuery = unitQuerySchema;
  const monthParams = monthQuerySchema.pick({ month: true });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/close-out/weeks',
    summary: 'The closed weeks of a unit’s subtree (the weekly report exists for these)',
    request: { query: unitQuery },
    responses: { 200: json(closedWeeksSchema, 'The weeks'), ...guarded },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/close-out/report',
    summary:
      'The weekly report (每周一报) of a unit’s subtree: figures, children, who has not closed, trend, heat',
    request: { query: weekQuerySchema },
    responses: {
      200: json(closeOutBoardSchema, 'The report, its trend, the overdue heat and the campaign countdown'),
      ...guarded,
      404: problem('No unit of the subtree has closed that week.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/bulletins',
    summary: 'The published monthly bulletins (一月一通报) of a unit',
    request: { query: unitQuery },
    responses: { 200: json(bulletinMonthsSchema, 'The months'), ...guarded },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/bulletins/{month}',
    summary: 'The monthly bulletin (一月一通报) of a unit: its units ranked, the overdue cases named',
    request: { params: monthParams, query: unitQuery },
    responses: {
      200: json(bulletinAnswerSchema, 'The bulletin'),
      ...guarded,
      404: problem('Not published for that month.'),
    },
  });
  for (const format of exportFormats) {
    registry.registerPath({
      method: 'get',
      path: `/api/v1/staff/close-out/report.${format}`,
      summary: `The weekly report as ${format.toUpperCase()}, named in the reader’s language`,
      request: { query: weekQuerySchema },
      responses: {
        200: download('The report as a download (Content-Disposition: attachment)', mediaTypes[format]),
        ...guarded,
        404: problem('No unit of the subtree has closed that week.'),
      },
    });
    registry.registerPath({
      method: 'get',
      path: `/api/v1/staff/bulletins/{month}.${format}`,
      summary: `The monthly bulletin as ${format.toUpperCase()}, named in the reader’s language`,
      request: { params: monthParams, query: unitQuery },
      responses: {
        200: download('The bulletin as a download (Content-Disposition: attachment)', mediaTypes[format]),
        ...guarded,
        404: problem('Not published for that month.'),
      },
    });
  }
}
