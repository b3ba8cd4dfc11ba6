import { Router } from 'express';
import { z } from 'zod';
import { isWithin } from '../../domain/actor';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Department, Unit } from '../../db/entities';
import { formatAccessCode } from '../access-code';
import { actorOf, signedIn } from '../auth/staff';
import { ApiError } from '../errors';
import { receivePetition, routed, type IntakeDeps } from '../intake';
import { accusedInputSchema, petitionInputSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** Whom the petition complains about (被反映人): a unit, and a department of it or a person if known. */
const accusedSchema = accusedInputSchema.extend({ unitCode: z.string().trim().min(1).max(32) });

/** Visits (来访), letters (来信) and calls (来电) the office registers itself. */
const officeIntakeSchema = z
  .object({ channel: z.enum(['visit', 'letter', 'phone']), accused: accusedSchema.optional() })
  .passthrough();

/** POST /api/v1/staff/petitions: the office registers a petition brought in person, by letter or by phone. */
export function staffIntakeRoutes(deps: IntakeDeps): Router {
  const router = Router();
  router.post('/api/v1/staff/petitions', async (req, res) => {
    const staff = signedIn(req);
    const { channel, accused } = parseOrThrow(officeIntakeSchema, req.body, req.t);
    const body = stripChannel(req.body);
    // A report names its accused here, as the public form does; a petition's accused is the office's note.
    const input = parseOrThrow(
      petitionInputSchema,
      body.kind === 'report' ? { ...body, accused } : body,
      req.t,
    );
    const unit = await deps.em.fork().findOne(Unit, { code: input.unitCode });
    if (!unit) throw new ApiError(422, 'unknown_unit', 'errors.unknownUnit', { unitCode: input.unitCode });
    if (input.kind === 'report') {
      // Any office may take a report down; it goes to the discipline body, which may register reports it has jurisdiction over.
      const em = deps.em.fork();
      const { unitCode } = await routed(em, { ...input, channel, accused: accused! });
      const registeredWith = await em.findOneOrFail(Unit, { code: unitCode });
      if (!isWithin(unit.path, staff.unitPath) && !isWithin(registeredWith.path, staff.unitPath)) {
        throw new ApiError(403, 'out_of_jurisdiction', 'refusals.out_of_jurisdiction');
      }
      if (accused?.departmentId !== undefined) await checkAccused(deps.em.fork(), accused, []);
    } else {
      if (!isWithin(unit.path, staff.unitPath)) {
        throw new ApiError(403, 'out_of_jurisdiction', 'refusals.out_of_jurisdiction');
      }
      if (accused) await checkAccused(deps.em.fork(), accused, [unit.id, staff.unitId]);
    }
    const result = await receivePetition(
      deps,
      { ...input, ...(accused ? { accused } : {}) },
      channel,
      actorOf(staff),
    );
    res.status(result.created ? 201 : 200).json({
      caseNumber: result.caseNumber,
      accessCode: formatAccessCode(result.accessCode),
    });
  });
  return router;
}

const stripChannel = (body: unknown): Record<string, unknown> => {
  const { channel: _channel, accused: _accused, ...rest } = body as Record<string, unknown>;
  return rest;
};

/**
 * The accused must exist (a named department must be of the named unit). A whole unit
 * accused may be neither the case's unit nor the registering person's own: Art. 30
 * would hide the case from the office that holds it.
 */
async function checkAccused(
  em: EntityManager,
  accused: z.infer<typeof accusedSchema>,
  registering: number[],
) {
  const unit = await em.findOne(Unit, { code: accused.unitCode });
  if (!unit) throw new ApiError(422, 'unknown_unit', 'errors.unknownUnit', { unitCode: accused.unitCode });
  if (accused.departmentId !== undefined) {
    const department = await em.findOne(Department, { id: accused.departmentId, unit: unit.id });
    if (!department) throw new ApiError(422, 'unknown_department', 'errors.unknownDepartment');
  }
  if (accused.departmentId === undefined && registering.includes(unit.id)) {
    throw new ApiError(422, 'accused_registers', 'errors.accusedRegisters');
  }
}
