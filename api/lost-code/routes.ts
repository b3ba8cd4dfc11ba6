import { Router, type Request, type Response } from 'express';
import { LostCodePage } from '../../web/pages/lost-code-page';
import { setRetryAfter } from '../abuse';
import { ApiError, toApiError } from '../errors';
import { formText, pageContext, problemsOf, sameNames, sendPage } from '../page-rendering';
import { parseOrThrow } from '../validation';
import {
  confirmNewCode,
  oneTimeCodeMinutes,
  oneTimeCodeTries,
  requestNewCode,
  type LostCodeDeps,
} from './recovery';
import { lostCodeRequestSchema, oneTimeCodeInputSchema, requestIdSchema } from './schemas';

/**
 * 找回查询码, as a JSON API and as the status page's own small pages (no script): ask
 * with the case number and the phone on record, then give the one-time code from the
 * SMS, and see the new access code once.
 */
/** A request id that cannot be one is a request that does not exist. */
function requestIdOf(value: unknown): string {
  const parsed = requestIdSchema.safeParse(value);
  if (!parsed.success) throw new ApiError(404, 'lost_code_request_not_found', 'lostCode.notFound');
  return parsed.data;
}

export function lostCodeRoutes(deps: LostCodeDeps): Router {
  const router = Router();
  const sentWords = (req: Request) =>
    req.t('lostCode.sent', { minutes: oneTimeCodeMinutes, tries: oneTimeCodeTries });

  router.post('/api/v1/lost-code/requests', async (req, res) => {
    try {
      const input = parseOrThrow(lostCodeRequestSchema, req.body ?? {}, req.t);
      const requested = await requestNewCode(deps, input);
      res
        .status(202)
        .set('Cache-Control', 'no-store')
        .json({ ...requested, message: sentWords(req) });
    } catch (error) {
      setRetryAfter(res, error);
      throw error;
    }
  });

  router.post('/api/v1/lost-code/requests/:requestId/confirmation', async (req, res) => {
    const requestId = requestIdOf(req.params.requestId);
    const { code } = parseOrThrow(oneTimeCodeInputSchema, req.body ?? {}, req.t);
    const issued = await confirmNewCode(deps, req.t, requestId, code);
    res.set('Cache-Control', 'no-store').json({ ...issued, message: req.t('lostCode.issued') });
  });

  router.get('/status/lost-code', (req, res) => {
    sendPage(
      res,
      LostCodePage({ ctx: pageContext(req), step: 'ask', errors: [], caseNumber: formText(req.query.case) }),
    );
  });

  const askAgain = (req: Request, res: Response, error: unknown, caseNumber?: string) => {
    setRetryAfter(res, error);
    sendPage(
      res,
      LostCodePage({
        ctx: pageContext(req),
        step: 'ask',
        errors: problemsOf(req, error, sameNames('caseNumber', 'phone')),
        caseNumber,
      }),
      toApiError(error)?.status ?? 400,
    );
  };

  router.post('/status/lost-code', async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const caseNumber = formText(form.caseNumber)?.trim().toUpperCase();
    try {
      const input = parseOrThrow(
        lostCodeRequestSchema,
        { caseNumber: caseNumber ?? '', phone: formText(form.phone) ?? '' },
        req.t,
      );
      const { requestId } = await requestNewCode(deps, input);
      sendPage(
        res,
        LostCodePage({
          ctx: pageContext(req),
          step: 'confirm',
          errors: [],
          caseNumber: input.caseNumber,
          requestId,
          sent: sentWords(req),
        }),
        202,
      );
    } catch (error) {
      askAgain(req, res, error, caseNumber);
    }
  });

  router.post('/status/lost-code/confirm', async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const caseNumber = formText(form.caseNumber)?.trim().toUpperCase();
    const requestId = formText(form.requestId) ?? '';
    try {
      const id = requestIdOf(requestId);
      const { code } = parseOrThrow(oneTimeCodeInputSchema, { code: formText(form.code) ?? '' }, req.t);
      const issued = await confirmNewCode(deps, req.t, id, code);
      sendPage(res, LostCodePage({ ctx: pageContext(req), step: 'issued', errors: [], ...issued }));
    } catch (error) {
      const known = toApiError(error);
      // A wrong or malformed code: the same request can be tried again; anything else needs a new one.
      if (known?.status === 422) {
        sendPage(
          res,
          LostCodePage({
            ctx: pageContext(req),
            step: 'confirm',
            errors: problemsOf(req, error, sameNames('code')),
            caseNumber,
            requestId,
          }),
          422,
        );
        return;
      }
      askAgain(req, res, error, caseNumber);
    }
  });
  return router;
}
