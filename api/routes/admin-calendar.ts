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
    });
  });

  router.get('/api/v1/admin/calendar/:year', async (req, res) => {
    const { year } = parseOrThrow(yearParamSchema, req.params, req.t);
    const repository = calendar();
    const [covered, days] = await Promise.all([repository.isLoaded(year), repository.yearDays(year)]);
    res.json({ year, covered, days });
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
    res.json({ year, recomputing: await deps.startRecompute(year) });
  });

  return router;
}
