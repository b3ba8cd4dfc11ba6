import { EntitySchema, type Opt } from '@mikro-orm/core';
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
  /** The first of `roles`: what a one-role reader shows. */
  role!: StaffRole;
  /** Every role the person holds in their unit (a township head who is also its leader holds two). */
  roles!: StaffRole[] & Opt;
  email!: string;
  /** argon2id; null until the person has a password (they cannot sign in). */
  passwordHash?: string | null;
  active!: boolean;
  /** Wrong passwords since `failedSignInsSince`; reset by a right one or by a lock. */
  failedSignIns!: number;
  failedSignInsSince?: Date | null;
  /** Sign-in is refused until then (too many wrong passwords). */
  lockedUntil?: Date | null;
  /** Sessions begun before this instant are ended (sign out everywhere, password change). */
  sessionsValidAfter?: Date | null;
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
    roles: {
      type: 'string[]',
      columnType: 'text[]',
      defaultRaw: `'{}'`,
      onCreate: (member: StaffMember) => [member.role],
    },
    email: { type: 'string', length: 254, unique: true },
    passwordHash: { type: 'string', length: 255, nullable: true, hidden: true, lazy: true },
    active: { type: 'boolean', default: true },
    failedSignIns: { type: 'integer', default: 0, hidden: true },
    failedSignInsSince: { type: 'datetime', nullable: true, hidden: true },
    lockedUntil: { type: 'datetime', nullable: true, hidden: true },
    sessionsValidAfter: { type: 'datetime', nullable: true, hidden: true },
  },
});
