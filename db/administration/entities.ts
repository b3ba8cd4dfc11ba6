import { EntitySchema } from '@mikro-orm/core';
import { StaffMember } from '../entities/staff-member';

/** What a one-time link lets its holder do: accept an invitation, or set a new password after a reset. */
export const invitationPurposes = ['invitation', 'reset'] as const;
export type InvitationPurpose = (typeof invitationPurposes)[number];

/** A one-time link to set a password (设置密码链接); only the SHA-256 of its token is kept. */
export class StaffInvitation {
  id!: string;
  staffMember!: StaffMember;
  purpose!: InvitationPurpose;
  tokenHash!: string;
  createdAt!: Date;
  expiresAt!: Date;
  usedAt?: Date | null;
}

export const StaffInvitationSchema = new EntitySchema<StaffInvitation>({
  class: StaffInvitation,
  tableName: 'staff_invitation',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    staffMember: { kind: 'm:1', entity: () => StaffMember },
    purpose: { type: 'string', length: 16 },
    tokenHash: { type: 'string', columnType: 'char(64)', unique: true },
    createdAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    usedAt: { type: 'datetime', nullable: true },
  },
});

/** One change an administrator made (系统管理日志): never updated, never deleted. */
export class AdminChange {
  id!: string;
  at!: Date;
  /** Null when the change came from the command line (`npm run create-admin`). */
  actor?: StaffMember | null;
  actorName!: string;
  /** The unit the change concerns: administrators read the log of their own subtree. */
  unitId!: number;
  unitName!: string;
  unitPath!: string;
  action!: string;
  entity!: string;
  entityId!: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export const AdminChangeSchema = new EntitySchema<AdminChange>({
  class: AdminChange,
  tableName: 'admin_change',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    at: { type: 'datetime' },
    // The log outlives nobody: staff are switched off, never deleted, and the log refuses updates.
    actor: { kind: 'm:1', entity: () => StaffMember, nullable: true, deleteRule: 'no action' },
    actorName: { type: 'string', length: 64 },
    unitId: { type: 'integer' },
    unitName: { type: 'string', length: 100 },
    unitPath: { type: 'string', length: 255 },
    action: { type: 'string', length: 48 },
    entity: { type: 'string', length: 32 },
    entityId: { type: 'string', length: 64 },
    before: { type: 'json', nullable: true },
    after: { type: 'json', nullable: true },
  },
});
