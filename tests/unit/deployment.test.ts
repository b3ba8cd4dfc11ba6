import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import test from 'ava';
import { projectRoot } from '../../config/paths';

const composeConfig = (env: Record<string, string>) =>
  execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const secrets = {
  ACCESS_CODE_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  POSTGRES_PASSWORD: 'pg-admin-pw',
  QINGLING_DB_PASSWORD: 'qingling-pw',
  TEMPORAL_DB_PASSWORD: 'temporal-pw',
};

test('docker-compose accepts the deployment file and it runs api, worker, Temporal, its UI, PostgreSQL and a mail catcher', (t) => {
  const config = composeConfig(secrets);
  for (const service of ['postgres', 'temporal', 'temporal-ui', 'mailpit', 'api', 'worker']) {
    t.regex(config, new RegExp(`^  ${service}:`, 'm'), service);
  }
  t.regex(config, /node dist\/api\/main\.js|- dist\/api\/main\.js/);
  t.regex(config, /dist\/temporal\/worker-main\.js/);
  // The SMS gateway is the operator's (an SMS centre over SMPP, or Alibaba Cloud SMS): passed through, with its limits.
  t.regex(config, /SMS_URL:/);
  t.regex(config, /SMS_LIMIT_PER_HOUR: '5'/);
});

test('docker-compose refuses to start without the access-code secret', (t) => {
  const { ACCESS_CODE_SECRET: _omitted, ...withoutSecret } = secrets;
  const error = t.throws(() => composeConfig(withoutSecret));
  t.regex(String((error as Error & { stderr?: string }).stderr ?? error?.message), /ACCESS_CODE_SECRET/);
});

test('docker-compose refuses to start without the encryption keys', (t) => {
  const { ENCRYPTION_KEYS: _omitted, ...withoutKeys } = secrets;
  const error = t.throws(() => composeConfig(withoutKeys));
  t.regex(String((error as Error & { stderr?: string }).stderr ?? error?.message), /ENCRYPTION_KEYS/);
});
