import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';

/** Set by a Temporal Schedule on each run it starts: the time the run was due, not when it started. */
const scheduledStartTime = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/**
 * The instant a report run stands for: the time given (an office running it by
 * hand, a test), else the time its Schedule was due (so a run delayed by an
 * outage still closes the right week), else now.
 */
export function reportingInstant(given: string | undefined): string {
  if (given) return given;
  const due = workflowInfo().typedSearchAttributes.get(scheduledStartTime);
  return (due ?? new Date()).toISOString();
}
