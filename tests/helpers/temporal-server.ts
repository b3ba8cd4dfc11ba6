import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../embedded/postgres';
import {
  ensureNamespace,
  setupTemporalSchema,
  startTemporalServer,
  tlsConnectionOptions,
  writeTemporalServerConfig,
  type TemporalServerHandle,
  type TemporalServerPorts,
  type TemporalServerTls,
} from '../../temporal/server';
import { freePort } from './ports';

/**
 * A free port below 32768: the server stores membership ports in a smallint column, and the
 * ports the OS hands out (its ephemeral range) are above it.
 */
async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export interface TestTemporalServer {
  address: string;
  /** The PostgreSQL the server keeps its state in; its `qingling` database is free for the app. */
  postgres: EmbeddedPostgresHandle;
  server: TemporalServerHandle;
  stop(): Promise<void>;
}

/**
 * The real Temporal server (tools/temporal-server, `node scripts/install.mjs --cluster`) on an
 * embedded PostgreSQL of its own under `dataDir`, every port chosen by the OS; with `tls`, its
 * frontend wants TLS, and a client certificate when `tls.clientCaFile` is given.
 */
export async function startTestTemporalServer(options: {
  dataDir: string;
  tls?: TemporalServerTls & { caFile: string; clientCertFile: string; clientKeyFile: string };
}): Promise<TestTemporalServer> {
  const postgres = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    port: await freePort(),
    password: 'test-password',
  });
  try {
    const url = new URL(postgres.databaseUrl);
    const admin = new pg.Client({ connectionString: postgres.databaseUrl });
    await admin.connect();
    for (const database of ['temporal', 'temporal_visibility']) {
      await admin.query(`create database ${database} template template0 encoding 'UTF8' locale 'C.UTF-8'`);
    }
    await admin.end();
    const database = {
      host: '127.0.0.1',
      port: Number(url.port),
      user: 'postgres',
      password: 'test-password',
    };
    await setupTemporalSchema(database);
    const names: (keyof TemporalServerPorts)[] = [
      'frontend',
      'frontendHttp',
      'frontendMembership',
      'history',
      'historyMembership',
      'matching',
      'matchingMembership',
      'worker',
      'workerMembership',
      'metrics',
    ];
    const ports = {} as TemporalServerPorts;
    for (const name of names)
      ports[name] = name.endsWith('Membership') ? await freeLowPort() : await freePort();
    const configFile = path.join(options.dataDir, 'temporal.yaml');
    writeTemporalServerConfig({
      file: configFile,
      database,
      ports,
      ...(options.tls ? { tls: options.tls } : {}),
    });
    const clientTls = options.tls
      ? {
          caFile: options.tls.caFile,
          certFile: options.tls.clientCertFile,
          keyFile: options.tls.clientKeyFile,
        }
      : undefined;
    const server = await startTemporalServer({
      configFile,
      ports,
      logFile: path.join(options.dataDir, 'temporal.log'),
      ...(clientTls ? { tls: clientTls } : {}),
    });
    const connection = await Connection.connect({
      address: server.address,
      ...(clientTls ? { tls: tlsConnectionOptions(clientTls) } : {}),
    });
    await ensureNamespace(connection, 'default').finally(() => connection.close());
    return {
      address: server.address,
      postgres,
      server,
      async stop() {
        await server.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}
