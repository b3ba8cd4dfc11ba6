import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error that becomes an HTTP answer: a status, a stable code and a message key for the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly params: Record<string, unknown> = {},
    readonly details?: FieldProblem[],
    cause?: unknown,
  ) {
    super(code, { cause });
    this.name = 'ApiError';
  }
}

/** A unique index refused a write: MikroORM's exception, or PostgreSQL's own (23505) from plain SQL. */
const isUniqueViolation = (error: unknown) =>
  error instanceof UniqueConstraintViolationException || (error as { code?: unknown })?.code === '23505';

/**
 * Runs work that inserts something that must be unique (an e-mail, a code). Checking first
 * gives the friendly answer; when two requests pass the check at once, the database's
 * unique index decides and the one that lost hears the same refusal as a later request.
 */
export async function refusingDuplicates<T>(
  work: () => Promise<T>,
  refusal: () => ApiError | Promise<ApiError>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw await refusal();
    throw error;
  }
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

const kib = (bytes: number | undefined) => `${Math.round((bytes ?? 0) / 1024)} KB`;

/** Turns errors from body parsing and from our own code into ApiErrors. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_json', 'errors.invalidJson', { detail: parserError.message });
    case 'entity.too.large':
      return new ApiError(413, 'body_too_large', 'errors.bodyTooLarge', { limit: kib(parserError.limit) });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ApiError(415, 'unsupported_media_type', 'errors.unsupportedMediaType');
    default:
      if (parserError?.status && parserError.status >= 400 && parserError.status < 500) {
        return new ApiError(parserError.status, 'bad_request', 'errors.invalidJson', {
          detail: parserError.message,
        });
      }
      return undefined;
  }
}

export const problemBody = (req: Request, error: ApiError) => ({
  error: {
    code: error.code,
    message: req.t(error.messageKey, error.params),
    ...(error.details ? { details: error.details } : {}),
  },
});

/** The last handler: every failure is an answer a person can act on; only the unexpected is a 500. */
export function apiErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toApiError(error);
    if (known) {
      if (known.status >= 500) log.warn({ err: known.cause ?? known, path: req.path }, known.code);
      res.status(known.status).json(problemBody(req, known));
      return;
    }
    log.error({ err: error, path: req.path }, 'unexpected error');
    res.status(500).json(problemBody(req, new ApiError(500, 'internal', 'errors.internal')));
  };
}
