import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './config';

export type Orm = MikroORM;

/** Any number identifying "Qingling migrations" for PostgreSQL's advisory lock. */
const migrationLockKey = 7_264_001;

/**
 * Connects and brings the schema up to date. API and worker processes may start
 * together: an advisory lock makes the second wait and then find nothing to do.
 */
export async function openDatabase(databaseUrl: string, options: { poolMax?: number } = {}): Promise<Orm> {
  const orm = await MikroORM.init(ormConfig(databaseUrl, options));
  await orm.em.fork().transactional(async (tx) => {
    await tx
      .getConnection()
      .execute('select pg_advisory_xact_lock(?)', [migrationLockKey], 'all', tx.getTransactionContext());
    await orm.getMigrator().up({ transaction: tx.getTransactionContext() });
  });
  return orm;
}
