import { createDeadlineActivities } from './deadlines';
import { createLedgerActivities } from './ledger';
import { createNotificationActivities } from './notifications';
import { createVerificationCodeActivities } from './notices/verification-code';
import { createReportingActivities, type ReportingDeps } from './reporting';

/** Every activity the case worker offers, wired to its dependencies. */
export function createActivities(deps: ReportingDeps) {
  return {
    ...createLedgerActivities(deps.orm),
    ...createDeadlineActivities(deps),
    ...createNotificationActivities(deps),
    ...createVerificationCodeActivities(deps),
    ...createReportingActivities(deps),
  };
}
