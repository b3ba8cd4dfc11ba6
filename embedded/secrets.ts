import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { newKeyEntry } from '../config/encryption-keys';

export interface EmbeddedSecrets {
  accessCodeSecret: string;
  /** `SESSION_SECRET`: signs staff session cookies. */
  sessionSecret: string;
  postgresPassword: string;
  /** `ENCRYPTION_KEYS` of the embedded stack (one key; rotate by putting a new one first). */
  encryptionKeys: string;
}

/** Secrets of the embedded stack: made once, kept in the data folder (mode 600), never in git. */
export function loadOrCreateSecrets(dataDir: string): EmbeddedSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const stored = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<EmbeddedSecrets>)
    : {};
  const secrets: EmbeddedSecrets = {
    accessCodeSecret: stored.accessCodeSecret ?? randomBytes(32).toString('hex'),
    // Data folders made when sessions were signed with the access-code secret get their own on the next start.
    sessionSecret: stored.sessionSecret ?? randomBytes(32).toString('hex'),
    postgresPassword: stored.postgresPassword ?? randomBytes(18).toString('base64url'),
    // Data folders made before encryption get their key on the next start.
    encryptionKeys: stored.encryptionKeys ?? newKeyEntry('k1'),
  };
  if (JSON.stringify(stored) === JSON.stringify(secrets)) return secrets;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
