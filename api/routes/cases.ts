import { Router } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import { lookUpCase } from '../case-status';
import { ApiError } from '../errors';
import { caseNumberSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** GET /api/v1/cases/:caseNumber, for the complainant holding the access code (sent as a header, never in the URL). */
export function caseRoutes(ledger: () => LedgerRepository): Router {
  const router = Router();
  router.get('/api/v1/cases/:caseNumber', async (req, res) => {
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const accessCode = req.get('x-access-code');
    if (!accessCode) throw new ApiError(401, 'access_code_missing', 'errors.accessCodeMissing');
    const view = await lookUpCase(ledger(), req.t, caseNumber, accessCode);
    res.set('Cache-Control', 'no-store').json(view);
  });
  return router;
}
