import { parseKeyring, type Keyring } from '../config/encryption-keys';
import type { Env } from '../config/env';
import { embeddedDatabaseUrl } from './postgres';
import { loadOrCreateSecrets } from './secrets';
import { embeddedPorts } from './stack';

/**
 * The database and keys a maintenance command (`npm run rotate-keys`, `npm run
 * verify-timeline`) works on: those in the environment, or else the embedded stack's,
 * which `npm start` must then be running.
 */
export function commandDatabase(env: Env): { databaseUrl: string; keyring: Keyring } {
  const secrets = env.DATABASE_URL && env.ENCRYPTION_KEYS ? undefined : loadOrCreateSecrets(env.dataDir);
  return {
    databaseUrl:
      env.DATABASE_URL ??
      embeddedDatabaseUrl({ password: secrets!.postgresPassword, port: embeddedPorts(env).postgres }),
    keyring: parseKeyring(env.ENCRYPTION_KEYS ?? secrets!.encryptionKeys),
  };
}
