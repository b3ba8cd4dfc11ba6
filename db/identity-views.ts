import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffActor } from '../domain/actor';
import type { Accused } from '../domain/petition';
import { recordAudit } from './audit/trail';
import { Unit } from './entities';
import { accusedNameMatch, identityKeyring } from './identity-encryption';

/** What the audit records: a look at the identity, a refused look, a grant given, a grant taken back. */
export const identityAuditActions = [
  'identity_view',
  'identity_view_refused',
  'identity_grant',
  'identity_grant_revoked',
] as const;
export type IdentityAuditAction = (typeof identityAuditActions)[number];

export interface IdentityAuditEntry {
  caseNumber: string;
  action: IdentityAuditAction;
  staff: Pick<StaffActor, 'staffId' | 'name' | 'role' | 'unitId'>;
  reason: string;
  ip: string | null;
  userAgent?: string | null | undefined;
  grantId?: number | undefined;
}

export interface IdentityGrantRow {
  id: number;
  staffId: number | null;
  staffName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  reason: string;
  grantedBy: string;
  grantedAt: Date;
}

export interface IdentityAuditRow {
  id: number;
  caseNumber: string;
  action: IdentityAuditAction;
  staff: { id: number; name: string; role: string; unitName: string };
  reason: string;
  ip: string | null;
  at: Date;
}

/** Whose log an office head reads: their jurisdiction, minus cases that complain about them (Art. 30). */
export interface IdentityLogFilter {
  jurisdictionPath: string;
  viewerUnitId: number;
  viewerDepartmentId: number | null;
  caseNumber?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

/**
 * The accused as ledger columns: a named department is accused by itself (a county bureau
 * is a department of the county, whose petition office must still handle the complaint);
 * without one, the whole unit is. The person's name goes in encrypted, with its blind index.
 */
export async function accusedColumns(em: EntityManager, accused: Accused | undefined) {
  const person = {
    accusedName: accused?.name ?? null,
    accusedNameIndex: accusedNameMatch(identityKeyring(em), accused?.name),
    accusedPosition: accused?.position ?? null,
    accusedIsHead: accused?.isHead === true,
  };
  if (!accused) return { accusedUnitId: null, accusedDepartmentId: null, ...person };
  if (accused.departmentId !== undefined)
    return { accusedUnitId: null, accusedDepartmentId: accused.departmentId, ...person };
  const unit = await em.findOne(Unit, { code: accused.unitCode });
  // The API checked the unit; a missing one must stop registration rather than drop the protection.
  if (!unit) throw new Error(`No accused unit with code ${accused.unitCode}`);
  return { accusedUnitId: unit.id, accusedDepartmentId: null, ...person };
}

interface GrantSqlRow {
  id: number;
  staff_id: number | null;
  staff_name: string | null;
  department_id: number | null;
  department_name: string | null;
  reason: string;
  granted_by: string;
  granted_at: string;
}

interface AuditSqlRow {
  id: string;
  case_number: string;
  action: IdentityAuditAction;
  staff_id: number;
  staff_name: string;
  staff_role: string;
  unit_name: string;
  reason: string;
  ip: string | null;
  at: string;
}

const toAuditRow = (row: AuditSqlRow): IdentityAuditRow => ({
  id: Number(row.id),
  caseNumber: row.case_number,
  action: row.action,
  staff: { id: row.staff_id, name: row.staff_name, role: row.staff_role, unitName: row.unit_name },
  reason: row.reason,
  ip: row.ip,
  at: new Date(row.at),
});

const auditColumns = `a.id, a.case_number, a.action, a.staff_id, a.staff_name, a.staff_role,
  u.name as unit_name, a.reason, a.ip, a.at`;

/** Grants to see the complainant's identity (授权查看) and the record of every look (查看记录). */
export class IdentityAccessRepository {
  constructor(private readonly em: EntityManager) {}

  private get sql() {
    return this.em.getConnection();
  }

  async activeGrants(caseNumber: string): Promise<IdentityGrantRow[]> {
    const rows = await this.sql.execute<GrantSqlRow[]>(
      `select g.id, g.staff_id, s.name as staff_name, g.department_id, d.name as department_name,
              g.reason, b.name as granted_by, g.granted_at
         from identity_grant g
         left join staff_member s on s.id = g.staff_id
         left join department d on d.id = g.department_id
         join staff_member b on b.id = g.granted_by
        where g.case_number = ? and g.revoked_at is null
        order by g.granted_at, g.id`,
      [caseNumber],
    );
    return rows.map((row) => ({
      id: row.id,
      staffId: row.staff_id,
      staffName: row.staff_name,
      departmentId: row.department_id,
      departmentName: row.department_name,
      reason: row.reason,
      grantedBy: row.granted_by,
      grantedAt: new Date(row.granted_at),
    }));
  }

  /** A grant and its audit row, together or not at all. */
  async grant(
    grant: { staffId: number | null; departmentId: number | null },
    entry: Omit<IdentityAuditEntry, 'action' | 'grantId'>,
  ): Promise<number> {
    return this.em.transactional(async (tx) => {
      const [row] = await tx.getConnection().execute<{ id: number }[]>(
        `insert into identity_grant (case_number, staff_id, department_id, reason, granted_by, granted_at)
           values (?, ?, ?, ?, ?, now()) returning id`,
        [entry.caseNumber, grant.staffId, grant.departmentId, entry.reason, entry.staff.staffId],
      );
      const id = row!.id;
      await new IdentityAccessRepository(tx).record({ ...entry, action: 'identity_grant', grantId: id });
      return id;
    });
  }

  /** Ends an active grant of this case; false when there is none by that id. */
  async revoke(grantId: number, entry: Omit<IdentityAuditEntry, 'action' | 'grantId'>): Promise<boolean> {
    return this.em.transactional(async (tx) => {
      const revoked = await tx.getConnection().execute<{ id: number }[]>(
        `update identity_grant set revoked_by = ?, revoked_at = now()
            where id = ? and case_number = ? and revoked_at is null returning id`,
        [entry.staff.staffId, grantId, entry.caseNumber],
      );
      if (revoked.length === 0) return false;
      await new IdentityAccessRepository(tx).record({ ...entry, action: 'identity_grant_revoked', grantId });
      return true;
    });
  }

  /** One row of the audit trail; the identity log (`identity_audit`) is its identity actions. */
  async record(entry: IdentityAuditEntry): Promise<void> {
    await recordAudit(this.em, {
      who: entry.staff,
      ip: entry.ip,
      userAgent: entry.userAgent ?? null,
      action: entry.action,
      target: entry.caseNumber,
      caseNumber: entry.caseNumber,
      outcome: entry.action === 'identity_view_refused' ? 'refused' : 'success',
      reason: entry.reason,
      detail: entry.grantId === undefined ? null : { grantId: entry.grantId },
    });
  }

  /** The latest looks at one case's identity, refused ones included. */
  async recentViews(caseNumber: string, limit: number): Promise<IdentityAuditRow[]> {
    const rows = await this.sql.execute<AuditSqlRow[]>(
      `select ${auditColumns}
         from identity_audit a join unit u on u.id = a.staff_unit_id
        where a.case_number = ? and a.action in ('identity_view', 'identity_view_refused')
        order by a.at desc, a.id desc
        limit ?`,
      [caseNumber, limit],
    );
    return rows.map(toAuditRow);
  }

  /** One page of the audit log, newest first, over the cases the reader may open. */
  async log(filter: IdentityLogFilter): Promise<{ items: IdentityAuditRow[]; total: number }> {
    const where = ['c.unit_path like ?', 'c.accused_unit_id is distinct from ?'];
    const params: unknown[] = [`${filter.jurisdictionPath}%`, filter.viewerUnitId];
    // `is distinct from null` would mean `is not null`: the department clause only when there is one.
    if (filter.viewerDepartmentId !== null) {
      where.push('c.accused_department_id is distinct from ?');
      params.push(filter.viewerDepartmentId);
    }
    if (filter.caseNumber) {
      where.push('a.case_number = ?');
      params.push(filter.caseNumber);
    }
    if (filter.from) {
      where.push('a.at >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      where.push('a.at < ?');
      params.push(filter.to);
    }
    const from = `from identity_audit a
      join petition_case c on c.case_number = a.case_number
      join unit u on u.id = a.staff_unit_id
     where ${where.join(' and ')}`;
    const [rows, [count]] = await Promise.all([
      this.sql.execute<AuditSqlRow[]>(
        `select ${auditColumns} ${from} order by a.at desc, a.id desc limit ? offset ?`,
        [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
      ),
      this.sql.execute<{ total: number }[]>(`select count(*)::int as total ${from}`, params),
    ]);
    return { items: rows.map(toAuditRow), total: count?.total ?? 0 };
  }
}
