import { Migrator } from '@mikro-orm/migrations';
import { defineConfig } from '@mikro-orm/postgresql';
import { entities } from './entities';
import { migrationsList } from './migrations';

/** The one MikroORM configuration, used by the API, the worker, the CLI and tests. */
export function ormConfig(databaseUrl: string, options: { poolMax?: number } = {}) {
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    migrations: {
      // Listed explicitly so compiled builds and bundles find them without scanning folders.
      migrationsList,
      path: 'db/migrations',
      pathTs: 'db/migrations',
      // Each migration in its own transaction, so one can opt out (isTransactional() false)
      // to build an index CONCURRENTLY on a large table.
      transactional: true,
      allOrNothing: false,
      snapshot: false,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    // Schema changes go through migrations only; never synchronise from entities.
    ensureDatabase: false,
    debug: false,
  });
}

export default ormConfig(process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/qingling');
