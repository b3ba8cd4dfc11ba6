import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorSchema } from './schemas';
import { signedInPaths } from './auth/staff';

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

/** Paths behind the staff session and the session's own routes. */
const signedInPrefixes = [...signedInPaths, '/api/v1/session'];
/** Routes that count requests per address (api/abuse.ts) or guard a case against code guessing. */
const limitedPrefixes = [
  '/api/v1/petitions',
  '/api/v1/attachments',
  '/api/v1/cases',
  '/api/v1/lost-code/requests',
];
const limitedPages = ['/petition', '/status'];

/**
 * Declares the refusals every operation of a kind can give, where its own registration left
 * them out: they come from shared middleware (body parsing, validation, the session, the CSRF
 * check, rate limits), not from the route, so a client learns them here once. The API answers
 * them as the shared Error; the public forms answer them as a page.
 */
export function declareErrorResponses(registry: OpenAPIRegistry): void {
  for (const definition of registry.definitions) {
    if (definition.type !== 'route') continue;
    const { path, method, request } = definition.route;
    const responses = definition.route.responses as Record<string, unknown>;
    const isPage = !path.startsWith('/api/') && path !== '/healthz';
    const refusal = isPage ? page : problem;
    const declare = (status: number, description: string) => {
      responses[status] ??= refusal(description);
    };
    const takesInput = Boolean(request?.body || request?.params || request?.query || request?.headers);
    if (request?.body) declare(400, 'The body cannot be read: not valid JSON, or a broken multipart form.');
    if (signedInPrefixes.some((prefix) => path.startsWith(prefix)) && path !== '/api/v1/session') {
      declare(401, 'Not signed in, or the session has ended.');
      declare(403, 'Not allowed for this role or jurisdiction, or the CSRF token is missing.');
    }
    if (path.startsWith('/api/v1/cases/')) {
      declare(401, 'No access code was sent.');
      declare(404, 'No case matches this number and access code.');
    }
    if (isPage && method === 'post' && path.startsWith('/status')) {
      declare(401, 'No access code was given: the look-up form again.');
      declare(404, 'No case matches this number and code: the look-up form again.');
    }
    if (request?.params) declare(404, 'Nothing has this identifier.');
    if (takesInput) declare(422, 'A field is missing or wrong; details name each one.');
    const limited = isPage
      ? method === 'post' && limitedPages.some((prefix) => path.startsWith(prefix))
      : limitedPrefixes.some((prefix) => path.startsWith(prefix));
    if (limited) declare(429, 'Too many requests from this address: wait (Retry-After) and retry.');
  }
}
