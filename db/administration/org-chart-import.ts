import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffRole } from '../../domain/actor';
import type { DepartmentKind } from '../entities/department';
import { unitLevels, type UnitLevel } from '../entities/unit';
import { intArray, textArrayJson } from './sql-arrays';

/**
 * Writes an org chart (组织机构) in a handful of statements whatever its size: units level
 * by level (a parent before its children), then departments, then people, each as one
 * insert from a JSON recordset. What exists already is left as it is.
 */

/** An org chart as a file describes it, each row by its line. */
export interface UnitRow {
  line: number;
  code: string;
  name: string;
  parentCode: string;
  level: UnitLevel;
}
export interface DepartmentRow {
  line: number;
  code: string;
  name: string;
  unitCode: string;
  kind: DepartmentKind;
}
export interface StaffRow {
  line: number;
  email: string;
  name: string;
  title: string;
  unitCode: string;
  roles: StaffRole[];
  departmentCode: string | null;
}
export interface OrgChart {
  units: UnitRow[];
  departments: DepartmentRow[];
  staff: StaffRow[];
}

/** What the database already holds of what the file names. */
export interface Existing {
  units: Map<
    string,
    { id: number; name: string; level: UnitLevel; path: string; active: boolean; parentCode: string | null }
  >;
  departments: Map<
    string,
    { id: number; name: string; kind: DepartmentKind; unitCode: string; unitPath: string }
  >;
  staff: Map<string, { id: number; unitCode: string }>;
}

/** What the database holds of the codes and e-mails a file names. */
export async function existingOrg(em: EntityManager, codes: string[], emails: string[]): Promise<Existing> {
  const connection = em.getConnection();
  const context = em.getTransactionContext();
  // One after another: inside a transaction they share one connection.
  const units = await connection.execute<
    {
      id: number;
      code: string;
      name: string;
      level: UnitLevel;
      path: string;
      active: boolean;
      parent_code: string | null;
    }[]
  >(
    `select u.id, u.code, u.name, u.level, u.path, u.active, p.code as parent_code
         from unit u left join unit p on p.id = u.parent_id where u.code = any(array(select jsonb_array_elements_text(?::jsonb)))`,
    [textArrayJson(codes)],
    'all',
    context,
  );
  const departments = await connection.execute<
    { id: number; code: string; name: string; kind: DepartmentKind; unit_code: string; unit_path: string }[]
  >(
    `select d.id, d.code, d.name, d.kind, u.code as unit_code, u.path as unit_path
         from department d join unit u on u.id = d.unit_id where d.code = any(array(select jsonb_array_elements_text(?::jsonb)))`,
    [textArrayJson(codes)],
    'all',
    context,
  );
  const staff = await connection.execute<{ id: number; email: string; unit_code: string }[]>(
    `select s.id, lower(s.email) as email, u.code as unit_code
         from staff_member s join unit u on u.id = s.unit_id where lower(s.email) = any(array(select jsonb_array_elements_text(?::jsonb)))`,
    [textArrayJson(emails)],
    'all',
    context,
  );
  return {
    units: new Map(
      units.map((u) => [
        u.code,
        { id: u.id, name: u.name, level: u.level, path: u.path, active: u.active, parentCode: u.parent_code },
      ]),
    ),
    departments: new Map(
      departments.map((d) => [
        d.code,
        { id: d.id, name: d.name, kind: d.kind, unitCode: d.unit_code, unitPath: d.unit_path },
      ]),
    ),
    staff: new Map(staff.map((s) => [s.email, { id: s.id, unitCode: s.unit_code }])),
  };
}

export interface OrgChartWritten {
  importId: number;
  created: { units: number; departments: number; staff: number };
  /** People the import created: each gets one invitation. */
  newStaffIds: number[];
}

/** Inside the caller's transaction: creates what `existing` lacks, records the import and an invitation per new person. */
export async function writeOrgChart(
  tx: EntityManager,
  chart: OrgChart,
  existing: Existing,
  record: { unitId: number; fileSha256: string; fileName: string; importedBy: string },
): Promise<OrgChartWritten> {
  const connection = tx.getConnection();
  const context = tx.getTransactionContext();
  const run = <T>(sql: string, params: unknown[]) => connection.execute<T[]>(sql, params, 'all', context);

  const newUnits = chart.units.filter((u) => !existing.units.has(u.code));
  for (const level of unitLevels) {
    const rows = newUnits.filter((u) => u.level === level);
    if (rows.length === 0) continue;
    const inserted = await run<{ id: number }>(
      `insert into unit (code, name, level, parent_id, path)
         select r.code, r.name, r.level, p.id, '' from jsonb_to_recordset(?::jsonb) as r(code text, name text, level text, parent_code text)
           join unit p on p.code = r.parent_code
         returning id`,
      [
        JSON.stringify(
          rows.map((u) => ({ code: u.code, name: u.name, level: u.level, parent_code: u.parentCode })),
        ),
      ],
    );
    await run(
      `update unit c set path = p.path || c.id || '/' from unit p where p.id = c.parent_id and c.id = any(?::int[])`,
      [intArray(inserted.map((r) => r.id))],
    );
  }

  const newDepartments = chart.departments.filter((d) => !existing.departments.has(d.code));
  if (newDepartments.length > 0) {
    await run(
      `insert into department (unit_id, code, name, kind)
         select u.id, r.code, r.name, r.kind from jsonb_to_recordset(?::jsonb) as r(code text, name text, kind text, unit_code text)
           join unit u on u.code = r.unit_code`,
      [
        JSON.stringify(
          newDepartments.map((d) => ({ code: d.code, name: d.name, kind: d.kind, unit_code: d.unitCode })),
        ),
      ],
    );
  }

  const newStaff = chart.staff.filter((s) => !existing.staff.has(s.email));
  const staffIds =
    newStaff.length === 0
      ? []
      : await run<{ id: number }>(
          // No password: each person sets their own through the invitation.
          `insert into staff_member (unit_id, department_id, name, title, role, roles, email, password_hash, active)
             select u.id, d.id, r.name, r.title, r.role, r.roles::text[], r.email, null, true
               from jsonb_to_recordset(?::jsonb) as r(email text, name text, title text, role text, roles text, unit_code text, department_code text)
               join unit u on u.code = r.unit_code left join department d on d.code = r.department_code
             returning id`,
          [
            JSON.stringify(
              newStaff.map((s) => ({
                email: s.email,
                name: s.name,
                title: s.title,
                role: s.roles[0],
                // Every role the person holds in their unit; `role` is the first (a fixed list, no quoting needed).
                roles: `{${s.roles.join(',')}}`,
                unit_code: s.unitCode,
                department_code: s.departmentCode,
              })),
            ),
          ],
        );

  const created = { units: newUnits.length, departments: newDepartments.length, staff: newStaff.length };
  const [batch] = await run<{ id: number }>(
    `insert into org_chart_import (unit_id, file_sha256, file_name, imported_by, created) values (?, ?, ?, ?, ?) returning id`,
    [record.unitId, record.fileSha256, record.fileName, record.importedBy, JSON.stringify(created)],
  );
  const newStaffIds = staffIds.map((s) => s.id);
  if (newStaffIds.length > 0) {
    await run(
      `insert into org_chart_invitation (staff_id, import_id) select unnest(?::int[]), ? on conflict (staff_id) do nothing`,
      [intArray(newStaffIds), batch!.id],
    );
  }
  return { importId: batch!.id, created, newStaffIds };
}

/** Invitations an import recorded and nobody has sent yet. */
export async function unsentInvitations(em: EntityManager): Promise<number[]> {
  const rows = await em
    .getConnection()
    .execute<{ staff_id: number }[]>(
      'select staff_id from org_chart_invitation where sent_at is null order by staff_id',
    );
  return rows.map((r) => r.staff_id);
}

/** Takes an invitation to send (`sent_at` marks it sent or being sent): true for exactly one caller. */
export async function claimInvitation(em: EntityManager, staffId: number): Promise<boolean> {
  const rows = await em
    .getConnection()
    .execute<{ staff_id: number }[]>(
      'update org_chart_invitation set sent_at = now() where staff_id = ? and sent_at is null returning staff_id',
      [staffId],
    );
  return rows.length > 0;
}

/** Gives an invitation back after its sending failed. */
export async function releaseInvitation(em: EntityManager, staffId: number): Promise<void> {
  await em
    .getConnection()
    .execute('update org_chart_invitation set sent_at = null where staff_id = ?', [staffId]);
}
