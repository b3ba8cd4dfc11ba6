import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { Receipt } from '../../db/entities';
import {
  takeTypicalCaseStep,
  typicalCaseStatuses,
  typicalCaseSteps,
  typicalCasesWithin,
  typicalCaseWithin,
  writeTypicalCaseDraft,
  type TypicalCase,
  type TypicalCaseActor,
  type TypicalCaseStep,
} from '../../db/typical-cases';
import { holdsRole } from '../../domain/actor';
import { openStatuses } from '../../domain/case';
import { categories } from '../../domain/petition';
import { officeDateOf } from '../../domain/time';
import {
  accessCodeCandidates,
  identifyingDetails,
  type IdentifyingDetail,
} from '../../domain/typical-case-text';
import { accessCodeMatches } from '../access-code';
import { requireRole, signedIn, type SignedInStaff } from '../auth/staff';
import { caseInJurisdiction } from '../case-commands';
import { ApiError } from '../errors';
import { json, jsonBody, problem } from '../openapi-parts';
import { caseNumberSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/**
 * 典型案例 on the staff side: the petition office writes an anonymised summary of a concluded
 * case, checks it names nobody, and the office head (a different person) publishes it on the
 * public page; a published one can be withdrawn. Every step is in the administration log.
 */
const writers = requireRole('clerk', 'office_head');
const reviewers = requireRole('office_head');

const textSchema = z.object({
  title: z.string().trim().min(4).max(100).meta({ description: 'The headline the public reads' }),
  summary: z
    .string()
    .trim()
    .min(50)
    .max(4000)
    .meta({ description: 'The anonymised account: the matter, what the office did, how it ended' }),
  category: z.enum(categories).optional().meta({ description: 'The source case’s category when absent' }),
});
const draftSchema = textSchema.extend({ caseNumber: caseNumberSchema });
const noteSchema = z.object({ note: z.string().trim().max(500).optional() });
const reasonSchema = z.object({ withdrawalReason: z.string().trim().min(2).max(500) });
/** A row id: PostgreSQL's integer, so a larger one is refused here rather than by the database. */
const idSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const listQuerySchema = z.object({ status: z.enum(typicalCaseStatuses).optional() });

const personSchema = z.object({ id: z.number().int(), name: z.string() });
export const typicalCaseSchema = z
  .object({
    id: z.number().int(),
    unit: z.object({ id: z.number().int(), name: z.string() }),
    caseNumber: z.string().meta({ description: 'The source case: internal, never shown to the public' }),
    title: z.string(),
    summary: z.string(),
    category: z.enum(categories),
    concludedMonth: z.string().meta({ description: 'YYYY-MM, office time' }),
    status: z.enum(typicalCaseStatuses),
    writtenBy: personSchema,
    writtenAt: z.string(),
    submittedAt: z.string().nullable(),
    reviewedBy: personSchema.nullable(),
    reviewedAt: z.string().nullable(),
    reviewNote: z.string().nullable(),
    publishedAt: z.string().nullable(),
    withdrawnBy: personSchema.nullable(),
    withdrawnAt: z.string().nullable(),
    withdrawalReason: z.string().nullable(),
    mayPublish: z.boolean().meta({ description: 'Whether the person asking may publish it now' }),
  })
  .meta({ id: 'TypicalCase', description: '典型案例: an anonymised summary of a concluded case' });
const typicalCaseListSchema = z.object({ items: z.array(typicalCaseSchema) }).meta({ id: 'TypicalCaseList' });

/** Four eyes: whoever wrote or changed the text cannot also put it before the public. */
const mayPublish = (staff: SignedInStaff, t: TypicalCase) =>
  t.status === 'submitted' && holdsRole(staff, ['office_head']) && !t.authorIds.includes(staff.staffId);

const view = (req: Request, t: TypicalCase): z.infer<typeof typicalCaseSchema> => {
  const { unit, authorIds: _authors, ...rest } = t;
  return { ...rest, unit: { id: unit.id, name: unit.name }, mayPublish: mayPublish(signedIn(req), t) };
};

const actorOfRequest = (req: Request): TypicalCaseActor => {
  const staff = signedIn(req);
  return { staffId: staff.staffId, name: staff.name, unit: staff.unit };
};

const notFound = () => new ApiError(404, 'typical_case_not_found', 'typicalCases.errors.notFound');

/** The source case's details the text is compared with, and any access code written into it. */
async function identifyingIn(em: EntityManager, req: Request, t: TypicalCase): Promise<IdentifyingDetail[]> {
  const source = await caseInJurisdiction(em, t.caseNumber, signedIn(req));
  const text = `${t.title}\n${t.summary}`;
  const found = identifyingDetails(text, {
    caseNumber: source.caseNumber,
    names: [source.complainantName, source.accusedName],
    phone: source.complainantPhone,
    email: source.complainantEmail,
    idNumber: source.complainantIdNumber,
  });
  const receipt = await em.findOne(Receipt, { caseNumber: source.caseNumber });
  for (const candidate of receipt ? accessCodeCandidates(text) : []) {
    if (await accessCodeMatches(receipt!.accessCodeHash, candidate)) {
      found.push({ kind: 'accessCode', shown: `${candidate.slice(0, 4)} ****` });
      break;
    }
  }
  return found;
}

export function typicalCaseRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  const base = '/api/v1/staff/typical-cases';
  router.use(base, writers);

  const load = async (req: Request) => {
    const { id } = parseOrThrow(idSchema, req.params, req.t);
    const found = await typicalCaseWithin(deps.em(), id, signedIn(req).unitPath);
    if (!found) throw notFound();
    return found;
  };
  /** Takes a step, or says the typical case has moved on (someone else took a step first). */
  const step = async (req: Request, current: TypicalCase, name: TypicalCaseStep, change = {}) => {
    const done = await takeTypicalCaseStep(deps.em(), actorOfRequest(req), current, name, change);
    if (!done) throw new ApiError(409, 'typical_case_moved_on', 'typicalCases.errors.movedOn');
    return view(req, done);
  };
  const refuseUnless = (req: Request, current: TypicalCase, name: TypicalCaseStep) => {
    const from: readonly string[] = typicalCaseSteps[name].from;
    if (!from.includes(current.status)) {
      throw new ApiError(409, 'typical_case_wrong_status', 'typicalCases.errors.wrongStatus', {
        status: req.t(`typicalCases.statuses.${current.status}`),
      });
    }
  };

  router.get(base, async (req, res) => {
    const { status } = parseOrThrow(listQuerySchema, req.query, req.t);
    const items = await typicalCasesWithin(deps.em(), signedIn(req).unitPath, status);
    res.json({ items: items.map((t) => view(req, t)) } satisfies z.infer<typeof typicalCaseListSchema>);
  });

  router.post(base, async (req, res) => {
    const input = parseOrThrow(draftSchema, req.body, req.t);
    const em = deps.em();
    const source = await caseInJurisdiction(em, input.caseNumber, signedIn(req));
    if (openStatuses.includes(source.status)) {
      throw new ApiError(422, 'case_not_concluded', 'typicalCases.errors.notConcluded', {
        caseNumber: source.caseNumber,
        status: req.t(`status.${source.status}`),
      });
    }
    const concludedAt = source.closedAt ?? source.repliedAt ?? source.updatedAt;
    const written = await writeTypicalCaseDraft(em, actorOfRequest(req), {
      caseNumber: source.caseNumber,
      title: input.title,
      summary: input.summary,
      category: input.category ?? source.category,
      concludedMonth: officeDateOf(concludedAt).slice(0, 7),
    });
    res.status(201).json(view(req, written));
  });

  router.get(`${base}/:id`, async (req, res) => {
    res.json(view(req, await load(req)));
  });

  router.put(`${base}/:id`, async (req, res) => {
    const current = await load(req);
    const input = parseOrThrow(textSchema, req.body, req.t);
    refuseUnless(req, current, 'edit');
    res.json(
      await step(req, current, 'edit', {
        text: { title: input.title, summary: input.summary, category: input.category ?? current.category },
      }),
    );
  });

  router.post(`${base}/:id/submit`, async (req, res) => {
    const current = await load(req);
    refuseUnless(req, current, 'submit');
    const found = await identifyingIn(deps.em(), req, current);
    if (found.length > 0) {
      const list = found
        .map((f) =>
          req.t('typicalCases.found', { what: req.t(`typicalCases.kinds.${f.kind}`), shown: f.shown }),
        )
        .join(req.t('listSeparator'));
      throw new ApiError(
        422,
        'typical_case_identifying',
        'typicalCases.errors.identifying',
        { found: list },
        [{ field: 'summary', message: req.t('typicalCases.errors.identifying', { found: list }) }],
      );
    }
    res.json(await step(req, current, 'submit'));
  });

  router.post(`${base}/:id/return`, reviewers, async (req, res) => {
    const current = await load(req);
    const { note } = parseOrThrow(noteSchema, req.body ?? {}, req.t);
    refuseUnless(req, current, 'return');
    res.json(await step(req, current, 'return', { note }));
  });

  router.post(`${base}/:id/publish`, reviewers, async (req, res) => {
    const current = await load(req);
    const { note } = parseOrThrow(noteSchema, req.body ?? {}, req.t);
    refuseUnless(req, current, 'publish');
    if (!mayPublish(signedIn(req), current)) {
      throw new ApiError(403, 'typical_case_own_draft', 'typicalCases.errors.ownDraft');
    }
    res.json(await step(req, current, 'publish', { note }));
  });

  router.post(`${base}/:id/withdraw`, reviewers, async (req, res) => {
    const current = await load(req);
    const { withdrawalReason } = parseOrThrow(reasonSchema, req.body ?? {}, req.t);
    refuseUnless(req, current, 'withdraw');
    res.json(await step(req, current, 'withdraw', { note: withdrawalReason }));
  });

  return router;
}

export function registerTypicalCasePaths(registry: OpenAPIRegistry): void {
  const base = '/api/v1/staff/typical-cases';
  const one = json(typicalCaseSchema, 'The typical case');
  const params = { params: idSchema };
  const refusals = {
    401: problem('Not signed in.'),
    403: problem('Not a petition office’s clerk or head.'),
    404: problem('No such typical case in the jurisdiction.'),
  };
  registry.registerPath({
    method: 'get',
    path: base,
    summary: 'The typical cases (典型案例) of the office and the units below',
    request: { query: listQuerySchema },
    responses: {
      200: json(typicalCaseListSchema, 'Newest first'),
      ...refusals,
      422: problem('Unknown status.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: base,
    summary: 'Write a draft typical case from a concluded case',
    request: jsonBody(draftSchema),
    responses: {
      201: one,
      ...refusals,
      404: problem('No such case in the jurisdiction.'),
      422: problem('A field is wrong, or the case has not concluded.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/{id}`,
    summary: 'One typical case',
    request: params,
    responses: { 200: one, ...refusals },
  });
  registry.registerPath({
    method: 'put',
    path: `${base}/{id}`,
    summary: 'Change a draft’s title, summary or category',
    request: { ...params, ...jsonBody(textSchema) },
    responses: { 200: one, ...refusals, 409: problem('Not a draft.'), 422: problem('A field is wrong.') },
  });
  const steps = [
    [
      'submit',
      'Submit the draft for review, once it names nobody (no name, phone, ID number, case number or access code of the source case)',
      undefined,
    ],
    ['return', 'Send it back to its writer as a draft (office head)', noteSchema],
    ['publish', 'Publish it on the public page (office head, not its writer)', noteSchema],
    ['withdraw', 'Take it off the public page (office head)', reasonSchema],
  ] as const;
  for (const [name, summary, body] of steps) {
    registry.registerPath({
      method: 'post',
      path: `${base}/{id}/${name}`,
      summary,
      request: { ...params, ...(body ? jsonBody(body) : {}) },
      responses: {
        200: one,
        ...refusals,
        403: problem(name === 'publish' ? 'Not the office head, or its own writer.' : 'Role not allowed.'),
        409: problem('It is no longer where this step starts.'),
        422: problem(
          name === 'submit'
            ? 'The text names the source case or its complainant: what was found.'
            : 'A field is wrong.',
        ),
      },
    });
  }
}
