import { Router } from 'express';
import { z } from 'zod';
import { isWithin } from '../../domain/actor';
import { Unit } from '../../db/entities';
import { formatAccessCode } from '../access-code';
import { actorOf, signedIn } from '../auth/staff';
import { ApiError } from '../errors';
import { receivePetition, type IntakeDeps } from '../intake';
import { petitionInputSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** Visits (来访), letters (来信) and calls (来电) the office registers itself. */
const officeIntakeSchema = z.object({ channel: z.enum(['visit', 'letter', 'phone']) }).passthrough();

/** POST /api/v1/staff/petitions: the office registers a petition brought in person, by letter or by phone. */
export function staffIntakeRoutes(deps: IntakeDeps): Router {
  const router = Router();
  router.post('/api/v1/staff/petitions', async (req, res) => {
    const staff = signedIn(req);
    const { channel } = parseOrThrow(officeIntakeSchema, req.body, req.t);
    const input = parseOrThrow(petitionInputSchema, stripChannel(req.body), req.t);
    const unit = await deps.em.fork().findOne(Unit, { code: input.unitCode });
    if (!unit) throw new ApiError(422, 'unknown_unit', 'errors.unknownUnit', { unitCode: input.unitCode });
    if (!isWithin(unit.path, staff.unitPath)) {
      throw new ApiError(403, 'out_of_jurisdiction', 'refusals.out_of_jurisdiction');
    }
    const result = await receivePetition(deps, input, channel, actorOf(staff));
    res.status(result.created ? 201 : 200).json({
      caseNumber: result.caseNumber,
      accessCode: formatAccessCode(result.accessCode),
    });
  });
  return router;
}

const stripChannel = (body: unknown) => {
  const { channel: _channel, ...rest } = body as Record<string, unknown>;
  return rest;
};
