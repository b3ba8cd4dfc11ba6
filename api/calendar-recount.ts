import type { MikroORM } from '@mikro-orm/postgresql';
import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { countCasesWithProvisionalDeadlines } from '../db/provisional-deadlines';
import type { recountProvisionalDeadlines } from '../workflows';
import type { RecountInput } from '../workflows/calendar-reload/recount';
import { calendarLoadedAgainSignal, recountWorkflowId } from '../workflows/calendar-reload/messages';

/**
 * After a year's calendar is loaded: how many open cases have provisional deadlines,
 * and the year's recount that tells each of them to count again.
 */
export async function startRecount(
  deps: { orm: MikroORM; temporal: Client; taskQueue: string },
  year: number,
): Promise<number> {
  const cases = await countCasesWithProvisionalDeadlines(deps.orm.em.fork());
  await startYearRecount(deps, year);
  return cases;
}

/**
 * One recount runs per year: loading the year again while it runs joins it and has it
 * start over, so no case keeps a count from the older load; a later load starts anew.
 */
export async function startYearRecount(
  deps: { temporal: Client; taskQueue: string },
  year: number,
  tuning: Pick<RecountInput, 'historyEventLimit' | 'pageSize'> = {},
) {
  return deps.temporal.workflow.signalWithStart<typeof recountProvisionalDeadlines, []>(
    'recountProvisionalDeadlines',
    {
      taskQueue: deps.taskQueue,
      workflowId: recountWorkflowId(year),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      args: [{ year, ...tuning }],
      signal: calendarLoadedAgainSignal,
      signalArgs: [],
    },
  );
}
