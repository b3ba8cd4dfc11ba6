import path from 'node:path';
import { projectRoot } from '../../config/paths';
import { spawnNodeChild, type NodeChild } from '../../embedded/processes';
import { taskQueue, testAccessCodeSecret, testEncryptionKeys } from './app';
import type { TestServices } from './services';

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
      ...env,
    },
  });
  await worker.waitForOutput('worker polling', 120_000);
  return worker;
}
