import pino, { type DestinationStream, type Logger } from 'pino';
import type { Env } from './env';

/** Request headers that carry a credential: a session, a token, a complainant's access code. */
const secretHeaders = ['cookie', 'authorization', 'x-access-code', 'x-csrf-token'];

/** Fields that hold a secret or say who someone is, wherever a log line carries them. */
const identityFields = [
  'password',
  'currentPassword',
  'newPassword',
  'accessCode',
  'complainant',
  'name',
  'phone',
  'email',
  'idNumber',
  'address',
  // The accused person of a report (检举控告) is identity-grade too.
  'accused',
  'accusedName',
];

/**
 * Redacted paths: the headers of a logged request (pino-http's `req`), the cookie
 * the answer sets, and the identity fields at the top of a log line or up to three
 * levels down (`{ body: { complainant } }`, `{ req: { body: { password } } }`).
 */
export const redactedPaths = [
  ...secretHeaders.map((header) => `req.headers["${header}"]`),
  'res.headers["set-cookie"]',
  ...identityFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

/** Structured JSON logs; secrets and identity fields are redacted wherever they appear. */
export function createLogger(
  env: Pick<Env, 'LOG_LEVEL'>,
  component: string,
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level: env.LOG_LEVEL,
      base: { component },
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    destination,
  );
}
