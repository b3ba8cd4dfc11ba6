import type { EntityManager } from '@mikro-orm/postgresql';
import { unitIdsOnPath } from '../../domain/actor';
import type { UnitRef } from '../../domain/case';
import type { IdentityCase } from '../../domain/identity-access';
import { Department, Unit, type PetitionCase } from '../../db/entities';
import { disciplineBodyFor } from '../../db/discipline/jurisdiction';
import type { FormerHolding } from '../../db/hand-over/hand-overs';
import { unitRef } from '../../db/refs';
import { ApiError } from '../errors';

/**
 * 上报/移交 at the API: where a case may be handed, what the target unit is, the
 * discipline body triage hands a report to, and the answer to an office the case left.
 */

/** The units a case may be handed up to: every unit above its own, nearest first, never the accused one. */
export async function handOverTargets(em: EntityManager, matter: IdentityCase) {
  const above = unitIdsOnPath(matter.unitPath).filter((id) => id !== matter.unitId);
  const units = await em.find(Unit, { id: { $in: above } }, { orderBy: { path: 'desc' } });
  return units
    .filter((u) => u.id !== matter.accusedUnitId)
    .map((u) => ({ id: u.id, code: u.code, name: u.name, level: u.level }));
}

/** The unit a hand-over names, as the workflow carries it; never the unit the case accuses (Art. 30). */
export async function handOverTarget(
  em: EntityManager,
  toUnitId: number,
  matter: IdentityCase,
): Promise<UnitRef> {
  const unit = await em.findOne(Unit, { id: toUnitId }, { populate: ['parent'] });
  if (!unit) throw new ApiError(422, 'unknown_unit', 'errors.handOverTargetUnknown');
  if (unit.id === matter.accusedUnitId) {
    throw new ApiError(422, 'accused_assignee', 'errors.handOverToAccused');
  }
  return unitRef(unit);
}

/**
 * The discipline body (in the discipline tree) with jurisdiction over whom the case
 * accuses, or over its own unit when it names nobody: where triage hands a report
 * (检举控告) over to. Null when no body oversees it.
 */
export async function disciplineUnitFor(
  em: EntityManager,
  row: PetitionCase,
  concernsBodyHead: boolean,
): Promise<UnitRef | null> {
  const department = row.accusedDepartmentId
    ? await em.findOne(Department, { id: row.accusedDepartmentId }, { populate: ['unit'] })
    : null;
  const accusedUnit = row.accusedUnitId ? await em.findOne(Unit, { id: row.accusedUnitId }) : null;
  const unitCode = department?.unit.code ?? accusedUnit?.code ?? row.unit.code;
  const body = await disciplineBodyFor(em, {
    unitCode,
    departmentId: department?.id,
    isHead: concernsBodyHead,
  });
  return body ? unitRef(body) : null;
}

/** An action by an office the case has left: it was handed over, say to whom. */
export const handedOverError = (caseNumber: string, holding: FormerHolding) =>
  new ApiError(403, 'handed_over', 'errors.handedOver', { caseNumber, unit: holding.toUnitName });
