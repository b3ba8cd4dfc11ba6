import { proxyActivities } from '@temporalio/workflow';
import type { VerificationCodeActivities } from '../activities/notices/verification-code';

/** The one-time code is good for 10 minutes: after that, sending it helps nobody. */
const send = proxyActivities<VerificationCodeActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * 找回查询码: sends one request's one-time code by SMS, on its own, so the page answers
 * at once and in the same time whether or not the phone matched. Started by the API
 * with the request's id only (workflow id `lost-code-<requestId>`).
 */
export async function sendVerificationCode(input: { requestId: string }): Promise<string> {
  return send.sendVerificationCode(input);
}
