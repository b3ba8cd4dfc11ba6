import type { EntityManager } from '@mikro-orm/postgresql';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  bodyOf,
  policyOfVersion,
  PolicyVersionRepository,
  type PolicyBody,
  type PolicyDraftRow,
} from '../../db/administration/policy-versions';
import { actorLabel } from '../../domain/actor';
import {
  clockNames,
  currentPolicyVersion,
  escalationTargets,
  policyFor,
  policyVersions,
  type ClockName,
  type DeadlinePolicy,
} from '../../domain/policy';
import { officeDateOf } from '../../domain/time';
import { actorOf, signedIn } from '../auth/staff';
import { ApiError, refusingDuplicates } from '../errors';
import { recordAdminChange } from '../../db/administration/admin-log';
import { adminActor } from './subtree';
import { errorSchema } from '../schemas';
import { parseOrThrow } from '../validation';
import {
  defaultCategories,
  draftIdSchema,
  newDraftSchema,
  policyBodySchema,
  policyDifferenceSchema,
  policyDifferences,
  policyProblems,
  publishSchema,
} from './policy-drafts';

/**
 * Deadline policy as data (时限政策): administrators read every version, and the
 * administrators at the top of the unit tree draft a new one, compare it with the one
 * in force and publish it from a later day on. New cases take the version in force on
 * the day they are received; running cases keep theirs.
 *
 * GET    /api/v1/admin/policies                      every version, the one in force, the drafts
 * POST   /api/v1/admin/policy-drafts                 a draft copied from the version in force
 * GET    /api/v1/admin/policy-drafts/:id             a draft and its differences to the version in force
 * PUT    /api/v1/admin/policy-drafts/:id             change a draft (refused beyond the regulations' limits)
 * DELETE /api/v1/admin/policy-drafts/:id
 * POST   /api/v1/admin/policy-drafts/:id/publish     publish with an effective date
 */

type Categorised = DeadlinePolicy & { categories: ReturnType<typeof defaultCategories> };

const isTopAdministrator = (req: Request) => signedIn(req).unitPath.split('/').filter(Boolean).length === 1;

/** The policy covers the whole installation: only an administrator of a unit without a parent changes it. */
function requireTopAdministrator(req: Request): void {
  if (!isTopAdministrator(req)) {
    throw new ApiError(403, 'policy_top_level_only', 'policyDrafts.errors.topLevelOnly');
  }
}

async function everyVersion(
  repository: PolicyVersionRepository,
): Promise<(Categorised & { published?: string })[]> {
  const builtIn = policyVersions().map((v) => ({ ...policyFor(v), categories: defaultCategories() }));
  const published = (await repository.published()).map((row) => ({
    ...policyOfVersion(row),
    published: row.publishedAt,
  }));
  return [...builtIn, ...published];
}

async function bodyInForce(
  repository: PolicyVersionRepository,
): Promise<{ version: string; body: PolicyBody }> {
  const version = await repository.versionInForce(new Date());
  const all = await everyVersion(repository);
  const policy = all.find((p) => p.version === version) ?? {
    ...policyFor(currentPolicyVersion),
    categories: defaultCategories(),
  };
  return { version, body: bodyOf(policy, policy.categories) };
}

const notFound = () => new ApiError(404, 'policy_draft_not_found', 'policyDrafts.errors.notFound');

function checkBody(req: Request, body: PolicyBody): void {
  const problems = policyProblems(req.t, body);
  if (problems.length > 0) {
    throw new ApiError(422, 'policy_beyond_regulations', 'policyDrafts.errors.refused', {}, problems);
  }
}

async function draftView(
  repository: PolicyVersionRepository,
  draft: PolicyDraftRow,
): Promise<z.infer<typeof draftViewSchema>> {
  const inForce = await bodyInForce(repository);
  return { draft, inForce: inForce.version, differences: policyDifferences(inForce.body, draft.body) };
}

/** A line of the administration log for a change of the policy, in the change's transaction. */
function logPolicyChange(
  tx: EntityManager,
  req: Request,
  action: string,
  draft: Pick<PolicyDraftRow, 'version'>,
  change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null },
): void {
  const staff = signedIn(req);
  recordAdminChange(tx, {
    actor: adminActor(staff),
    action,
    entity: 'policy_version',
    entityId: draft.version,
    unit: { id: staff.unit.id, name: staff.unit.name, path: staff.unit.path },
    ...change,
  });
}

const asRecord = (body: PolicyBody) => body as unknown as Record<string, unknown>;

export function policyVersionRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  const repository = () => new PolicyVersionRepository(deps.em());
  /** A change and its log line, together or not at all. */
  const inTransaction = <T>(work: (versions: PolicyVersionRepository, tx: EntityManager) => Promise<T>) =>
    deps.em().transactional((tx) => work(new PolicyVersionRepository(tx), tx));

  router.get('/api/v1/admin/policies', async (req, res) => {
    const versions = repository();
    const [policies, inForce, drafts] = await Promise.all([
      everyVersion(versions),
      versions.versionInForce(new Date()),
      versions.drafts(),
    ]);
    res.json({
      current: inForce,
      policies,
      drafts,
      mayDraft: isTopAdministrator(req),
    } satisfies z.infer<typeof policyOverviewSchema>);
  });

  router.post('/api/v1/admin/policy-drafts', async (req, res) => {
    requireTopAdministrator(req);
    const { version } = parseOrThrow(newDraftSchema, req.body, req.t);
    const versionTaken = () =>
      new ApiError(409, 'policy_version_taken', 'policyDrafts.errors.versionTaken', { version });
    const draft = await refusingDuplicates(
      () =>
        inTransaction(async (versions, tx) => {
          if (await versions.versionTaken(version)) throw versionTaken();
          const { version: from, body } = await bodyInForce(versions);
          const created = await versions.createDraft(version, body, actorLabel(actorOf(signedIn(req))));
          logPolicyChange(tx, req, 'policy.draft', created, { after: { copiedFrom: from } });
          return created;
        }),
      versionTaken,
    );
    res.status(201).json(await draftView(repository(), draft));
  });

  router.get('/api/v1/admin/policy-drafts/:id', async (req, res) => {
    const { id } = parseOrThrow(draftIdSchema, req.params, req.t);
    const versions = repository();
    const draft = await versions.draft(id);
    if (!draft) throw notFound();
    res.json(await draftView(versions, draft));
  });

  router.put('/api/v1/admin/policy-drafts/:id', async (req, res) => {
    requireTopAdministrator(req);
    const { id } = parseOrThrow(draftIdSchema, req.params, req.t);
    const body = parseOrThrow(policyBodySchema, req.body, req.t) as PolicyBody;
    checkBody(req, body);
    const draft = await inTransaction(async (versions, tx) => {
      const before = await versions.draft(id);
      const updated = before && (await versions.updateDraft(id, body));
      if (!before || !updated) throw notFound();
      logPolicyChange(tx, req, 'policy.change', updated, {
        before: asRecord(before.body),
        after: asRecord(updated.body),
      });
      return updated;
    });
    res.json(await draftView(repository(), draft));
  });

  router.delete('/api/v1/admin/policy-drafts/:id', async (req, res) => {
    requireTopAdministrator(req);
    const { id } = parseOrThrow(draftIdSchema, req.params, req.t);
    await inTransaction(async (versions, tx) => {
      const draft = await versions.draft(id);
      if (!draft || !(await versions.deleteDraft(id))) throw notFound();
      logPolicyChange(tx, req, 'policy.discard', draft, { before: asRecord(draft.body) });
    });
    res.status(204).end();
  });

  router.post('/api/v1/admin/policy-drafts/:id/publish', async (req, res) => {
    requireTopAdministrator(req);
    const { id } = parseOrThrow(draftIdSchema, req.params, req.t);
    const { effectiveFrom } = parseOrThrow(publishSchema, req.body, req.t);
    const tomorrow = officeDateOf(Date.now() + 24 * 3600_000);
    if (effectiveFrom < tomorrow) {
      throw new ApiError(422, 'policy_effective_too_early', 'policyDrafts.errors.effectiveTooEarly', {
        earliest: tomorrow,
      });
    }
    const published = await inTransaction(async (versions, tx) => {
      // One publication at a time, so two for the same day cannot both pass the check below.
      await versions.holdPublishing();
      const draft = await versions.draft(id);
      if (!draft) throw notFound();
      checkBody(req, draft.body);
      if ((await versions.published()).some((p) => p.effectiveFrom === effectiveFrom)) {
        throw new ApiError(409, 'policy_effective_taken', 'policyDrafts.errors.effectiveTaken', {
          effectiveFrom,
        });
      }
      const done = await versions.publish(id, effectiveFrom, actorLabel(actorOf(signedIn(req))));
      if (!done) throw notFound();
      logPolicyChange(tx, req, 'policy.publish', done, {
        after: { effectiveFrom, body: asRecord(done.body) },
      });
      return done;
    });
    res.json({
      version: published.version,
      effectiveFrom: published.effectiveFrom,
      publishedAt: published.publishedAt,
    } satisfies z.infer<typeof publishedSchema>);
  });

  return router;
}

const errorJson = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});
const okJson = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const policyDraftSchema = z
  .object({
    id: z.number().int(),
    version: z.string(),
    basedOn: z.string(),
    body: policyBodySchema,
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PolicyDraft' });

const clockRuleSchema = z.object({
  length: z.number().int(),
  counting: z.enum(['calendar_days', 'working_days', 'minutes']),
  warnBeforeDays: z.array(z.number().int()),
  onBreach: z.enum(['escalate', 'lapse']),
  escalateTo: z.enum(escalationTargets).optional(),
  escalateAfterWorkingDays: z.number().int().optional(),
  source: z.string().meta({ description: 'Where the rule comes from, as the offices cite it' }),
});

/** A version as cases run under it: every clock's rule, the backlog and reporting rules, the categories. */
const versionedPolicySchema = z
  .object({
    version: z.string(),
    effectiveFrom: z.string(),
    clocks: z.object(
      Object.fromEntries(clockNames.map((name) => [name, clockRuleSchema])) as Record<
        ClockName,
        typeof clockRuleSchema
      >,
    ),
    disciplineRealNameNotice: clockRuleSchema.pick({ length: true, counting: true }),
    extension: z.object({ maxDays: z.number().int(), maxCount: z.number().int() }),
    backlog: z.object({
      overdueClocks: z.array(z.enum(clockNames)),
      repeatsAtLeast: z.number().int(),
      aboveProperLevel: z.boolean(),
      openLongerThanMonths: z.number().int(),
      manyYearsAfterMonths: z.number().int(),
      manyLevelsAtLeast: z.number().int(),
      manyOfficesAtLeast: z.number().int(),
    }),
    reporting: z.object({
      weeklyCloseOut: z.object({ weekday: z.number().int(), time: z.string() }),
      monthlyBulletin: z.object({ dayOfMonth: z.number().int(), time: z.string() }),
      lookBack: z.object({ revisitDays: z.array(z.number().int()), listenDays: z.number().int() }),
      quickClosureDays: z.number().int(),
    }),
    categories: policyBodySchema.shape.categories,
    published: z
      .string()
      .optional()
      .meta({ description: 'When it was published; absent for a built-in one' }),
  })
  .meta({ id: 'VersionedPolicy' });

const policyOverviewSchema = z
  .object({
    current: z.string().meta({ description: 'The version in force today' }),
    policies: z.array(versionedPolicySchema),
    drafts: z.array(policyDraftSchema),
    mayDraft: z.boolean().meta({ description: 'Whether this administrator may draft and publish' }),
  })
  .meta({ id: 'PolicyOverview' });

const publishedSchema = z.object({ version: z.string(), effectiveFrom: z.string(), publishedAt: z.string() });

const draftViewSchema = z
  .object({
    draft: policyDraftSchema,
    inForce: z.string().meta({ description: 'The version new cases take today' }),
    differences: z.array(policyDifferenceSchema),
  })
  .meta({ id: 'PolicyDraftView' });

/** The policy routes in the OpenAPI document. */
export function registerPolicyVersionPaths(registry: OpenAPIRegistry): void {
  const id = z.object({ id: z.number().int().positive().max(2_147_483_647) });
  const refused = errorJson('Beyond the regulations’ limits: each problem names its article');
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/policies',
    summary:
      'Every deadline policy version (built in and published), the one in force today, and the drafts (administrators)',
    responses: {
      200: okJson(policyOverviewSchema, 'Versions'),
      403: errorJson('Not an administrator'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/admin/policy-drafts',
    summary: 'Draft a new policy version, copied from the one in force (top-level administrators)',
    request: { body: { content: { 'application/json': { schema: newDraftSchema } } } },
    responses: {
      201: okJson(draftViewSchema, 'The draft'),
      403: errorJson('Not a top-level administrator'),
      409: errorJson('The version name is taken'),
      422: errorJson('Bad version name'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/policy-drafts/{id}',
    summary: 'A draft and its differences to the version in force',
    request: { params: id },
    responses: { 200: okJson(draftViewSchema, 'The draft'), 404: errorJson('No such draft') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/admin/policy-drafts/{id}',
    summary: 'Change a draft',
    request: { params: id, body: { content: { 'application/json': { schema: policyBodySchema } } } },
    responses: {
      200: okJson(draftViewSchema, 'The draft'),
      403: errorJson('Not a top-level administrator'),
      404: errorJson('No such draft'),
      422: refused,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/admin/policy-drafts/{id}',
    summary: 'Discard a draft',
    request: { params: id },
    responses: {
      204: { description: 'Discarded' },
      403: errorJson('Not a top-level administrator'),
      404: errorJson('No such draft'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/admin/policy-drafts/{id}/publish',
    summary: 'Publish a draft from an effective date on; it can never change afterwards',
    request: { params: id, body: { content: { 'application/json': { schema: publishSchema } } } },
    responses: {
      200: okJson(publishedSchema, 'Published'),
      403: errorJson('Not a top-level administrator'),
      404: errorJson('No such draft'),
      409: errorJson('A version already takes effect that day'),
      422: refused,
    },
  });
}
