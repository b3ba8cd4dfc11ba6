import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {
  ConfigError,
  defaultSecondFactorRoles,
  loadEnv,
  outboxClaimSeconds,
  requireServices,
  requireSessionSecrets,
  secondFactorRolesOf,
} from '../../config/env';
import { temporalConnectionOptions } from '../../config/temporal-connection';

test('an empty environment gives the embedded defaults', (t) => {
  const env = loadEnv({});
  t.is(env.PORT, 3000);
  t.is(env.TEMPORAL_NAMESPACE, 'default');
  t.is(env.DATABASE_URL, undefined);
  t.true(env.dataDir.endsWith('.data'));
});

test('every bad value is reported at once, each with a message saying what to do', (t) => {
  const error = t.throws(
    () =>
      loadEnv({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db/x',
        TEMPORAL_ADDRESS: 'temporal',
        SMTP_URL: 'http://mail',
        ACCESS_CODE_SECRET: 'short',
        SESSION_SECRET: `${'s'.repeat(40)},short`,
      }),
    { instanceOf: ConfigError },
  );
  const problems = (error as ConfigError).problems.join('\n');
  t.regex(problems, /PORT must be a number/);
  t.regex(problems, /DATABASE_URL must be a URL starting with postgres: or postgresql:/);
  t.regex(problems, /TEMPORAL_ADDRESS must be host:port/);
  t.regex(problems, /SMTP_URL must be a URL starting with smtp: or smtps:/);
  t.regex(problems, /ACCESS_CODE_SECRET must be at least 32 characters/);
  t.regex(problems, /SESSION_SECRET must be at least 32 characters/);
});

test('the API needs its own session secret, and takes several, newest first, to rotate it', (t) => {
  const error = t.throws(() => requireSessionSecrets(loadEnv({})), { instanceOf: ConfigError });
  t.regex(error.message, /SESSION_SECRET is not set/);
  const [newer, older] = ['n'.repeat(32), 'o'.repeat(32)];
  t.deepEqual(requireSessionSecrets(loadEnv({ SESSION_SECRET: `${newer}, ${older}` })), [newer, older]);
});

test('a port out of range is refused', (t) => {
  t.throws(() => loadEnv({ PORT: '70000' }), { message: /PORT must be between 1 and 65535/ });
});

test('empty variables count as unset', (t) => {
  t.is(loadEnv({ DATABASE_URL: '', PORT: '' }).DATABASE_URL, undefined);
});

test('the API and worker refuse to start without their services, naming each missing one', (t) => {
  const error = t.throws(() => requireServices(loadEnv({ DATABASE_URL: 'postgres://localhost/q' })), {
    instanceOf: ConfigError,
  });
  const problems = (error as ConfigError).problems;
  t.deepEqual(
    problems.map((p) => p.split(' ')[0]),
    ['TEMPORAL_ADDRESS', 'SMTP_URL', 'ACCESS_CODE_SECRET', 'ENCRYPTION_KEYS'],
  );
  t.regex(problems[0] ?? '', /npm start/);
});

test('a client certificate without its key, or a TLS setting that is neither PEM nor a file, is refused with what to do', (t) => {
  const error = t.throws(
    () =>
      loadEnv({
        TEMPORAL_TLS_CERT: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        TEMPORAL_TLS_CA: '/nowhere/ca.pem',
      }),
    { instanceOf: ConfigError },
  );
  const problems = (error as ConfigError).problems.join('\n');
  t.regex(problems, /TEMPORAL_TLS_CA is neither PEM text nor a readable file \(\/nowhere\/ca\.pem\)/);
  t.regex(problems, /TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/);
});

test('TLS settings given as PEM text or as files, and an API key, become the Temporal connection options', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-tls-config-'));
  const keyFile = path.join(dir, 'client.key');
  fs.writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
  const env = loadEnv({
    TEMPORAL_TLS_CERT: '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----',
    TEMPORAL_TLS_KEY: keyFile,
    TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
  });
  const options = temporalConnectionOptions('temporal.internal:7233', env);
  const tls = options.tls as Exclude<typeof options.tls, true | undefined>;
  t.is(tls.serverNameOverride, 'temporal.internal');
  t.regex(tls.clientCertPair!.crt.toString(), /^-----BEGIN CERTIFICATE-----\nMIIB\n/);
  t.regex(tls.clientCertPair!.key.toString(), /BEGIN PRIVATE KEY/);
  t.is(tls.serverRootCACertificate, undefined, 'without a CA the system authorities are trusted');
  const cloud = temporalConnectionOptions('ns.acct.tmprl.cloud:7233', {
    TEMPORAL_API_KEY: 'eyJhbGciOiJFUzI1NiIsImtpZCI6Ikd',
  });
  t.is(cloud.tls, true, 'an API key travels over TLS');
  t.is(cloud.apiKey, 'eyJhbGciOiJFUzI1NiIsImtpZCI6Ikd');
  t.throws(() => loadEnv({ TEMPORAL_API_KEY: 'short' }), { message: /TEMPORAL_API_KEY looks truncated/ });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('SMS_URL selects an SMPP centre or Alibaba Cloud SMS; anything else, or template codes for no template, is refused with an example', (t) => {
  t.is(
    loadEnv({ SMS_URL: 'smpp://qingling:pw@sms.example:2775' }).SMS_URL,
    'smpp://qingling:pw@sms.example:2775',
  );
  t.is(loadEnv({ SMS_URL: 'aliyun://id:secret@dysmsapi.aliyuncs.com' }).SMS_LIMIT_PER_HOUR, 5);
  t.throws(() => loadEnv({ SMS_URL: 'http://sms.example' }), {
    message: /SMS_URL must be a URL starting with smpp: or aliyun: or aliyun\+http:, for example smpp:\/\//,
  });
  t.throws(() => loadEnv({ SMS_TEMPLATES: '{"nonsense":"SMS_1"}' }), {
    message: /SMS_TEMPLATES must be a JSON object/,
  });
  t.is(loadEnv({ SMS_TEMPLATES: '{"accepted":"SMS_123"}' }).SMS_TEMPLATES, '{"accepted":"SMS_123"}');
  t.throws(() => loadEnv({ SMS_LIMIT_PER_DAY: '0' }), { message: /SMS_LIMIT_PER_DAY must be at least 1/ });
});

test('the audit trail is kept 180 days unless set longer, and a shorter period is refused', (t) => {
  t.is(loadEnv({}).AUDIT_RETENTION_DAYS, 180);
  t.is(loadEnv({ AUDIT_RETENTION_DAYS: '365' }).AUDIT_RETENTION_DAYS, 365);
  t.throws(() => loadEnv({ AUDIT_RETENTION_DAYS: '90' }), {
    message: /AUDIT_RETENTION_DAYS must be at least 180/,
  });
});

test('SECOND_FACTOR_ROLES: the default roles when unset or empty, none when it says none, and unknown roles refused', (t) => {
  t.deepEqual(secondFactorRolesOf(loadEnv({}).SECOND_FACTOR_ROLES), [...defaultSecondFactorRoles]);
  t.deepEqual(secondFactorRolesOf(loadEnv({ SECOND_FACTOR_ROLES: '' }).SECOND_FACTOR_ROLES), [
    ...defaultSecondFactorRoles,
  ]);
  t.deepEqual(secondFactorRolesOf(loadEnv({ SECOND_FACTOR_ROLES: 'none' }).SECOND_FACTOR_ROLES), []);
  t.deepEqual(secondFactorRolesOf(loadEnv({ SECOND_FACTOR_ROLES: 'admin, leader' }).SECOND_FACTOR_ROLES), [
    'admin',
    'leader',
  ]);
  t.throws(() => loadEnv({ SECOND_FACTOR_ROLES: 'admin,boss' }), { instanceOf: ConfigError });
});

test('the outbox holds a notice 75 s unless set, never shorter than a send can take', (t) => {
  t.is(loadEnv({}).OUTBOX_CLAIM_SECONDS, 75);
  t.is(outboxClaimSeconds({}), 75);
  t.is(outboxClaimSeconds({ OUTBOX_CLAIM_SECONDS: '64' }), 64);
  t.throws(() => loadEnv({ OUTBOX_CLAIM_SECONDS: '10' }), {
    message: /OUTBOX_CLAIM_SECONDS must be at least 45/,
  });
  // The outbox reads it when it loads; the worker's loadEnv has already refused the bad value.
  t.is(outboxClaimSeconds({ OUTBOX_CLAIM_SECONDS: '10' }), 75);
});
