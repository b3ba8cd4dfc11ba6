import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { projectRoot } from '../../config/paths';
import { spawnNodeChild, stopChild } from '../../embedded/processes';
import { connectTemporalClient } from '../../temporal/client';
import { clusterBinariesInstalled } from '../../temporal/server';
import { taskQueue, testAccessCodeSecret, testEncryptionKeys, testKeyring } from '../helpers/app';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { startTestTemporalServer, type TestTemporalServer } from '../helpers/temporal-server';

interface Certificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

const test = anyTest as TestFn<{
  dir: string;
  certs: Certificates;
  temporal: TestTemporalServer;
  smtp: TestSmtpServer;
}>;

/** A certificate authority made for this test, a server certificate for localhost and a client certificate, with openssl. */
function makeCertificates(dir: string): Certificates {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    ...['-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Qingling test CA'],
    ...['-keyout', file('ca.key'), '-out', file('ca.pem')],
  );
  const issue = (name: string, subject: string, extensions: string) => {
    fs.writeFileSync(file(`${name}.ext`), extensions);
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      subject,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
    );
    openssl(
      'x509',
      ...['-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key')],
      ...['-CAcreateserial', '-days', '2', '-out', file(`${name}.pem`), '-extfile', file(`${name}.ext`)],
    );
  };
  // The server's own system worker connects to its frontend with the server certificate too.
  issue(
    'server',
    '/CN=localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n',
  );
  issue('client', '/CN=qingling-worker', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: file('ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
  };
}

/** The worker process (`temporal/worker-main.ts`) against the test's server, with these Temporal settings. */
function runWorker(
  t: { context: { dir: string; temporal: TestTemporalServer; smtp: TestSmtpServer } },
  name: string,
  temporalEnv: NodeJS.ProcessEnv,
) {
  return spawnNodeChild({
    entry: path.join(projectRoot, 'temporal', 'worker-main.ts'),
    cwd: projectRoot,
    logFile: path.join(t.context.dir, `${name}.log`),
    env: {
      ...process.env,
      DATABASE_URL: t.context.temporal.postgres.databaseUrl,
      TEMPORAL_ADDRESS: t.context.temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: t.context.smtp.url,
      ACCESS_CODE_SECRET: testAccessCodeSecret,
      ENCRYPTION_KEYS: testEncryptionKeys,
      ...temporalEnv,
    },
  });
}

if (!clusterBinariesInstalled()) {
  console.log(
    'temporal-tls.test.ts: the real Temporal server is not built (node scripts/install.mjs --cluster), so this file registers no test',
  );
} else {
  test.before(async (t) => {
    t.context.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-tls-'));
    fs.chmodSync(t.context.dir, 0o755);
    t.context.certs = makeCertificates(t.context.dir);
    const { certs } = t.context;
    t.context.temporal = await startTestTemporalServer({
      dataDir: t.context.dir,
      tls: {
        certFile: certs.serverCert,
        keyFile: certs.serverKey,
        clientCaFile: certs.ca,
        caFile: certs.ca,
        clientCertFile: certs.clientCert,
        clientKeyFile: certs.clientKey,
      },
    });
    t.context.smtp = await startTestSmtpServer();
  });

  test.after.always(async (t) => {
    await t.context.smtp?.stop();
    await t.context.temporal?.stop();
    fs.rmSync(t.context.dir, { recursive: true, force: true });
  });

  test.serial(
    'a worker without a client certificate is refused by a Temporal server that asks for one',
    async (t) => {
      const worker = runWorker(t, 'worker-without-certificate', {
        TEMPORAL_TLS_CA: t.context.certs.ca,
        TEMPORAL_TLS_SERVER_NAME: 'localhost',
      });
      const code = await new Promise<number | null>((resolve) => worker.process.once('exit', resolve));
      t.not(code, 0);
      const log = fs.readFileSync(path.join(t.context.dir, 'worker-without-certificate.log'), 'utf8');
      t.notRegex(log, /worker polling/);
    },
  );

  test.serial(
    'with its client certificate (PEM text or a file) the worker polls and runs the weekly close-out over mutual TLS',
    async (t) => {
      const { certs, temporal } = t.context;
      const worker = runWorker(t, 'worker-with-certificate', {
        TEMPORAL_TLS_CERT: fs.readFileSync(certs.clientCert, 'utf8'),
        TEMPORAL_TLS_KEY: certs.clientKey,
        TEMPORAL_TLS_CA: certs.ca,
        TEMPORAL_TLS_SERVER_NAME: 'localhost',
      });
      try {
        await worker.waitForOutput('worker polling', 180_000);
        const client = await connectTemporalClient(
          temporalConnectionOptions(temporal.address, {
            TEMPORAL_TLS_CERT: certs.clientCert,
            TEMPORAL_TLS_KEY: certs.clientKey,
            TEMPORAL_TLS_CA: certs.ca,
            TEMPORAL_TLS_SERVER_NAME: 'localhost',
          }),
          'default',
          testKeyring,
        );
        try {
          // The worker made the report schedules over TLS; one run of the close-out proves it takes work.
          const schedules: string[] = [];
          for await (const schedule of client.schedule.list()) schedules.push(schedule.scheduleId);
          t.true(schedules.length > 0, 'the worker created the report schedules');
          const handle = client.schedule.getHandle(schedules[0]!);
          await handle.trigger();
          let workflowId: string | undefined;
          for (let i = 0; i < 100 && !workflowId; i += 1) {
            const action = (await handle.describe()).info.recentActions[0];
            workflowId = action?.action.workflow.workflowId;
            if (!workflowId) await new Promise((r) => setTimeout(r, 300));
          }
          t.truthy(workflowId, 'the schedule started a run');
          await client.workflow.getHandle(workflowId!).result();
          t.pass();
        } finally {
          await client.connection.close();
        }
      } finally {
        await stopChild(worker.process, 20_000);
      }
    },
  );
}
