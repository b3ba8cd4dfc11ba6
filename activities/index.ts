import { createDeadlineActivities } from './deadlines';
import { createLedgerActivities } from './ledger';
import type { MailDeps } from './mail';
import { createNotificationActivities } from './notifications';

/** Every activity the case worker offers, wired to its dependencies. */
export function createActivities(deps: MailDeps) {
  return {
    ...createLedgerActivities(deps.orm),
    ...createDeadlineActivities(deps),
    ...createNotificationActivities(deps),
  };
}
