import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { recordAdminChange } from '../../db/administration/admin-log';
import {
  powerListOf,
  powerListTargets,
  replacePowerList,
  type PowerListEntry,
} from '../../db/administration/power-list';
import { Unit } from '../../db/entities';
import { actorLabel, isWithin } from '../../domain/actor';
import { categories } from '../../domain/petition';
import { actorOf, signedIn } from '../auth/staff';
import { ApiError, type FieldProblem } from '../errors';
import { adminActor } from './subtree';
import { errorSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/**
 * The power list (权力清单) of a unit, kept by the administrators of its subtree:
 * GET /api/v1/admin/power-list/:unitCode — the unit's entries and the departments it may name;
 * PUT /api/v1/admin/power-list/:unitCode — the whole list at once.
 */
const unitParamSchema = z.object({
  unitCode: z.string().regex(/^[0-9A-Za-z-]{1,32}$/, 'validation.invalid'),
});

export const powerListInputSchema = z
  .strictObject({
    entries: z
      .array(z.strictObject({ category: z.enum(categories), departmentId: z.number().int().positive() }))
      .max(categories.length),
  })
  .meta({
    id: 'PowerListInput',
    description: 'For each category at most once, the department that handles it',
  });

const departmentSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
});

const powerListSchema = z
  .object({
    unit: z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.string() }),
    entries: z.array(
      z.object({
        category: z.enum(categories),
        department: departmentSchema,
        updatedBy: z.string(),
        updatedAt: z.string(),
      }),
    ),
    targets: z
      .array(departmentSchema)
      .meta({ description: 'Departments of the unit and above, within the administrator’s subtree' }),
  })
  .meta({ id: 'PowerList' });

async function unitInSubtree(em: EntityManager, req: Request, unitCode: string): Promise<Unit> {
  const unit = await em.findOne(Unit, { code: unitCode });
  if (!unit || !isWithin(unit.path, signedIn(req).unitPath)) {
    throw new ApiError(403, 'out_of_jurisdiction', 'powerList.errors.outOfSubtree');
  }
  return unit;
}

async function targetsFor(em: EntityManager, req: Request, unit: Unit) {
  const reach = signedIn(req).unitPath;
  const rows = await powerListTargets(em, unit.path);
  const units = await em.find(Unit, { code: { $in: [...new Set(rows.map((r) => r.unit_code))] } });
  const pathOf = new Map(units.map((u) => [u.code, u.path]));
  return rows
    .filter((r) => isWithin(pathOf.get(r.unit_code) ?? '', reach))
    .map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      unit: { code: r.unit_code, name: r.unit_name },
    }));
}

export function powerListRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  const view = async (
    em: EntityManager,
    req: Request,
    unit: Unit,
  ): Promise<z.infer<typeof powerListSchema>> => ({
    unit: { id: unit.id, code: unit.code, name: unit.name, level: unit.level },
    entries: await powerListOf(em, unit.id),
    targets: await targetsFor(em, req, unit),
  });

  router.get('/api/v1/admin/power-list/:unitCode', async (req, res) => {
    const { unitCode } = parseOrThrow(unitParamSchema, req.params, req.t);
    const em = deps.em();
    res.json(await view(em, req, await unitInSubtree(em, req, unitCode)));
  });

  router.put('/api/v1/admin/power-list/:unitCode', async (req, res) => {
    const { unitCode } = parseOrThrow(unitParamSchema, req.params, req.t);
    const { entries } = parseOrThrow(powerListInputSchema, req.body, req.t);
    const em = deps.em();
    const unit = await unitInSubtree(em, req, unitCode);
    const allowed = new Set((await targetsFor(em, req, unit)).map((d) => d.id));
    const seen = new Set<string>();
    const problems: FieldProblem[] = entries.flatMap((entry, i) => {
      const found: FieldProblem[] = [];
      if (seen.has(entry.category))
        found.push({ field: `entries.${i}.category`, message: req.t('powerList.errors.categoryTwice') });
      if (!allowed.has(entry.departmentId))
        found.push({
          field: `entries.${i}.departmentId`,
          message: req.t('powerList.errors.departmentNotAllowed'),
        });
      seen.add(entry.category);
      return found;
    });
    if (problems.length > 0) throw new ApiError(422, 'validation_failed', 'errors.validation', {}, problems);
    const staff = signedIn(req);
    const listed = (list: PowerListEntry[]) =>
      Object.fromEntries(list.map((e) => [e.category, e.department.code]));
    await replacePowerList(em, unit.id, entries, actorLabel(actorOf(staff)), (tx, change) =>
      recordAdminChange(tx, {
        actor: adminActor(staff),
        action: 'powerList.change',
        entity: 'power_list',
        entityId: unit.code,
        unit: { id: unit.id, name: unit.name, path: unit.path },
        before: listed(change.before),
        after: listed(change.after),
      }),
    );
    res.json(await view(deps.em(), req, unit));
  });
  return router;
}

export function registerPowerListPaths(registry: OpenAPIRegistry): void {
  const problem = (description: string) => ({
    description,
    content: { 'application/json': { schema: errorSchema } },
  });
  const ok = {
    description: 'The unit’s power list',
    content: { 'application/json': { schema: powerListSchema } },
  };
  const params = z.object({ unitCode: z.string().meta({ example: '990101001' }) });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/power-list/{unitCode}',
    summary:
      'A unit’s power list (权力清单): which department handles which category (administrators of its subtree)',
    request: { params },
    responses: { 200: ok, 403: problem('Not an administrator, or the unit is outside their subtree') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/admin/power-list/{unitCode}',
    summary: 'Replace a unit’s power list; dispatch proposes departments from it',
    request: { params, body: { content: { 'application/json': { schema: powerListInputSchema } } } },
    responses: {
      200: ok,
      403: problem('Not an administrator, or the unit is outside their subtree'),
      422: problem('A category twice, or a department the unit may not name'),
    },
  });
}
