import { EntitySchema } from '@mikro-orm/core';
import { Department } from './department';
import { Unit } from './unit';

export const staffRoles = ['clerk', 'office_head', 'handler', 'leader', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** A person working in a unit: office clerk, office head, handling officer, leader (包案领导), supervisor, administrator. */
export class StaffMember {
  id!: number;
  unit!: Unit;
  department?: Department | null;
  name!: string;
  title!: string;
  role!: StaffRole;
  email!: string;
}

export const StaffMemberSchema = new EntitySchema<StaffMember>({
  class: StaffMember,
  tableName: 'staff_member',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    unit: { kind: 'm:1', entity: () => Unit },
    department: { kind: 'm:1', entity: () => Department, nullable: true },
    name: { type: 'string', length: 64 },
    title: { type: 'string', length: 64 },
    role: { type: 'string', length: 16 },
    email: { type: 'string', length: 254, unique: true },
  },
});
