import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import type { Unit } from '../../db/entities';
import { IntakePage, type IntakeFormValues, type UnitOption } from '../../web/pages/intake-page';
import { ReceiptPage } from '../../web/pages/receipt-page';
import { formatAccessCode } from '../access-code';
import { toApiError } from '../errors';
import { receivePetition, type IntakeDeps } from '../intake';
import { formText, pageContext, problemsOf, sendPage } from '../page-rendering';
import { petitionInputSchema } from '../schemas';
import { parseOrThrow } from '../validation';

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

/** The public intake page and its receipt (the status page is `status-pages.ts`). */
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
      IntakePage({
        ctx: pageContext(req),
        units: unitOptions(await deps.ledger().units()),
        values,
        errors,
      }),
      status,
    );

  router.get('/', async (req, res) => {
    await renderIntake(req, res, { submissionKey: randomUUID(), unitCode: formText(req.query.unit) }, []);
  });

  router.post('/petition', async (req, res) => {
    const form = req.body as Record<string, unknown>;
    const values: IntakeFormValues = {
      unitCode: formText(form.unitCode),
      category: formText(form.category),
      place: formText(form.place),
      summary: formText(form.summary),
      request: formText(form.request),
      identity: formText(form.identity),
      name: formText(form.name),
      phone: formText(form.phone),
      email: formText(form.email),
      submissionKey: formText(form.submissionKey) ?? randomUUID(),
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

  return router;
}
