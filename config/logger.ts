import pino, { type Logger } from 'pino';
import type { Env } from './env';

/** Structured JSON logs; identity fields are redacted wherever they appear. */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>, component: string): Logger {
  return pino({
    level: env.LOG_LEVEL,
    base: { component },
    redact: {
      paths: ['*.complainant', '*.accessCode', 'req.headers["x-access-code"]', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}
