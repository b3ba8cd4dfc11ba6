import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { TFunction } from 'i18next';
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { Attachment } from '../../db/entities';
import { setRetryAfter, type CaseLookupGuard } from '../abuse';
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
export const complainantActions = {
  evaluation: 'evaluate',
  'review-request': 'requestReview',
  're-review-request': 'requestReReview',
  /** 回头看: does the matter hold? */
  'look-back': 'answerLookBack',
} as const;

/** A message from the complainant, with files uploaded beforehand. */
export const complainantMessageSchema = z.object({
  text: z.string().trim().min(2).max(5000),
  attachmentIds: z.array(z.uuid()).max(5).default([]),
});

/** Not satisfied needs a reason: the office has to know what to put right. */
export function requireReasonWhenUnsatisfied(
  input: { satisfied: boolean; comment?: string | undefined },
  t: TFunction,
): void {
  if (!input.satisfied && !input.comment?.trim()) {
    throw new ApiError(422, 'validation', 'errors.validation', {}, [
      { field: 'comment', message: t('status_page.reasonRequired') },
    ]);
  }
}

/** Files the complainant uploaded that are not yet on another case. */
export async function complainantAttachmentsUsable(
  em: EntityManager,
  ids: string[],
  caseNumber: string,
): Promise<void> {
  if (ids.length === 0) return;
  const found = await em.find(Attachment, { id: { $in: ids }, uploadedBy: 'complainant' });
  const usable = found.filter((a) => !a.caseNumber || a.caseNumber === caseNumber);
  if (usable.length !== new Set(ids).size) {
    throw new ApiError(422, 'unknown_attachment', 'errors.unknownAttachment');
  }
}

/** Answers a locked or throttled look-up with `Retry-After`. */
const withRetryAfter =
  (handler: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    try {
      await handler(req, res, next);
    } catch (error) {
      setRetryAfter(res, error);
      throw error;
    }
  };

/**
 * The complainant's side, proven by the access code (sent as a header, never in
 * the URL): read the case, send a message, evaluate the reply, ask for review and
 * re-review, and answer a look-back (回头看). Every look-up passes the case's guessing guard.
 */
export function caseRoutes(deps: {
  em: () => EntityManager;
  temporal: Client;
  guard: CaseLookupGuard;
}): Router {
  const { temporal, guard } = deps;
  const router = Router();
  router.get(
    '/api/v1/cases/:caseNumber',
    withRetryAfter(async (req, res) => {
      const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
      const view = await lookUpCase(deps.em(), guard, req.t, caseNumber, accessCodeOf(req));
      res.set('Cache-Control', 'no-store').json(view);
    }),
  );
  router.post(
    '/api/v1/cases/:caseNumber/messages',
    withRetryAfter(async (req, res) => {
      const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
      const input = parseOrThrow(complainantMessageSchema, req.body ?? {}, req.t);
      const em = deps.em();
      await receiptFor(em, guard, caseNumber, accessCodeOf(req));
      await complainantAttachmentsUsable(em, input.attachmentIds, caseNumber);
      const state = await giveCommand(
        temporal,
        caseNumber,
        'addComplainantMessage',
        { kind: 'complainant' },
        input,
        req.t,
      );
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json({ status: state.status, statusLabel: req.t(`status.${state.status}`) });
    }),
  );
  router.post(
    '/api/v1/cases/:caseNumber/:action',
    withRetryAfter(async (req, res) => {
      const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
      const action = String(req.params.action);
      // Own keys only: `constructor` in the URL would otherwise find Object's.
      if (!Object.hasOwn(complainantActions, action)) throw new ApiError(404, 'not_found', 'errors.notFound');
      const command = complainantActions[action as keyof typeof complainantActions];
      const input = parseOrThrow(caseActionSchemas[command], req.body ?? {}, req.t);
      if (command === 'evaluate') {
        requireReasonWhenUnsatisfied(input as { satisfied: boolean; comment?: string }, req.t);
      }
      await receiptFor(deps.em(), guard, caseNumber, accessCodeOf(req));
      const state = await giveCommand(temporal, caseNumber, command, { kind: 'complainant' }, input, req.t);
      res
        .set('Cache-Control', 'no-store')
        .json({ status: state.status, statusLabel: req.t(`status.${state.status}`) });
    }),
  );
  return router;
}
