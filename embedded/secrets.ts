import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface EmbeddedSecrets {
  accessCodeSecret: string;
  postgresPassword: string;
}

/** Secrets of the embedded stack: made once, kept in the data folder (mode 600), never in git. */
export function loadOrCreateSecrets(dataDir: string): EmbeddedSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as EmbeddedSecrets;
  const secrets: EmbeddedSecrets = {
    accessCodeSecret: randomBytes(32).toString('hex'),
    postgresPassword: randomBytes(18).toString('base64url'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
