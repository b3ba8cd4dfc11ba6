import type { MikroORM } from '@mikro-orm/postgresql';
import {
  minimumAuditRetentionDays,
  removeExpiredAudit,
  type AuditRetentionResult,
} from '../db/audit/retention';

export interface AuditDeps {
  orm: MikroORM;
  /** AUDIT_RETENTION_DAYS; the minimum when absent. */
  auditRetentionDays?: number | undefined;
}

/** The audit trail's retention: one transaction, so a retry finds either all of it done or none. */
export function createAuditActivities(deps: AuditDeps) {
  return {
    async removeExpiredAudit(): Promise<AuditRetentionResult> {
      return removeExpiredAudit(deps.orm.em.fork(), {
        retentionDays: deps.auditRetentionDays ?? minimumAuditRetentionDays,
      });
    },
  };
}

export type AuditActivities = ReturnType<typeof createAuditActivities>;
