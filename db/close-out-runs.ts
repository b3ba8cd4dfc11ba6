import type { EntityManager } from '@mikro-orm/postgresql';

/** The cases of a unit struck off in a close-out week, read from the timeline: the events say which week struck them. */
export async function struckOffInWeek(em: EntityManager, unitId: number, week: string): Promise<string[]> {
  const rows = await em.getConnection().execute<{ case_number: string }[]>(
    `select e.case_number from case_event e join petition_case p on p.case_number = e.case_number
     where p.unit_id = ? and e.type = 'closed_out' and e.data->>'week' = ? order by e.case_number`,
    [unitId, week],
  );
  return rows.map((r) => r.case_number);
}

/**
 * The units a close-out goes over: every unit (the weekly run), or an office's own
 * subtree (its early run); the deepest first, so a unit's report finds those below closed.
 */
export async function unitsToReport(em: EntityManager, subtreePath = '/'): Promise<number[]> {
  const rows = await em
    .getConnection()
    .execute<{ id: number }[]>('select id from unit where path like ? order by length(path) desc, id', [
      `${subtreePath}%`,
    ]);
  return rows.map((r) => r.id);
}
