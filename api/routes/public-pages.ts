import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import { Unit } from '../../db/entities';
import { placesOverseenBy } from '../../db/discipline/jurisdiction';
import { IntakePage, type IntakeFormValues, type UnitOption } from '../../web/pages/intake-page';
import type { Problem } from '../../web/pages/layout';
import { ReceiptPage } from '../../web/pages/receipt-page';
import { formatAccessCode } from '../access-code';
import { toApiError } from '../errors';
import type { Language } from '../i18n';
import { mayNameUnit, receivePetition, routed, type IntakeDeps } from '../intake';
import { formText, pageContext, problemsOf, sendPage } from '../page-rendering';
import {
  checkComplainantFiles,
  readComplainantFiles,
  submissionAttachmentId,
  withStoredComplainantFiles,
} from '../public-uploads';
import { petitionInputSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** Units as the form lists them: the full path, so 城关镇 in two counties cannot be confused. */
function unitOptions(units: Unit[]): UnitOption[] {
  return units.map((unit) => ({ code: unit.code, label: unitFullName(units, unit, ' › ') }));
}

/** A unit's name with the names above it, e.g. 东湖县城关镇新桥村, as a poster prints it. */
export function unitFullName(units: Unit[], unit: Unit, separator = ''): string {
  const byId = new Map(units.map((u) => [u.id, u]));
  const names: string[] = [];
  for (
    let current: Unit | undefined = unit;
    current;
    current = current.parent ? byId.get(current.parent.id) : undefined
  ) {
    names.unshift(current.name);
  }
  return names.join(separator);
}

/** The form's flat fields in the API's shape, so one schema validates both. */
function petitionFromForm(values: IntakeFormValues, language: Language) {
  const anonymous = values.identity === 'anonymous';
  const email = values.email?.trim();
  const report = values.kind === 'report';
  const accusedName = values.accusedName?.trim();
  const accusedPosition = values.accusedPosition?.trim();
  return {
    unitCode: values.unitCode,
    kind: report ? 'report' : 'petition',
    // The accused's unit is the place chosen above.
    accused: report
      ? {
          name: accusedName ? accusedName : undefined,
          position: accusedPosition ? accusedPosition : undefined,
          isHead: values.accusedIsHead === 'yes',
        }
      : undefined,
    category: values.category,
    place: values.place,
    summary: values.summary,
    request: values.request,
    anonymous,
    complainant: anonymous
      ? undefined
      : { name: values.name ?? '', phone: values.phone ?? '', email: email ? email : undefined },
    notifyBy: anonymous ? undefined : (values.notifyBy ?? 'sms'),
    language,
    qrUnitCode: values.via === 'qr' && values.qrUnitCode ? values.qrUnitCode : undefined,
    submissionKey: values.submissionKey,
  };
}

/** The form's field for a problem the schema found at an API path (`petitionFromForm` backwards). */
const intakeFieldOf = (path: string): string | undefined => {
  const renamed: Record<string, string> = {
    anonymous: 'identity',
    complainant: 'name',
    'complainant.name': 'name',
    'complainant.phone': 'phone',
    'complainant.email': 'email',
    accused: 'accusedName',
    'accused.name': 'accusedName',
    'accused.position': 'accusedPosition',
  };
  const shown = ['unitCode', 'category', 'place', 'summary', 'request', 'kind', 'notifyBy'];
  return renamed[path] ?? (shown.includes(path) ? path : undefined);
};

/** The public intake page and its receipt (the status page is `status-pages.ts`). */
export function publicPageRoutes(deps: IntakeDeps & { ledger: () => LedgerRepository }): Router {
  const router = Router();
  /**
   * The places a complainant may choose: every government unit (never a discipline body),
   * or through a discipline body's QR code the units it oversees.
   */
  const placesFor = async (qrUnitCode: string | undefined): Promise<Unit[]> => {
    const em = deps.em.fork();
    const qrUnit = mayNameUnit(qrUnitCode) ? await em.findOne(Unit, { code: qrUnitCode }) : null;
    const places = await deps.ledger().places();
    if (qrUnit?.kind !== 'discipline') return places;
    const overseen = new Set((await placesOverseenBy(em, qrUnit)).map((u) => u.id));
    return places.filter((u) => overseen.has(u.id));
  };
  const renderIntake = async (
    req: Request,
    res: Response,
    values: IntakeFormValues,
    errors: Problem[],
    status = 200,
  ) =>
    sendPage(
      res,
      IntakePage({
        ctx: pageContext(req),
        units: unitOptions(await placesFor(values.qrUnitCode)),
        values,
        errors,
      }),
      status,
    );

  router.get('/', async (req, res) => {
    const unitCode = formText(req.query.unit);
    const viaQr = formText(req.query.via) === 'qr' && Boolean(unitCode);
    // A discipline body's poster (码上举报) covers its whole area: the complainant picks the place, and it is a report.
    const body =
      viaQr && mayNameUnit(unitCode)
        ? await deps.em.fork().findOne(Unit, { code: unitCode, kind: 'discipline' })
        : null;
    await renderIntake(
      req,
      res,
      {
        submissionKey: randomUUID(),
        ...(body ? { kind: 'report' } : { unitCode }),
        ...(viaQr ? { via: 'qr', qrUnitCode: unitCode } : {}),
      },
      [],
    );
  });

  router.post('/petition', async (req, res) => {
    let files: Express.Multer.File[] = [];
    // A refusal of the files themselves (too large, of a kind not taken) is shown next to them.
    let fileError: unknown;
    try {
      files = await readComplainantFiles(req, res, 'attachments');
    } catch (error) {
      // The text fields read before the refused file are kept for the form.
      fileError = error;
    }
    const form = (req.body ?? {}) as Record<string, unknown>;
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
      notifyBy: formText(form.notifyBy),
      via: formText(form.via),
      qrUnitCode: formText(form.qrUnitCode),
      kind: formText(form.kind),
      accusedName: formText(form.accusedName),
      accusedPosition: formText(form.accusedPosition),
      accusedIsHead: formText(form.accusedIsHead),
      submissionKey: formText(form.submissionKey) ?? randomUUID(),
    };
    try {
      if (fileError) throw fileError;
      // Everything is checked before any file is stored.
      const input = parseOrThrow(petitionInputSchema, petitionFromForm(values, req.language), req.t);
      const checked = await checkComplainantFiles(files).catch((error: unknown) => {
        fileError = error;
        throw error;
      });
      await routed(deps.em.fork(), { ...input, channel: 'web', accused: undefined });
      // A refusal after the files were stored (the submission key used for another petition) removes them again.
      const { stored, result } = await withStoredComplainantFiles(
        deps.em.fork(),
        checked,
        async (saved) => ({
          stored: saved,
          result: await receivePetition(
            deps,
            { ...input, ...(saved.length > 0 ? { attachmentIds: saved.map((file) => file.id) } : {}) },
            input.qrUnitCode ? 'qr' : 'web',
          ),
        }),
        (file, index) => submissionAttachmentId(input.submissionKey, index, file.sha256),
      );
      sendPage(
        res,
        ReceiptPage({
          ctx: pageContext(req),
          caseNumber: result.caseNumber,
          accessCode: formatAccessCode(result.accessCode),
          statusUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}/status`,
          attachments: stored.map((file) => file.fileName),
        }),
      );
    } catch (error) {
      const known = toApiError(error);
      // The files must be chosen again whatever was refused: a browser never sends them back.
      const problems = problemsOf(req, error, intakeFieldOf).map((problem) =>
        error === fileError ? { ...problem, field: 'attachments' } : problem,
      );
      if (files.length > 0 || fileError)
        problems.push({ field: 'attachments', message: req.t('intake.chooseFilesAgain') });
      await renderIntake(req, res, values, problems, known?.status ?? 422);
    }
  });

  return router;
}
