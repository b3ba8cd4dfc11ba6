import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { NodeChild } from '../embedded/processes';

/**
 * Resolves once the worker process `child` polls the task queue for workflow tasks, as
 * Temporal itself reports its pollers (a worker's identity starts with its pid): readiness
 * asked of the protocol, not read from log text.
 */
export async function waitForWorkerPolling(
  target: { address: string; namespace: string; taskQueue: string },
  child: NodeChild,
  timeoutMs: number,
): Promise<void> {
  const connection = await Connection.connect({ address: target.address });
  try {
    const deadline = Date.now() + timeoutMs;
    const identityPrefix = `${child.process.pid}@`;
    for (;;) {
      if (child.process.exitCode !== null)
        throw new Error(`the worker exited (code ${child.process.exitCode}); see its log`);
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: target.namespace,
        taskQueue: { name: target.taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      if (pollers?.some((p) => p.identity?.startsWith(identityPrefix))) return;
      if (Date.now() > deadline)
        throw new Error(`the worker did not poll ${target.taskQueue} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await connection.close();
  }
}
