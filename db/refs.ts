import type { DepartmentRef, UnitRef } from '../domain/case';
import type { Department, Unit } from './entities';

/** A unit as the workflow carries it: enough for jurisdiction and escalation, nothing that changes often. */
export const unitRef = (unit: Unit): UnitRef => ({
  id: unit.id,
  code: unit.code,
  name: unit.name,
  level: unit.level,
  path: unit.path,
  parentId: unit.parent?.id ?? null,
});

/** A department with its unit, as a dispatch or a discipline routing names it. */
export const departmentRef = (department: Department): DepartmentRef => ({
  id: department.id,
  name: department.name,
  kind: department.kind,
  unit: unitRef(department.unit),
});
