import type { EntityManager } from '@mikro-orm/postgresql';
import { unitIdsOnPath } from '../../domain/actor';
import { Department, Unit } from '../entities';

/**
 * Jurisdiction over reports (检举控告的管辖): which discipline body a report against a unit,
 * a department or a unit's head is registered with.
 *
 * By default it follows the unit tree: a department with a 派驻纪检监察组 stationed at it goes
 * to that group, any other to the body overseeing its unit; a unit goes to the body that
 * oversees it or, nearest first, a unit above it (a village or township official: the
 * county 纪委监委). The administrator's rows in `discipline_jurisdiction` override the
 * default for one unit or department. A report against a unit's head goes one level up
 * the discipline tree from there.
 */
export interface AccusedPlace {
  unitCode: string;
  departmentId?: number | undefined;
  isHead?: boolean | undefined;
}

interface Link {
  unitId: number | null;
  departmentId: number | null;
  disciplineUnitId: number;
}

/** Overrides first, then the bodies' own `oversees` links: for the given units and department. */
async function linksFor(em: EntityManager, unitIds: number[], departmentId: number | null) {
  const sql = em.getConnection();
  const params = [`{${unitIds.join(',')}}`, departmentId];
  const [overrides, defaults] = await Promise.all([
    sql.execute<{ unit_id: number | null; department_id: number | null; discipline_unit_id: number }[]>(
      `select unit_id, department_id, discipline_unit_id from discipline_jurisdiction
        where unit_id = any(?::int[]) or department_id = ?`,
      params,
    ),
    sql.execute<{ oversees_unit_id: number | null; oversees_department_id: number | null; id: number }[]>(
      `select id, oversees_unit_id, oversees_department_id from unit
        where kind = 'discipline' and (oversees_unit_id = any(?::int[]) or oversees_department_id = ?)
        order by id`,
      params,
    ),
  ]);
  const toLink = (unitId: number | null, departmentIdOf: number | null, body: number): Link => ({
    unitId,
    departmentId: departmentIdOf,
    disciplineUnitId: body,
  });
  return {
    overrides: overrides.map((r) => toLink(r.unit_id, r.department_id, r.discipline_unit_id)),
    defaults: defaults.map((r) => toLink(r.oversees_unit_id, r.oversees_department_id, r.id)),
  };
}

/** The body for one department or unit: an override, else the default link. */
const pick = (links: { overrides: Link[]; defaults: Link[] }, match: (link: Link) => boolean) =>
  links.overrides.find(match)?.disciplineUnitId ?? links.defaults.find(match)?.disciplineUnitId;

/**
 * The discipline body that has jurisdiction over the accused, with its parent loaded; null
 * when the accused unit is unknown or no body oversees it or anything above it.
 */
export async function disciplineBodyFor(em: EntityManager, accused: AccusedPlace): Promise<Unit | null> {
  const unit = await em.findOne(Unit, { code: accused.unitCode, kind: 'government' });
  if (!unit) return null;
  const department =
    accused.departmentId === undefined
      ? null
      : await em.findOne(Department, { id: accused.departmentId, unit: unit.id });
  // Nearest first: the unit itself, then each one above it.
  const ancestors = unitIdsOnPath(unit.path).reverse();
  const links = await linksFor(em, ancestors, department?.id ?? null);
  let bodyId = department ? pick(links, (l) => l.departmentId === department.id) : undefined;
  for (const id of ancestors) bodyId ??= pick(links, (l) => l.unitId === id);
  if (bodyId === undefined) return null;
  const body = await em.findOneOrFail(Unit, { id: bodyId }, { populate: ['parent'] });
  if (!accused.isHead || !body.parent) return body;
  return em.findOneOrFail(Unit, { id: body.parent.id }, { populate: ['parent'] });
}

/** The government units a discipline body's reports may be about: everything under what it oversees. */
export async function placesOverseenBy(em: EntityManager, body: Unit): Promise<Unit[]> {
  const overseen = body.overseesDepartment
    ? (await em.findOneOrFail(Department, { id: body.overseesDepartment.id }, { populate: ['unit'] })).unit
    : body.oversees
      ? await em.findOneOrFail(Unit, { id: body.oversees.id })
      : null;
  if (!overseen) return [];
  return em.find(
    Unit,
    { kind: 'government', path: { $like: `${overseen.path}%` } },
    { orderBy: { path: 'asc' }, populate: ['parent'] },
  );
}

/** One line of the jurisdiction table: a government unit or department, and the body its reports go to. */
export interface JurisdictionLine {
  unit: { code: string; name: string };
  department: { id: number; name: string } | null;
  body: { code: string; name: string } | null;
  /** Set by the administrator, rather than followed from the unit tree. */
  overridden: boolean;
}

/** The whole table as the administrator reads it: every government unit, then its departments. */
export async function jurisdictionTable(em: EntityManager): Promise<JurisdictionLine[]> {
  const [units, departments, overrides] = await Promise.all([
    em.find(Unit, {}, { orderBy: { path: 'asc' } }),
    em.find(Department, { kind: { $ne: 'petition_office' } }, { orderBy: { id: 'asc' } }),
    em
      .getConnection()
      .execute<{ unit_id: number | null; department_id: number | null; discipline_unit_id: number }[]>(
        'select unit_id, department_id, discipline_unit_id from discipline_jurisdiction',
      ),
  ]);
  const byId = new Map(units.map((u) => [u.id, u]));
  const bodies = units.filter((u) => u.kind === 'discipline');
  const unitBody = (id: number) =>
    overrides.find((o) => o.unit_id === id)?.discipline_unit_id ??
    bodies.find((b) => b.oversees?.id === id)?.id;
  const departmentBody = (id: number) =>
    overrides.find((o) => o.department_id === id)?.discipline_unit_id ??
    bodies.find((b) => b.overseesDepartment?.id === id)?.id;
  const nearest = (unit: Unit) => {
    for (const id of unitIdsOnPath(unit.path).reverse()) {
      const body = unitBody(id);
      if (body !== undefined) return body;
    }
    return undefined;
  };
  const named = (id: number | undefined) => {
    const body = id === undefined ? undefined : byId.get(id);
    return body ? { code: body.code, name: body.name } : null;
  };
  const lines: JurisdictionLine[] = [];
  for (const unit of units.filter((u) => u.kind === 'government')) {
    const unitLine = { code: unit.code, name: unit.name };
    lines.push({
      unit: unitLine,
      department: null,
      body: named(nearest(unit)),
      overridden: overrides.some((o) => o.unit_id === unit.id),
    });
    for (const department of departments.filter((d) => d.unit.id === unit.id)) {
      lines.push({
        unit: unitLine,
        department: { id: department.id, name: department.name },
        body: named(departmentBody(department.id) ?? nearest(unit)),
        overridden: overrides.some((o) => o.department_id === department.id),
      });
    }
  }
  return lines;
}

/** The administrator sets the body for one unit or department; null restores the default from the tree. */
export async function setJurisdiction(
  em: EntityManager,
  target: { unitId: number } | { departmentId: number },
  disciplineUnitId: number | null,
): Promise<void> {
  const [column, id] =
    'unitId' in target ? ['unit_id', target.unitId] : ['department_id', target.departmentId];
  await em.transactional(async (tx) => {
    await tx.getConnection().execute(`delete from discipline_jurisdiction where ${column} = ?`, [id]);
    if (disciplineUnitId === null) return;
    await tx
      .getConnection()
      .execute(
        `insert into discipline_jurisdiction (${column}, discipline_unit_id, updated_at) values (?, ?, now())`,
        [id, disciplineUnitId],
      );
  });
}
