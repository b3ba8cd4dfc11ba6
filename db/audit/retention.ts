import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from './trail';

/** The shortest period the trail is kept: half a year, as security reviews ask for. */
export const minimumAuditRetentionDays = 180;

export interface AuditRetentionResult {
  removed: number;
  /** The place and hash of the last row removed, which the checkpoint row names. */
  lastRemovedPos: number | null;
}

/**
 * Removes the rows older than the retention period, oldest first and only as an unbroken
 * beginning of the chain (a row past the period behind a newer one waits for the next run),
 * and writes one checkpoint row naming the last row removed and how many went, in the same
 * transaction: the verifier accepts a chain that starts where a checkpoint says it does.
 */
export async function removeExpiredAudit(
  em: EntityManager,
  options: { retentionDays: number; now?: Date },
): Promise<AuditRetentionResult> {
  if (!Number.isInteger(options.retentionDays) || options.retentionDays < minimumAuditRetentionDays) {
    throw new RangeError(
      `The audit trail is kept at least ${minimumAuditRetentionDays} days, not ${options.retentionDays}`,
    );
  }
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  return em.transactional(async (tx) => {
    // The one deletion the table allows, and only in this transaction.
    await tx.execute(`select set_config('qingling.audit_retention', 'on', true)`);
    const removed = await tx.execute<{ chain_pos: string; hash: string }[]>(
      `delete from audit_event
        where chain_pos < coalesce((select min(chain_pos) from audit_event where at >= ?),
                                   (select max(chain_pos) + 1 from audit_event))
        returning chain_pos, hash`,
      [cutoff],
    );
    await tx.execute(`select set_config('qingling.audit_retention', 'off', true)`);
    if (removed.length === 0) return { removed: 0, lastRemovedPos: null };
    const last = removed.reduce((a, b) => (Number(b.chain_pos) > Number(a.chain_pos) ? b : a));
    await recordAudit(tx, {
      who: null,
      ip: null,
      userAgent: null,
      action: 'audit_checkpoint',
      target: null,
      outcome: 'success',
      detail: {
        removed: removed.length,
        lastRemovedPos: Number(last.chain_pos),
        lastRemovedHash: last.hash,
        removedBefore: cutoff.toISOString(),
        retentionDays: options.retentionDays,
      },
    });
    return { removed: removed.length, lastRemovedPos: Number(last.chain_pos) };
  });
}
