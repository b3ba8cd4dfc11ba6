import { createAuditActivities, type AuditDeps } from './audit';
import { createDeadlineActivities } from './deadlines';
import { createLedgerActivities } from './ledger';
import { createNotificationActivities } from './notifications';
import { createVerificationCodeActivities } from './notices/verification-code';
import { createReportingActivities, type ReportingDeps } from './reporting';

/** What the worker's activities work with. */
export type ActivityDeps = ReportingDeps & AuditDeps;

/** Every activity the case worker offers, wired to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createLedgerActivities(deps.orm),
    ...createDeadlineActivities(deps),
    ...createNotificationActivities(deps),
    ...createVerificationCodeActivities(deps),
    ...createReportingActivities(deps),
    ...createAuditActivities(deps),
  };
}
