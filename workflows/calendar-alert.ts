import { proxyActivities } from '@temporalio/workflow';
import type { DeadlineActivities } from '../activities/deadlines';

const mail = proxyActivities<DeadlineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * A year's holiday calendar is missing: the administrators are told, on their own
 * workflow (one per year), so the case that noticed it does not wait for a mail
 * server. Retried until every administrator's e-mail went, each once.
 */
export async function calendarYearAlert(input: { year: number; caseNumber: string }): Promise<void> {
  await mail.mailMissingYear(input);
}
