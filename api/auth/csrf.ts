import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors';

/**
 * Cross-site request forgery guard for the staff side (synchronizer token): the
 * session holds a random token, handed to the console by the sign-in answer and by
 * `GET /api/v1/session`; every state-changing request of a signed-in person must
 * send it back in `X-CSRF-Token`. Another site can make the browser send the
 * cookie, but cannot read the token. A small check of our own rather than a
 * library: the ones for Express compare with `===` and answer in their own error
 * shape, and this is the whole of it.
 */
export const csrfHeader = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export const newCsrfToken = (): string => randomBytes(32).toString('base64url');

/** The session's token, made on first need (sessions begun before tokens existed have none). */
export function csrfTokenOf(req: Request): string {
  req.session.csrfToken ??= newCsrfToken();
  return req.session.csrfToken;
}

function sameToken(sent: string, kept: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(kept);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Posts that carry their own authority: the sign-in (there is no session yet) and a one-time set-password link. */
const tokenlessPosts = ['/api/v1/session', '/api/v1/session/link', '/api/v1/session/link/password'];

/** Requests that need no token: those above and the Temporal codec (it checks Origin). */
const exempt = (req: Request) =>
  (req.method === 'POST' && tokenlessPosts.includes(req.originalUrl.split('?')[0]!)) ||
  req.originalUrl.startsWith('/api/v1/temporal-codec/');

/**
 * After the session middleware. A request with no session (signed in, or waiting for its
 * second factor) carries no authority to forge, so it goes on and the route answers 401 as it would.
 */
export function requireCsrfToken(req: Request, _res: Response, next: NextFunction): void {
  const someone = req.session?.staffId ?? req.session?.pendingStaffId;
  if (safeMethods.has(req.method) || someone === undefined || exempt(req)) return next();
  const sent = req.get(csrfHeader);
  const kept = req.session.csrfToken;
  if (!sent || !kept || !sameToken(sent, kept)) {
    throw new ApiError(403, 'csrf_failed', 'errors.csrfFailed');
  }
  next();
}
