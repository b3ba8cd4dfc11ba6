import { Client } from 'pg';
import { encryptIdentity, phoneMatch } from '../db/identity-encryption';
import { benchKeyring } from './private-database';

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
  await client.query(insertCases, [count, ...benchIdentities()]);
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

/**
 * The identities the rows draw from, encrypted once each: SQL cannot encrypt, and a hundred
 * thousand envelopes made one by one would time the seeding instead of the bench.
 */
function benchIdentities(): [string, string[], string[]] {
  const phones = Array.from({ length: 10_000 }, (_, n) => `1380000${String(n).padStart(4, '0')}`);
  return [
    encryptIdentity(benchKeyring, 'complainant_name', '王明'),
    phones.map((phone) => encryptIdentity(benchKeyring, 'complainant_phone', phone)),
    phones.map((phone) => phoneMatch(benchKeyring, phone)!),
  ];
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
  complainant_name, complainant_phone, complainant_email, phone_match, status, handling_department_id,
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
       case when r_anonymous >= 0.3 then $2::text end,
       case when r_anonymous >= 0.3 then ($3::text[])[1 + i % 10000] end,
       null,
       case when r_anonymous >= 0.3 then ($4::text[])[1 + i % 10000] end,
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

/**
 * Gives every seeded case a timeline (全程留痕) that leads to its ledger status, about ten
 * events each, with what the case was after each event (status_after, overdue_after,
 * escalated_after, backlog_after), as the ledger projection writes them: the close-out
 * figures count from these. Open cases reach their status within 50 days of receipt and
 * wait there; a handling deadline 15 days after receipt is breached (overdue, escalated)
 * until the reply; open cases older than 180 days are backlog cases; ended cases are struck
 * off at the Monday 09:00 close-out after they are ready, asked again 30 days later, and
 * one in fifty comes back and is struck off again. Events are inserted in time order, as
 * cases write them, and none lies in the future. Sets close_out_ready_at on most cases
 * waiting for close-out. Run after seedLedgerCases, on the same kind of single connection.
 */
export async function seedTimeline(client: Client): Promise<void> {
  await client.query('select setseed(0.1121)');
  await client.query(closeOutAtFunction);
  await client.query(createTimelinePlan);
  await client.query(createPlannedEvents);
  for (const step of timelineSteps) await client.query(`insert into bench_event ${step}`);
  await client.query(insertTimeline);
  await client.query(markReadyForCloseOut);
  await client.query('vacuum analyze case_event, petition_case');
}

/** The first Monday 09:00 (Asia/Shanghai) at or after an instant: the scheduled close-out of its week. */
const closeOutAtFunction = `
create function pg_temp.close_out_at(t timestamptz) returns timestamp language sql immutable as $$
  select case when monday >= local then monday else monday + interval '7 days' end
    from (select t at time zone 'Asia/Shanghai' as local,
                 date_trunc('week', t at time zone 'Asia/Shanghai') + interval '9 hours' as monday) m
$$`;

/** Each case's path and pace, drawn once so that every step below agrees on them. */
const createTimelinePlan = `
create temporary table bench_plan as
select case_number, received_at as r, status,
       status not in ('closed_out', 'closed') as open,
       case status when 'accepted' then 2 when 'in_handling' then 3 when 'replied' then 4
                   when 'unsatisfied' then 5 when 'under_review' then 6 when 'review_decided' then 7
                   when 'under_re_review' then 8 when 'close_out_pending' then 9 when 'closed_out' then 10
                   else 1 end as stage,
       case when status in ('closed_out', 'closed') then interval '3 days' + random() * interval '57 days'
            else least(now() - received_at, interval '50 days') * 0.95 end as span,
       0.06 + random() * 0.6 as reply_share,
       random() < 0.85 as satisfied,
       random() < 0.02 as comes_back,
       random() < 0.5 as warned
  from petition_case`;

const createPlannedEvents = `
create temporary table bench_event (
  case_number varchar(32), ord int, type varchar(48), occurred_at timestamptz, data jsonb,
  status_set varchar(32), overdue_set boolean, escalated_set boolean, backlog_set boolean)`;

/** When the case was replied to, and whether its handling deadline passed before that. */
const paced = `
  (select p.*, p.r + p.span * p.reply_share as replied_at, p.r + interval '15 days' as due_at,
          pg_temp.close_out_at(p.r + p.span) at time zone 'Asia/Shanghai' as closed_out_at
     from bench_plan p) p`;

/** One INSERT … SELECT per kind of step: (case, order within an instant, type, time, data, what it sets). */
const timelineSteps = [
  `select case_number, 1, 'registered', r + interval '5 minutes', '{}', 'registered', false, false, false
     from bench_plan`,
  `select case_number, 2, case status when 'forwarded' then 'forwarded' else 'not_accepted' end,
          r + span * 0.04, '{}', status, null::boolean, null::boolean, null::boolean
     from bench_plan where status in ('forwarded', 'closed')`,
  `select case_number, 2, 'accepted', r + span * 0.04, '{}', 'accepted', null, null, null
     from bench_plan where stage >= 2`,
  `select case_number, 3, 'dispatched', r + span * 0.05, '{}', 'in_handling', null, null, null
     from bench_plan where stage >= 3`,
  `select case_number, 4, 'assignment_acknowledged', r + span * 0.06, '{}', null, null, null, null
     from bench_plan where stage >= 3`,
  `select case_number, 4, 'progress_reported', r + span * reply_share * t.share, '{}', null, null, null, null
     from bench_plan cross join (values (0.4), (0.8)) as t(share) where stage >= 3`,
  `select case_number, 5, 'deadline_warning', due_at - interval '3 days', '{}', null, null, null, null
     from ${paced} where stage >= 3 and warned and due_at - interval '3 days' < replied_at`,
  `select case_number, 6, 'deadline_escalated', due_at, '{}', null, true, true, null
     from ${paced} where stage >= 3 and due_at < case when stage >= 4 then replied_at else r + span end`,
  `select case_number, 7, 'replied', replied_at, '{}', 'replied', false, false, null
     from ${paced} where stage >= 4`,
  `select case_number, 8, 'reply_delivered', replied_at + span * 0.02, '{}', null, null, null, null
     from ${paced} where stage >= 4`,
  `select case_number, 9, 'evaluated', r + span * 0.85,
          jsonb_build_object('satisfied', stage >= 9 and satisfied),
          case when stage >= 9 and satisfied then 'close_out_pending' else 'unsatisfied' end, null, null, null
     from bench_plan where stage >= 5`,
  `select case_number, 10, 'review_requested', r + span * 0.88, '{}', 'under_review', null, null, null
     from bench_plan where stage between 6 and 8`,
  `select case_number, 11, 'review_decided', r + span * 0.92, '{}', 'review_decided', null, null, null
     from bench_plan where stage between 7 and 8`,
  `select case_number, 12, 're_review_requested', r + span * 0.95, '{}', 'under_re_review', null, null, null
     from bench_plan where stage = 8`,
  `select case_number, 13, 'close_out_signed_off', r + span * 0.9, '{}', 'close_out_pending', null, null, null
     from bench_plan where stage >= 9 and not satisfied`,
  `select case_number, 14, 'closed_out', closed_out_at + random() * interval '2 minutes',
          jsonb_build_object('week', (closed_out_at at time zone 'Asia/Shanghai')::date::text),
          'closed_out', false, false, null
     from ${paced} where stage = 10`,
  `select case_number, 15, 'look_back_asked', closed_out_at + interval '30 days', '{}', null, null, null, null
     from ${paced} where stage = 10`,
  `select case_number, 16, 'look_back_answered', closed_out_at + interval '32 days', '{}', null, null, null, null
     from ${paced} where stage = 10 and not comes_back`,
  `select case_number, 17, 'designated_backlog', r + interval '180 days', '{}', null, null, null, true
     from bench_plan where open`,
  // One in fifty struck off comes back at the look-back, is replied to and struck off again.
  `select case_number, 18, t.type, closed_out_at + t.after, t.data, t.status, null, null, null
     from ${paced}
     cross join (values ('reopened', interval '31 days', '{}'::jsonb, 'in_handling'),
                        ('replied', interval '36 days', '{}', 'replied'),
                        ('evaluated', interval '38 days', '{"satisfied": true}', 'close_out_pending'))
                as t(type, after, data, status)
    where stage = 10 and comes_back`,
  `select case_number, 19, 'closed_out', pg_temp.close_out_at(closed_out_at + interval '38 days')
            at time zone 'Asia/Shanghai' + random() * interval '2 minutes',
          jsonb_build_object('week', pg_temp.close_out_at(closed_out_at + interval '38 days')::date::text),
          'closed_out', null, null, null
     from ${paced} where stage = 10 and comes_back`,
];

/**
 * Numbers the events of each case in time order and carries what each step set forward:
 * the last status set so far, the last overdue and escalated flags, backlog once designated.
 */
const insertTimeline = `
insert into case_event (case_number, seq, type, occurred_at, actor, data, policy_version,
                        status_after, overdue_after, escalated_after, backlog_after)
select case_number, seq, type, occurred_at, 'system', data, '2026.1',
       statuses[cardinality(statuses)], coalesce(overdues[cardinality(overdues)], false),
       coalesce(escalations[cardinality(escalations)], false), backlog
  from (select e.*, row_number() over w as seq,
               array_agg(status_set) filter (where status_set is not null) over w as statuses,
               array_agg(overdue_set) filter (where overdue_set is not null) over w as overdues,
               array_agg(escalated_set) filter (where escalated_set is not null) over w as escalations,
               coalesce(bool_or(backlog_set) over w, false) as backlog
          from bench_event e
         where occurred_at < now()
        window w as (partition by case_number order by occurred_at, ord
                     rows between unbounded preceding and current row)) numbered
 order by occurred_at`;

/** Most cases waiting for close-out meet the rule since their last step; the rest wait for a sign-off. */
const markReadyForCloseOut = `
update petition_case c set close_out_ready_at = e.ready_at
  from (select case_number, max(occurred_at) as ready_at from case_event
         where status_after = 'close_out_pending' group by case_number) e
 where c.case_number = e.case_number and c.status = 'close_out_pending' and random() < 0.7`;

/**
 * A private database filled with `caseCount` bulk-loaded cases and their timeline, said on the
 * console with how long it took; `describe` adds what a bench wants to know of the data.
 */
export async function seedCasesWithTimeline(
  databaseUrl: string,
  caseCount: number,
  describe: (client: Client) => Promise<string> = async () => '',
): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const started = Date.now();
    await seedLedgerCases(client, caseCount);
    await seedTimeline(client);
    const { rows } = await client.query<{ events: number }>('select count(*)::int as events from case_event');
    const more = await describe(client);
    console.log(
      `bulk-loaded ${caseCount} cases (no workflows) with ${rows[0]!.events} timeline events in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s${more ? ` (${more})` : ''}, analyzed`,
    );
  } finally {
    await client.end();
  }
}
