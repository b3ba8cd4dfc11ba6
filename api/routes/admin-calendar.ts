import type { MikroORM } from '@mikro-orm/postgresql';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { CalendarRepository, type CalendarDayInput } from '../../db/calendar';
import { calendarDayKinds } from '../../db/entities/calendar';
import { actorLabel } from '../../domain/actor';
import { isWeekend } from '../../domain/working-days';
import { signedIn } from '../auth/staff';
import { ApiError, type FieldProblem } from '../errors';
import { parseOrThrow } from '../validation';
import { json, jsonBody, problem } from '../openapi-parts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

export interface AdminCalendarDeps {
  orm: MikroORM;
  /** Recounts the running deadlines that touch `year`; answers how many cases are being recounted. */
  startRecompute: (year: number) => Promise<number>;
}

const yearParamSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

const yearCalendarSchema = z.strictObject({
  source: z.string().trim().min(1).max(200),
  days: z
    .array(
      z.strictObject({
        day: z.iso.date(),
        kind: z.enum(calendarDayKinds),
        name: z.string().trim().min(1).max(64),
      }),
    )
    .min(1)
    .max(366),
});

const calendarDaySchema = z.object({ day: z.iso.date(), kind: z.enum(calendarDayKinds), name: z.string() });
const calendarOverviewSchema = z.object({
  years: z.array(
    z.object({
      year: z.number().int(),
      source: z.string(),
      loadedAt: z.iso.datetime(),
      loadedBy: z.string(),
      holidays: z.number().int(),
      workdays: z.number().int(),
    }),
  ),
  alerts: z
    .array(
      z.object({
        kind: z.string(),
        key: z.string(),
        details: z.record(z.string(), z.unknown()),
        raisedAt: z.iso.datetime(),
      }),
    )
    .meta({ description: 'Open alerts: a year the deadlines reach that has no calendar loaded' }),
});
const yearDaysSchema = z.object({
  year: z.number().int(),
  covered: z.boolean().meta({ description: 'Whether the year is loaded (without it, weekends only)' }),
  days: z.array(calendarDaySchema),
});
const yearLoadedSchema = z.object({
  year: z.number().int(),
  recomputing: z
    .number()
    .int()
    .meta({ description: 'How many running cases are having deadlines recounted' }),
});

/** What zod cannot see alone: each day in the year, once, and make-up working days (调休) only on weekends. */
function calendarProblems(req: Request, year: number, days: CalendarDayInput[]): FieldProblem[] {
  const seen = new Set<string>();
  return days.flatMap(({ day, kind }, i) => {
    const field = `days.${i}.day`;
    const problems: FieldProblem[] = [];
    if (!day.startsWith(`${year}-`))
      problems.push({ field, message: req.t('calendar.dayOutsideYear', { day, year }) });
    if (seen.has(day)) problems.push({ field, message: req.t('calendar.duplicateDay', { day }) });
    if (kind === 'workday' && !isWeekend(day)) {
      problems.push({ field, message: req.t('calendar.workdayOnWeekday', { day }) });
    }
    seen.add(day);
    return problems;
  });
}

/** The administrator's holiday calendar (管理 › 节假日日历). */
export function adminCalendarRoutes(deps: AdminCalendarDeps): Router {
  const router = Router();
  const calendar = () => new CalendarRepository(deps.orm.em.fork());

  router.get('/api/v1/admin/calendar', async (_req, res) => {
    const repository = calendar();
    const [years, alerts] = await Promise.all([repository.years(), repository.openAlerts()]);
    res.json({
      years: years.map((y) => ({ ...y, loadedAt: y.loadedAt.toISOString() })),
      alerts: alerts.map((a) => ({
        kind: a.kind,
        key: a.key,
        details: a.details,
        raisedAt: a.raisedAt.toISOString(),
      })),
    } satisfies z.infer<typeof calendarOverviewSchema>);
  });

  router.get('/api/v1/admin/calendar/:year', async (req, res) => {
    const { year } = parseOrThrow(yearParamSchema, req.params, req.t);
    const repository = calendar();
    const [covered, days] = await Promise.all([repository.isLoaded(year), repository.yearDays(year)]);
    res.json({ year, covered, days } satisfies z.infer<typeof yearDaysSchema>);
  });

  router.put('/api/v1/admin/calendar/:year', async (req, res) => {
    const admin = signedIn(req);
    const { year } = parseOrThrow(yearParamSchema, req.params, req.t);
    const input = parseOrThrow(yearCalendarSchema, req.body, req.t);
    const problems = calendarProblems(req, year, input.days);
    if (problems.length > 0) throw new ApiError(422, 'validation_failed', 'errors.validation', {}, problems);
    await calendar().replaceYear(year, {
      source: input.source,
      days: [...input.days].sort((a, b) => a.day.localeCompare(b.day)),
      loadedBy: actorLabel(admin),
    });
    res.json({ year, recomputing: await deps.startRecompute(year) } satisfies z.infer<
      typeof yearLoadedSchema
    >);
  });

  return router;
}

/** The holiday calendar in the OpenAPI document, from the schemas the routes parse and answer with. */
export function registerAdminCalendarPaths(registry: OpenAPIRegistry): void {
  const guarded = {
    401: problem('Not signed in, or the account was switched off.'),
    403: problem('Not an administrator, or the CSRF token is wrong.'),
  };
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/calendar',
    summary: 'The loaded years of the holiday calendar (节假日日历) and the open alerts about missing ones',
    responses: { 200: json(calendarOverviewSchema, 'The years and alerts'), ...guarded },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/calendar/{year}',
    summary: 'The holidays and make-up working days (调休) of one year',
    request: { params: yearParamSchema },
    responses: {
      200: json(yearDaysSchema, 'The year’s days'),
      ...guarded,
      422: problem('The year is not between 2000 and 2100.'),
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/admin/calendar/{year}',
    summary: 'Replace a year of the calendar whole; running deadlines that touch it are recounted',
    request: { params: yearParamSchema, ...jsonBody(yearCalendarSchema) },
    responses: {
      200: json(yearLoadedSchema, 'Loaded; the recount runs in the background'),
      ...guarded,
      422: problem(
        'A day outside the year, twice, or a make-up working day on a weekday; details name each one.',
      ),
    },
  });
}
