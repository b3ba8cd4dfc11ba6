import { z } from 'zod';
import { errorSchema } from './schemas';

/** Building blocks of the OpenAPI document that the route modules registering their own paths share. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const problem = (description: string) => json(errorSchema, description);

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } } },
});

/** A file answered as bytes (a download), of one media type each. */
export const download = (description: string, ...mediaTypes: string[]) => ({
  description,
  content: Object.fromEntries(
    mediaTypes.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }]),
  ),
});

/** A server-rendered page (no script): what the person reads, or the form again with what to change. */
export const page = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() } },
});

export const mediaTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;
