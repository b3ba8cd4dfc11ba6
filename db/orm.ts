import { MikroORM } from '@mikro-orm/postgresql';
import type { Keyring } from '../config/encryption-keys';
import { ormConfig } from './config';
import { registerIdentityKeyring } from './identity-encryption';

export type Orm = MikroORM;

/** Any number identifying "Qingling migrations" for PostgreSQL's advisory lock. */
const migrationLockKey = 7_264_001;

/**
 * Connects and brings the schema up to date. API and worker processes may start
 * together: an advisory lock makes the second wait and then find nothing to do.
 * `keyring` encrypts and decrypts the complainant's identity in this database's rows.
 */
export async function openDatabase(
  databaseUrl: string,
  options: { keyring: Keyring; poolMax?: number },
): Promise<Orm> {
  const orm = await MikroORM.init(ormConfig(databaseUrl, options));
  registerIdentityKeyring(orm.em.getPlatform(), options.keyring);
  await orm.em.fork().transactional(async (tx) => {
    await tx
      .getConnection()
      .execute('select pg_advisory_xact_lock(?)', [migrationLockKey], 'all', tx.getTransactionContext());
    await orm.getMigrator().up({ transaction: tx.getTransactionContext() });
  });
  return orm;
}
