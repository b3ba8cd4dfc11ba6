import { parseKeyring } from '../config/encryption-keys';
import { ConfigError, loadEnv } from '../config/env';
import { createLogger } from '../config/logger';
import { ormConfig } from './config';
import { migrateDatabase } from './orm';
import { MikroORM } from '@mikro-orm/postgresql';
import { registerIdentityKeyring } from './identity-encryption';

/**
 * `npm run migrate` (`node dist/db/migrate-main.js` in production, compose's `migrate` job):
 * brings the database named by DATABASE_URL up to date. A deployment runs it before starting
 * new API and worker processes, which refuse a database that lacks a migration.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new ConfigError(['DATABASE_URL is not set: name the database to migrate']);
  const log = createLogger(env, 'migrate');
  const orm = await MikroORM.init(ormConfig(env.DATABASE_URL, { poolMax: 2 }));
  if (env.ENCRYPTION_KEYS) registerIdentityKeyring(orm.em.getPlatform(), parseKeyring(env.ENCRYPTION_KEYS));
  try {
    const applied = await migrateDatabase(orm, env.DATABASE_URL);
    log.info({ applied }, applied.length > 0 ? 'migrations applied' : 'the database is up to date');
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
