import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Keyring } from '../config/encryption-keys';
import { ormConfig } from './config';
import { registerIdentityKeyring } from './identity-encryption';

export type Orm = MikroORM;

/** Any number identifying "Qingling migrations" for PostgreSQL's advisory lock. */
const migrationLockKey = 7_264_001;

/** The database is behind the code: a production process refuses to start on it. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database lacks ${pending.length} migration(s) (${pending.join(', ')}): run \`npm run migrate\` ` +
        '(or `node dist/db/migrate-main.js`, the compose job `migrate`) before starting the API and workers.',
    );
    this.name = 'PendingMigrationsError';
  }
}

/**
 * Connects to the database. With `migrations: 'apply'` (development, the embedded stack,
 * tests) it first brings the schema up to date; with `'require'` (production: migrations
 * are a deployment step, `npm run migrate`) it refuses a database that lacks any.
 * `keyring` encrypts and decrypts the complainant's identity in this database's rows.
 */
export async function openDatabase(
  databaseUrl: string,
  options: { keyring: Keyring; poolMax?: number; migrations?: 'apply' | 'require' },
): Promise<Orm> {
  const orm = await MikroORM.init(ormConfig(databaseUrl, options));
  registerIdentityKeyring(orm.em.getPlatform(), options.keyring);
  try {
    if (options.migrations === 'require') {
      const pending = await orm.getMigrator().getPendingMigrations();
      if (pending.length > 0) throw new PendingMigrationsError(pending.map((m) => m.name));
    } else {
      await migrateDatabase(orm, databaseUrl);
    }
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}

/**
 * Applies the pending migrations, each in its own transaction unless it opts out (an index
 * built CONCURRENTLY cannot run in one). Processes started together take turns: one holds a
 * session advisory lock on a connection of its own while the others poll for it, so no
 * waiting statement holds a snapshot that a concurrent index build would wait for.
 */
export async function migrateDatabase(orm: Orm, databaseUrl: string): Promise<string[]> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    for (;;) {
      const { rows } = await lock.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
        migrationLockKey,
      ]);
      if (rows[0]?.locked) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await lock.end();
  }
}
