import type { EntityManager } from '@mikro-orm/postgresql';
import { StaffMember, type Unit } from '../entities';
import { AdminChange } from './entities';

/** Who made a change: a signed-in administrator, or the command line (`npm run create-admin`). */
export type AdminActor = { staffId: number; name: string } | { commandLine: string };

export interface AdminChangeInput {
  actor: AdminActor;
  /** What was done, e.g. `unit.create`, `staff.deactivate`. */
  action: string;
  /** What it was done to: `unit`, `department`, `staff`. */
  entity: string;
  entityId: number | string;
  /** The unit the change concerns: it decides whose log shows it (the unit's administrators and those above). */
  unit: Pick<Unit, 'id' | 'name' | 'path'>;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Writes one line of the administration log (系统管理日志) in the caller's unit of work
 * (flushed with the change it records, so neither lands without the other). The table
 * refuses updates and deletes.
 */
export function recordAdminChange(em: EntityManager, input: AdminChangeInput): AdminChange {
  const change = Object.assign(new AdminChange(), {
    at: new Date(),
    actor: 'staffId' in input.actor ? em.getReference(StaffMember, input.actor.staffId) : null,
    actorName: 'staffId' in input.actor ? input.actor.name : input.actor.commandLine,
    unitId: input.unit.id,
    unitName: input.unit.name,
    unitPath: input.unit.path,
    action: input.action,
    entity: input.entity,
    entityId: String(input.entityId),
    before: input.before ?? null,
    after: input.after ?? null,
  });
  em.persist(change);
  return change;
}

export interface AdminLogQuery {
  /** The reader's subtree: changes concerning their unit and the units below. */
  unitPath: string;
  action?: string;
  entity?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface AdminLogEntry {
  id: string;
  at: string;
  actorName: string;
  actorId: number | null;
  unitName: string;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The log of a subtree, newest first, with the total for paging. */
export async function readAdminLog(
  em: EntityManager,
  query: AdminLogQuery,
): Promise<{ total: number; entries: AdminLogEntry[] }> {
  const where = {
    unitPath: { $like: `${query.unitPath}%` },
    ...(query.action ? { action: query.action } : {}),
    ...(query.entity ? { entity: query.entity } : {}),
    ...(query.from || query.to
      ? { at: { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) } }
      : {}),
  };
  const [rows, total] = await em.findAndCount(AdminChange, where, {
    orderBy: { at: 'desc', id: 'desc' },
    limit: query.limit,
    offset: query.offset,
  });
  return {
    total,
    entries: rows.map((row) => ({
      id: String(row.id),
      at: row.at.toISOString(),
      actorName: row.actorName,
      actorId: row.actor?.id ?? null,
      unitName: row.unitName,
      action: row.action,
      entity: row.entity,
      entityId: row.entityId,
      before: row.before ?? null,
      after: row.after ?? null,
    })),
  };
}
