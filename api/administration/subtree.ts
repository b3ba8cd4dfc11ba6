import type { EntityManager } from '@mikro-orm/postgresql';
import { isWithin } from '../../domain/actor';
import { Department, StaffMember, Unit } from '../../db/entities';
import type { AdminActor } from '../../db/administration/admin-log';
import type { SignedInStaff } from '../auth/staff';
import { ApiError } from '../errors';

/** An administrator as the log names them. */
export const adminActor = (admin: SignedInStaff): AdminActor => ({
  staffId: admin.staffId,
  name: admin.name,
});

/** A unit the administrator administers (theirs or below); any other answers 403 naming the refusal. */
export async function unitInSubtree(em: EntityManager, admin: SignedInStaff, unitId: number): Promise<Unit> {
  const unit = await em.findOne(Unit, { id: unitId }, { populate: ['parent'] });
  if (!unit) throw new ApiError(404, 'unit_not_found', 'administration.errors.unitNotFound');
  if (!isWithin(unit.path, admin.unitPath)) {
    throw new ApiError(403, 'outside_subtree', 'administration.errors.outsideSubtree', { name: unit.name });
  }
  return unit;
}

/** A unit strictly below the administrator's: their own unit is changed by the administrator above. */
export async function unitBelow(em: EntityManager, admin: SignedInStaff, unitId: number): Promise<Unit> {
  const unit = await unitInSubtree(em, admin, unitId);
  if (unit.path === admin.unitPath) {
    throw new ApiError(403, 'own_unit', 'administration.errors.ownUnit', { name: unit.name });
  }
  return unit;
}

export async function departmentInSubtree(em: EntityManager, admin: SignedInStaff, departmentId: number) {
  const department = await em.findOne(Department, { id: departmentId }, { populate: ['unit'] });
  if (!department)
    throw new ApiError(404, 'department_not_found', 'administration.errors.departmentNotFound');
  await unitInSubtree(em, admin, department.unit.id);
  return department;
}

export async function staffInSubtree(em: EntityManager, admin: SignedInStaff, staffId: number) {
  const member = await em.findOne(StaffMember, { id: staffId }, { populate: ['unit', 'department'] });
  if (!member) throw new ApiError(404, 'staff_not_found', 'administration.errors.staffNotFound');
  await unitInSubtree(em, admin, member.unit.id);
  return member;
}
