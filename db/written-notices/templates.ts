import type { EntityManager } from '@mikro-orm/postgresql';
import {
  defaultPrefix,
  defaultTemplates,
  writtenNoticeKinds,
  type WrittenNoticeKind,
} from '../../domain/written-notices';
import { unitIdsOnPath } from '../../domain/actor';
import type { Unit } from '../entities';
import { WrittenNoticeSetting, WrittenNoticeTemplate } from './entities';

/**
 * The body a unit's notices of a kind are written from: its own, else the nearest unit
 * above it that set one (a province's administrators set them for every unit below),
 * else the default.
 */
export async function templateBody(
  em: EntityManager,
  unit: Pick<Unit, 'path'>,
  kind: WrittenNoticeKind,
): Promise<string> {
  const path = unitIdsOnPath(unit.path);
  const set = await em.find(WrittenNoticeTemplate, { unitId: { $in: path }, kind });
  const nearest = set.sort((a, b) => path.indexOf(b.unitId) - path.indexOf(a.unitId))[0];
  return nearest?.body ?? defaultTemplates[kind];
}

/** The unit's prefix in its document numbers: its own, else one made from its name. */
export async function noticePrefix(em: EntityManager, unit: Pick<Unit, 'id' | 'name'>): Promise<string> {
  const own = await em.findOne(WrittenNoticeSetting, { unitId: unit.id });
  return own?.prefix ?? defaultPrefix(unit.name);
}

/** Every kind's body for a unit, saying which are the unit's own. */
export async function unitTemplates(em: EntityManager, unitId: number) {
  const own = new Map((await em.find(WrittenNoticeTemplate, { unitId })).map((t) => [t.kind, t] as const));
  return writtenNoticeKinds.map((kind) => {
    const template = own.get(kind);
    return {
      kind,
      body: template?.body ?? defaultTemplates[kind],
      custom: template !== undefined,
      updatedAt: template?.updatedAt.toISOString() ?? null,
    };
  });
}

/** Saves a unit's body for a kind, checked by the caller against the placeholder rules. */
export async function saveTemplate(
  em: EntityManager,
  input: { unitId: number; kind: WrittenNoticeKind; body: string; staffId: number },
): Promise<void> {
  await em.execute(
    `insert into written_notice_template (unit_id, kind, body, updated_at, updated_by) values (?, ?, ?, now(), ?)
     on conflict (unit_id, kind) do update set body = excluded.body, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by`,
    [input.unitId, input.kind, input.body, input.staffId],
  );
}

/** Goes back to the default body. */
export async function resetTemplate(
  em: EntityManager,
  unitId: number,
  kind: WrittenNoticeKind,
): Promise<void> {
  await em.execute('delete from written_notice_template where unit_id = ? and kind = ?', [unitId, kind]);
}

export async function savePrefix(
  em: EntityManager,
  input: { unitId: number; prefix: string; staffId: number },
): Promise<void> {
  await em.execute(
    `insert into written_notice_setting (unit_id, prefix, updated_at, updated_by) values (?, ?, now(), ?)
     on conflict (unit_id) do update set prefix = excluded.prefix, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by`,
    [input.unitId, input.prefix, input.staffId],
  );
}
