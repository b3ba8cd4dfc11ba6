import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { placeholderRules, templateProblems, type WrittenNoticeKind } from '../../domain/written-notices';
import { Unit } from '../../db/entities';
import {
  noticePrefix,
  resetTemplate,
  savePrefix,
  saveTemplate,
  unitTemplates,
} from '../../db/written-notices/templates';
import { signedIn } from '../auth/staff';
import { ApiError, type FieldProblem } from '../errors';
import { parseOrThrow } from '../validation';
import { noticeKindSchema } from './schemas';

export const templateBodySchema = z.strictObject({ body: z.string().trim().min(1).max(5000) });
export const prefixSchema = z.strictObject({
  prefix: z
    .string()
    .trim()
    .min(1)
    .max(16)
    // No regex flags: the OpenAPI document carries the pattern's source alone, and a flag would end up in it.
    .regex(/^[^\s〔〕[\]{}]+$/),
});

export const noticeTemplatesSchema = z
  .object({
    unit: z.object({ code: z.string(), name: z.string() }),
    prefix: z.string(),
    templates: z.array(
      z.object({
        kind: noticeKindSchema,
        body: z.string(),
        custom: z.boolean(),
        updatedAt: z.string().nullable(),
        allowed: z.array(z.string()),
        required: z.array(z.string()),
      }),
    ),
  })
  .meta({
    id: 'WrittenNoticeTemplates',
    description:
      "The administrator's unit's bodies of written notices, with the placeholders each may and must use.",
  });

/** A body's placeholder problems, each named, in the user's language. */
function placeholderProblems(req: Request, kind: WrittenNoticeKind, body: string): FieldProblem[] {
  const { unknown, missing } = templateProblems(kind, body);
  const allowed = placeholderRules[kind].allowed.map((name) => `{{${name}}}`).join(' ');
  return [
    ...unknown.map((name) => ({
      field: 'body',
      message: req.t('writtenNotices.errors.unknownPlaceholder', { placeholder: `{{${name}}}`, allowed }),
    })),
    ...missing.map((name) => ({
      field: 'body',
      message: req.t('writtenNotices.errors.missingPlaceholder', { placeholder: `{{${name}}}` }),
    })),
  ];
}

/**
 * 管理 › 文书模板: the bodies of the unit's written notices and its number prefix
 * (机关代字). Placeholders are checked on save: an unknown one, or a missing one the
 * kind needs, is refused naming it.
 */
export function writtenNoticeTemplateRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  const base = '/api/v1/admin/written-notices';

  router.get(`${base}/templates`, async (req, res) => {
    const admin = signedIn(req);
    const em = deps.em();
    const unit = await em.findOneOrFail(Unit, { id: admin.unitId });
    const templates = await unitTemplates(em, unit.id);
    res.json({
      unit: { code: unit.code, name: unit.name },
      prefix: await noticePrefix(em, unit),
      templates: templates.map((t) => ({ ...t, ...placeholderRules[t.kind] })),
    });
  });

  router.put(`${base}/templates/:kind`, async (req, res) => {
    const admin = signedIn(req);
    const kind = parseOrThrow(noticeKindSchema, req.params.kind, req.t);
    const { body } = parseOrThrow(templateBodySchema, req.body ?? {}, req.t);
    const problems = placeholderProblems(req, kind, body);
    if (problems.length > 0) throw new ApiError(422, 'validation_failed', 'errors.validation', {}, problems);
    await saveTemplate(deps.em(), { unitId: admin.unitId, kind, body, staffId: admin.staffId });
    res.json({ kind, body, custom: true });
  });

  router.delete(`${base}/templates/:kind`, async (req, res) => {
    const admin = signedIn(req);
    const kind = parseOrThrow(noticeKindSchema, req.params.kind, req.t);
    await resetTemplate(deps.em(), admin.unitId, kind);
    res.status(204).end();
  });

  router.put(`${base}/prefix`, async (req, res) => {
    const admin = signedIn(req);
    const { prefix } = parseOrThrow(prefixSchema, req.body ?? {}, req.t);
    await savePrefix(deps.em(), { unitId: admin.unitId, prefix, staffId: admin.staffId });
    res.json({ prefix });
  });

  return router;
}
