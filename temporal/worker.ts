import fs from 'node:fs';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { Keyring } from '../config/encryption-keys';
import type { TemporalConnectionOptions } from '../config/temporal-connection';
import { prebuiltWorkflowBundle } from '../config/paths';
import { encryptedDataConverter } from './payload-codec';
import { workflowBundleOptions, workflowsPath } from './workflow-bundle';

/** Production builds ship the workflows pre-bundled (`npm run build`); development bundles at start. */

export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  if (process.env.NODE_ENV === 'production' && fs.existsSync(prebuiltWorkflowBundle))
    return { workflowBundle: { codePath: prebuiltWorkflowBundle } };
  return { workflowsPath, bundlerOptions: { preloadModules: workflowBundleOptions.preloadModules } };
}

/** Case workflows kept in memory between their events (sticky cache); see docs/SCALING.md. */
export const workflowCacheSize = 1_000;

/** The worker that runs case workflows and their activities on one task queue. */
export async function createCaseWorker(options: {
  address: string;
  /** TLS and API key for a cluster that asks for them (config/temporal-connection.ts). */
  connection?: Omit<TemporalConnectionOptions, 'address'>;
  namespace: string;
  taskQueue: string;
  /** The database, the mail transport, the public URL and a Temporal client the activities work with. */
  services: ActivityDeps;
  /** Payloads are encrypted with its current key and decrypted with any key it lists. */
  keyring: Keyring;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ ...options.connection, address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : workflowSource()),
    activities: createActivities(options.services),
    dataConverter: encryptedDataConverter(options.keyring),
    // Cases wait on their clocks for weeks; only the few worked on today need to stay hot.
    // The SDK's default sizes the cache by heap (~2,300 here), which let a burst of new
    // cases push the worker past 1.5 GB; a case that falls out is replayed on its next event.
    maxCachedWorkflows: workflowCacheSize,
  });
  return { worker, connection };
}
