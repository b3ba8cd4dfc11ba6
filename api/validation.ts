import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError, type FieldProblem } from './errors';

const fieldName = (t: TFunction, path: PropertyKey[]): string => {
  const key = path.filter((p) => typeof p === 'string').join('.');
  return key ? t(`fields.${key}`, { defaultValue: key }) : '';
};

/** Zod issues in the user's language, one per field. */
export function describeIssues(t: TFunction, issues: z.core.$ZodIssue[], input: unknown): FieldProblem[] {
  return issues.map((issue) => {
    const field = fieldName(t, issue.path);
    const path = issue.path.map(String).join('.');
    const message = (() => {
      const given = issue.path.reduce<unknown>(
        (value, key) =>
          value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
        input,
      );
      if ((given === undefined || given === null) && issue.code !== 'custom')
        return t('validation.required', { field });
      if (issue.message.startsWith('validation.')) return t(issue.message, { field });
      switch (issue.code) {
        case 'invalid_type': {
          return t('validation.wrongType', {
            field,
            expected: t(`validation.types.${issue.expected}`, { defaultValue: issue.expected }),
          });
        }
        case 'too_small':
          return issue.origin === 'string'
            ? t('validation.tooShort', { field, min: issue.minimum })
            : t('validation.tooSmall', { field, min: issue.minimum });
        case 'too_big':
          return issue.origin === 'string'
            ? t('validation.tooLong', { field, max: issue.maximum })
            : t('validation.tooBig', { field, max: issue.maximum });
        case 'invalid_value':
          return t('validation.oneOf', { field });
        case 'unrecognized_keys':
          return t('validation.unknownField', { field: issue.keys.join(', ') });
        default:
          return t('validation.invalid', { field });
      }
    })();
    return { field: path, message };
  });
}

/** Validates `input` or throws a 422 ApiError naming every wrong field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, t: TFunction): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ApiError(
    422,
    'validation_failed',
    'errors.validation',
    {},
    describeIssues(t, result.error.issues, input),
  );
}
