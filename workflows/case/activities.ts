import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { DeadlineActivities } from '../../activities/deadlines';
import type { LedgerActivities } from '../../activities/ledger';
import type { NotificationActivities } from '../../activities/notifications';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

type Ledger = LedgerActivities & DeadlineActivities;

const remoteLedger = proxyActivities<Ledger>({ startToCloseTimeout: '10 seconds', retry });
/**
 * The same ledger writes as local activities: run by the worker that runs the case,
 * recorded as one marker, with no round trip through the Temporal server. They are
 * short database writes, idempotent by (case, seq), so a rerun after a crash is safe.
 */
const localLedger = proxyLocalActivities<Ledger>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: '10 seconds',
  retry,
});

/**
 * Ledger and deadline activities: database work, quick. Cases that ran before the
 * switch replay with the activities they were recorded with.
 */
export const ledger = (): Ledger => (patched('local-ledger-activities') ? localLedger : remoteLedger);

/** E-mail goes through SMTP servers that may be slow; each send is idempotent. */
export const notify = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry,
});
