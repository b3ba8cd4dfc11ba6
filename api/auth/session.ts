import { createHmac } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { newCsrfToken } from './csrf';

declare module 'express-session' {
  interface SessionData {
    staffId: number;
    /** Epoch ms of the sign-in (or the password change that renewed it): the absolute limit counts from here. */
    signedInAt: number;
    /** Epoch ms of the last request, written at most once a minute: the idle limit counts from here. */
    lastSeenAt: number;
    /** The synchronizer token state-changing requests must send back in `X-CSRF-Token`. */
    csrfToken: string;
    /**
     * Whose password was right while the second factor is still owed: this grants nothing
     * (no `staffId`) but the second-factor step itself, or enrolling where it is required.
     */
    pendingStaffId: number;
    /** Epoch ms of that password: the pending state lasts `pendingSecondFactorSeconds`. */
    pendingSince: number;
    /** `code`: give the authenticator's code (or a recovery code); `enrol`: set one up first. */
    pendingStep: PendingStep;
  }
}

export type PendingStep = 'code' | 'enrol';

/** Long enough to find the phone, or to enrol one; then the password is asked again. */
export const pendingSecondFactorSeconds = 10 * 60;

/** How long a staff session lasts: the one place both limits are set. */
export interface SessionTimes {
  /** Ended after this long without a request. */
  idleSeconds: number;
  /** Ended this long after sign-in, however busy: a working day and a bit. */
  absoluteSeconds: number;
}

export const defaultSessionTimes: SessionTimes = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 };

/**
 * `__Host-` binds the cookie to this exact host over https (no Domain, path /,
 * Secure), so a sibling subdomain cannot plant or overwrite it. Browsers refuse
 * that prefix without Secure, so plain-http development keeps the bare name.
 */
export const sessionCookieName = (secureCookies: boolean): string =>
  secureCookies ? '__Host-ql_session' : 'ql_session';

/** Writing `lastSeenAt` on every request would save the session on every request; once a minute is precise enough. */
const lastSeenResolutionMs = 60_000;

/**
 * Staff sessions, kept in PostgreSQL (table staff_session) so any API process can
 * serve any request and a restart signs nobody out. The cookie is httpOnly and
 * SameSite=Lax, Secure when the public URL is https; it lives as long as the idle
 * limit and is renewed by each request. The middleware also applies the idle and
 * absolute limits (`enforceSessionTimes`).
 */
export function sessionMiddleware(options: {
  databaseUrl: string;
  /** SESSION_SECRET: the first signs, every one is accepted (rotation without signing everyone out at once). */
  secret: string[];
  secureCookies: boolean;
  times: SessionTimes;
}): {
  middleware: RequestHandler;
  close(): Promise<void>;
} {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    conString: options.databaseUrl,
    tableName: 'staff_session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  const sessions = session({
    name: sessionCookieName(options.secureCookies),
    secret: options.secret.map((secret) =>
      createHmac('sha256', secret).update('staff-session-cookie').digest('hex'),
    ),
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      maxAge: options.times.idleSeconds * 1000,
      path: '/',
    },
  });
  const timesKept = enforceSessionTimes(options.times);
  // One handler, so whoever mounts sessions (the codec route too) gets the time limits with them.
  const middleware: RequestHandler = (req, res, next) =>
    sessions(req, res, (error?: unknown) => (error ? next(error) : timesKept(req, res, next)));
  return {
    middleware,
    close: async () => {
      await store.close();
    },
  };
}

/**
 * Right after express-session: a session past its idle or absolute limit is
 * emptied, so the request goes on as signed out (the staff routes then answer 401).
 * A session without `signedInAt` predates these limits and is treated as expired.
 */
export function enforceSessionTimes(times: SessionTimes): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const current = req.session;
    const now = Date.now();
    if (
      current?.pendingStaffId !== undefined &&
      now - (current.pendingSince ?? 0) > pendingSecondFactorSeconds * 1000
    ) {
      current.regenerate((error) => next(error));
      return;
    }
    if (current?.staffId === undefined) return next();
    const expired =
      current.signedInAt === undefined ||
      now - current.signedInAt > times.absoluteSeconds * 1000 ||
      now - (current.lastSeenAt ?? current.signedInAt) > times.idleSeconds * 1000;
    if (expired) {
      current.regenerate((error) => next(error));
      return;
    }
    if (now - (current.lastSeenAt ?? 0) >= lastSeenResolutionMs) current.lastSeenAt = now;
    next();
  };
}

/** Marks the session as freshly signed in for `staffId`; call on a regenerated session. */
export function beginSession(req: Request, staffId: number): void {
  const now = Date.now();
  req.session.staffId = staffId;
  req.session.signedInAt = now;
  req.session.lastSeenAt = now;
  req.session.csrfToken = newCsrfToken();
}

/** A right password, the second factor still owed; call on a regenerated session. */
export function beginPendingSession(req: Request, staffId: number, step: PendingStep): void {
  req.session.pendingStaffId = staffId;
  req.session.pendingSince = Date.now();
  req.session.pendingStep = step;
  req.session.csrfToken = newCsrfToken();
}
