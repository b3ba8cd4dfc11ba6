/**
 * The production topology, said once: the services docker-compose.yml runs and the settings
 * of the app's processes. `npm run cluster` (embedded/cluster.ts) starts the same services as
 * plain processes from this list, and tests/unit/deployment.test.ts checks that
 * docker-compose.yml says the same. A new service or setting goes here, in
 * docker-compose.yml and, if it runs on this machine, in embedded/cluster.ts.
 */

/** One service of the topology, by its compose name. */
export interface ServiceSpec {
  /** What it is, for a reader of the list. */
  what: string;
  /** Runs once and exits (schema, namespace, migrations) rather than serving. */
  job?: true;
  /** The app's entry point in the production build, for the app's own services. */
  command?: string[];
  /** How many copies run side by side. */
  replicas?: number;
}

export const services = {
  postgres: { what: 'PostgreSQL: qingling for the app, temporal and temporal_visibility for Temporal' },
  'temporal-schema': { what: "Temporal's schema in PostgreSQL (temporal-sql-tool)", job: true },
  temporal: { what: 'the Temporal server, every service in one process' },
  'temporal-namespace': { what: "the app's Temporal namespace", job: true },
  'temporal-ui': { what: 'the Temporal web UI' },
  mailpit: { what: 'SMTP catcher with a web page' },
  'sms-centre': {
    what: 'SMS catcher: an SMPP server with a web page, delivering nothing',
    command: ['node', 'dist/embedded/sms-centre-main.js'],
  },
  migrate: {
    what: "the app's database migrations, before the API and workers start",
    job: true,
    command: ['node', 'dist/db/migrate-main.js'],
  },
  api: { what: 'Qingling API and web pages', command: ['node', 'dist/api/main.js'], replicas: 2 },
  worker: {
    what: 'Qingling Temporal worker',
    command: ['node', 'dist/temporal/worker-main.js'],
    replicas: 2,
  },
  proxy: { what: 'reverse proxy spreading requests over the APIs' },
} satisfies Record<string, ServiceSpec>;

export type ServiceName = keyof typeof services;

/**
 * The app's environment (compose's `x-app` block) with the default of each optional setting.
 * `fixed`: set by compose itself, not from its environment. `secret`: compose refuses to
 * start without it. `address`: where another service is, which
 * differs per topology (compose's service names, the cluster's 127.0.0.1 ports).
 */
export const appEnvironment: Record<string, { default: string; fixed?: true } | 'secret' | 'address'> = {
  NODE_ENV: { default: 'production', fixed: true },
  DATABASE_URL: 'address',
  TEMPORAL_ADDRESS: 'address',
  TEMPORAL_NAMESPACE: { default: 'default' },
  TEMPORAL_TASK_QUEUE: { default: 'qingling-cases' },
  SMTP_URL: 'address',
  MAIL_FROM: { default: '清零信访 <noreply@qingling.example>' },
  // The SMS catcher unless a deployment names its carrier's SMS centre or Aliyun.
  SMS_URL: 'address',
  SMS_SIGNATURE: { default: '清零信访' },
  SMS_TEMPLATES: { default: '' },
  SMS_LIMIT_PER_HOUR: { default: '5' },
  SMS_LIMIT_PER_DAY: { default: '10' },
  AUDIT_RETENTION_DAYS: { default: '180' },
  PORT: { default: '3000', fixed: true },
  ACCESS_CODE_SECRET: 'secret',
  SESSION_SECRET: 'secret',
  ENCRYPTION_KEYS: 'secret',
  PUBLIC_URL: 'address',
  TEMPORAL_UI_URL: 'address',
  SEED_DEMO: { default: 'false' },
  SECOND_FACTOR_ROLES: { default: 'admin,office_head,leader,supervisor' },
  LOG_LEVEL: { default: 'info' },
  TRUST_PROXY: { default: 'loopback, uniquelocal' },
  METRICS_TOKEN: { default: '' },
  WORKER_METRICS_ADDRESS: 'address',
};

/** Where the published services listen on the host, in compose and by default in the cluster. */
export const publishedPorts = {
  proxy: 3000,
  temporal: 7233,
  'temporal-ui': 8080,
  'mailpit-web': 8025,
  'mailpit-smtp': 1025,
  'sms-centre-web': 1081,
} as const;

/** History shards of the Temporal cluster (compose's NUM_HISTORY_SHARDS); fixed when it is first started. */
export const numHistoryShards = 4;
