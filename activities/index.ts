import { createDeadlineActivities } from './deadlines';
import { createLedgerActivities } from './ledger';
import { createNotificationActivities } from './notifications';
import { createReportingActivities, type ReportingDeps } from './reporting';

/** Every activity the case worker offers, wired to its dependencies. */
export function createActivities(deps: ReportingDeps) {
  return {
    ...createLedgerActivities(deps.orm),
    ...createDeadlineActivities(deps),
    ...createNotificationActivities(deps),
    ...createReportingActivities(deps),
  };
}
