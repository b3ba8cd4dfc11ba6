import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditAction, AuditOutcome } from './trail';

export interface AuditQuery {
  /** The reader's subtree: rows of people in their unit and the units below. */
  unitPath: string;
  /**
   * Whether the reader is at the top of the tree: rows that name nobody (a sign-in under an
   * unknown e-mail, retention's checkpoints) belong to no unit, and only the top sees them.
   */
  seesUnplaced: boolean;
  /** A person: their name, or their e-mail as a sign-in target. */
  person?: string | undefined;
  staffId?: number | undefined;
  action?: AuditAction | undefined;
  outcome?: AuditOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export interface AuditRow {
  id: string;
  chainPos: number;
  at: string;
  staffId: number | null;
  staffName: string | null;
  staffRole: string | null;
  unitName: string | null;
  ip: string | null;
  userAgent: string | null;
  action: AuditAction;
  target: string | null;
  caseNumber: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

interface SqlRow {
  id: string;
  chain_pos: string;
  at: Date;
  staff_id: number | null;
  staff_name: string | null;
  staff_role: string | null;
  unit_name: string | null;
  ip: string | null;
  user_agent: string | null;
  action: AuditAction;
  target: string | null;
  case_number: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of the trail, newest first, with the total for paging. */
export async function searchAudit(
  em: EntityManager,
  query: AuditQuery,
): Promise<{ total: number; rows: AuditRow[] }> {
  const where = [query.seesUnplaced ? '(e.unit_path like ? or e.unit_path is null)' : 'e.unit_path like ?'];
  const params: unknown[] = [`${escapeLike(query.unitPath)}%`];
  if (query.person) {
    where.push(`(e.staff_name ilike ? or (e.action = 'sign_in' and e.target ilike ?))`);
    const pattern = `%${escapeLike(query.person)}%`;
    params.push(pattern, pattern);
  }
  if (query.staffId !== undefined) {
    where.push('e.staff_id = ?');
    params.push(query.staffId);
  }
  if (query.action) {
    where.push('e.action = ?');
    params.push(query.action);
  }
  if (query.outcome) {
    where.push('e.outcome = ?');
    params.push(query.outcome);
  }
  if (query.from) {
    where.push('e.at >= ?');
    params.push(query.from);
  }
  if (query.to) {
    where.push('e.at < ?');
    params.push(query.to);
  }
  const from = `from audit_event e where ${where.join(' and ')}`;
  const sql = em.getConnection();
  const [rows, [count]] = await Promise.all([
    sql.execute<SqlRow[]>(
      `select e.id, e.chain_pos, e.at, e.staff_id, e.staff_name, e.staff_role, e.unit_name, e.ip,
              e.user_agent, e.action, e.target, e.case_number, e.outcome, e.reason, e.detail
         ${from} order by e.chain_pos desc limit ? offset ?`,
      [...params, query.limit, query.offset],
    ),
    sql.execute<{ total: number }[]>(`select count(*)::int as total ${from}`, params),
  ]);
  return {
    total: count?.total ?? 0,
    rows: rows.map((row) => ({
      id: String(row.id),
      chainPos: Number(row.chain_pos),
      at: new Date(row.at).toISOString(),
      staffId: row.staff_id,
      staffName: row.staff_name,
      staffRole: row.staff_role,
      unitName: row.unit_name,
      ip: row.ip,
      userAgent: row.user_agent,
      action: row.action,
      target: row.target,
      caseNumber: row.case_number,
      outcome: row.outcome,
      reason: row.reason,
      detail: row.detail,
    })),
  };
}
