import { EntitySchema } from '@mikro-orm/core';
import type { StaffRole } from '../../domain/actor';
import { Department } from './department';
import { Unit } from './unit';

export type { StaffRole } from '../../domain/actor';

/** A person working in a unit: office clerk, office head, handling officer, leader (包案领导), supervisor, administrator. */
export class StaffMember {
  id!: number;
  unit!: Unit;
  department?: Department | null;
  name!: string;
  title!: string;
  role!: StaffRole;
  email!: string;
  /** argon2id; null until the person has a password (they cannot sign in). */
  passwordHash?: string | null;
  active!: boolean;
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
    passwordHash: { type: 'string', length: 255, nullable: true, hidden: true, lazy: true },
    active: { type: 'boolean', default: true },
  },
});
