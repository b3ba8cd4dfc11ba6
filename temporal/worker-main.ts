import { Runtime } from '@temporalio/worker';
import { parseKeyring } from '../config/encryption-keys';
import { loadEnv, requireServices } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { rotateIdentityKeys } from '../db/identity-rotation';
import { openDatabase } from '../db/orm';
import { createLogger } from '../config/logger';
import { createMailTransport } from '../config/mail-transport';
import { createSmsSender } from '../activities/notices/sms-sender';
import { currentPolicyVersion, policyFor } from '../domain/policy';
import { connectTemporalClient } from './client';
import { ensureAuditRetentionSchedule, ensureReportSchedules } from './schedules';
import { createCaseWorker } from './worker';

/** The worker process: `npm run worker` in development, `node dist/temporal/worker-main.js` in production. */
async function main(): Promise<void> {
  const env = loadEnv();
  const services = requireServices(env);
  const log = createLogger(env, 'worker');
  // Prometheus metrics of the SDK's runtime (task slots, latencies, sticky cache, polls), before any connection.
  if (env.WORKER_METRICS_ADDRESS) {
    Runtime.install({
      telemetryOptions: { metrics: { prometheus: { bindAddress: env.WORKER_METRICS_ADDRESS } } },
    });
  }
  const keyring = parseKeyring(services.ENCRYPTION_KEYS);
  // In production migrations are a deployment step (`npm run migrate`); elsewhere they run here.
  const orm = await openDatabase(services.DATABASE_URL, {
    keyring,
    migrations: env.NODE_ENV === 'production' ? 'require' : 'apply',
  });
  // Plaintext from before encryption, or values under a key no longer first: under the current key before work starts.
  const rotated = await rotateIdentityKeys(orm.em.fork(), keyring);
  log.info({ rotated }, 'complainant identity under the current key');
  const sms = createSmsSender(env, orm, log);
  const temporalConnection = temporalConnectionOptions(services.TEMPORAL_ADDRESS, env);
  const temporal = await connectTemporalClient(temporalConnection, env.TEMPORAL_NAMESPACE, keyring);
  const { worker, connection } = await createCaseWorker({
    address: services.TEMPORAL_ADDRESS,
    connection: temporalConnection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    services: {
      orm,
      mail: createMailTransport(services.SMTP_URL),
      mailFrom: env.MAIL_FROM,
      publicUrl: env.PUBLIC_URL,
      sms,
      temporal,
      auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    },
    keyring,
    ...(env.WORKFLOW_BUNDLE ? { workflowBundle: { codePath: env.WORKFLOW_BUNDLE } } : {}),
  });
  // The weekly close-out and the monthly bulletin: created once, brought up to date with the policy on every start.
  const schedules = await ensureReportSchedules(
    temporal,
    env.TEMPORAL_TASK_QUEUE,
    policyFor(currentPolicyVersion).reporting,
  );
  log.info({ schedules }, 'report schedules in place');
  await ensureAuditRetentionSchedule(temporal, env.TEMPORAL_TASK_QUEUE);
  log.info(
    { taskQueue: env.TEMPORAL_TASK_QUEUE, metrics: env.WORKER_METRICS_ADDRESS ?? null },
    'worker polling',
  );
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM by itself.
  await worker.run();
  await connection.close();
  await sms?.gateway.close();
  await temporal.connection.close();
  await orm.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
