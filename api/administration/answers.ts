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
  })
  .meta({ id: 'AdminStaff' });

export const adminStaffListSchema = z.object({ items: z.array(adminStaffSchema) });

export type AdminUnit = z.infer<typeof adminUnitSchema>;
export type AdminStaff = z.infer<typeof adminStaffSchema>;
