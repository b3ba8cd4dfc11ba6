import type { EntityManager } from '@mikro-orm/postgresql';

import { auditActions, auditOutcomes, type AuditAction, type AuditOutcome } from '../../domain/audit';

export { auditActions, auditOutcomes, type AuditAction, type AuditOutcome };

/**
 * The person as they were at the time: their unit's name and place in the tree are copied
 * when the row is written, so a later rename or move does not rewrite the trail.
 */
export interface AuditWho {
  staffId: number;
  name: string;
  role: string | null;
  unitId: number;
}

export interface AuditEntry {
  /** Null when nobody is known: a sign-in under an e-mail that has no account, the retention job. */
  who: AuditWho | null;
  /** Where the request came from. */
  ip: string | null;
  userAgent: string | null;
  action: AuditAction;
  /** What it was done to: the e-mail tried, the route and its ids, the file. */
  target: string | null;
  caseNumber?: string | null | undefined;
  outcome: AuditOutcome;
  reason?: string | null | undefined;
  detail?: Record<string, unknown> | null | undefined;
}

const clip = (text: string | null | undefined, length: number) =>
  text === null || text === undefined ? null : text.slice(0, length);

/**
 * Writes one row of the audit trail. The database chains it (hash of the row before) and
 * refuses to change it later; see Migration20261204120000_audit_trail.
 */
export async function recordAudit(em: EntityManager, entry: AuditEntry): Promise<void> {
  const { who } = entry;
  // Through the entity manager, so a caller's transaction holds the row with what it records.
  await em.execute(
    `insert into audit_event
       (staff_id, staff_name, staff_role, unit_id, unit_name, unit_path, ip, user_agent,
        action, target, case_number, outcome, reason, detail)
     values (?, ?, ?, ?, (select name from unit where id = ?), (select path from unit where id = ?),
             ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      who?.staffId ?? null,
      clip(who?.name, 64),
      who?.role ?? null,
      who?.unitId ?? null,
      who?.unitId ?? null,
      who?.unitId ?? null,
      clip(entry.ip, 64),
      clip(entry.userAgent, 512),
      entry.action,
      clip(entry.target, 512),
      entry.caseNumber ?? null,
      entry.outcome,
      entry.reason ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ],
  );
}

/** The person behind a staff id, as the trail records them; null when there is no such person. */
export async function auditWhoOf(em: EntityManager, staffId: number): Promise<AuditWho | null> {
  const [row] = await em
    .getConnection()
    .execute<{ id: number; name: string; role: string; unit_id: number }[]>(
      `select id, name, role, unit_id from staff_member where id = ?`,
      [staffId],
    );
  return row ? { staffId: row.id, name: row.name, role: row.role, unitId: row.unit_id } : null;
}
