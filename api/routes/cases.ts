import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import { caseActionSchemas } from '../case-command-schemas';
import { giveCommand } from '../case-commands';
import { lookUpCase, receiptFor } from '../case-status';
import { ApiError } from '../errors';
import { caseNumberSchema } from '../schemas';
import { parseOrThrow } from '../validation';

const accessCodeOf = (req: Request): string => {
  const accessCode = req.get('x-access-code');
  if (!accessCode) throw new ApiError(401, 'access_code_missing', 'errors.accessCodeMissing');
  return accessCode;
};

/** What the complainant may do with a case (四评), by path segment. */
const complainantActions = {
  evaluation: 'evaluate',
  'review-request': 'requestReview',
  're-review-request': 'requestReReview',
  /** 回头看: does the matter hold? */
  'look-back': 'answerLookBack',
} as const;

/**
 * The complainant's side, proven by the access code (sent as a header, never in
 * the URL): read the case, evaluate the reply, ask for review and re-review, and
 * answer a look-back (回头看).
 */
export function caseRoutes(ledger: () => LedgerRepository, temporal: Client): Router {
  const router = Router();
  router.get('/api/v1/cases/:caseNumber', async (req, res) => {
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const view = await lookUpCase(ledger(), req.t, caseNumber, accessCodeOf(req));
    res.set('Cache-Control', 'no-store').json(view);
  });
  router.post('/api/v1/cases/:caseNumber/:action', async (req, res) => {
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const command = complainantActions[String(req.params.action) as keyof typeof complainantActions];
    if (!command) throw new ApiError(404, 'not_found', 'errors.notFound');
    const input = parseOrThrow(caseActionSchemas[command], req.body ?? {}, req.t);
    await receiptFor(ledger(), caseNumber, accessCodeOf(req));
    const state = await giveCommand(temporal, caseNumber, command, { kind: 'complainant' }, input, req.t);
    res.json({ status: state.status, statusLabel: req.t(`status.${state.status}`) });
  });
  return router;
}
