import { z } from 'zod';
import { staffRoles } from '../../domain/actor';

/** What the administration routes answer (系统管理), as the console types it. */

export const adminUnitSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    level: z.string(),
    parentId: z.number().int().nullable(),
    active: z.boolean(),
    administered: z
      .boolean()
      .meta({ description: 'False for the administrator’s own unit: the administrator above changes it' }),
    openCases: z.number().int(),
    departments: z.array(
      z.object({
        id: z.number().int(),
        code: z.string(),
        name: z.string(),
        kind: z.string(),
        active: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'AdminUnit' });

export const adminUnitListSchema = z.object({ items: z.array(adminUnitSchema) });

export const adminStaffSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    title: z.string(),
    unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    department: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    roles: z.array(z.enum(staffRoles)),
    active: z.boolean(),
    locked: z.boolean(),
    /** Whether the person has an authenticator bound (双因素认证): what an administrator can reset. */
    secondFactor: z.boolean(),
  })
  .meta({ id: 'AdminStaff' });

export const adminStaffListSchema = z.object({ items: z.array(adminStaffSchema) });

export type AdminUnit = z.infer<typeof adminUnitSchema>;
export type AdminStaff = z.infer<typeof adminStaffSchema>;

/** A unit as its creation or change answers it. */
export const unitAnswerSchema = z
  .object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.string() })
  .meta({ id: 'AdminUnitAnswer' });

/** A department as its creation or renaming answers it. */
export const departmentAnswerSchema = z
  .object({ id: z.number().int(), code: z.string(), name: z.string() })
  .meta({ id: 'AdminDepartmentAnswer' });

/** What a leaver holds that someone must take over first (交接). */
export const heldWorkSchema = z
  .object({
    backlogCases: z.array(z.object({ caseNumber: z.string(), summary: z.string() })),
    escalations: z.array(z.object({ id: z.string(), caseNumber: z.string(), clock: z.string() })),
    department: z
      .object({ id: z.number().int(), name: z.string() })
      .nullable()
      .meta({ description: 'Set when they are the last handler of a department with open cases' }),
  })
  .meta({ id: 'HeldWork' });

/** A change's before and after: the fields it touched, whatever the entity, as the log stored them. */
const changedFields = z.record(z.string(), z.unknown()).nullable();

export const adminLogPageSchema = z
  .object({
    total: z.number().int(),
    entries: z.array(
      z
        .object({
          id: z.string(),
          at: z.string(),
          actorName: z.string(),
          actorId: z.number().int().nullable(),
          unitName: z.string(),
          action: z.string(),
          entity: z.string(),
          entityId: z.string(),
          before: changedFields,
          after: changedFields,
        })
        .meta({ id: 'AdminLogEntry' }),
    ),
  })
  .meta({ id: 'AdminLogPage' });

export type HeldWork = z.infer<typeof heldWorkSchema>;
