import type { EntityManager } from '@mikro-orm/postgresql';
import { unitIdsOnPath } from '../../domain/actor';
import { intArray } from './sql-arrays';

/**
 * Clearance campaigns (专项活动, e.g. 清零 by 30 September) an office head sets for
 * their unit's subtree: the leader workspace and the close-out board count the days to
 * the nearest one over a unit.
 */
export interface CampaignRow {
  id: number;
  name: string;
  startsOn: string;
  targetDate: string;
  unit: { id: number; code: string; name: string };
  createdBy: string | null;
  createdAt: string | null;
}

export interface CampaignCountdown {
  name: string;
  targetDate: string;
  daysLeft: number;
}

interface Row {
  id: number;
  name: string;
  starts_on: string;
  target_date: string;
  unit_id: number;
  unit_code: string;
  unit_name: string;
  created_by: string | null;
  created_at: Date | string | null;
}

const select = `select c.id, c.name, to_char(c.starts_on, 'YYYY-MM-DD') as starts_on,
    to_char(c.target_date, 'YYYY-MM-DD') as target_date, u.id as unit_id, u.code as unit_code,
    u.name as unit_name, c.created_by, c.created_at
  from campaign c join unit u on u.id = c.unit_id`;

const campaignOf = (row: Row): CampaignRow => ({
  id: row.id,
  name: row.name,
  startsOn: row.starts_on,
  targetDate: row.target_date,
  unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name },
  createdBy: row.created_by,
  createdAt: row.created_at ? new Date(row.created_at).toISOString() : null,
});

const dayMs = 24 * 3600_000;
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / dayMs);

/** The campaigns a person works under: over their unit or above it, and those of the units below. */
export async function campaignsAround(em: EntityManager, unitPath: string): Promise<CampaignRow[]> {
  const rows = await em
    .getConnection()
    .execute<Row[]>(
      `${select} where c.unit_id = any(?::int[]) or u.path like ? order by c.target_date desc, c.id desc`,
      [intArray(unitIdsOnPath(unitPath)), `${unitPath}%`],
    );
  return rows.map(campaignOf);
}

export async function createCampaign(
  em: EntityManager,
  input: { unitId: number; name: string; startsOn: string; targetDate: string; createdBy: string },
): Promise<CampaignRow> {
  const context = em.getTransactionContext();
  const [created] = await em.getConnection().execute<{ id: number }[]>(
    `insert into campaign (unit_id, name, starts_on, target_date, created_by, created_at)
       values (?, ?, ?, ?, ?, now()) returning id`,
    [input.unitId, input.name, input.startsOn, input.targetDate, input.createdBy],
    'all',
    context,
  );
  const [row] = await em
    .getConnection()
    .execute<Row[]>(`${select} where c.id = ?`, [created!.id], 'all', context);
  return campaignOf(row!);
}

/** The campaign over a unit or a unit above it ending soonest from `today` on, with the days left to it. */
export async function campaignCountdown(
  em: EntityManager,
  unitPath: string,
  today: string,
): Promise<CampaignCountdown | null> {
  const [row] = await em
    .getConnection()
    .execute<Row[]>(
      `${select} where c.unit_id = any(?::int[]) and c.target_date >= ? order by c.target_date, c.id limit 1`,
      [intArray(unitIdsOnPath(unitPath)), today],
    );
  return row
    ? { name: row.name, targetDate: row.target_date, daysLeft: daysBetween(today, row.target_date) }
    : null;
}
