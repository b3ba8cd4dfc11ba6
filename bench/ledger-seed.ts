import type { Client } from 'pg';

/**
 * How cases spread over the unit tree: most petitions are brought to villages and
 * townships, few go straight to the county, city or province. Shares of 100.
 */
const shareByLevel: Record<string, number> = { village: 60, township: 25, county: 10, city: 4, province: 1 };

/**
 * Bulk-loads `count` ledger rows in one INSERT … SELECT over generate_series, seeded for
 * repeatable data. About a fifth is open, mostly recent, with the earliest deadline between
 * 30 days past and 60 days ahead; some overdue cases are escalated one level up, with their
 * escalation and deadline rows. Runs on one connection: it uses temporary tables.
 */
export async function seedLedgerCases(client: Client, count: number): Promise<void> {
  await client.query('select setseed(0.2026)');
  await createUnitSlots(client);
  await client.query(insertCases, [count]);
  await client.query(insertEscalations);
  await client.query('vacuum analyze petition_case, escalation, case_deadline, unit, department');
}

/** 100 slots, each a unit, so a random slot picks units by their level's share. */
async function createUnitSlots(client: Client): Promise<void> {
  await client.query(`
    create temporary table bench_unit as
    select u.id as unit_id, u.path, u.level, coalesce(u.parent_id, u.id) as above_id,
           coalesce(
             (select array_agg(d.id) from department d where d.unit_id = u.id and d.kind = 'handling_department'),
             (select array_agg(d.id) from department d where d.unit_id = u.parent_id and d.kind = 'handling_department')
           ) as department_ids
      from unit u`);
  const { rows } = await client.query<{ unit_id: number; level: string }>(
    'select unit_id, level from bench_unit order by unit_id',
  );
  const slots: number[] = [];
  for (const [level, share] of Object.entries(shareByLevel)) {
    const units = rows.filter((u) => u.level === level);
    for (let i = 0; i < share; i++) slots.push(units[i % units.length]!.unit_id);
  }
  await client.query(
    `create temporary table bench_slot as
     select (n - 1)::int as slot, unit_id from unnest($1::int[]) with ordinality as t(unit_id, n)`,
    [slots],
  );
}

const openStatuses = `case
  when r_status < 0.05 then 'registered' when r_status < 0.10 then 'accepted'
  when r_status < 0.13 then 'forwarded' when r_status < 0.68 then 'in_handling'
  when r_status < 0.80 then 'replied' when r_status < 0.85 then 'unsatisfied'
  when r_status < 0.90 then 'under_review' when r_status < 0.92 then 'review_decided'
  when r_status < 0.94 then 'under_re_review' else 'close_out_pending' end`;

/** The last sixth of the cases (about six months) is mostly open; older ones are a 4% backlog (积案). */
const insertCases = `
with draw as (
  select i, floor(random() * 100)::int as slot,
         now() - (($1::int - i) * interval '15 minutes') - random() * interval '10 minutes' as received_at,
         random() as r_open, random() as r_status, random() * 90 - 30 as due_in_days, random() as r_escalate,
         random() as r_anonymous, random() as r_department,
         (array['land','urban','labour','rural','environment','discipline','other'])[1 + floor(random() * 7)::int] as category,
         (array['web','web','visit','visit','letter','phone','qr'])[1 + floor(random() * 7)::int] as channel
    from generate_series(1, $1::int) as i
), shaped as (
  select d.*, u.unit_id, u.path, u.above_id, u.department_ids,
         (i > $1::int * 5 / 6 and r_open < 0.9) or (i <= $1::int * 5 / 6 and r_open < 0.04) as open
    from draw d join bench_slot s using (slot) join bench_unit u using (unit_id)
), cased as (
  select s.*,
         case when open then ${openStatuses} when r_status < 0.8 then 'closed_out' else 'closed' end as status,
         case when open then now() + due_in_days * interval '1 day' end as next_due_at,
         open and due_in_days < 0 and r_escalate < 0.4 as escalated
    from shaped s
)
insert into petition_case (
  case_number, unit_id, unit_path, channel, category, place, summary, request, anonymous,
  complainant_name, complainant_phone, complainant_email, status, handling_department_id,
  next_due_at, next_due_clock, deadline_provisional, escalated_to_unit_id, escalated_at,
  accepted_at, replied_at, closed_at, policy_version, received_at, registered_at, last_event_seq, updated_at)
select 'QL' || to_char(received_at at time zone 'Asia/Shanghai', 'YYYY') || '-' || lpad(i::text, 6, '0'),
       unit_id, path, channel, category,
       (array['城关镇新桥村','柳溪乡柳溪村','石门镇石门村','云岭乡茶园村','东湖县城北开发区'])[1 + i % 5],
       (array['村集体土地流转收益多年未公开，村民多次询问无果，请求公开账目并依法分配。',
              '小区物业长期不履行维修义务，电梯频繁停运，业主委员会多次反映未解决。',
              '工程项目完工后拖欠农民工工资三个月，涉及二十余人，包工头失联。',
              '养殖场污水直排河道，下游村庄饮水受到影响，夏季异味严重。',
              '反映村干部在低保评定中优亲厚友，要求重新评议并公示名单。'])[1 + i % 5],
       '请求依法调查处理并书面答复。',
       r_anonymous < 0.3,
       case when r_anonymous >= 0.3 then '王明' end,
       case when r_anonymous >= 0.3 then '1380000' || lpad((i % 10000)::text, 4, '0') end,
       null,
       status,
       case when status in ('in_handling','replied','unsatisfied','under_review','review_decided',
                            'under_re_review','close_out_pending','closed_out')
            then department_ids[1 + floor(r_department * cardinality(department_ids))::int] end,
       next_due_at,
       case when open then 'handling' end,
       open and r_department < 0.05,
       case when escalated then above_id end,
       case when escalated then next_due_at + (now() - next_due_at) / 2 end,
       case when status not in ('registered','forwarded','closed') then received_at + interval '2 days' end,
       case when status in ('replied','unsatisfied','under_review','review_decided','under_re_review',
                            'close_out_pending','closed_out') then received_at + interval '40 days' end,
       case when not open then received_at + interval '50 days' end,
       '2026.1', received_at, received_at + interval '5 minutes', 6, received_at + interval '50 days'
  from cased`;

/** What a breach leaves behind: the deadline row and the open escalation in the office above. */
const insertEscalations = `
with escalated as (
  insert into case_deadline (case_number, clock, started_at, due_date, due_at, provisional, state,
                             responsible_unit_id, escalate_to, escalated_at, policy_version, last_event_seq)
  select case_number, 'handling', next_due_at - interval '60 days',
         (next_due_at at time zone 'Asia/Shanghai')::date - 1, next_due_at, false, 'escalated',
         unit_id, 'level_above', escalated_at, '2026.1', 5
    from petition_case where escalated_to_unit_id is not null
  returning case_number, responsible_unit_id, escalated_at
)
insert into escalation (case_number, seq, clock, target, from_unit_id, to_unit_id, recipients, escalated_at)
select e.case_number, 5, 'handling', 'level_above', e.responsible_unit_id, c.escalated_to_unit_id, '[]'::jsonb,
       e.escalated_at
  from escalated e join petition_case c using (case_number)`;
