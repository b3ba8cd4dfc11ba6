import { proxyActivities } from '@temporalio/workflow';
import type { AuditActivities } from '../activities/audit';

const audit = proxyActivities<AuditActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * The audit trail's daily retention run (安全审计日志到期清理): rows past the retention period
 * go, and a checkpoint row names the last of them, so the chain still verifies.
 */
export async function auditRetention(): Promise<{ removed: number }> {
  const { removed } = await audit.removeExpiredAudit();
  return { removed };
}
