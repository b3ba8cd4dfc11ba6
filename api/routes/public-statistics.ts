import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { Unit } from '../../db/entities';
import { ofMonth, publicStatistics, type PublicStatistics } from '../../db/public-statistics';
import { defaultMinimumForRate } from '../../db/statistics';
import { publishedTypicalCases } from '../../db/typical-cases';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { officeDateOf } from '../../domain/time';
import { PublicStatisticsPage, type PlaceOption } from '../../web/pages/public-statistics-page';
import { TypicalCasesPage } from '../../web/pages/typical-cases-page';
import type { Problem } from '../../web/pages/layout';
import { ApiError, toApiError } from '../errors';
import { page } from '../openapi-parts';
import { formText, pageContext, problemsOf, sameNames, sendPage } from '../page-rendering';
import { parseOrThrow } from '../validation';

/** The first year the public may ask for: before it the offices kept paper ledgers. */
export const firstPublicYear = 2020;
/** How long the public page's figures are kept: the public cannot make the database count on every load. */
const cacheMs = 60_000;
/** At most this many units’ years kept at once (every county and township in every year would be far more). */
const cacheEntries = 500;
export const typicalCasesPerPage = 10;

/** The refusals about a place, and the field of the form each is about. */
const refusedField: Record<string, string> = { unknown_county: 'county', township_not_in_county: 'township' };

const currentYear = () => Number(officeDateOf(Date.now()).slice(0, 4));
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === undefined ? undefined : value), schema.optional());
const unitCode = z.string().regex(/^[0-9A-Za-z-]{1,32}$/, 'validation.invalid');

export const publicStatisticsQuerySchema = z.object({
  county: optional(unitCode),
  township: optional(unitCode),
  year: optional(
    z.coerce
      .number()
      .int()
      .min(firstPublicYear)
      .refine((year) => year <= currentYear(), { message: 'validation.futureYear' }),
  ),
  month: optional(z.coerce.number().int().min(1).max(12)),
});

export const typicalCasesQuerySchema = z.object({
  county: optional(unitCode),
  page: optional(z.coerce.number().int().min(1).max(1000)),
});

/** A year's figures kept a minute, keyed by unit and year. */
class FiguresCache {
  private readonly entries = new Map<string, { at: number; figures: Promise<PublicStatistics> }>();
  get(key: string, count: () => Promise<PublicStatistics>): Promise<PublicStatistics> {
    const now = Date.now();
    const kept = this.entries.get(key);
    if (kept && now - kept.at < cacheMs) return kept.figures;
    if (this.entries.size >= cacheEntries) {
      for (const [k, v] of this.entries) if (now - v.at >= cacheMs) this.entries.delete(k);
      if (this.entries.size >= cacheEntries) this.entries.clear();
    }
    // The promise is kept, so a crowd arriving at once waits on one count; a failed count is not kept.
    const figures = count();
    this.entries.set(key, { at: now, figures });
    figures.catch(() => this.entries.delete(key));
    return figures;
  }
}

/** The counties (县市区) of the government tree, and the townships of one. */
async function placesOf(em: EntityManager, county: Unit | null) {
  const counties = await em.find(
    Unit,
    { level: 'county', kind: 'government', active: true },
    { orderBy: { code: 'asc' } },
  );
  const townships = county
    ? await em.find(
        Unit,
        { parent: county.id, level: 'township', kind: 'government', active: true },
        { orderBy: { code: 'asc' } },
      )
    : [];
  const option = (u: Unit): PlaceOption => ({ code: u.code, name: u.name });
  return { counties: counties.map(option), townships: townships.map(option) };
}

/**
 * 公开统计 and 典型案例, the public pages of the office's numbers: no sign-in, no script, no
 * case numbers, and no count small enough to point at a person.
 */
export function publicStatisticsRoutes(deps: {
  em: () => EntityManager;
  minimumCell?: number | undefined;
}): Router {
  const router = Router();
  const minimumCell = deps.minimumCell ?? defaultMinimumForRate;
  const cache = new FiguresCache();

  /** The county asked for, and the township in it; a code that is not one of them is refused. */
  const placeOf = async (em: EntityManager, countyCode?: string, townshipCode?: string) => {
    const county = countyCode
      ? await em.findOne(Unit, { code: countyCode, level: 'county', kind: 'government', active: true })
      : null;
    if (countyCode && !county)
      throw new ApiError(404, 'unknown_county', 'publicStatistics.errors.unknownCounty');
    const township =
      county && townshipCode
        ? await em.findOne(Unit, { code: townshipCode, parent: county.id, kind: 'government', active: true })
        : null;
    if (townshipCode && !township) {
      throw new ApiError(422, 'township_not_in_county', 'publicStatistics.errors.townshipNotInCounty', {
        county: county?.name ?? '',
      });
    }
    return { county, township };
  };

  /** What was refused, next to the field it is about. */
  const refusal = (req: Request, error: unknown): { status: number; problems: Problem[] } => {
    const known = toApiError(error);
    if (!known) throw error;
    const field = refusedField[known.code];
    const problems = field
      ? [{ field, message: req.t(known.messageKey, known.params) }]
      : problemsOf(req, error, sameNames('county', 'township', 'year', 'month', 'page'));
    return { status: known.status, problems };
  };

  router.get('/statistics', async (req: Request, res: Response) => {
    const em = deps.em();
    const raw = {
      county: formText(req.query.county),
      township: formText(req.query.township),
      year: formText(req.query.year),
      month: formText(req.query.month),
    };
    const years = Array.from({ length: currentYear() - firstPublicYear + 1 }, (_v, i) => currentYear() - i);
    let answer: {
      status: number;
      county: Unit | null;
      values: typeof raw;
      figures: PublicStatistics | null;
      errors: Problem[];
    };
    try {
      const query = parseOrThrow(publicStatisticsQuerySchema, req.query, req.t);
      const { county, township } = await placeOf(em, query.county, query.township);
      const unit = township ?? county;
      const year = query.year ?? currentYear();
      const figures = unit
        ? await cache.get(`${unit.id}:${year}`, () =>
            publicStatistics(em, {
              unit,
              year,
              quickClosureDays: policyFor(currentPolicyVersion).reporting.quickClosureDays,
              minimumCell,
            }),
          )
        : null;
      answer = {
        status: 200,
        county,
        values: { ...raw, year: String(year) },
        figures: figures && query.month ? ofMonth(figures, query.month) : figures,
        errors: [],
      };
    } catch (error) {
      const { status, problems } = refusal(req, error);
      // The form comes back with the county's townships, but only for text that is a unit code at all.
      const county = unitCode.safeParse(raw.county).success
        ? await em.findOne(Unit, { code: raw.county, level: 'county', kind: 'government' })
        : null;
      answer = { status, county, values: raw, figures: null, errors: problems };
    }
    sendPage(
      res,
      PublicStatisticsPage({
        ctx: pageContext(req),
        places: await placesOf(em, answer.county),
        years,
        values: answer.values,
        figures: answer.figures,
        errors: answer.errors,
      }),
      answer.status,
    );
  });

  router.get('/statistics/typical-cases', async (req: Request, res: Response) => {
    const em = deps.em();
    const raw = { county: formText(req.query.county) };
    try {
      const query = parseOrThrow(typicalCasesQuerySchema, req.query, req.t) as {
        county?: string;
        page?: number;
      };
      const { county } = await placeOf(em, query.county);
      const page = query.page ?? 1;
      const listed = county
        ? await publishedTypicalCases(em, county.path, {
            offset: (page - 1) * typicalCasesPerPage,
            limit: typicalCasesPerPage,
          })
        : null;
      sendPage(
        res,
        TypicalCasesPage({
          ctx: pageContext(req),
          counties: (await placesOf(em, null)).counties,
          county: county ? { code: county.code, name: county.name } : null,
          page,
          pageSize: typicalCasesPerPage,
          listed,
          errors: [],
        }),
      );
    } catch (error) {
      const { status, problems } = refusal(req, error);
      sendPage(
        res,
        TypicalCasesPage({
          ctx: pageContext(req),
          counties: (await placesOf(em, null)).counties,
          county: null,
          page: 1,
          pageSize: typicalCasesPerPage,
          listed: null,
          errors: problems,
          chosen: raw.county,
        }),
        status,
      );
    }
  });

  return router;
}

export function registerPublicStatisticsPaths(registry: OpenAPIRegistry): void {
  const tags = ['Public pages'];
  registry.registerPath({
    method: 'get',
    path: '/statistics',
    tags,
    summary:
      'Public statistics (公开统计) of a county or township for a year or month, by month and category; small numbers hidden',
    request: { query: publicStatisticsQuerySchema },
    responses: {
      200: page('The form, and the figures once a county is chosen'),
      404: page('No such county: the form again.'),
      422: page('A year, month or township that cannot be asked for: the form again with what to change.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/statistics/typical-cases',
    tags,
    summary: 'The typical cases (典型案例) a county’s offices published, newest first, ten a page',
    request: { query: typicalCasesQuerySchema },
    responses: {
      200: page('The list'),
      404: page('No such county: the form again.'),
      422: page('A page number that cannot be asked for: the form again.'),
    },
  });
}
