import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { PolicyBody, PolicyCategory } from '../../db/administration/policy-versions';
import {
  clockLimits,
  disciplineNoticeLimit,
  extensionLimits,
  limitBreach,
  type LimitBreach,
} from '../../domain/administration/policy-maxima';
import { categories } from '../../domain/petition';
import { clockNames, isDrillPolicyVersion, type ClockName } from '../../domain/policy';
import { vocabulary } from '../../domain/vocabulary/names';
import type { FieldProblem } from '../errors';

/** Shapes of a policy draft (时限政策草案) as the console edits it, and what the regulations allow of it. */

const countingSchema = z.enum(['calendar_days', 'working_days']);
const escalationTargetSchema = z.enum(['office_head', 'unit_leader', 'level_above', 'leader_superior']);

const clockSettingSchema = z.strictObject({
  length: z.number().int().min(0).max(366),
  counting: countingSchema,
  warnBeforeDays: z.array(z.number().int().min(1).max(366)).max(5),
  escalateTo: escalationTargetSchema.optional(),
});

export const policyBodySchema = z
  .strictObject({
    clocks: z.strictObject(
      Object.fromEntries(clockNames.map((name) => [name, clockSettingSchema])) as Record<
        ClockName,
        typeof clockSettingSchema
      >,
    ),
    disciplineRealNameNotice: z.strictObject({
      length: z.number().int().min(1).max(366),
      counting: countingSchema,
    }),
    extension: z.strictObject({
      maxDays: z.number().int().min(0).max(366),
      maxCount: z.number().int().min(0).max(10),
    }),
    categories: z
      .array(
        z.strictObject({
          code: z.enum(categories),
          zh: z.string().trim().min(1).max(32),
          en: z.string().trim().min(1).max(64),
        }),
      )
      .min(1)
      .max(categories.length),
  })
  .meta({
    id: 'PolicyBody',
    description:
      'What a version sets: each clock (length, counted in calendar or working days, warnings before, escalation target), ' +
      'the discipline body’s notice, the extension limit, and the categories with their zh-CN and English names',
  });

const versionNameSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/, 'validation.policyVersionName')
  .refine((v) => !isDrillPolicyVersion(v) && !v.startsWith('drill-'), 'validation.policyVersionName');

export const newDraftSchema = z.strictObject({ version: versionNameSchema }).meta({
  description: 'A new draft, a copy of the version in force today, under this version name (e.g. 2026.2)',
});

export const publishSchema = z.strictObject({ effectiveFrom: z.iso.date() }).meta({
  description:
    'The office date (Asia/Shanghai) from which new cases take the version; tomorrow at the earliest',
});

export const draftIdSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** The categories as a new install names them: the domain's vocabulary. */
export const defaultCategories = (): PolicyCategory[] =>
  categories.map((code) => ({
    code,
    zh: vocabulary['zh-CN'].category[code],
    en: vocabulary.en.category[code],
  }));

const breachMessage = (t: TFunction, subject: string, breach: LimitBreach) =>
  t(`policyDrafts.limits.${breach.code}`, {
    subject,
    days: 'days' in breach ? breach.days : 0,
    article: breach.article,
  });

/**
 * What zod cannot see: the regulations' limits (each refusal naming its article),
 * warnings inside their clock, each category once and every category kept (the
 * intake forms offer them all).
 */
export function policyProblems(t: TFunction, body: PolicyBody): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const clockName = (name: ClockName) => t(`clock.${name}`);
  for (const name of clockNames) {
    const setting = body.clocks[name];
    const limit = clockLimits[name];
    const breach = limit ? limitBreach(limit, setting.length, setting.counting) : null;
    if (breach) {
      const field = breach.code === 'calendarDaysOnly' ? 'counting' : 'length';
      problems.push({ field: `clocks.${name}.${field}`, message: breachMessage(t, clockName(name), breach) });
    }
    const tooLate = setting.warnBeforeDays.filter((days) => days >= setting.length);
    if (tooLate.length > 0) {
      problems.push({
        field: `clocks.${name}.warnBeforeDays`,
        message: t('policyDrafts.warningOutsideClock', { subject: clockName(name), length: setting.length }),
      });
    }
  }
  const notice = body.disciplineRealNameNotice;
  const noticeBreach = limitBreach(disciplineNoticeLimit, notice.length, notice.counting);
  if (noticeBreach) {
    problems.push({
      field: 'disciplineRealNameNotice.length',
      message: breachMessage(t, t('policyDrafts.disciplineNotice'), noticeBreach),
    });
  }
  if (body.extension.maxDays > extensionLimits.maxDays) {
    problems.push({
      field: 'extension.maxDays',
      message: t('policyDrafts.limits.extensionDays', {
        days: extensionLimits.maxDays,
        article: extensionLimits.article,
      }),
    });
  }
  if (body.extension.maxCount > extensionLimits.maxCount) {
    problems.push({
      field: 'extension.maxCount',
      message: t('policyDrafts.limits.extensionCount', {
        count: extensionLimits.maxCount,
        article: extensionLimits.article,
      }),
    });
  }
  const codes = body.categories.map((c) => c.code);
  const missing = categories.filter((c) => !codes.includes(c));
  if (new Set(codes).size !== codes.length || missing.length > 0) {
    problems.push({ field: 'categories', message: t('policyDrafts.categoriesEachOnce') });
  }
  return problems;
}

/** A leaf of a policy body: a length, a way of counting, the warning days, a name; null where a side lacks it. */
export const policySettingSchema = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.array(z.number()),
  z.null(),
]);
type PolicySetting = z.infer<typeof policySettingSchema>;

/** One setting that differs between two versions, by its path in the body. */
export const policyDifferenceSchema = z.object({
  path: z.string().meta({ example: 'clocks.handling.length' }),
  current: policySettingSchema,
  draft: policySettingSchema,
});
export type PolicyDifference = z.infer<typeof policyDifferenceSchema>;

const flatten = (
  value: unknown,
  prefix: string,
  out: Map<string, PolicySetting>,
): Map<string, PolicySetting> => {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    // The body's leaves are numbers, names, flags and the warning days (policyBodySchema).
  } else out.set(prefix, value as PolicySetting);
  return out;
};

const categoryMap = (list: PolicyCategory[]) =>
  Object.fromEntries(list.map((c, index) => [c.code, { zh: c.zh, en: c.en, position: index + 1 }]));

/** Every setting that differs, clocks in the policy's order, then the rest. */
export function policyDifferences(current: PolicyBody, draft: PolicyBody): PolicyDifference[] {
  const view = (body: PolicyBody) =>
    flatten({ ...body, categories: categoryMap(body.categories) }, '', new Map<string, PolicySetting>());
  const before = view(current);
  const after = view(draft);
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  return paths
    .filter((path) => JSON.stringify(before.get(path)) !== JSON.stringify(after.get(path)))
    .map((path) => ({ path, current: before.get(path) ?? null, draft: after.get(path) ?? null }));
}
