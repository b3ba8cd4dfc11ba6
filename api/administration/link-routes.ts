import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../errors';
import type { StaffRole } from '../../domain/actor';
import { startSessionAfterPassword } from '../routes/session';
import { parseOrThrow } from '../validation';
import { linkHolder, redeemSetPasswordLink } from './invitations';

export const linkTokenSchema = z.object({ token: z.string().trim().min(20).max(100) });
export const setPasswordSchema = linkTokenSchema.extend({ password: z.string().min(1).max(200) });

/**
 * A one-time link (an invitation, a reset, the first administrator's) opened in the
 * console: who it is for, then the password it sets, which also signs the person in.
 * JSON only, like the sign-in: no foreign form can post here.
 */
export function linkRoutes(deps: {
  em: () => EntityManager;
  /** Roles that must give a second factor: a link proves the mailbox, not the person's phone. */
  secondFactorRoles: readonly StaffRole[];
}): Router {
  const router = Router();
  const jsonOnly = (is: string | false | null) => {
    if (!is) throw new ApiError(415, 'json_required', 'errors.jsonRequired');
  };

  router.post('/api/v1/session/link', async (req, res) => {
    jsonOnly(req.is('application/json'));
    const { token } = parseOrThrow(linkTokenSchema, req.body, req.t);
    res.json(await linkHolder(deps.em(), token));
  });

  router.post('/api/v1/session/link/password', async (req, res) => {
    jsonOnly(req.is('application/json'));
    const { token, password } = parseOrThrow(setPasswordSchema, req.body, req.t);
    const staffId = await redeemSetPasswordLink(deps.em(), token, password, req.t);
    await startSessionAfterPassword(deps.em(), req, res, staffId, deps.secondFactorRoles);
  });
  return router;
}
