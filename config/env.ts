import path from 'node:path';
import { z } from 'zod';
import { smsTexts } from '../activities/notices/sms-texts';
import { parseKeyring } from './encryption-keys';
import { temporalTlsProblems } from './temporal-connection';
import { staffRoles, type StaffRole } from '../domain/actor';

/** Who must sign in with a second factor unless SECOND_FACTOR_ROLES says otherwise: whoever decides or manages. */
export const defaultSecondFactorRoles: readonly StaffRole[] = [
  'admin',
  'office_head',
  'leader',
  'supervisor',
];

/**
 * How long a try at a notice holds its outbox row (db/notices/outbox.ts), in seconds. Never
 * shorter than the waits after which a transport gives up on a send (connect, greeting and one
 * silent answer: 40 s for SMTP and SMPP alike, config/mail-transport.ts and
 * activities/notices/sms-gateway.ts), so a slow try still holds its row when it ends.
 */
const outboxClaimMinSeconds = 45;
const defaultClaimSeconds = 75;

/**
 * Every setting comes from the environment and is checked once at start-up.
 * Where a service's variable is unset, the embedded stack provides that service
 * (see embedded/stack.ts); the API and worker processes themselves require them.
 */
const urlWithProtocols = (name: string, protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `${name} must be a URL starting with ${protocols.join(' or ')}, for example ${example}`,
    );

const hostPort = z
  .string()
  .trim()
  .regex(/^[^\s:/]+:\d{1,5}$/, 'TEMPORAL_ADDRESS must be host:port, for example localhost:7233');

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be between 1 and 65535`)
    .max(65535, `${name} must be between 1 and 65535`);

const envSchema = z.object({
  DATABASE_URL: urlWithProtocols(
    'DATABASE_URL',
    ['postgres:', 'postgresql:'],
    'postgres://user:pass@localhost:5432/qingling',
  ).optional(),
  TEMPORAL_ADDRESS: hostPort.optional(),
  /** Mutual TLS to Temporal (a cluster with TLS, Temporal Cloud): PEM text or the path of a PEM file each. */
  TEMPORAL_TLS_CERT: z.string().trim().optional(),
  TEMPORAL_TLS_KEY: z.string().trim().optional(),
  /** The authority that signed Temporal's server certificate, when it is not one the system trusts. */
  TEMPORAL_TLS_CA: z.string().trim().optional(),
  /** The name on Temporal's server certificate, when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().trim().optional(),
  /** A Temporal Cloud API key (sent over TLS). */
  TEMPORAL_API_KEY: z
    .string()
    .trim()
    .min(20, 'TEMPORAL_API_KEY looks truncated: paste the whole key')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().trim().min(1, 'TEMPORAL_NAMESPACE must not be empty').default('default'),
  TEMPORAL_TASK_QUEUE: z
    .string()
    .trim()
    .min(1, 'TEMPORAL_TASK_QUEUE must not be empty')
    .default('qingling-cases'),
  SMTP_URL: urlWithProtocols('SMTP_URL', ['smtp:', 'smtps:'], 'smtp://localhost:1025').optional(),
  MAIL_FROM: z.string().trim().min(3).default('清零信访 <noreply@qingling.local>'),
  /**
   * The SMS gateway: `smpp://user:pass@host:port` (an SMS centre, SMPP 3.4) or
   * `aliyun://AccessKeyId:AccessKeySecret@dysmsapi.aliyuncs.com` (Alibaba Cloud SMS).
   * Unset: complainants are told by e-mail only.
   */
  SMS_URL: urlWithProtocols(
    'SMS_URL',
    ['smpp:', 'aliyun:', 'aliyun+http:'],
    'smpp://qingling:secret@localhost:2775',
  ).optional(),
  /** The office's signature on every SMS (短信签名), as registered with the provider. */
  SMS_SIGNATURE: z
    .string()
    .trim()
    .min(2, 'SMS_SIGNATURE must be 2 to 12 characters, e.g. 东湖县信访局')
    .max(12, 'SMS_SIGNATURE must be 2 to 12 characters, e.g. 东湖县信访局')
    .default('清零信访'),
  /** Each SMS template's code at the provider, as JSON, e.g. {"accepted":"SMS_123456"}; unset ones are QL_<TEMPLATE>. */
  SMS_TEMPLATES: z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          const parsed: unknown = JSON.parse(value);
          return (
            typeof parsed === 'object' &&
            parsed !== null &&
            !Array.isArray(parsed) &&
            Object.entries(parsed).every(
              ([k, v]) => k in smsTexts && typeof v === 'string' && v.trim() !== '',
            )
          );
        } catch {
          return false;
        }
      },
      `SMS_TEMPLATES must be a JSON object of template codes by template (${Object.keys(smsTexts).join(', ')}), for example {"accepted":"SMS_123456"}`,
    )
    .optional(),
  /** At most this many SMS to one number per hour, and per day: a fault cannot flood a phone. */
  SMS_LIMIT_PER_HOUR: z.coerce
    .number({ error: 'SMS_LIMIT_PER_HOUR must be a number' })
    .int('SMS_LIMIT_PER_HOUR must be a whole number')
    .min(1, 'SMS_LIMIT_PER_HOUR must be at least 1')
    .default(5),
  SMS_LIMIT_PER_DAY: z.coerce
    .number({ error: 'SMS_LIMIT_PER_DAY must be a number' })
    .int('SMS_LIMIT_PER_DAY must be a whole number')
    .min(1, 'SMS_LIMIT_PER_DAY must be at least 1')
    .default(10),
  /**
   * How many days the audit trail keeps a row (安全审计日志留存期). Half a year at least, as
   * security reviews ask; the daily retention run removes what is older and leaves a checkpoint.
   */
  AUDIT_RETENTION_DAYS: z.coerce
    .number({ error: 'AUDIT_RETENTION_DAYS must be a number' })
    .int('AUDIT_RETENTION_DAYS must be a whole number of days')
    .min(180, 'AUDIT_RETENTION_DAYS must be at least 180: the audit trail is kept half a year at least')
    .default(180),
  /** The outbox's claim on a notice being sent (see outboxClaimMinSeconds); tests that kill a worker mid-send shorten it. */
  OUTBOX_CLAIM_SECONDS: z.coerce
    .number({ error: 'OUTBOX_CLAIM_SECONDS must be a number' })
    .int('OUTBOX_CLAIM_SECONDS must be a whole number of seconds')
    .min(
      outboxClaimMinSeconds,
      `OUTBOX_CLAIM_SECONDS must be at least ${outboxClaimMinSeconds}: a send can wait that long before its transport gives up`,
    )
    .default(defaultClaimSeconds),
  /** A workflow bundle made beforehand (scripts/bundle-workflows.ts) for the worker to run instead of bundling at start. */
  WORKFLOW_BUNDLE: z.string().trim().min(1).optional(),
  PORT: port('PORT').default(3000),
  /** The address the API listens on: every interface by default (a container's), 127.0.0.1 to keep it to this machine. */
  HOST: z.string().trim().min(1, 'HOST must not be empty').default('0.0.0.0'),
  QINGLING_DATA_DIR: z.string().trim().min(1, 'QINGLING_DATA_DIR must not be empty').default('.data'),
  ACCESS_CODE_SECRET: z
    .string()
    .min(32, 'ACCESS_CODE_SECRET must be at least 32 characters (generate one with `openssl rand -hex 32`)')
    .optional(),
  /**
   * Signs staff session cookies; its own secret, so rotating it signs everyone out without
   * touching access codes. Several, comma-separated, rotate it: the first signs, all are accepted.
   */
  SESSION_SECRET: z
    .string()
    .trim()
    .refine(
      (value) => value.split(',').every((secret) => secret.trim().length >= 32),
      'SESSION_SECRET must be at least 32 characters (generate one with `openssl rand -hex 32`); several are separated by commas',
    )
    .optional(),
  /** Lets intake take minute-counted drill policies (domain/policy.ts): fault drills and benches only, never a real office. */
  QINGLING_DRILL_POLICY: z
    .enum(['true', 'false'], { error: 'QINGLING_DRILL_POLICY must be true or false' })
    .default('false'),
  /** `id:base64` keys, the current one first: identity at rest and Temporal payloads (config/encryption-keys.ts). */
  ENCRYPTION_KEYS: z
    .string()
    .trim()
    .refine((value) => {
      try {
        parseKeyring(value);
        return true;
      } catch {
        return false;
      }
    }, 'ENCRYPTION_KEYS must be id:base64 pairs of 32-byte keys, separated by commas, the current key first (generate one with `openssl rand -base64 32`)')
    .optional(),
  PUBLIC_URL: urlWithProtocols('PUBLIC_URL', ['http:', 'https:'], 'https://xinfang.example.gov.cn').default(
    'http://localhost:3000',
  ),
  /**
   * Where staff open the Temporal web UI: the only origin allowed to call the codec
   * endpoint (`/api/v1/temporal-codec`) with their session, to show payloads decrypted.
   */
  TEMPORAL_UI_URL: urlWithProtocols('TEMPORAL_UI_URL', ['http:', 'https:'], 'http://localhost:8233').default(
    'http://localhost:8233',
  ),
  /** Bearer token Prometheus sends to read GET /metrics; unset, only this machine may read it. */
  METRICS_TOKEN: z
    .string()
    .min(32, 'METRICS_TOKEN must be at least 32 characters (generate one with `openssl rand -hex 32`)')
    .optional(),
  /**
   * 公开统计: a count under this many cases is shown on the public statistics page only as
   * "fewer than N" (and another hidden beside it so totals do not give it away).
   */
  PUBLIC_STATISTICS_MINIMUM_CELL: z.coerce
    .number({ error: 'PUBLIC_STATISTICS_MINIMUM_CELL must be a whole number of cases, at least 1' })
    .int('PUBLIC_STATISTICS_MINIMUM_CELL must be a whole number of cases, at least 1')
    .min(1, 'PUBLIC_STATISTICS_MINIMUM_CELL must be a whole number of cases, at least 1')
    .default(5),
  /** host:port where a worker serves its Prometheus metrics (the SDK's runtime telemetry); unset, none. */
  WORKER_METRICS_ADDRESS: z
    .string()
    .trim()
    .regex(/^[^\s/]+:\d{1,5}$/, 'WORKER_METRICS_ADDRESS must be host:port, for example 127.0.0.1:9464')
    .optional(),
  /**
   * Roles that must sign in with a second factor (TOTP), comma-separated; `none` for none (an
   * empty variable counts as unset, which means the default roles).
   * Everyone else may enrol one from the account menu.
   */
  SECOND_FACTOR_ROLES: z
    .string()
    .trim()
    .refine(
      (value) => secondFactorRolesOf(value).every((role) => (staffRoles as readonly string[]).includes(role)),
      `SECOND_FACTOR_ROLES must be roles separated by commas, of: ${staffRoles.join(', ')}`,
    )
    .default(defaultSecondFactorRoles.join(',')),
  SEED_DEMO: z.enum(['true', 'false'], { error: 'SEED_DEMO must be true or false' }).default('false'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  NODE_ENV: z.string().default('development'),
  /**
   * Which proxies in front of the API to believe about the client's address (Express's
   * `trust proxy`): the per-address limits count by it. `loopback` for a proxy on the same
   * machine; a subnet such as `10.0.0.0/8` for a load balancer inside the network.
   */
  TRUST_PROXY: z.string().trim().min(1).default('loopback'),
});

/**
 * The outbox's claim (OUTBOX_CLAIM_SECONDS), for the outbox to read once when it loads; a bad
 * value stops the worker at start with loadEnv's message.
 */
export function outboxClaimSeconds(source: NodeJS.ProcessEnv = process.env): number {
  const parsed = envSchema.shape.OUTBOX_CLAIM_SECONDS.safeParse(source.OUTBOX_CLAIM_SECONDS || undefined);
  return parsed.success ? parsed.data : defaultClaimSeconds;
}

/** The roles SECOND_FACTOR_ROLES lists. */
export function secondFactorRolesOf(value: string): StaffRole[] {
  if (value.trim() === 'none') return [];
  return value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean) as StaffRole[];
}

export type Env = z.infer<typeof envSchema> & { dataDir: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError listing every bad value at once. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable means "unset" (common in compose files and CI), not "invalid".
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  }
  const tlsProblems = temporalTlsProblems(parsed.data);
  if (tlsProblems.length > 0) throw new ConfigError(tlsProblems);
  return { ...parsed.data, dataDir: path.resolve(parsed.data.QINGLING_DATA_DIR) };
}

/** The API and worker need every external service named; the embedded stack fills these in. */
export function requireServices(
  env: Env,
): Required<
  Pick<Env, 'DATABASE_URL' | 'TEMPORAL_ADDRESS' | 'SMTP_URL' | 'ACCESS_CODE_SECRET' | 'ENCRYPTION_KEYS'>
> {
  const hint = 'run `npm start` for the embedded stack, or set it to your own service';
  const missing = (
    ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'ACCESS_CODE_SECRET', 'ENCRYPTION_KEYS'] as const
  ).filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new ConfigError(missing.map((name) => `${name} is not set: ${hint}`));
  }
  return {
    DATABASE_URL: env.DATABASE_URL!,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS!,
    SMTP_URL: env.SMTP_URL!,
    ACCESS_CODE_SECRET: env.ACCESS_CODE_SECRET!,
    ENCRYPTION_KEYS: env.ENCRYPTION_KEYS!,
  };
}

/** The API signs staff sessions with SESSION_SECRET (the worker has none): its secrets, newest first. */
export function requireSessionSecrets(env: Env): string[] {
  if (!env.SESSION_SECRET) {
    throw new ConfigError([
      'SESSION_SECRET is not set: run `npm start` for the embedded stack, or set it (openssl rand -hex 32)',
    ]);
  }
  return env.SESSION_SECRET.split(',').map((secret) => secret.trim());
}
