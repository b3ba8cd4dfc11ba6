import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';

/** Set by a Temporal Schedule on each run it starts: the time the run was due, not when it started. */
const scheduledStartTime = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/**
 * The instant a scheduled run stands for: when its Schedule was due (so a run
 * delayed by an outage still reports on the right week or month), or now for a
 * run started by hand.
 */
export function scheduledTime(): string {
  const due = workflowInfo().typedSearchAttributes.get(scheduledStartTime);
  return (due ?? new Date()).toISOString();
}
