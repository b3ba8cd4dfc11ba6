import type { EntityManager } from '@mikro-orm/postgresql';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { openStatuses } from '../../domain/case';
import { Department, PetitionCase, Unit } from '../../db/entities';
import { jurisdictionTable, setJurisdiction } from '../../db/discipline/jurisdiction';
import { ledgerFields } from '../../db/ledger';
import { signedIn } from '../auth/staff';
import { ApiError } from '../errors';
import { toLedgerEntry } from '../ledger-entry';
import { errorSchema, ledgerEntrySchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** The discipline office's queue stops here: what to do next, not the whole ledger. */
const queueLimit = 100;

const targetSchema = z
  .object({
    unitCode: z.string().trim().min(1).max(32).optional(),
    departmentId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  })
  .refine((t) => (t.unitCode === undefined) !== (t.departmentId === undefined), {
    message: 'validation.unitOrDepartment',
    path: ['unitCode'],
  });

const jurisdictionChangeSchema = targetSchema.and(
  z.object({ disciplineUnitCode: z.string().trim().min(1).max(32) }),
);

const jurisdictionLineSchema = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  department: z.object({ id: z.number(), name: z.string() }).nullable(),
  body: z.object({ code: z.string(), name: z.string() }).nullable(),
  overridden: z.boolean(),
});

/** The government unit or department an administrator names. */
async function targetOf(em: EntityManager, target: z.infer<typeof targetSchema>) {
  if (target.unitCode !== undefined) {
    const unit = await em.findOne(Unit, { code: target.unitCode, kind: 'government' });
    if (unit) return { unitId: unit.id };
  } else if (target.departmentId !== undefined) {
    const department = await em.findOne(Department, { id: target.departmentId }, { populate: ['unit'] });
    if (department && department.unit.kind === 'government') return { departmentId: department.id };
  }
  throw new ApiError(422, 'unknown_target', 'discipline.jurisdiction.unknownTarget');
}

/**
 * The discipline channel's own pages: the discipline office's queue of reports (urgent
 * first, then the oldest: 优先处置、快办快结) and the jurisdiction table (管辖) the
 * administrator keeps.
 */
export function disciplineRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();

  router.get('/api/v1/staff/discipline/queue', async (req, res) => {
    const staff = signedIn(req);
    const now = new Date();
    const rows = await deps.em().find(
      PetitionCase,
      { kind: 'report', unitPath: { $like: `${staff.unitPath}%` }, status: { $in: [...openStatuses] } },
      {
        populate: ['unit', 'handlingDepartment', 'ownerLeader'],
        fields: ledgerFields,
        orderBy: { urgent: 'desc', receivedAt: 'asc', caseNumber: 'asc' },
        limit: queueLimit,
      },
    );
    res.set('Cache-Control', 'no-store').json({ items: rows.map((row) => toLedgerEntry(row, now)) });
  });

  router.get('/api/v1/admin/discipline-jurisdiction', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ items: await jurisdictionTable(deps.em()) });
  });

  router.put('/api/v1/admin/discipline-jurisdiction', async (req, res) => {
    const change = parseOrThrow(jurisdictionChangeSchema, req.body, req.t);
    const em = deps.em();
    const target = await targetOf(em, change);
    const body = await em.findOne(Unit, { code: change.disciplineUnitCode, kind: 'discipline' });
    if (!body) {
      throw new ApiError(422, 'unknown_discipline_body', 'discipline.jurisdiction.unknownBody', {
        unitCode: change.disciplineUnitCode,
      });
    }
    await setJurisdiction(em, target, body.id);
    res.json({ items: await jurisdictionTable(em) });
  });

  router.delete('/api/v1/admin/discipline-jurisdiction', async (req, res) => {
    const em = deps.em();
    await setJurisdiction(em, await targetOf(em, parseOrThrow(targetSchema, req.query, req.t)), null);
    res.json({ items: await jurisdictionTable(em) });
  });

  return router;
}

/** The routes above in the OpenAPI document. */
export function registerDisciplinePaths(registry: OpenAPIRegistry): void {
  const json = <T extends z.ZodType>(schema: T, description: string) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const problem = (description: string) => json(errorSchema, description);
  const table = json(
    z.object({ items: z.array(jurisdictionLineSchema) }),
    'Every government unit and department with the body its reports go to',
  );
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/discipline/queue',
    summary: "The discipline office's open reports (检举控告): urgent first, then the oldest",
    responses: {
      200: json(z.object({ items: z.array(ledgerEntrySchema) }), 'At most 100 reports'),
      401: problem('Not signed in.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/discipline-jurisdiction',
    summary:
      'The jurisdiction table (管辖): which discipline body takes reports against each unit and department',
    responses: { 200: table, 401: problem('Not signed in.'), 403: problem('Administrators only.') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/admin/discipline-jurisdiction',
    summary: 'Send reports against one unit or department to another discipline body',
    request: { body: { content: { 'application/json': { schema: jurisdictionChangeSchema } } } },
    responses: {
      200: table,
      401: problem('Not signed in.'),
      403: problem('Administrators only.'),
      422: problem('No such unit, department or discipline body.'),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/admin/discipline-jurisdiction',
    summary: 'Restore the default (from the unit tree) for one unit or department',
    request: { query: targetSchema },
    responses: {
      200: table,
      401: problem('Not signed in.'),
      403: problem('Administrators only.'),
      422: problem('No such unit or department.'),
    },
  });
}
