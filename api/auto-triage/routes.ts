import type { EntityManager } from '@mikro-orm/postgresql';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { clusters } from '../../db/auto-triage/clusters';
import { relatedCases } from '../../db/auto-triage/auto-triage';
import { caseStatuses } from '../../domain/case';
import { petitionKinds } from '../../domain/petition';
import { officeDateOf, officeMidnightOf } from '../../domain/time';
import { requireRole, signedIn, type SignedInStaff } from '../auth/staff';
import { caseInJurisdiction } from '../case-commands';
import { caseNumberSchema, errorSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/**
 * 自动研判 at the API: beside a case, what the ledger knows of the same person, unit,
 * complainant and matter; and the clusters of people and units reported by several
 * complainants. Both suggest; the office decides.
 */

/** The offices that triage, their leaders and the supervising office above read it; departments do not. */
const readers = requireRole('clerk', 'office_head', 'leader', 'supervisor');

const dayMs = 86_400_000;
/** The period a cluster view covers unless it is told otherwise. */
const defaultDays = 90;

const signals = ['same_person', 'same_unit', 'same_complainant', 'similar_matter'] as const;
const officeDate = z.iso.date();

export const autoTriageSchema = z
  .object({
    related: z.array(
      z.object({
        caseNumber: z.string(),
        kind: z.enum(petitionKinds),
        unit: z.object({ code: z.string(), name: z.string() }),
        status: z.enum(caseStatuses),
        receivedAt: z.iso.datetime(),
        category: z.string(),
        signals: z.array(z.enum(signals)).min(1),
      }),
    ),
    counts: z.object(
      Object.fromEntries(signals.map((s) => [s, z.number().int()])) as Record<
        (typeof signals)[number],
        z.ZodNumber
      >,
    ),
  })
  .meta({
    id: 'AutoTriage',
    description:
      'Automatic triage (自动研判): other cases naming the same person (by blind index) or unit, earlier petitions of the same complainant, and open cases alike in place and matter; never a decision.',
  });

export const clusterQuerySchema = z
  .object({
    from: officeDate
      .optional()
      .meta({ description: 'First office day of the period (default: 90 days ago)' }),
    to: officeDate.optional().meta({ description: 'Last office day of the period (default: today)' }),
    minComplainants: z.coerce.number().int().min(2).max(50).default(2),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'validation.dateRange', path: ['to'] });

const clusterSchema = z.object({
  key: z.string(),
  reports: z.number().int(),
  complainants: z.number().int(),
  positions: z.array(z.string()),
  units: z.array(z.object({ code: z.string(), name: z.string() })),
  caseNumbers: z.array(z.string()),
  firstReceivedAt: z.iso.datetime(),
  lastReceivedAt: z.iso.datetime(),
});

export const clustersSchema = z
  .object({
    from: officeDate,
    to: officeDate,
    minComplainants: z.number().int(),
    people: z.array(clusterSchema),
    units: z.array(clusterSchema),
  })
  .meta({
    id: 'Clusters',
    description:
      'People (grouped by the blind index of their name, never shown) and units reported by several complainants in the period (线索聚类), within the jurisdiction.',
  });

const viewerOf = (staff: SignedInStaff) => ({
  unitPath: staff.unitPath,
  unitId: staff.unitId,
  departmentId: staff.departmentId,
});

const iso = <T extends { firstReceivedAt: Date; lastReceivedAt: Date }>(c: T) => ({
  ...c,
  firstReceivedAt: c.firstReceivedAt.toISOString(),
  lastReceivedAt: c.lastReceivedAt.toISOString(),
});

export function autoTriageRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();

  router.get('/api/v1/staff/cases/:caseNumber/auto-triage', readers, async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const em = deps.em();
    await caseInJurisdiction(em, caseNumber, staff);
    const related = await relatedCases(em, caseNumber, viewerOf(staff));
    const counts = Object.fromEntries(
      signals.map((s) => [s, related.filter((r) => r.signals.includes(s)).length]),
    );
    res.set('Cache-Control', 'no-store').json({
      related: related.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })),
      counts,
    });
  });

  router.get('/api/v1/staff/auto-triage/clusters', readers, async (req, res) => {
    const staff = signedIn(req);
    const query = parseOrThrow(clusterQuerySchema, req.query, req.t);
    const to = query.to ?? officeDateOf(Date.now());
    const from = query.from ?? officeDateOf(officeMidnightOf(to) - (defaultDays - 1) * dayMs);
    const found = await clusters(deps.em(), viewerOf(staff), {
      since: new Date(officeMidnightOf(from)),
      until: new Date(officeMidnightOf(to) + dayMs),
      minComplainants: query.minComplainants,
    });
    res.set('Cache-Control', 'no-store').json({
      from,
      to,
      minComplainants: query.minComplainants,
      people: found.people.map(iso),
      units: found.units.map(iso),
    });
  });

  return router;
}

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const problem = (description: string) => json(errorSchema, description);

/** The routes above in the OpenAPI document. */
export function registerAutoTriagePaths(registry: OpenAPIRegistry): void {
  const refused = {
    401: problem('Not signed in.'),
    403: problem('Only petition offices, leaders and supervisors read automatic triage.'),
  };
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/cases/{caseNumber}/auto-triage',
    summary: 'Automatic triage (自动研判) beside a case: related cases and why, never a decision',
    request: { params: z.object({ caseNumber: caseNumberSchema }) },
    responses: {
      200: json(autoTriageSchema, 'The related cases the person may open'),
      ...refused,
      404: problem("No such case in the person's jurisdiction."),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/auto-triage/clusters',
    summary: 'People and units reported by several complainants in a period (线索聚类)',
    request: { query: clusterQuerySchema },
    responses: {
      200: json(clustersSchema, 'The clusters within the jurisdiction, most complainants first'),
      ...refused,
      422: problem('A date is not a date, or the period ends before it starts.'),
    },
  });
}
