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
