import fs from 'node:fs';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ReportingDeps } from '../activities/reporting';
import type { Keyring } from '../config/encryption-keys';
import { prebuiltWorkflowBundle } from '../config/paths';
import { encryptedDataConverter } from './payload-codec';

/** Production builds ship the workflows pre-bundled (`npm run build`); development bundles at start. */

export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (process.env.NODE_ENV === 'production' && fs.existsSync(prebuiltWorkflowBundle))
    return { workflowBundle: { codePath: prebuiltWorkflowBundle } };
  return { workflowsPath: require.resolve('../workflows') };
}

/** The worker that runs case workflows and their activities on one task queue. */
export async function createCaseWorker(options: {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The database, the mail transport, the public URL and a Temporal client the activities work with. */
  services: ReportingDeps;
  /** Payloads are encrypted with its current key and decrypted with any key it lists. */
  keyring: Keyring;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : workflowSource()),
    activities: createActivities(options.services),
    dataConverter: encryptedDataConverter(options.keyring),
  });
  return { worker, connection };
}
