import { loadEnv } from '../config/env';
import { rotateIdentityKeys } from '../db/identity-rotation';
import { openDatabase } from '../db/orm';
import { SecondFactorRepository } from '../db/second-factor';
import { commandDatabase } from '../embedded/command-database';

/**
 * `npm run rotate-keys`: after a new key was put first in ENCRYPTION_KEYS, writes every
 * complainant identity and blind index under it (and encrypts any plaintext left from
 * before encryption), and every staff authenticator secret. Safe to run again and while the system runs; once it reports
 * nothing left, the older keys may leave ENCRYPTION_KEYS.
 */
async function main(): Promise<void> {
  const { databaseUrl, keyring } = commandDatabase(loadEnv());
  const orm = await openDatabase(databaseUrl, { keyring, poolMax: 2 });
  try {
    const counts = await rotateIdentityKeys(orm.em.fork(), keyring);
    console.log(
      `current key ${keyring.current.id}: ${counts.rows} case(s) written again, ` +
        `${counts.reencrypted} value(s) re-encrypted, ${counts.encryptedPlaintext} plaintext value(s) encrypted, ` +
        `${counts.rehashed} blind index(es) recomputed`,
    );
    const secrets = await new SecondFactorRepository(orm.em.fork()).rotateSecrets(keyring);
    console.log(`${secrets} authenticator secret(s) of staff written again`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
