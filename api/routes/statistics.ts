import type { EntityManager } from '@mikro-orm/postgresql';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { reportUnit } from '../../db/close-out-weeks';
import { defaultMinimumForRate, officePeriod, statistics } from '../../db/statistics';
import { countedCases } from '../../db/statistics-cases';
import { unitLevels } from '../../db/entities/unit';
import {
  countNames,
  eventFigureNames,
  type CountName,
  type EventFigureName,
} from '../../db/statistics-counted';
import { caseStatuses } from '../../domain/case';
import { isWithin } from '../../domain/actor';
import { categories, channels } from '../../domain/petition';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { requireRole, signedIn } from '../auth/staff';
import { ApiError } from '../errors';
import { json, problem } from '../openapi-parts';
import { officeDateSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** The longest period asked at once: "since 2022" fits, a century of empty years does not. */
const maxYears = 10;

/** Who reads the office's figures: the readers of the weekly report and the bulletin. */
export const readers = requireRole('clerk', 'office_head', 'leader', 'supervisor');

const withinYears = (from: string, to: string) =>
  to <= `${String(Number(from.slice(0, 4)) + maxYears).padStart(4, '0')}${from.slice(4)}`;

/** A unit's id: a PostgreSQL integer, so a larger number is refused here and not by the database. */
const unitIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

const periodQuery = {
  from: officeDateSchema.meta({ description: 'First office date of the period (Asia/Shanghai)' }),
  to: officeDateSchema.meta({ description: 'The office date after the period: `[from, to)`' }),
  unitId: unitIdSchema.optional(),
};

const validPeriod = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((q) => q.from <= q.to, { message: 'validation.dateRange', path: ['to'] })
    .refine((q) => withinYears(q.from, q.to), { message: 'validation.periodTooLong', path: ['to'] });

export const statisticsQuerySchema = validPeriod(
  z.object({
    ...periodQuery,
    interval: z
      .enum(['week', 'month'])
      .optional()
      .meta({ description: 'The steps of overTime (default: by week up to two months, else by month)' }),
  }),
);

const countedCasesQuerySchema = validPeriod(
  z.object({
    figure: z.enum(countNames).meta({ description: 'The counted figure whose cases are listed' }),
    ...periodQuery,
    category: z.enum(categories).optional(),
    channel: z
      .enum(channels)
      .optional()
      .meta({ description: 'The channel a line counts under: a registration’s own, else the case’s' }),
    childUnitId: unitIdSchema
      .optional()
      .meta({ description: 'A unit below the unit asked for: the lines of its subtree only' }),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  }),
);

const rateSchema = z
  .object({
    numerator: z.number().int(),
    denominator: z.number().int(),
    rate: z.number().nullable(),
  })
  .meta({
    id: 'StatisticsRate',
    description: 'A rate with what it is made of; null when the denominator is under the minimum',
  });

/** Every counted figure is a whole number (db/statistics.ts says what each counts). */
const countsSchema = Object.fromEntries(countNames.map((name) => [name, z.number().int()])) as Record<
  CountName,
  z.ZodNumber
>;

const statisticsFiguresSchema = z
  .object({
    ...countsSchema,
    receivedByChannel: z.array(z.object({ channel: z.enum(channels), count: z.number().int() })),
    notAcceptedByReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    rates: z.object({ acceptance: rateSchema, quickReply: rateSchema, satisfaction: rateSchema }),
  })
  .meta({
    id: 'StatisticsFigures',
    description: 'What the timeline counts for a period (see db/statistics.ts)',
  });

const statisticsUnitSchema = z
  .object({ id: z.number().int(), code: z.string(), name: z.string() })
  .meta({ id: 'StatisticsUnit' });

const statisticsSchema = z
  .object({
    unit: statisticsUnitSchema,
    from: z.iso.date(),
    to: z.iso.date(),
    minimumForRate: z.number().int(),
    figures: statisticsFiguresSchema,
    byUnit: z.array(z.object({ unit: statisticsUnitSchema, figures: statisticsFiguresSchema })),
    byCategory: z.array(z.object({ category: z.enum(categories), figures: statisticsFiguresSchema })),
    byLevel: z.array(z.object({ level: z.enum(unitLevels), figures: statisticsFiguresSchema })),
    byStage: z
      .array(
        z.object({
          status: z.enum(caseStatuses),
          count: z.number().int(),
          buckets: z.array(
            z.object({
              fromDays: z.number().int(),
              toDays: z.number().int().nullable(),
              count: z.number().int(),
            }),
          ),
        }),
      )
      .meta({ description: 'The open petitions by status now, by how many days they have been in it' }),
    overTime: z.object({
      interval: z.enum(['week', 'month']),
      steps: z.array(
        z.object({
          start: z.iso.date(),
          figures: z.object(
            Object.fromEntries(eventFigureNames.map((name) => [name, z.number().int()])) as Record<
              EventFigureName,
              z.ZodNumber
            >,
          ),
        }),
      ),
    }),
    topProblems: z
      .array(
        z.object({
          unit: statisticsUnitSchema,
          category: z.enum(categories),
          received: z.number().int(),
          repeatsLinked: z.number().int(),
          previous: z.object({ received: z.number().int(), repeatsLinked: z.number().int() }),
        }),
      )
      .meta({
        description: 'Categories in units below with the most cases and repeats, and the period before',
      }),
  })
  .meta({
    id: 'Statistics',
    description: 'The figures of a unit’s subtree for a period, by child unit and by category',
  });

const countedCaseSchema = z
  .object({
    caseNumber: z.string(),
    category: z.enum(categories),
    channel: z.enum(channels),
    unit: z.object({ code: z.string(), name: z.string() }),
    status: z.enum(caseStatuses),
    receivedAt: z.iso.datetime(),
    at: z.iso.datetime().meta({ description: 'When the counted event occurred' }),
  })
  .meta({ id: 'StatisticsCountedCase' });

const countedCasesSchema = z
  .object({
    figure: z.enum(countNames),
    unit: statisticsUnitSchema,
    from: z.iso.date(),
    to: z.iso.date(),
    items: z.array(countedCaseSchema),
    total: z.number().int().meta({ description: 'Lines listed, all pages' }),
    withheld: z.number().int().meta({
      description:
        'Lines counted in the figure but not listed: their case accuses the reader’s unit (条例 Art. 30)',
    }),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({
    id: 'StatisticsCountedCases',
    description: 'The cases a figure counts; total + withheld is the figure',
  });

/** The unit asked for, in the person's jurisdiction; an unknown one answers as outside it, so ids reveal nothing. */
async function readableUnit(em: EntityManager, unitId: number, withinPath: string) {
  const unit = await reportUnit(em, unitId);
  if (!unit || !isWithin(unit.path, withinPath)) {
    throw new ApiError(404, 'out_of_jurisdiction', 'errors.reportOutOfJurisdiction');
  }
  return unit;
}

/**
 * The figures a request asks for: its period of office dates, for the person's unit or one
 * below it (the statistics page and its exports answer the same).
 */
export async function countStatistics(
  em: EntityManager,
  req: Request,
): Promise<z.infer<typeof statisticsSchema>> {
  const staff = signedIn(req);
  const query = parseOrThrow(statisticsQuerySchema, req.query, req.t);
  const unit = await readableUnit(em, query.unitId ?? staff.unitId, staff.unitPath);
  const counted = await statistics(em, {
    unit,
    ...officePeriod(query.from, query.to),
    quickClosureDays: policyFor(currentPolicyVersion).reporting.quickClosureDays,
    ...(query.interval ? { interval: query.interval } : {}),
  });
  return { ...counted, from: query.from, to: query.to, minimumForRate: defaultMinimumForRate };
}

/**
 * GET /api/v1/staff/statistics?from=&to=&unitId= — the office's figures (统计) for any
 * period of office dates, the person's unit or one below it.
 */
export function statisticsRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.get('/api/v1/staff/statistics', readers, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await countStatistics(deps.em(), req));
  });
  /** The cases behind one figure (钻取), Art. 30 applied to the reader. */
  router.get('/api/v1/staff/statistics/cases', readers, async (req, res) => {
    const staff = signedIn(req);
    const query = parseOrThrow(countedCasesQuerySchema, req.query, req.t);
    const em = deps.em();
    const unit = await readableUnit(em, query.unitId ?? staff.unitId, staff.unitPath);
    const counted = query.childUnitId ? await readableUnit(em, query.childUnitId, unit.path) : unit;
    const cases = await countedCases(em, {
      unitPath: counted.path,
      figure: query.figure,
      ...officePeriod(query.from, query.to),
      quickClosureDays: policyFor(currentPolicyVersion).reporting.quickClosureDays,
      category: query.category,
      channel: query.channel,
      viewerUnitId: staff.unitId,
      viewerDepartmentId: staff.departmentId,
      page: query.page,
      pageSize: query.pageSize,
    });
    res.set('Cache-Control', 'no-store').json({
      ...cases,
      figure: query.figure,
      unit: { id: unit.id, code: unit.code, name: unit.name },
      from: query.from,
      to: query.to,
      page: query.page,
      pageSize: query.pageSize,
    } satisfies z.infer<typeof countedCasesSchema>);
  });
  return router;
}

export function registerStatisticsPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/statistics',
    summary:
      'The figures (统计) of a unit’s subtree for a period of office dates, by child unit and category, from the timeline',
    request: { query: statisticsQuerySchema },
    responses: {
      200: json(statisticsSchema, 'The figures'),
      401: problem('Not signed in.'),
      403: problem('Not a reader of reports (clerk, office head, leader, supervisor).'),
      404: problem('The unit does not exist or is outside the jurisdiction.'),
      422: problem('A date is malformed, the end is before the start, or the period is over ten years.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/statistics/cases',
    summary:
      'The cases a counted figure of the statistics is made of (钻取), newest first; cases accusing the reader’s unit are counted as withheld, never listed',
    request: { query: countedCasesQuerySchema },
    responses: {
      200: json(countedCasesSchema, 'One page of the counted cases'),
      401: problem('Not signed in.'),
      403: problem('Not a reader of reports (clerk, office head, leader, supervisor).'),
      404: problem('The unit (or the unit below it) does not exist or is outside the jurisdiction.'),
      422: problem(
        'An unknown figure, category or channel, a malformed date or page, or a period over ten years.',
      ),
    },
  });
}
