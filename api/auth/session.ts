import { createHmac } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { RequestHandler } from 'express';

declare module 'express-session' {
  interface SessionData {
    staffId: number;
  }
}

export const sessionCookieName = 'ql_session';
/** A working day and a bit: staff sign in each morning. */
const sessionHours = 12;

/**
 * Staff sessions, kept in PostgreSQL (table staff_session) so any API process can
 * serve any request and a restart signs nobody out. The cookie is httpOnly and
 * SameSite=Lax; it is Secure when the public URL is https.
 */
export function sessionMiddleware(options: { databaseUrl: string; secret: string; secureCookies: boolean }): {
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
  const middleware = session({
    name: sessionCookieName,
    secret: createHmac('sha256', options.secret).update('staff-session-cookie').digest('hex'),
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      maxAge: sessionHours * 3600 * 1000,
      path: '/',
    },
  });
  return {
    middleware,
    close: async () => {
      await store.close();
    },
  };
}
