import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { LedgerRepository } from '../../db/ledger';
import type { Unit } from '../../db/entities';
import { IntakePage, type IntakeFormValues, type UnitOption } from '../../web/pages/intake-page';
import type { PageContext } from '../../web/pages/layout';
import { ReceiptPage } from '../../web/pages/receipt-page';
import { StatusPage } from '../../web/pages/status-page';
import { formatAccessCode } from '../access-code';
import { lookUpCase } from '../case-status';
import { ApiError, toApiError } from '../errors';
import { receivePetition, type IntakeDeps } from '../intake';
import { petitionInputSchema } from '../schemas';
import { parseOrThrow } from '../validation';

const pageContext = (req: Request): PageContext => ({ t: req.t, language: req.language, path: req.path });

function sendPage(res: Response, page: ReactElement, status = 200): void {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(`<!doctype html>${renderToStaticMarkup(page)}`);
}

/** Units as the form lists them: the full path, so 城关镇 in two counties cannot be confused. */
function unitOptions(units: Unit[]): UnitOption[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  return units.map((unit) => {
    const names: string[] = [];
    for (
      let current: Unit | undefined = unit;
      current;
      current = current.parent ? byId.get(current.parent.id) : undefined
    ) {
      names.unshift(current.name);
    }
    return { code: unit.code, label: names.join(' › ') };
  });
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The form's flat fields in the API's shape, so one schema validates both. */
function petitionFromForm(values: IntakeFormValues) {
  const anonymous = values.identity === 'anonymous';
  const email = values.email?.trim();
  return {
    unitCode: values.unitCode,
    category: values.category,
    place: values.place,
    summary: values.summary,
    request: values.request,
    anonymous,
    complainant: anonymous
      ? undefined
      : { name: values.name ?? '', phone: values.phone ?? '', email: email ? email : undefined },
    submissionKey: values.submissionKey,
  };
}

function problemsOf(req: Request, error: unknown): string[] {
  const known = toApiError(error);
  if (!known) throw error;
  return known.details?.map((d) => d.message) ?? [req.t(known.messageKey, known.params)];
}

/** The public pages: intake, receipt and status, rendered on the server with no script at all. */
export function publicPageRoutes(deps: IntakeDeps & { ledger: () => LedgerRepository }): Router {
  const router = Router();
  const renderIntake = async (
    req: Request,
    res: Response,
    values: IntakeFormValues,
    errors: string[],
    status = 200,
  ) =>
    sendPage(
      res,
      IntakePage({ ctx: pageContext(req), units: unitOptions(await deps.ledger().units()), values, errors }),
      status,
    );

  router.get('/', async (req, res) => {
    await renderIntake(req, res, { submissionKey: randomUUID(), unitCode: text(req.query.unit) }, []);
  });

  router.post('/petition', async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const values: IntakeFormValues = {
      unitCode: text(form.unitCode),
      category: text(form.category),
      place: text(form.place),
      summary: text(form.summary),
      request: text(form.request),
      identity: text(form.identity),
      name: text(form.name),
      phone: text(form.phone),
      email: text(form.email),
      submissionKey: text(form.submissionKey) ?? randomUUID(),
    };
    try {
      const input = parseOrThrow(petitionInputSchema, petitionFromForm(values), req.t);
      const result = await receivePetition(deps, input, 'web');
      sendPage(
        res,
        ReceiptPage({
          ctx: pageContext(req),
          caseNumber: result.caseNumber,
          accessCode: formatAccessCode(result.accessCode),
        }),
      );
    } catch (error) {
      const known = toApiError(error);
      await renderIntake(req, res, values, problemsOf(req, error), known?.status ?? 422);
    }
  });

  router.get('/status', (req, res) => {
    sendPage(res, StatusPage({ ctx: pageContext(req), caseNumber: text(req.query.case), errors: [] }));
  });

  router.post('/status', async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const caseNumber = text(form.caseNumber)?.trim() ?? '';
    try {
      const accessCode = text(form.accessCode);
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
