import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { SecondFactorRepository } from '../../db/second-factor';
import type { SignInGuard } from '../abuse';
import {
  enrolmentOffer,
  newRecoveryCodes,
  newTotpSecret,
  secondFactorAccepts,
  totpTimeStep,
} from '../auth/second-factor';
import { loadSignedInStaff, sessionStaff, signInRequired } from '../auth/staff';
import { ApiError } from '../errors';
import { parseOrThrow } from '../validation';
import { guarded, startStaffSession } from './session';

const codeSchema = z.object({ code: z.string().trim().min(1).max(32) });

export interface SecondFactorRouteDeps {
  em: () => EntityManager;
  signIns: SignInGuard;
}

/**
 * 双因素认证: the step after a right password (the authenticator's code, or a recovery
 * code), and enrolling an authenticator, from the account menu or, where the person's
 * role requires one, before anything else.
 */
export function secondFactorRoutes({ em, signIns }: SecondFactorRouteDeps): Router {
  const router = Router();
  const factors = () => new SecondFactorRepository(em());

  /** Who enrols: the signed-in person, or someone whose role requires it and who has none yet. */
  const enrolling = async (req: Request) => {
    const { pendingStaffId, pendingSince, pendingStep } = req.session;
    const staff =
      pendingStaffId !== undefined && pendingStep === 'enrol'
        ? await loadSignedInStaff(em(), pendingStaffId, pendingSince)
        : await sessionStaff(em(), req);
    if (!staff) throw signInRequired(req);
    if ((await factors().of(staff.staffId))?.enrolled) {
      throw new ApiError(409, 'second_factor_enrolled', 'errors.secondFactorEnrolled');
    }
    return staff;
  };

  router.post(
    '/api/v1/session/second-factor',
    guarded(async (req, res) => {
      const { pendingStaffId, pendingSince, pendingStep } = req.session;
      if (pendingStaffId === undefined || pendingStep !== 'code') throw signInRequired(req);
      const { code } = parseOrThrow(codeSchema, req.body, req.t);
      await signIns.checkAccount(pendingStaffId);
      // Deactivated, or signed out everywhere, since the password: the password again.
      if (!(await loadSignedInStaff(em(), pendingStaffId, pendingSince))) {
        throw new ApiError(401, 'sign_in_required', 'errors.signInRequired');
      }
      if (!(await secondFactorAccepts(em(), pendingStaffId, code))) {
        // Counted with wrong passwords: the same lock stops guessing codes.
        await signIns.recordFailure(req.ip ?? 'unknown', pendingStaffId);
        throw new ApiError(401, 'second_factor_failed', 'errors.secondFactorFailed');
      }
      await signIns.clear(pendingStaffId);
      await startStaffSession(em(), req, res, pendingStaffId);
    }),
  );

  router.post('/api/v1/session/second-factor/enrolment', async (req, res) => {
    const staff = await enrolling(req);
    const secret = newTotpSecret();
    await factors().begin(staff.staffId, secret);
    res.json(await enrolmentOffer(secret, staff.email));
  });

  router.put('/api/v1/session/second-factor/enrolment', async (req, res) => {
    const staff = await enrolling(req);
    const { code } = parseOrThrow(codeSchema, req.body, req.t);
    const offered = await factors().of(staff.staffId);
    if (!offered) throw new ApiError(409, 'second_factor_not_begun', 'errors.secondFactorNotBegun');
    const step = await totpTimeStep(offered.secret, code, null);
    if (step === null || !(await factors().takeTimeStep(staff.staffId, step))) {
      throw new ApiError(422, 'second_factor_failed', 'errors.secondFactorFailed');
    }
    const recovery = await newRecoveryCodes();
    await factors().confirm(staff.staffId, recovery.hashes);
    // Shown this once: only their hashes are kept. A pending session becomes a real one here.
    await startStaffSession(em(), req, res, staff.staffId, { recoveryCodes: recovery.codes });
  });
  return router;
}
