import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { AdminUnit } from './answers';
import { openStatuses } from '../../domain/case';
import { recordAdminChange } from '../../db/administration/admin-log';
import { Department, PetitionCase, StaffMember, Unit } from '../../db/entities';
import { unitLevels, type UnitLevel } from '../../db/entities/unit';
import type { SignedInStaff } from '../auth/staff';
import { ApiError, refusingDuplicates } from '../errors';
import { adminActor, departmentInSubtree, unitBelow, unitInSubtree } from './subtree';

/** 行政区划代码: 6 digits down to the county, 12 for townships and villages. */
export const divisionCodeSchema = z
  .string()
  .trim()
  .regex(/^(\d{6}|\d{12})$/, 'validation.divisionCode');

/** A unit's or department's name, shown in lists and printed on notices: one line, and PostgreSQL text cannot hold NUL. */
const orgNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'validation.controlCharacters');

export const unitInputSchema = z.strictObject({
  parentId: z.number().int().positive(),
  code: divisionCodeSchema,
  name: orgNameSchema,
  level: z.enum(unitLevels),
});
export const unitChangeSchema = z.strictObject({
  code: divisionCodeSchema.optional(),
  name: orgNameSchema.optional(),
});
export const unitMoveSchema = z.strictObject({ parentId: z.number().int().positive() });

export const departmentInputSchema = z.strictObject({
  /** Short code inside the unit (e.g. `zz` for 综治中心); the full code is `<unit code>-<code>`. */
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]{1,12}$/, 'validation.departmentCode'),
  name: orgNameSchema,
});
export const departmentChangeSchema = z.strictObject({ name: orgNameSchema });

const unitSnapshot = (unit: Unit) => ({
  code: unit.code,
  name: unit.name,
  level: unit.level,
  parentId: unit.parent?.id ?? null,
  active: unit.active,
});
const departmentSnapshot = (d: Department) => ({
  code: d.code,
  name: d.name,
  kind: d.kind,
  active: d.active,
});

/** A unit sits exactly one level below its parent: a village under a township, never under a city. */
function checkLevel(parent: Unit, level: UnitLevel) {
  const expected = unitLevels[unitLevels.indexOf(parent.level) + 1];
  if (level !== expected) {
    throw new ApiError(422, 'wrong_level', 'administration.errors.wrongLevel', {
      level,
      parentLevel: parent.level,
      parent: parent.name,
    });
  }
}

/** The refusal for a division code another unit already has, naming that unit. */
async function codeTaken(em: EntityManager, code: string, exceptId?: number) {
  const taken = await em.findOne(Unit, { code, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  return taken
    ? new ApiError(409, 'division_code_taken', 'administration.errors.divisionCodeTaken', {
        code,
        name: taken.name,
      })
    : undefined;
}

async function checkCodeFree(em: EntityManager, code: string, exceptId?: number) {
  const taken = await codeTaken(em, code, exceptId);
  if (taken) throw taken;
}

/** When another request took the code between the check and the write. */
const codeTakenMeanwhile = async (em: EntityManager, code: string) =>
  (await codeTaken(em.fork(), code)) ??
  new ApiError(409, 'division_code_taken', 'administration.errors.divisionCodeTaken', { code, name: '' });

const openCasesUnder = (em: EntityManager, path: string) =>
  em.count(PetitionCase, { unitPath: { $like: `${path}%` }, status: { $in: [...openStatuses] } });

function activeParent(parent: Unit) {
  if (!parent.active) {
    throw new ApiError(409, 'unit_inactive', 'administration.errors.unitInactive', { name: parent.name });
  }
}

/** The units of the administrator's subtree, each with its departments and open-case count. */
export async function unitTree(em: EntityManager, admin: SignedInStaff): Promise<AdminUnit[]> {
  const units = await em.find(
    Unit,
    { path: { $like: `${admin.unitPath}%` } },
    { populate: ['parent'], orderBy: { path: 'asc' } },
  );
  const departments = await em.find(
    Department,
    { unit: { id: { $in: units.map((u) => u.id) } } },
    { orderBy: { id: 'asc' } },
  );
  const open = await em
    .getConnection()
    .execute<{ unit_id: number; n: string }[]>(
      `select unit_id, count(*) as n from petition_case where unit_path like ? and status in (${openStatuses.map(() => '?').join(',')}) group by unit_id`,
      [`${admin.unitPath}%`, ...openStatuses],
    );
  const openByUnit = new Map(open.map((r) => [r.unit_id, Number(r.n)]));
  return units.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    level: u.level,
    parentId: u.parent?.id ?? null,
    active: u.active,
    administered: u.path !== admin.unitPath,
    openCases: openByUnit.get(u.id) ?? 0,
    departments: departments
      .filter((d) => d.unit.id === u.id)
      .map((d) => ({ id: d.id, code: d.code, name: d.name, kind: d.kind, active: d.active })),
  }));
}

export async function createUnit(
  em: EntityManager,
  admin: SignedInStaff,
  input: z.infer<typeof unitInputSchema>,
): Promise<Unit> {
  const parent = await unitInSubtree(em, admin, input.parentId);
  activeParent(parent);
  checkLevel(parent, input.level);
  await checkCodeFree(em, input.code);
  // The unit, its path and its line in the log, together or not at all.
  return refusingDuplicates(
    () =>
      em.transactional(async (tx) => {
        const unit = Object.assign(new Unit(), {
          code: input.code,
          name: input.name,
          level: input.level,
          parent,
          path: '',
          active: true,
        });
        tx.persist(unit);
        await tx.flush();
        unit.path = `${parent.path}${unit.id}/`;
        recordAdminChange(tx, {
          actor: adminActor(admin),
          action: 'unit.create',
          entity: 'unit',
          entityId: unit.id,
          unit,
          after: unitSnapshot(unit),
        });
        return unit;
      }),
    () => codeTakenMeanwhile(em, input.code),
  );
}

export async function changeUnit(
  em: EntityManager,
  admin: SignedInStaff,
  unitId: number,
  input: z.infer<typeof unitChangeSchema>,
): Promise<Unit> {
  const unit = await unitBelow(em, admin, unitId);
  const before = unitSnapshot(unit);
  if (input.code !== undefined && input.code !== unit.code) {
    await checkCodeFree(em, input.code, unit.id);
    unit.code = input.code;
  }
  if (input.name !== undefined) unit.name = input.name;
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'unit.change',
    entity: 'unit',
    entityId: unit.id,
    unit,
    before,
    after: unitSnapshot(unit),
  });
  await refusingDuplicates(
    () => em.flush(),
    () => codeTakenMeanwhile(em, unit.code),
  );
  return unit;
}

/**
 * Moves a unit, with everything below it, under another parent of the level above it.
 * Refused when the new parent is the unit itself or below it (a cycle), and while open
 * cases run under it: their workflows know the unit's place, so they are handed on first.
 */
export async function moveUnit(em: EntityManager, admin: SignedInStaff, unitId: number, parentId: number) {
  const unit = await unitBelow(em, admin, unitId);
  const parent = await unitInSubtree(em, admin, parentId);
  if (parent.path.startsWith(unit.path)) {
    throw new ApiError(422, 'unit_cycle', 'administration.errors.unitCycle', {
      name: unit.name,
      parent: parent.name,
    });
  }
  activeParent(parent);
  checkLevel(parent, unit.level);
  const open = await openCasesUnder(em, unit.path);
  if (open > 0) {
    throw new ApiError(409, 'unit_has_open_cases', 'administration.errors.unitHasOpenCases', {
      name: unit.name,
      count: open,
    });
  }
  const before = unitSnapshot(unit);
  const oldPath = unit.path;
  const newPath = `${parent.path}${unit.id}/`;
  await em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const swap = `? || substr(%col, ${oldPath.length + 1})`;
    await connection.execute(
      `update unit set path = ${swap.replace('%col', 'path')} where path like ?`,
      [newPath, `${oldPath}%`],
      'run',
      ctx,
    );
    await connection.execute(
      `update petition_case set unit_path = ${swap.replace('%col', 'unit_path')} where unit_path like ?`,
      [newPath, `${oldPath}%`],
      'run',
      ctx,
    );
    await tx.nativeUpdate(Unit, { id: unit.id }, { parent: parent.id });
    recordAdminChange(tx, {
      actor: adminActor(admin),
      action: 'unit.move',
      entity: 'unit',
      entityId: unit.id,
      unit: { id: unit.id, name: unit.name, path: newPath },
      before,
      after: { ...before, parentId: parent.id },
    });
  });
}

/** A unit goes out of use once nothing open depends on it: no open cases, no active unit or person below. */
export async function deactivateUnit(em: EntityManager, admin: SignedInStaff, unitId: number) {
  const unit = await unitBelow(em, admin, unitId);
  const open = await openCasesUnder(em, unit.path);
  if (open > 0) {
    throw new ApiError(409, 'unit_has_open_cases', 'administration.errors.unitHasOpenCases', {
      name: unit.name,
      count: open,
    });
  }
  const activeBelow = await em.count(Unit, { parent: unit.id, active: true });
  const activeStaff = await em.count(StaffMember, { unit: unit.id, active: true });
  if (activeBelow > 0 || activeStaff > 0) {
    throw new ApiError(409, 'unit_in_use', 'administration.errors.unitInUse', {
      name: unit.name,
      units: activeBelow,
      staff: activeStaff,
    });
  }
  const before = unitSnapshot(unit);
  unit.active = false;
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'unit.deactivate',
    entity: 'unit',
    entityId: unit.id,
    unit,
    before,
    after: unitSnapshot(unit),
  });
  await em.flush();
}

/** Only a unit made by mistake is deleted: one that never had a case, a person, a department or a unit below. */
export async function deleteUnit(em: EntityManager, admin: SignedInStaff, unitId: number) {
  const unit = await unitBelow(em, admin, unitId);
  const [cases, staff, departments, below] = await Promise.all([
    em.count(PetitionCase, { unit: unit.id }),
    em.count(StaffMember, { unit: unit.id }),
    em.count(Department, { unit: unit.id }),
    em.count(Unit, { parent: unit.id }),
  ]);
  if (cases > 0) {
    throw new ApiError(409, 'unit_has_cases', 'administration.errors.unitHasCases', { name: unit.name });
  }
  if (staff + departments + below > 0) {
    throw new ApiError(409, 'unit_not_empty', 'administration.errors.unitNotEmpty', { name: unit.name });
  }
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'unit.delete',
    entity: 'unit',
    entityId: unit.id,
    unit,
    before: unitSnapshot(unit),
  });
  em.remove(unit);
  await em.flush();
}

export async function createDepartment(
  em: EntityManager,
  admin: SignedInStaff,
  unitId: number,
  input: z.infer<typeof departmentInputSchema>,
): Promise<Department> {
  const unit = await unitInSubtree(em, admin, unitId);
  activeParent(unit);
  const code = `${unit.code}-${input.code}`;
  const departmentCodeTaken = () =>
    new ApiError(409, 'department_code_taken', 'administration.errors.departmentCodeTaken', { code });
  if (await em.findOne(Department, { code })) throw departmentCodeTaken();
  // The department and its line in the log, together or not at all.
  return refusingDuplicates(
    () =>
      em.transactional(async (tx) => {
        const department = Object.assign(new Department(), {
          unit,
          code,
          name: input.name,
          kind: 'handling_department' as const,
          active: true,
        });
        tx.persist(department);
        await tx.flush();
        recordAdminChange(tx, {
          actor: adminActor(admin),
          action: 'department.create',
          entity: 'department',
          entityId: department.id,
          unit,
          after: departmentSnapshot(department),
        });
        return department;
      }),
    departmentCodeTaken,
  );
}

export async function renameDepartment(
  em: EntityManager,
  admin: SignedInStaff,
  departmentId: number,
  name: string,
): Promise<Department> {
  const department = await departmentInSubtree(em, admin, departmentId);
  const before = departmentSnapshot(department);
  department.name = name;
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'department.change',
    entity: 'department',
    entityId: department.id,
    unit: department.unit,
    before,
    after: departmentSnapshot(department),
  });
  await em.flush();
  return department;
}

/** A department stops receiving cases once it holds none open and nobody works in it any more. */
export async function deactivateDepartment(em: EntityManager, admin: SignedInStaff, departmentId: number) {
  const department = await departmentInSubtree(em, admin, departmentId);
  const open = await em.count(PetitionCase, {
    handlingDepartment: department.id,
    status: { $in: [...openStatuses] },
  });
  const staff = await em.count(StaffMember, { department: department.id, active: true });
  if (open > 0 || staff > 0) {
    throw new ApiError(409, 'department_in_use', 'administration.errors.departmentInUse', {
      name: department.name,
      cases: open,
      staff,
    });
  }
  const before = departmentSnapshot(department);
  department.active = false;
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'department.deactivate',
    entity: 'department',
    entityId: department.id,
    unit: department.unit,
    before,
    after: departmentSnapshot(department),
  });
  await em.flush();
}
