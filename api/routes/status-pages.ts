import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { StatusPage } from '../../web/pages/status-page';
import { setRetryAfter, type CaseLookupGuard } from '../abuse';
import { caseActionSchemas } from '../case-command-schemas';
import { giveCommand } from '../case-commands';
import { caseStatusView, receiptFor } from '../case-status';
import { ApiError, toApiError } from '../errors';
import type { Problem } from '../../web/pages/layout';
import { formText, pageContext, problemsOf, sameNames, sendPage } from '../page-rendering';
import { checkComplainantFiles, readComplainantFiles, withStoredComplainantFiles } from '../public-uploads';
import { parseOrThrow } from '../validation';
import { complainantMessageSchema, requireReasonWhenUnsatisfied } from './cases';
import { complainantNotices } from '../written-notices/status-page';

/** A refused upload, kept so the case's page can show it instead of losing the case. */
type WithUploadError = Request & { uploadError?: ApiError; messageFiles?: Express.Multer.File[] };

/** The message form's files (the complainant's limits); a refusal is kept for the page to show. */
const messageFiles: RequestHandler = (req, res, next) => {
  readComplainantFiles(req, res, 'files').then(
    (files) => {
      (req as WithUploadError).messageFiles = files;
      next();
    },
    (error: unknown) => {
      if (!(error instanceof ApiError)) return next(error);
      (req as WithUploadError).uploadError = error;
      next();
    },
  );
};

/**
 * The case's page holds several small forms, two with a comment: a problem at one of `paths`
 * is about the field of that name in `form` (the message form's text is checked alone, at '').
 */
const inForm =
  (form: string, ...paths: string[]) =>
  (path: string): string | undefined =>
    paths.includes(path) ? `${form}-${path || 'text'}` : undefined;

/**
 * 查询办理进度: the complainant's two-way status page. Every request carries the case
 * number and access code in a POST body (never in a URL); each action is a small
 * form, answered by the page again with a line saying what was done.
 */
export function statusPageRoutes(deps: {
  em: () => EntityManager;
  temporal: Client;
  guard: CaseLookupGuard;
}): Router {
  const router = Router();
  router.get('/status', (req, res) => {
    sendPage(res, StatusPage({ ctx: pageContext(req), caseNumber: formText(req.query.case), errors: [] }));
  });

  /**
   * Checks the code, runs `act` (whose failure is shown on the case's page, next to the
   * field `fieldOf` names), and shows the case again. A wrong code or a lock shows the look-up form.
   */
  async function answer(
    req: Request,
    res: Response,
    act?: (caseNumber: string, em: EntityManager) => Promise<string>,
    fieldOf?: (path: string) => string | undefined,
  ): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const caseNumber = formText(form.caseNumber)?.trim().toUpperCase() ?? '';
    const accessCode = formText(form.accessCode) ?? '';
    let receipt;
    try {
      if (!accessCode) {
        throw new ApiError(401, 'access_code_missing', 'errors.accessCodeMissing', {}, [
          { field: 'accessCode', message: req.t('errors.accessCodeMissing') },
        ]);
      }
      receipt = await receiptFor(deps.em(), deps.guard, caseNumber, accessCode);
    } catch (error) {
      setRetryAfter(res, error);
      const known = toApiError(error);
      sendPage(
        res,
        StatusPage({
          ctx: pageContext(req),
          caseNumber,
          errors: problemsOf(req, error, sameNames('caseNumber', 'accessCode')),
        }),
        known?.status ?? 400,
      );
      return;
    }
    let confirmation: string | undefined;
    let errors: Problem[] = [];
    let status = 200;
    if (act) {
      try {
        confirmation = req.t(await act(caseNumber, deps.em()));
      } catch (error) {
        errors = problemsOf(req, error, fieldOf);
        status = toApiError(error)?.status ?? 400;
      }
    }
    const view = await caseStatusView(deps.em(), req.t, receipt);
    sendPage(
      res,
      StatusPage({
        ctx: pageContext(req),
        view,
        notices: await complainantNotices(deps.em(), view.caseNumber),
        accessCode,
        confirmation,
        errors,
        form: status === 200 ? {} : form,
      }),
      status,
    );
  }

  const command = (
    req: Request,
    caseNumber: string,
    name: 'evaluate' | 'requestReview' | 'answerLookBack' | 'addComplainantMessage',
    input: unknown,
  ) => giveCommand(deps.temporal, caseNumber, name, { kind: 'complainant' }, input as never, req.t);

  router.post('/status', (req, res) => answer(req, res));

  router.post('/status/message', messageFiles, (req, res) =>
    answer(
      req,
      res,
      async (caseNumber, em) => {
        const { uploadError, messageFiles: files = [] } = req as WithUploadError;
        if (uploadError) throw uploadError;
        const form = req.body as Record<string, unknown>;
        const text = parseOrThrow(complainantMessageSchema.shape.text, formText(form.text) ?? '', req.t);
        // A case that takes no message now keeps none of its files either.
        await withStoredComplainantFiles(em, await checkComplainantFiles(files), (stored) =>
          command(req, caseNumber, 'addComplainantMessage', {
            text,
            attachmentIds: stored.map((file) => file.id),
          }),
        );
        return 'status_page.messageSent';
      },
      inForm('message', ''),
    ),
  );

  router.post('/status/evaluation', (req, res) =>
    answer(
      req,
      res,
      async (caseNumber) => {
        const form = req.body as Record<string, unknown>;
        const comment = formText(form.comment)?.trim() || undefined;
        const input = parseOrThrow(
          caseActionSchemas.evaluate,
          { satisfied: formText(form.satisfied) === 'yes', comment },
          req.t,
        );
        requireReasonWhenUnsatisfied(input, req.t);
        await command(req, caseNumber, 'evaluate', input);
        return input.satisfied ? 'status_page.evaluatedSatisfied' : 'status_page.evaluatedUnsatisfied';
      },
      inForm('evaluation', 'comment'),
    ),
  );

  router.post('/status/review-request', (req, res) =>
    answer(
      req,
      res,
      async (caseNumber) => {
        const form = req.body as Record<string, unknown>;
        const input = parseOrThrow(
          caseActionSchemas.requestReview,
          { reason: formText(form.reason) ?? '' },
          req.t,
        );
        await command(req, caseNumber, 'requestReview', input);
        return 'status_page.reviewRequested';
      },
      inForm('review', 'reason'),
    ),
  );

  router.post('/status/look-back', (req, res) =>
    answer(
      req,
      res,
      async (caseNumber) => {
        const form = req.body as Record<string, unknown>;
        const comment = formText(form.comment)?.trim() || undefined;
        const holds = z.enum(['yes', 'no']).safeParse(formText(form.holds));
        if (!holds.success) {
          throw new ApiError(422, 'validation', 'errors.validation', {}, [
            { field: 'holds', message: req.t('status_page.lookBackChoose') },
          ]);
        }
        const input = parseOrThrow(
          caseActionSchemas.answerLookBack,
          { holds: holds.data === 'yes', comment },
          req.t,
        );
        if (!input.holds && !input.comment) {
          throw new ApiError(422, 'validation', 'errors.validation', {}, [
            { field: 'comment', message: req.t('status_page.reasonRequired') },
          ]);
        }
        await command(req, caseNumber, 'answerLookBack', input);
        return 'status_page.lookBackAnswered';
      },
      inForm('look-back', 'holds', 'comment'),
    ),
  );
  return router;
}
