import { Router } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import { StatusPage } from '../../web/pages/status-page';
import { lookUpCase } from '../case-status';
import { ApiError, toApiError } from '../errors';
import { formText, pageContext, problemsOf, sendPage } from '../page-rendering';

/** 查询办理进度: the complainant's status page, by case number and access code (sent by POST, never in a URL). */
export function statusPageRoutes(deps: { ledger: () => LedgerRepository }): Router {
  const router = Router();
  router.get('/status', (req, res) => {
    sendPage(res, StatusPage({ ctx: pageContext(req), caseNumber: formText(req.query.case), errors: [] }));
  });

  router.post('/status', async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const caseNumber = formText(form.caseNumber)?.trim() ?? '';
    try {
      const accessCode = formText(form.accessCode);
      if (!accessCode) throw new ApiError(401, 'access_code_missing', 'errors.accessCodeMissing');
      const view = await lookUpCase(deps.ledger(), req.t, caseNumber, accessCode);
      sendPage(res, StatusPage({ ctx: pageContext(req), view, errors: [] }));
    } catch (error) {
      const known = toApiError(error);
      sendPage(
        res,
        StatusPage({ ctx: pageContext(req), caseNumber, errors: problemsOf(req, error) }),
        known?.status ?? 400,
      );
    }
  });
  return router;
}
