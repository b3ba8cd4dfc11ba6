import type { EntityManager } from '@mikro-orm/postgresql';
import { unitIdsOnPath } from '../../domain/actor';
import type { Category } from '../../domain/petition';
import { intArray } from './sql-arrays';

/**
 * The power list (权力清单): for each unit, which of its departments (or its discipline
 * body, or a body of a unit above) handles which category of petition. Dispatch proposes
 * the department from it; the clerk may still choose another, giving the reason.
 */
export interface PowerListEntry {
  category: Category;
  department: { id: number; code: string; name: string; kind: string; unit: { code: string; name: string } };
  updatedBy: string;
  updatedAt: string;
}

interface Row {
  category: Category;
  department_id: number;
  department_code: string;
  department_name: string;
  department_kind: string;
  unit_code: string;
  unit_name: string;
  updated_by: string;
  updated_at: Date | string;
}

export async function powerListOf(em: EntityManager, unitId: number): Promise<PowerListEntry[]> {
  const rows = await em.getConnection().execute<Row[]>(
    `select p.category, d.id as department_id, d.code as department_code, d.name as department_name,
        d.kind as department_kind, u.code as unit_code, u.name as unit_name, p.updated_by, p.updated_at
       from power_list_entry p join department d on d.id = p.department_id join unit u on u.id = d.unit_id
      where p.unit_id = ? order by p.category`,
    [unitId],
    'all',
    em.getTransactionContext(),
  );
  return rows.map((r) => ({
    category: r.category,
    department: {
      id: r.department_id,
      code: r.department_code,
      name: r.department_name,
      kind: r.department_kind,
      unit: { code: r.unit_code, name: r.unit_name },
    },
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/** Departments a unit's power list may name: those of the unit and the units above it, not a petition office. */
export async function powerListTargets(em: EntityManager, unitPath: string) {
  return em
    .getConnection()
    .execute<
      { id: number; code: string; name: string; kind: string; unit_code: string; unit_name: string }[]
    >(
      `select d.id, d.code, d.name, d.kind, u.code as unit_code, u.name as unit_name
       from department d join unit u on u.id = d.unit_id
      where d.unit_id = any(?::int[]) and d.kind <> 'petition_office'
      order by length(u.path) desc, d.id`,
      [intArray(unitIdsOnPath(unitPath))],
    );
}

/** Replaces a unit's list in one transaction together with its administration log line (`log` gets before and after). */
export async function replacePowerList(
  em: EntityManager,
  unitId: number,
  entries: { category: Category; departmentId: number }[],
  by: string,
  log: (tx: EntityManager, change: { before: PowerListEntry[]; after: PowerListEntry[] }) => void,
): Promise<{ before: PowerListEntry[]; after: PowerListEntry[] }> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const context = tx.getTransactionContext();
    await connection.execute('select id from unit where id = ? for update', [unitId], 'all', context);
    const before = await powerListOf(tx, unitId);
    await connection.execute('delete from power_list_entry where unit_id = ?', [unitId], 'all', context);
    for (const entry of entries) {
      await connection.execute(
        `insert into power_list_entry (unit_id, category, department_id, updated_by, updated_at) values (?, ?, ?, ?, now())`,
        [unitId, entry.category, entry.departmentId, by],
        'all',
        context,
      );
    }
    const change = { before, after: await powerListOf(tx, unitId) };
    log(tx, change);
    return change;
  });
}

/**
 * The department the power list proposes for a case of `category` in the unit at
 * `unitPath`: the unit's own entry, else the nearest unit above that has one.
 */
export async function proposedDepartment(
  em: EntityManager,
  unitPath: string,
  category: string,
): Promise<{ id: number; name: string } | null> {
  const [row] = await em.getConnection().execute<{ id: number; name: string }[]>(
    `select d.id, d.name from power_list_entry p
        join unit u on u.id = p.unit_id join department d on d.id = p.department_id
      where p.unit_id = any(?::int[]) and p.category = ?
      order by length(u.path) desc limit 1`,
    [intArray(unitIdsOnPath(unitPath)), category],
  );
  return row ?? null;
}
