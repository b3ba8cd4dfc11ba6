import path from 'node:path';
import { projectRoot } from '../../config/paths';
import { spawnNodeChild, type NodeChild } from '../../embedded/processes';
import { taskQueue, testAccessCodeSecret, testEncryptionKeys } from './app';
import type { TestServices } from './services';
import { cachedWorkflowBundlePath } from './workflow-bundle';

/**
 * The worker as a separate process (`temporal/worker-main.ts`) against the test
 * services, so a test can SIGKILL it mid-work and start another. Mail goes to
 * `smtpUrl` (the services' own SMTP server unless a test brings its own); `env` adds settings.
 */
export async function startWorkerProcess(
  services: TestServices,
  name: string,
  smtpUrl: string = services.smtp.url,
  /** More settings, e.g. SMS_URL for an SMS centre the test runs. */
  env: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
): Promise<NodeChild> {
  const worker = spawnNodeChild({
    entry: path.join(projectRoot, 'temporal', 'worker-main.ts'),
    cwd: projectRoot,
    nodeArgs,
    logFile: path.join(services.dataDir, `${name}.log`),
    env: {
      ...process.env,
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: smtpUrl,
      ACCESS_CODE_SECRET: testAccessCodeSecret,
      ENCRYPTION_KEYS: testEncryptionKeys,
      // The run's workflow bundle, instead of webpack in every worker process.
      WORKFLOW_BUNDLE: await cachedWorkflowBundlePath(),
      ...env,
    },
  });
  await worker.waitForOutput('worker polling', 120_000);
  return worker;
}

/**
 * The outbox's claim (OUTBOX_CLAIM_SECONDS) for worker processes a test SIGKILLs mid-send.
 * As in production it outlives the notice activity's 1-minute time-out: the first retry, 2 s
 * after it, still finds the message claimed and backs off, and the next one, 4 s later, sends.
 * With the production 75 s the retries met the claim until some 90 s after the send began.
 */
export const killedWorkerSettings: NodeJS.ProcessEnv = { OUTBOX_CLAIM_SECONDS: '64' };
