import { randomBytes } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { newKeyEntry } from '../config/encryption-keys';
import { projectRoot } from '../config/paths';
import { appEnvironment, services } from '../deploy/services';
import { uiCodecPath } from '../temporal/payload-codec';
import {
  defaultTemporalServerPorts,
  ensureNamespace,
  requireClusterBinaries,
  setupTemporalSchema,
  startTemporalServer,
  temporalServerPortsFrom,
  temporalUiBinary,
  writeTemporalServerConfig,
  type TemporalServerHandle,
  type TemporalServerPorts,
} from '../temporal/server';
import { startMailCatcher } from './mail-catcher';
import { startLocalSmsCatcher } from './sms-centre';
import { readPostmasterPid, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './postgres';
import { ProcessRegistry, spawnNodeChild, stopChild, waitForPort, type NodeChild } from './processes';
import { startReverseProxy } from './proxy';

/** Where each part of the cluster listens. */
export interface ClusterPorts {
  proxy: number;
  apis: number[];
  /** Where each worker serves its Prometheus metrics. */
  workerMetrics: number[];
  postgres: number;
  smtp: number;
  mailWeb: number;
  smpp: number;
  smsWeb: number;
  temporalUi: number;
  temporal: TemporalServerPorts;
}

/**
 * Compose's published ports by default (proxy 3000, Temporal 7233, its UI 8080, mail 8025
 * and 1025); with `base` (CLUSTER_PORT_BASE) every port is base + n, so several clusters or
 * tests can run side by side.
 */
export function clusterPorts(base?: number): ClusterPorts {
  const apiCount = services.api.replicas;
  const workerCount = services.worker.replicas;
  if (base === undefined) {
    return {
      proxy: 3000,
      apis: Array.from({ length: apiCount }, (_, i) => 3001 + i),
      workerMetrics: Array.from({ length: workerCount }, (_, i) => 9464 + i),
      postgres: 5434,
      smtp: 1025,
      mailWeb: 8025,
      smpp: 2775,
      smsWeb: 1081,
      temporalUi: 8080,
      temporal: defaultTemporalServerPorts,
    };
  }
  return {
    proxy: base,
    apis: Array.from({ length: apiCount }, (_, i) => base + 1 + i),
    workerMetrics: Array.from({ length: workerCount }, (_, i) => base + 30 + i),
    postgres: base + 5,
    smtp: base + 6,
    mailWeb: base + 7,
    temporalUi: base + 8,
    smpp: base + 3,
    smsWeb: base + 4,
    temporal: temporalServerPortsFrom(base + 10),
  };
}

interface ClusterSecrets {
  postgresPassword: string;
  qinglingDbPassword: string;
  temporalDbPassword: string;
  accessCodeSecret: string;
  sessionSecret: string;
  encryptionKeys: string;
}

/** Compose's secrets (its .env), made once for this cluster's data folder and kept there (mode 600). */
function loadOrCreateClusterSecrets(dataDir: string): ClusterSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as ClusterSecrets;
  const secrets: ClusterSecrets = {
    postgresPassword: randomBytes(32).toString('hex'),
    qinglingDbPassword: randomBytes(32).toString('hex'),
    temporalDbPassword: randomBytes(32).toString('hex'),
    accessCodeSecret: randomBytes(32).toString('hex'),
    sessionSecret: randomBytes(32).toString('hex'),
    encryptionKeys: newKeyEntry('k1'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * Roles and databases as deploy/postgres/initdb/10-qingling.sh makes them in compose: the app's
 * role owns `qingling`, Temporal's role owns `temporal` and `temporal_visibility`, neither
 * reaches the other's, and pg_trgm is created by the superuser. Safe to run on every start.
 */
async function prepareDatabases(superuserUrl: string, secrets: ClusterSecrets): Promise<void> {
  const url = new URL(superuserUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const literal = (value: string) => client.escapeLiteral(value);
  try {
    for (const [role, password] of [
      ['qingling', secrets.qinglingDbPassword],
      ['temporal', secrets.temporalDbPassword],
    ] as const) {
      const exists = await client.query('select 1 from pg_roles where rolname = $1', [role]);
      await client.query(
        `${exists.rowCount ? 'alter' : 'create'} role ${role} login password ${literal(password)}`,
      );
    }
    await client.query('alter database qingling owner to qingling');
    for (const database of ['temporal', 'temporal_visibility']) {
      const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (!exists.rowCount) {
        await client.query(
          `create database ${database} owner temporal template template0 encoding 'UTF8' locale 'C.UTF-8'`,
        );
      }
    }
    for (const database of ['qingling', 'temporal', 'temporal_visibility']) {
      await client.query(`revoke connect on database ${database} from public`);
    }
  } finally {
    await client.end();
  }
  url.pathname = '/qingling';
  const app = new pg.Client({ connectionString: url.toString() });
  await app.connect();
  await app.query('create extension if not exists pg_trgm').finally(() => app.end());
}

const sourceFolders = [
  'activities',
  'api',
  'config',
  'db',
  'deploy',
  'domain',
  'temporal',
  'workflows',
  'web',
];
const builtEntries = [
  ...Object.values(services).flatMap((service) => ('command' in service ? [service.command[1]!] : [])),
  'dist/workflow-bundle.js',
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** `npm run build` unless dist/ is newer than every source file. */
export function ensureProductionBuild(progress: (message: string) => void): void {
  const built = builtEntries.map((entry) => path.join(projectRoot, entry));
  const oldestBuilt = Math.min(...built.map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)));
  const newest = Math.max(...sourceFolders.map((folder) => newestSource(path.join(projectRoot, folder))));
  if (oldestBuilt >= newest) return;
  progress('production build (npm run build) …');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
}

export type ClusterProcessName = `api-${number}` | `worker-${number}`;

export interface RunningCluster {
  urls: { app: string; temporal: string; temporalUi?: string; mail: string; sms: string; health: string };
  ports: ClusterPorts;
  dataDir: string;
  databaseUrl: string;
  /** The environment every API and worker gets (compose's `x-app`), without PORT. */
  appEnv: NodeJS.ProcessEnv;
  /** Starts of an API or worker that died without being told to, as compose's restart policy would. */
  unplannedRestarts: string[];
  /** Stops one API or worker as compose's `stop` would (SIGTERM, its grace period); `start` brings it back. */
  stopProcess(name: ClusterProcessName): Promise<void>;
  startProcess(name: ClusterProcessName): Promise<void>;
  /** Ends one API or worker with SIGKILL and starts it again; resolves when it is ready. */
  killAndRestart(name: ClusterProcessName): Promise<void>;
  restartTemporal(): Promise<void>;
  restartPostgres(): Promise<void>;
  stop(): Promise<void>;
}

type Progress = (message: string) => void;

/**
 * `npm run cluster`: the services of docker-compose.yml (deploy/services.ts) as plain
 * processes on 127.0.0.1, all state under `dataDir`: PostgreSQL (embedded), the real
 * Temporal server on it with its schema and namespace, its UI, a mail catcher, the app's
 * migrations, the APIs and workers from the production build, and the reverse proxy.
 */
export async function startCluster(options: {
  dataDir: string;
  ports: ClusterPorts;
  progress: Progress;
  /** Settings the APIs and workers take from here rather than their defaults; an SMTP_URL replaces the mail catcher. */
  overrides?: NodeJS.ProcessEnv;
  /** Settings beyond compose's for the APIs and workers (a drill's policy switch). */
  extraEnv?: NodeJS.ProcessEnv;
}): Promise<RunningCluster> {
  requireClusterBinaries();
  const { dataDir, ports, progress } = options;
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  // As root, PostgreSQL runs as the postgres user, which must reach its data folder.
  fs.chmodSync(dataDir, 0o755);
  const registry = new ProcessRegistry(dataDir);
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const { name, stop } of [...stops].reverse()) {
      progress(`stopping ${name}`);
      await stop().catch((error: unknown) => progress(`  ${name} did not stop cleanly: ${String(error)}`));
      registry.forget(name);
    }
    stops.length = 0;
  };

  try {
    const leftovers = await registry.endLeftovers();
    if (leftovers.length > 0) progress(`ended processes left by an earlier run: ${leftovers.join(', ')}`);
    ensureProductionBuild(progress);
    const secrets = loadOrCreateClusterSecrets(dataDir);

    progress(`postgres: PostgreSQL (embedded) on port ${ports.postgres} …`);
    const startPostgres = () =>
      startEmbeddedPostgres({
        dataDir,
        port: ports.postgres,
        password: secrets.postgresPassword,
        onLog: (line) => fs.appendFileSync(path.join(logDir, 'postgres.log'), line),
      });
    let postgres: EmbeddedPostgresHandle = await startPostgres();
    registry.record('postgres', readPostmasterPid(path.join(dataDir, 'postgres')));
    stops.push({ name: 'postgres', stop: () => postgres.stop() });
    await prepareDatabases(postgres.databaseUrl, secrets);
    const temporalDatabase = {
      host: '127.0.0.1',
      port: ports.postgres,
      user: 'temporal',
      password: secrets.temporalDbPassword,
    };

    progress('temporal-schema: Temporal schema (temporal-sql-tool) …');
    await setupTemporalSchema(temporalDatabase);

    progress(`temporal: Temporal server on port ${ports.temporal.frontend} …`);
    const temporalConfig = path.join(dataDir, 'temporal', 'config.yaml');
    writeTemporalServerConfig({ file: temporalConfig, database: temporalDatabase, ports: ports.temporal });
    const startTemporal = () =>
      startTemporalServer({
        configFile: temporalConfig,
        ports: ports.temporal,
        logFile: path.join(logDir, 'temporal.log'),
      });
    let temporal: TemporalServerHandle = await startTemporal();
    registry.record('temporal', temporal.process.pid);
    stops.push({ name: 'temporal', stop: () => temporal.stop() });

    const env = (name: string) => options.overrides?.[name] ?? process.env[name];
    const namespace = env('TEMPORAL_NAMESPACE') ?? 'default';
    progress(`temporal-namespace: namespace ${namespace} …`);
    const connection = await Connection.connect({ address: temporal.address });
    await ensureNamespace(connection, namespace).finally(() => connection.close());

    const publicUrl = env('PUBLIC_URL') ?? `http://localhost:${ports.proxy}`;
    const temporalUiUrl = `http://localhost:${ports.temporalUi}`;
    let temporalUi: string | undefined;
    if (fs.existsSync(temporalUiBinary)) {
      progress(`temporal-ui: Temporal UI on port ${ports.temporalUi} …`);
      const ui = startTemporalUi({
        dataDir,
        port: ports.temporalUi,
        temporalAddress: temporal.address,
        namespace,
        codecEndpoint: `${publicUrl.replace(/\/$/, '')}${uiCodecPath}`,
        logFile: path.join(logDir, 'temporal-ui.log'),
      });
      registry.record('temporal-ui', ui.pid);
      stops.push({ name: 'temporal-ui', stop: () => stopChild(ui) });
      await waitForPort(ports.temporalUi, 30_000);
      temporalUi = temporalUiUrl;
    } else {
      progress(
        'temporal-ui: not built (node scripts/install.mjs --cluster builds it); the cluster runs without it',
      );
    }

    let smtpUrl = options.overrides?.SMTP_URL;
    let mailWeb = 'none (SMTP_URL given)';
    if (!smtpUrl) {
      progress(`mailpit: mail catcher (MailDev in place of Mailpit) on SMTP port ${ports.smtp} …`);
      const mail = await startMailCatcher({
        dataDir,
        smtpPort: ports.smtp,
        webPort: ports.mailWeb,
        logFile: path.join(logDir, 'mail.log'),
      });
      registry.record('mail', mail.pid);
      stops.push({ name: 'mail', stop: mail.stop });
      smtpUrl = mail.smtpUrl;
      mailWeb = mail.webUrl;
    }

    let smsUrl = options.overrides?.SMS_URL;
    let smsWeb = 'none (SMS_URL given)';
    if (!smsUrl) {
      progress(`sms-centre: SMS catcher on SMPP port ${ports.smpp} …`);
      const centre = await startLocalSmsCatcher(ports, secrets.accessCodeSecret);
      stops.push({ name: 'sms-centre', stop: centre.stop });
      smsUrl = centre.url;
      smsWeb = centre.webUrl ?? smsWeb;
    }

    const addresses: Record<string, string> = {
      DATABASE_URL: `postgres://qingling:${secrets.qinglingDbPassword}@127.0.0.1:${ports.postgres}/qingling`,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_URL: smtpUrl,
      SMS_URL: smsUrl,
      PUBLIC_URL: publicUrl,
      TEMPORAL_UI_URL: temporalUiUrl,
    };
    const secretValues: Record<string, string> = {
      ACCESS_CODE_SECRET: secrets.accessCodeSecret,
      SESSION_SECRET: secrets.sessionSecret,
      ENCRYPTION_KEYS: secrets.encryptionKeys,
    };
    const appEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // The Dockerfile's writable folder for the app.
      QINGLING_DATA_DIR: path.join(dataDir, 'app'),
      // Each API listens on this machine only; the proxy is the way in.
      HOST: '127.0.0.1',
    };
    for (const [name, setting] of Object.entries(appEnvironment)) {
      const value =
        setting === 'address'
          ? addresses[name]
          : setting === 'secret'
            ? (env(name) ?? secretValues[name])
            : setting.fixed
              ? setting.default
              : (env(name) ?? setting.default);
      if (value !== undefined) appEnv[name] = value;
    }
    Object.assign(appEnv, options.extraEnv);
    delete appEnv.PORT;
    delete appEnv.WORKER_METRICS_ADDRESS;

    progress('migrate: database migrations …');
    await runToCompletion(services.migrate.command, appEnv, path.join(logDir, 'migrate.log'));

    const children = new Map<ClusterProcessName, NodeChild>();
    const expectedExits = new Set<number>();
    const unplannedRestarts: string[] = [];
    const startApp = async (name: ClusterProcessName) => {
      const [kind, index] = name.split('-') as ['api' | 'worker', string];
      const command = services[kind].command;
      const child = spawnNodeChild({
        entry: path.join(projectRoot, command[1]!),
        env: {
          ...appEnv,
          ...(kind === 'api'
            ? { PORT: String(ports.apis[Number(index) - 1]) }
            : { WORKER_METRICS_ADDRESS: `127.0.0.1:${ports.workerMetrics[Number(index) - 1]}` }),
        },
        logFile: path.join(logDir, `${name}.log`),
        cwd: projectRoot,
      });
      children.set(name, child);
      registry.record(name, child.process.pid);
      // Compose's `restart: unless-stopped`: one that dies by itself is started again.
      child.process.once('exit', (code, signal) => {
        if (stopping || expectedExits.delete(child.process.pid ?? 0)) return;
        unplannedRestarts.push(`${name} (${signal ?? `code ${code}`})`);
        progress(`${name} died by itself (${signal ?? `code ${code}`}): starting it again`);
        setTimeout(() => {
          if (!stopping)
            startApp(name).catch((error: unknown) => progress(`${name} did not start: ${String(error)}`));
        }, 1_000);
      });
      await child.waitForOutput(kind === 'api' ? 'api listening' : 'worker polling', 180_000);
    };
    const appNames: ClusterProcessName[] = [
      ...ports.apis.map((_, i) => `api-${i + 1}` as const),
      ...Array.from({ length: services.worker.replicas }, (_, i) => `worker-${i + 1}` as const),
    ];
    for (const name of appNames) {
      progress(`${name} …`);
      stops.push({
        name,
        stop: async () => {
          const child = children.get(name);
          if (child) {
            expectedExits.add(child.process.pid ?? 0);
            await stopChild(child.process, name.startsWith('worker') ? 30_000 : 10_000);
          }
        },
      });
      await startApp(name);
    }

    progress(`proxy: reverse proxy on port ${ports.proxy} …`);
    const proxy = await startReverseProxy({
      port: ports.proxy,
      targets: ports.apis.map((port) => `http://127.0.0.1:${port}`),
    });
    stops.push({ name: 'proxy', stop: proxy.stop });

    const app = `http://localhost:${ports.proxy}`;
    return {
      urls: {
        app,
        temporal: temporal.address,
        ...(temporalUi ? { temporalUi } : {}),
        mail: mailWeb,
        sms: smsWeb,
        health: `${app}/healthz`,
      },
      ports,
      dataDir,
      databaseUrl: addresses.DATABASE_URL!,
      appEnv,
      unplannedRestarts,
      stopProcess: async (name) => {
        const child = children.get(name);
        if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
        expectedExits.add(child.process.pid ?? 0);
        await stopChild(child.process, name.startsWith('worker') ? 30_000 : 10_000);
      },
      startProcess: (name) => startApp(name),
      killAndRestart: async (name) => {
        const child = children.get(name);
        if (child && child.process.exitCode === null && child.process.signalCode === null) {
          expectedExits.add(child.process.pid ?? 0);
          const exited = new Promise((resolve) => child.process.once('exit', resolve));
          child.process.kill('SIGKILL');
          await exited;
        }
        // A start that fails (PostgreSQL or Temporal away meanwhile) is retried by the supervisor.
        await startApp(name).catch((error: unknown) => progress(`${name} did not start: ${String(error)}`));
      },
      restartTemporal: async () => {
        await temporal.stop();
        temporal = await startTemporal();
        registry.record('temporal', temporal.process.pid);
      },
      restartPostgres: async () => {
        await postgres.stop();
        postgres = await startPostgres();
        registry.record('postgres', readPostmasterPid(path.join(dataDir, 'postgres')));
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A one-shot job of the production build (compose's `migrate`); rejects with its output if it fails. */
async function runToCompletion(command: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  const child = spawnNodeChild({
    entry: path.join(projectRoot, command[1]!),
    env,
    logFile,
    cwd: projectRoot,
  });
  const code = await new Promise<number | null>((resolve) => child.process.once('exit', resolve));
  if (code !== 0) {
    throw new Error(
      `${command.join(' ')} failed (exit ${code}): ${fs.readFileSync(logFile, 'utf8').slice(-1500)}`,
    );
  }
}

/** The Temporal UI server (`github.com/temporalio/ui-server`), configured like compose's temporal-ui. */
function startTemporalUi(options: {
  dataDir: string;
  port: number;
  temporalAddress: string;
  namespace: string;
  codecEndpoint: string;
  logFile: string;
}) {
  const root = path.join(options.dataDir, 'temporal-ui');
  fs.mkdirSync(path.join(root, 'config'), { recursive: true });
  const config = {
    temporalGrpcAddress: options.temporalAddress,
    host: '127.0.0.1',
    port: options.port,
    enableUi: true,
    defaultNamespace: options.namespace,
    cors: { allowOrigins: [`http://localhost:${options.port}`] },
    // The payloads are encrypted; the API's codec endpoint shows them to a signed-in office head.
    codec: { endpoint: options.codecEndpoint, includeCredentials: true },
  };
  fs.writeFileSync(path.join(root, 'config', 'cluster.yaml'), JSON.stringify(config, null, 2));
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(temporalUiBinary, ['--root', root, '--config', 'config', '--env', 'cluster', 'start'], {
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  return child;
}
