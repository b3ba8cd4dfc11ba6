import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { casesWithProvisionalDeadlines } from '../db/provisional-deadlines';
import type { recountProvisionalDeadlines } from '../workflows';

/**
 * After a year's calendar is loaded: how many open cases have provisional
 * deadlines, and a workflow that tells each of them to count again.
 */
export async function startRecount(
  deps: { orm: MikroORM; temporal: Client; taskQueue: string },
  year: number,
): Promise<number> {
  const cases = await casesWithProvisionalDeadlines(deps.orm.em.fork());
  await deps.temporal.workflow.start<typeof recountProvisionalDeadlines>('recountProvisionalDeadlines', {
    taskQueue: deps.taskQueue,
    workflowId: `calendar-recount-${year}-${Date.now()}`,
    args: [year],
  });
  return cases.length;
}
