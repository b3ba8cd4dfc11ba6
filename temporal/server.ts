import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { projectRoot } from '../config/paths';
import { numHistoryShards } from '../deploy/services';
import { stopChild, waitForPort } from '../embedded/processes';

/**
 * The real Temporal server (`go.temporal.io/server`, built by `node scripts/install.mjs
 * --cluster`) on PostgreSQL: the same server docker-compose.yml runs from its image, here as
 * a plain process for `npm run cluster`, the drill and the bench.
 */
export const clusterToolsDir = path.join(projectRoot, 'tools', 'temporal-server');
const serverBinary = path.join(clusterToolsDir, 'bin', 'server');
const sqlToolBinary = path.join(clusterToolsDir, 'bin', 'sql');
export const temporalUiBinary = path.join(clusterToolsDir, 'bin', 'ui-server');
const schemaDir = path.join(clusterToolsDir, 'schema', 'postgresql', 'v12');

/** Whether `node scripts/install.mjs --cluster` has built the server, its SQL tool and its schema files. */
export const clusterBinariesInstalled = (): boolean =>
  [serverBinary, sqlToolBinary, schemaDir].every((file) => fs.existsSync(file));

export function requireClusterBinaries(): void {
  if (!clusterBinariesInstalled()) {
    throw new Error(
      `The Temporal server is not built (${serverBinary}): run \`node scripts/install.mjs --cluster\` first (go install; several minutes).`,
    );
  }
}

/** Every port one all-in-one server listens on: four services, each with gRPC and membership. */
export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

/** Temporal's own defaults (the ports its image listens on inside compose). */
export const defaultTemporalServerPorts: TemporalServerPorts = {
  frontend: 7233,
  frontendHttp: 7243,
  frontendMembership: 6933,
  history: 7234,
  historyMembership: 6934,
  matching: 7235,
  matchingMembership: 6935,
  worker: 7239,
  workerMembership: 6939,
  metrics: 8000,
};

/** Ten consecutive ports from `base`, frontend first. */
export function temporalServerPortsFrom(base: number): TemporalServerPorts {
  const names = Object.keys(defaultTemporalServerPorts) as (keyof TemporalServerPorts)[];
  return Object.fromEntries(names.map((name, i) => [name, base + i])) as unknown as TemporalServerPorts;
}

export interface TemporalDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The frontend's TLS: a server certificate, and with `clientCaFile` mutual TLS (clients must show a certificate it signed). */
export interface TemporalServerTls {
  certFile: string;
  keyFile: string;
  clientCaFile?: string;
}

/**
 * The server's configuration file, written as JSON (YAML's superset, which the server reads).
 * Every listener on 127.0.0.1; metrics for Prometheus on `ports.metrics`.
 */
export function writeTemporalServerConfig(options: {
  file: string;
  database: TemporalDatabase;
  ports: TemporalServerPorts;
  tls?: TemporalServerTls;
  logLevel?: string;
}): void {
  const { database, ports } = options;
  const tooHigh = Object.entries(ports).filter(
    ([name, port]) => name.endsWith('Membership') && port > 32_767,
  );
  if (tooHigh.length > 0) {
    // The server keeps membership ports in a smallint column and fails at start on larger ones.
    throw new Error(
      `Temporal's membership ports must be below 32768: ${tooHigh.map(([name, port]) => `${name} ${port}`).join(', ')}`,
    );
  }
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${database.host}:${database.port}`,
      connectProtocol: 'tcp',
      user: database.user,
      password: database.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, extra: Record<string, number> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: '127.0.0.1', ...extra },
  });
  const tls = options.tls
    ? {
        frontend: {
          server: {
            certFile: options.tls.certFile,
            keyFile: options.tls.keyFile,
            requireClientAuth: Boolean(options.tls.clientCaFile),
            ...(options.tls.clientCaFile ? { clientCaFiles: [options.tls.clientCaFile] } : {}),
          },
          client: {
            serverName: 'localhost',
            rootCaFiles: [options.tls.clientCaFile ?? options.tls.certFile],
          },
        },
        systemWorker: {
          certFile: options.tls.certFile,
          keyFile: options.tls.keyFile,
          client: {
            serverName: 'localhost',
            rootCaFiles: [options.tls.clientCaFile ?? options.tls.certFile],
          },
        },
      }
    : undefined;
  const config = {
    log: { stdout: true, level: options.logLevel ?? 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards,
      datastores: {
        'postgres-default': datastore('temporal', 20),
        'postgres-visibility': datastore('temporal_visibility', 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `127.0.0.1:${ports.metrics}`,
        },
      },
      ...(tls ? { tls } : {}),
    },
    services: {
      frontend: service(ports.frontend, ports.frontendMembership, { httpPort: ports.frontendHttp }),
      history: service(ports.history, ports.historyMembership),
      matching: service(ports.matching, ports.matchingMembership),
      worker: service(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    // The same runtime settings as compose's server (limits and Updates the app relies on).
    dynamicConfigClient: {
      filepath: path.join(projectRoot, 'deploy', 'temporal', 'dynamicconfig', 'qingling.yaml'),
      pollInterval: '60s',
    },
  };
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  fs.writeFileSync(options.file, JSON.stringify(config, null, 2), { mode: 0o600 });
}

/**
 * Brings the `temporal` and `temporal_visibility` databases to this release's schema with
 * the SQL tool, as deploy/temporal/setup-schema.sh does in compose: `setup-schema -v 0.0`
 * versions an empty database (a versioned one is left alone), `update-schema` applies only
 * the versions it lacks. The databases and their owner exist already (see embedded/cluster.ts).
 */
export async function setupTemporalSchema(database: TemporalDatabase): Promise<void> {
  requireClusterBinaries();
  const run = promisify(execFile);
  for (const [name, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const base = [
      '--plugin',
      'postgres12',
      '--ep',
      database.host,
      '-p',
      String(database.port),
      '-u',
      database.user,
      '--pw',
      database.password,
      '--db',
      name,
    ];
    await run(sqlToolBinary, [...base, 'setup-schema', '-v', '0.0']);
    await run(sqlToolBinary, [...base, 'update-schema', '-d', path.join(schemaDir, schema, 'versioned')]);
  }
}

export interface TemporalServerHandle {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the server with every service in one process; resolves when its frontend serves. */
export async function startTemporalServer(options: {
  configFile: string;
  ports: TemporalServerPorts;
  logFile: string;
  tls?: { caFile: string; certFile: string; keyFile: string };
}): Promise<TemporalServerHandle> {
  requireClusterBinaries();
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(serverBinary, ['--config-file', options.configFile, '--allow-no-auth', 'start'], {
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const address = `127.0.0.1:${options.ports.frontend}`;
  const exitedEarly = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(
        new Error(`The Temporal server exited with code ${code} while starting; see ${options.logFile}`),
      ),
    ),
  );
  try {
    await Promise.race([waitUntilServing(address, options.tls), exitedEarly]);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  exitedEarly.catch(() => undefined);
  return { address, process: child, stop: () => stopChild(child, 20_000) };
}

/** Connection options for a frontend that wants a client certificate. */
export function tlsConnectionOptions(tls: { caFile: string; certFile: string; keyFile: string }) {
  return {
    serverNameOverride: 'localhost',
    serverRootCACertificate: fs.readFileSync(tls.caFile),
    clientCertPair: { crt: fs.readFileSync(tls.certFile), key: fs.readFileSync(tls.keyFile) },
  };
}

async function waitUntilServing(
  address: string,
  tls: { caFile: string; certFile: string; keyFile: string } | undefined,
): Promise<void> {
  await waitForPort(Number(address.split(':')[1]), 120_000);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const connection = await Connection.connect({
        address,
        ...(tls ? { tls: tlsConnectionOptions(tls) } : {}),
        connectTimeout: 5_000,
      });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Registers the app's namespace unless it exists, as deploy/temporal/create-namespace.sh
 * does in compose (the server, unlike the dev server, creates none by itself).
 */
export async function ensureNamespace(connection: Connection, namespace: string, retentionHours = 720) {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return 'exists';
  } catch {
    await connection.workflowService.registerNamespace({
      namespace,
      description: 'Qingling petition cases',
      workflowExecutionRetentionPeriod: msToTs(`${retentionHours}h`),
    });
    // The frontend's namespace cache refreshes every few seconds: wait until it serves the new one.
    for (let i = 0; i < 60; i += 1) {
      try {
        await connection.workflowService.countWorkflowExecutions({ namespace, query: '' });
        return 'created';
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw new Error(`Temporal namespace ${namespace} was registered but never became visible`);
  }
}
