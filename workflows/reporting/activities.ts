import { proxyActivities } from '@temporalio/workflow';
import type { ReportingActivities } from '../../activities/reporting';

/**
 * Report runs go over many units and cases: each activity heartbeats while it
 * works, so a worker that dies is noticed within a minute, and the next attempt
 * picks up where the database says it was (each step is idempotent).
 */
export const reporting = proxyActivities<ReportingActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
