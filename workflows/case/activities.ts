import { proxyActivities } from '@temporalio/workflow';
import type { DeadlineActivities } from '../../activities/deadlines';
import type { LedgerActivities } from '../../activities/ledger';
import type { NotificationActivities } from '../../activities/notifications';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/** Ledger and deadline activities: database work, quick. */
export const ledger = proxyActivities<LedgerActivities & DeadlineActivities>({
  startToCloseTimeout: '10 seconds',
  retry,
});

/** E-mail goes through SMTP servers that may be slow; each send is idempotent. */
export const notify = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry,
});
