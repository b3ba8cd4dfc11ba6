import type { EntityManager } from '@mikro-orm/postgresql';
import { isoInstant } from './close-out-figures';

/** A campaign-wide look-back (集中回头看) and how far it has got. */
export interface LookBackCampaignView {
  id: number;
  title: string;
  unit: { id: number; name: string };
  closedFrom: string;
  closedTo: string;
  startedAt: string;
  startedBy: string;
  progress: { total: number; asked: number; holds: number; reopened: number; unreachable: number };
}

export type CampaignCaseState = 'asked' | 'holds' | 'reopened' | 'unreachable';

interface CampaignRow {
  id: string;
  title: string;
  unit_id: number;
  unit_name: string;
  path: string;
  closed_from: string;
  closed_to: string;
  /** Raw SQL answers timestamps as text. */
  started_at: string;
  started_by: string;
  total: string;
  asked: string;
  holds: string;
  reopened: string;
  unreachable: string;
}

const campaignSql = `select c.id, c.title, c.unit_id, u.name as unit_name, u.path, c.closed_from::text, c.closed_to::text,
    c.started_at, s.name as started_by,
    count(cc.case_number) as total,
    count(*) filter (where cc.state = 'asked') as asked,
    count(*) filter (where cc.state = 'holds') as holds,
    count(*) filter (where cc.state = 'reopened') as reopened,
    count(*) filter (where cc.state = 'unreachable') as unreachable
  from look_back_campaign c
  join unit u on u.id = c.unit_id
  join staff_member s on s.id = c.started_by_id
  left join look_back_campaign_case cc on cc.campaign_id = c.id`;

const view = (r: CampaignRow): LookBackCampaignView => ({
  id: Number(r.id),
  title: r.title,
  unit: { id: r.unit_id, name: r.unit_name },
  closedFrom: r.closed_from,
  closedTo: r.closed_to,
  startedAt: isoInstant(r.started_at),
  startedBy: r.started_by,
  progress: {
    total: Number(r.total),
    asked: Number(r.asked),
    holds: Number(r.holds),
    reopened: Number(r.reopened),
    unreachable: Number(r.unreachable),
  },
});

/** Campaigns started in the person's subtree, newest first. */
export async function listCampaigns(em: EntityManager, unitPath: string): Promise<LookBackCampaignView[]> {
  const rows = await em
    .getConnection()
    .execute<CampaignRow[]>(
      `${campaignSql} where u.path like ? group by c.id, u.name, u.path, s.name order by c.started_at desc, c.id desc`,
      [`${unitPath}%`],
    );
  return rows.map(view);
}

export async function findCampaign(
  em: EntityManager,
  id: number,
): Promise<(LookBackCampaignView & { unitPath: string }) | null> {
  const [row] = await em
    .getConnection()
    .execute<CampaignRow[]>(`${campaignSql} where c.id = ? group by c.id, u.name, u.path, s.name`, [id]);
  return row ? { ...view(row), unitPath: row.path } : null;
}

export async function campaignCases(em: EntityManager, id: number) {
  const rows = await em
    .getConnection()
    .execute<{ case_number: string; summary: string; state: CampaignCaseState; updated_at: string }[]>(
      `select cc.case_number, p.summary, cc.state, cc.updated_at from look_back_campaign_case cc
     join petition_case p on p.case_number = cc.case_number where cc.campaign_id = ? order by cc.case_number`,
      [id],
    );
  return rows.map((r) => ({
    caseNumber: r.case_number,
    summary: r.summary,
    state: r.state,
    updatedAt: isoInstant(r.updated_at),
  }));
}

export async function createCampaign(
  em: EntityManager,
  c: {
    unitId: number;
    title: string;
    closedFrom: string;
    closedTo: string;
    startedById: number;
    startedAt: string;
  },
): Promise<number> {
  const [row] = await em.getConnection().execute<{ id: string }[]>(
    `insert into look_back_campaign (unit_id, title, closed_from, closed_to, started_by_id, started_at, workflow_id)
     values (?, ?, ?, ?, ?, ?, '') returning id`,
    [c.unitId, c.title, c.closedFrom, c.closedTo, c.startedById, c.startedAt],
  );
  const id = Number(row!.id);
  await em
    .getConnection()
    .execute('update look_back_campaign set workflow_id = ? where id = ?', [
      lookBackCampaignWorkflowId(id),
      id,
    ]);
  return id;
}

export const lookBackCampaignWorkflowId = (id: number) => `look-back-campaign-${id}`;

/**
 * The campaign's cases: closed out (or archived) in its subtree on office dates in
 * its range. Recorded once, as `asked`; a second call finds them already there.
 */
export async function enrolCampaignCases(
  em: EntityManager,
  campaignId: number,
): Promise<{ title: string; caseNumbers: string[] }> {
  const connection = em.getConnection();
  await connection.execute(
    `insert into look_back_campaign_case (campaign_id, case_number, state, updated_at)
     select c.id, p.case_number, 'asked', now()
     from look_back_campaign c
     join unit u on u.id = c.unit_id
     join petition_case p on p.unit_path like u.path || '%'
     where c.id = ? and p.status in ('closed_out', 'archived')
       and (p.closed_at at time zone 'Asia/Shanghai')::date between c.closed_from and c.closed_to
     on conflict do nothing`,
    [campaignId],
  );
  const rows = await connection.execute<{ case_number: string; title: string }[]>(
    `select cc.case_number, c.title from look_back_campaign c
     join look_back_campaign_case cc on cc.campaign_id = c.id
     where c.id = ? and cc.state = 'asked' order by cc.case_number`,
    [campaignId],
  );
  const [campaign] = await connection.execute<{ title: string }[]>(
    'select title from look_back_campaign where id = ?',
    [campaignId],
  );
  return { title: campaign?.title ?? '', caseNumbers: rows.map((r) => r.case_number) };
}

export async function markCampaignCase(
  em: EntityManager,
  campaignId: number,
  caseNumber: string,
  state: CampaignCaseState,
): Promise<void> {
  await em
    .getConnection()
    .execute(
      'update look_back_campaign_case set state = ?, updated_at = now() where campaign_id = ? and case_number = ?',
      [state, campaignId, caseNumber],
    );
}
