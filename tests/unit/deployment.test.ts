import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import test from 'ava';
import { parse } from 'yaml';
import { projectRoot } from '../../config/paths';
import { appEnvironment, numHistoryShards, publishedPorts, services } from '../../deploy/services';

const composeConfig = (env: Record<string, string>) =>
  execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const secrets = {
  ACCESS_CODE_SECRET: randomBytes(32).toString('hex'),
  SESSION_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  POSTGRES_PASSWORD: 'pg-admin-pw',
  QINGLING_DB_PASSWORD: 'qingling-pw',
  TEMPORAL_DB_PASSWORD: 'temporal-pw',
};

test('docker-compose accepts the deployment file and it runs the APIs behind a proxy, workers, a migration job, Temporal, its UI, PostgreSQL and a mail catcher', (t) => {
  const config = composeConfig(secrets);
  for (const service of [
    'postgres',
    'temporal',
    'temporal-ui',
    'mailpit',
    'migrate',
    'api',
    'worker',
    'proxy',
  ]) {
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

test('docker-compose refuses to start without the session secret', (t) => {
  const { SESSION_SECRET: _omitted, ...withoutSecret } = secrets;
  const error = t.throws(() => composeConfig(withoutSecret));
  t.regex(String((error as Error & { stderr?: string }).stderr ?? error?.message), /SESSION_SECRET/);
});

test('docker-compose refuses to start without the encryption keys', (t) => {
  const { ENCRYPTION_KEYS: _omitted, ...withoutKeys } = secrets;
  const error = t.throws(() => composeConfig(withoutKeys));
  t.regex(String((error as Error & { stderr?: string }).stderr ?? error?.message), /ENCRYPTION_KEYS/);
});

interface ComposeService {
  command?: string[];
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
  /** `127.0.0.1:8025:8025/tcp`, or the long form. */
  ports?: (string | { target: number; published: number | string })[];
  restart?: string;
}

test('docker-compose.yml and deploy/services.ts (what npm run cluster starts) list the same services with the same settings', (t) => {
  const compose = parse(composeConfig(secrets)) as { services: Record<string, ComposeService> };
  t.deepEqual(Object.keys(compose.services).sort(), Object.keys(services).sort());
  for (const [name, spec] of Object.entries(services)) {
    const service = compose.services[name]!;
    if ('command' in spec) t.deepEqual(service.command, spec.command, `${name}'s command`);
    t.is(service.deploy?.replicas ?? 1, 'replicas' in spec ? spec.replicas : 1, `${name}'s replicas`);
    t.is(
      service.restart === 'no' || !service.restart,
      'job' in spec,
      `${name} runs once exactly when it is a job`,
    );
  }
  // The app's processes get the same settings, with the same defaults, in both.
  for (const name of ['migrate', 'api', 'worker']) {
    const environment = compose.services[name]!.environment!;
    t.deepEqual(Object.keys(environment).sort(), Object.keys(appEnvironment).sort(), `${name}'s environment`);
    for (const [variable, setting] of Object.entries(appEnvironment)) {
      if (typeof setting === 'object') t.is(environment[variable], setting.default, `${name}'s ${variable}`);
      if (setting === 'secret') t.is(environment[variable], secrets[variable as keyof typeof secrets]);
    }
  }
  t.is(compose.services.temporal!.environment!.NUM_HISTORY_SHARDS, String(numHistoryShards));
  const published = (service: string) =>
    (compose.services[service]!.ports ?? [])
      .map((port) => Number(typeof port === 'string' ? port.split(':').at(-2) : port.published))
      .sort((a, b) => a - b);
  t.deepEqual(published('proxy'), [publishedPorts.proxy]);
  t.deepEqual(published('temporal'), [publishedPorts.temporal]);
  t.deepEqual(published('temporal-ui'), [publishedPorts['temporal-ui']]);
  t.deepEqual(published('mailpit'), [publishedPorts['mailpit-smtp'], publishedPorts['mailpit-web']]);
  t.deepEqual(published('sms-centre'), [publishedPorts['sms-centre-web']]);
  t.regex(compose.services.api!.environment!.SMS_URL ?? '', /^smpp:\/\/[^@]+@sms-centre:2775$/);
  t.deepEqual(published('api'), [], 'the APIs are reached through the proxy only');
});
