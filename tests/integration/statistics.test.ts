import anyTest, { type TestFn } from 'ava';
import { monthFiguresByUnit, pgArray, weekFiguresByUnit } from '../../db/close-out-figures';
import { reportUnit } from '../../db/close-out-weeks';
import { Department, PetitionCase, Unit } from '../../db/entities';
import { officePeriod, statistics, type Statistics, type StatisticsFigures } from '../../db/statistics';
import { countedCases } from '../../db/statistics-cases';
import { countNames } from '../../db/statistics-counted';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { openStatuses } from '../../domain/case';
import { categories, channels } from '../../domain/petition';
import { officeDateOf } from '../../domain/time';
import { eventually, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/**
 * The statistics against the timeline: a handful of cases in 城关镇's villages driven
 * through the API, and every figure counted again here, in plain code, from the same
 * case_event rows.
 */

interface Context extends StackContext {
  clerk: StaffSession;
  townshipId: number;
  /** Before the first case and after the first round of steps. */
  start: string;
  midway: string;
  /** The statistics of [start, midway), counted right at midway. */
  atMidway: unknown;
  cases: string[];
}

const test = anyTest as TestFn<Context>;
useTestStack(test);

const township = '990101001'; // 城关镇
const villages = ['990101001002', '990101001001']; // 新桥村, 河东社区
const sideTownship = '990101002'; // 柳溪乡
const sideVillage = '990101002001'; // 柳溪村
const quickClosureDays = policyFor(currentPolicyVersion).reporting.quickClosureDays;

interface Row {
  case_number: string;
  seq: number;
  type: string;
  at: Date;
  data: Record<string, unknown>;
  unit_path: string;
  category: string;
  kind: string;
  status_after: string | null;
  overdue_after: boolean | null;
  backlog_after: boolean | null;
}

async function timeline(app: TestApp): Promise<Row[]> {
  const rows = await app.orm.em.fork().execute<(Omit<Row, 'at'> & { at: string })[]>(
    `select e.case_number, e.seq, e.type, e.occurred_at as at, e.data, c.unit_path, c.category, c.kind,
            e.status_after, e.overdue_after, e.backlog_after
       from case_event e join petition_case c on c.case_number = e.case_number order by e.case_number, e.seq`,
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at) }));
}

/** The figures counted by hand from the timeline, for the cases `belongs` picks, over [from, to). */
function countFrom(
  rows: Row[],
  belongs: (r: Row) => boolean,
  from: string,
  to: string,
  minimum = 5,
): StatisticsFigures {
  const inPeriod = (r: Row) => r.at.getTime() >= Date.parse(from) && r.at.getTime() < Date.parse(to);
  const mine = rows.filter(belongs);
  const petitions = mine.filter((r) => r.kind !== 'consultation');
  const counted = petitions.filter(inPeriod);
  const n = (type: string, more: (r: Row) => boolean = () => true) =>
    counted.filter((r) => r.type === type && more(r)).length;
  const byCase = new Map<string, Row[]>();
  for (const r of petitions) byCase.set(r.case_number, [...(byCase.get(r.case_number) ?? []), r]);
  let replied = 0;
  let quickly = 0;
  let inTime = 0;
  for (const events of byCase.values()) {
    const first = events.find((e) => e.type === 'replied' || e.type === 'forward_feedback');
    if (!first || !inPeriod(first)) continue;
    replied += 1;
    const registered = events.find((e) => e.type === 'registered')!;
    if (first.at.getTime() - registered.at.getTime() <= quickClosureDays * 86_400_000) quickly += 1;
    const breached = events.some(
      (e) =>
        e.seq < first.seq &&
        ['handling', 'forwardFeedback'].includes(String(e.data.clock)) &&
        (e.type === 'deadline_escalated' ||
          e.type === 'deadline_lapsed' ||
          (e.type === 'deadline_warning' && e.data.breached === true)),
    );
    if (!breached) inTime += 1;
  }
  const wasBacklog = (r: Row) =>
    byCase.get(r.case_number)!.some((e) => e.seq < r.seq && e.type === 'designated_backlog');
  // Each case's state at an instant: what its last event with a state before it left.
  const stateAt = (events: Row[], instant: string) =>
    events.filter((e) => e.status_after !== null && e.at.getTime() < Date.parse(instant)).at(-1);
  const open = (e: Row | undefined) => e !== undefined && openStatuses.includes(e.status_after as never);
  const states = {
    openAtStart: 0,
    backlogAtStart: 0,
    openAtEnd: 0,
    overdueAtEnd: 0,
    backlogAtEnd: 0,
    everOverdue: 0,
  };
  for (const events of byCase.values()) {
    const atFrom = stateAt(events, from);
    const atTo = stateAt(events, to);
    if (open(atFrom)) states.openAtStart += 1;
    if (open(atFrom) && atFrom!.backlog_after) states.backlogAtStart += 1;
    if (open(atTo)) states.openAtEnd += 1;
    if (open(atTo) && atTo!.overdue_after) states.overdueAtEnd += 1;
    if (open(atTo) && atTo!.backlog_after) states.backlogAtEnd += 1;
    if ((open(atFrom) && atFrom!.overdue_after) || events.some((e) => inPeriod(e) && e.overdue_after)) {
      states.everOverdue += 1;
    }
  }
  const disposed = (disposal: string) => n('report_classified', (r) => r.data.disposal === disposal);
  const reasons = new Map<string, number>();
  for (const r of counted.filter((r) => r.type === 'not_accepted')) {
    const reason = typeof r.data.reason === 'string' ? r.data.reason : '';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const rate = (numerator: number, denominator: number) => ({
    numerator,
    denominator,
    rate: denominator >= minimum && denominator > 0 ? numerator / denominator : null,
  });
  const received = n('registered');
  const accepted = n('accepted') + n('routed_to_discipline');
  const evaluations = n('evaluated');
  const satisfied = n('evaluated', (r) => r.data.satisfied === true);
  return {
    received,
    receivedByChannel: channels.map((channel) => ({
      channel,
      count: n('registered', (r) => r.data.channel === channel),
    })),
    consultations: mine.filter((r) => r.kind === 'consultation' && r.type === 'registered' && inPeriod(r))
      .length,
    accepted,
    notAccepted: n('not_accepted'),
    notAcceptedByReason: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    forwarded: n('forwarded'),
    dispatched: new Set(counted.filter((r) => r.type === 'dispatched').map((r) => r.case_number)).size,
    replied,
    repliedQuickly: quickly,
    repliedInTime: inTime,
    escalated: n('deadline_escalated'),
    evaluations,
    satisfied,
    reviewsRequested: n('review_requested'),
    reReviewsRequested: n('re_review_requested'),
    closedOut: n('closed_out'),
    reopened: n('reopened'),
    backlogDesignated: n('designated_backlog'),
    backlogClosedOut: n('closed_out', wasBacklog),
    disposedByTalkInquiry: disposed('talk_inquiry'),
    disposedByPreliminaryVerification: disposed('preliminary_verification'),
    disposedByHold: disposed('hold'),
    disposedByClose: disposed('close'),
    repeatsLinked: n('repeat_petition_linked'),
    casesOpened: n(
      'report_concluded',
      (r) => typeof r.data.caseOpened === 'string' && r.data.caseOpened !== '',
    ),
    ...states,
    rates: {
      acceptance: rate(accepted, received),
      quickReply: rate(quickly, replied),
      satisfaction: rate(satisfied, evaluations),
    },
  };
}

async function registered(app: TestApp, unitCode: string, category: string): Promise<string> {
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode, category }));
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  return caseNumber;
}

async function counted(app: TestApp, unitId: number, from: string, to: string, minimumForRate?: number) {
  const em = app.orm.em.fork();
  const unit = (await reportUnit(em, unitId))!;
  return statistics(em, { unit, from, to, quickClosureDays, ...(minimumForRate ? { minimumForRate } : {}) });
}

/** All but the stages, which are counted now and change with every step of any case. */
const ofPeriod = <T extends Pick<Statistics, 'byStage'>>({ byStage: _, ...rest }: T) => rest;

const ok = <T extends { status: number; text: string }>(
  t: { is: (a: unknown, b: unknown, m?: string) => void },
  answer: T,
) => {
  t.is(answer.status, 200, answer.text);
  return answer;
};

test.serial.before(async (t) => {
  const { app } = t.context;
  const em = app.orm.em.fork();
  t.context.clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
  const clerk = t.context.clerk;
  t.context.townshipId = (await em.findOneOrFail(Unit, { code: township })).id;
  const department = await em.findOneOrFail(Department, { code: `${township}-zz` });
  t.context.start = new Date().toISOString();

  const cases = [
    await registered(app, villages[0]!, 'land'),
    await registered(app, villages[0]!, 'land'),
    await registered(app, villages[1]!, 'urban'),
  ];
  const visit = await clerk.post('/api/v1/staff/petitions', {
    channel: 'visit',
    ...aPetition({ unitCode: villages[1], category: 'labour' }),
  });
  t.is(visit.status, 201, visit.text);
  const visitCase = visit.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber: visitCase })) ? true : undefined,
  );
  cases.push(visitCase);
  const [a, b, c, d] = cases as [string, string, string, string];
  t.context.cases = cases;

  ok(t, await clerk.act(a, 'triage', { decision: 'accept' }));
  ok(t, await clerk.act(b, 'triage', { decision: 'accept' }));
  ok(t, await clerk.act(c, 'triage', { decision: 'not_accept', reason: '已经或者依法应当通过诉讼解决' }));
  ok(t, await clerk.act(d, 'triage', { decision: 'accept' }));
  ok(t, await clerk.act(a, 'dispatch', { departmentId: department.id }));
  ok(t, await clerk.act(b, 'dispatch', { departmentId: department.id }));
  ok(t, await handler.act(a, 'reply', { text: '经核实，补偿款已于本月发放到位。' }));
  ok(t, await clerk.act(a, 'evaluate', { satisfied: true }));

  t.context.midway = new Date().toISOString();
  t.context.atMidway = ofPeriod(await counted(app, t.context.townshipId, t.context.start, t.context.midway));

  // Later events: they change today, never the period that ended before them.
  ok(t, await handler.act(b, 'reply', { text: '经核实，已督促整改。' }));
  ok(t, await clerk.act(b, 'evaluate', { satisfied: false }));
});

test('every figure equals a count made from the timeline, as of the steps driven', async (t) => {
  const { app, start, midway } = t.context;
  const rows = await timeline(app);
  const townshipPath = (await reportUnit(app.orm.em.fork(), t.context.townshipId))!.path;
  const inTownship = (r: Row) => r.unit_path.startsWith(townshipPath);
  t.deepEqual(t.context.atMidway, ofPeriod(await counted(app, t.context.townshipId, start, midway)));
  const figures = (t.context.atMidway as { figures: StatisticsFigures }).figures;
  t.deepEqual(figures, countFrom(rows, inTownship, start, midway));
  // The steps driven before midway.
  t.is(figures.received, 4);
  t.deepEqual(
    figures.receivedByChannel.filter((c) => c.count > 0),
    [
      { channel: 'web', count: 3 },
      { channel: 'visit', count: 1 },
    ],
  );
  t.is(figures.accepted, 3);
  t.is(figures.notAccepted, 1);
  t.deepEqual(figures.notAcceptedByReason, [{ reason: '已经或者依法应当通过诉讼解决', count: 1 }]);
  t.is(figures.dispatched, 2);
  t.is(figures.replied, 1);
  t.is(figures.repliedQuickly, 1);
  t.is(figures.repliedInTime, 1);
  t.is(figures.evaluations, 1);
  t.is(figures.satisfied, 1);
  // Four received is under the minimum of five: no rate, but what it would be made of.
  t.deepEqual(figures.rates.acceptance, { numerator: 3, denominator: 4, rate: null });
  const lowMinimum = await counted(app, t.context.townshipId, start, midway, 4);
  t.deepEqual(lowMinimum.figures.rates.acceptance, { numerator: 3, denominator: 4, rate: 0.75 });
});

test('a period that ended before later events gives the same numbers when counted again after them', async (t) => {
  const { app, start, midway } = t.context;
  t.deepEqual(ofPeriod(await counted(app, t.context.townshipId, start, midway)), t.context.atMidway);
  const sinceStart = await counted(app, t.context.townshipId, start, new Date().toISOString());
  t.is(sinceStart.figures.replied, 2);
  t.is(sinceStart.figures.evaluations, 2);
  t.is(sinceStart.figures.satisfied, 1);
});

test('by child unit and by category: each is the timeline count of its part, and the children add up to the township less its own cases', async (t) => {
  const { app, start } = t.context;
  const to = new Date().toISOString();
  const rows = await timeline(app);
  const stats = await counted(app, t.context.townshipId, start, to);
  const townshipPath = (await reportUnit(app.orm.em.fork(), t.context.townshipId))!.path;
  t.deepEqual(stats.byUnit.map((u) => u.unit.code).sort(), [...villages].sort());
  for (const { unit, figures } of stats.byUnit) {
    const path = (await reportUnit(app.orm.em.fork(), unit.id))!.path;
    t.deepEqual(
      figures,
      countFrom(rows, (r) => r.unit_path.startsWith(path), start, to),
      unit.code,
    );
  }
  const own = countFrom(rows, (r) => r.unit_path === townshipPath, start, to);
  for (const name of [
    'received',
    'accepted',
    'notAccepted',
    'dispatched',
    'replied',
    'evaluations',
    'satisfied',
  ] as const) {
    t.is(stats.byUnit.reduce((sum, u) => sum + u.figures[name], 0) + own[name], stats.figures[name], name);
  }
  t.deepEqual(
    stats.byCategory.map((c) => c.category),
    [...categories],
  );
  for (const { category, figures } of stats.byCategory) {
    t.deepEqual(
      figures,
      countFrom(rows, (r) => r.unit_path.startsWith(townshipPath) && r.category === category, start, to),
      category,
    );
  }
  t.is(stats.byCategory.find((c) => c.category === 'land')!.figures.received, 2);
});

test('the API counts office dates for the person’s unit; a unit outside it is 404, bad dates are 422 with a message', async (t) => {
  const { app, clerk } = t.context;
  const today = officeDateOf(new Date());
  const tomorrow = officeDateOf(Date.now() + 86_400_000);
  const answer = await clerk.get(`/api/v1/staff/statistics?from=${today}&to=${tomorrow}`);
  t.is(answer.status, 200);
  t.is(answer.json.unit.code, township);
  const period = officePeriod(today, tomorrow);
  const expected = await counted(app, t.context.townshipId, period.from, period.to);
  t.deepEqual(ofPeriod(answer.json), ofPeriod({ ...expected, from: today, to: tomorrow, minimumForRate: 5 }));

  const em = app.orm.em.fork();
  const sideId = (await em.findOneOrFail(Unit, { code: sideTownship })).id;
  const outside = await clerk.get(`/api/v1/staff/statistics?from=${today}&to=${tomorrow}&unitId=${sideId}`);
  t.is(outside.status, 404);
  t.regex(outside.json.error.message, /管辖范围/);
  t.is(
    (await clerk.get(`/api/v1/staff/statistics?from=${today}&to=${tomorrow}&unitId=99999999`)).status,
    404,
  );

  const badDate = await clerk.get(`/api/v1/staff/statistics?from=2026-02-30&to=${tomorrow}`);
  t.is(badDate.status, 422);
  t.true(badDate.json.error.details.some((d: { field: string }) => d.field === 'from'));
  const backwards = await clerk.get('/api/v1/staff/statistics?from=2026-05-02&to=2026-05-01');
  t.is(backwards.status, 422);
  t.regex(JSON.stringify(backwards.json.error.details), /结束日期不能早于开始日期/);
  const tooLong = await fetch(`${app.baseUrl}/api/v1/staff/statistics?from=2010-01-01&to=2020-01-02`, {
    headers: { cookie: clerk.cookie, 'accept-language': 'en' },
  });
  t.is(tooLong.status, 422);
  t.regex(await tooLong.text(), /at most 10 years/);
  t.is((await clerk.get('/api/v1/staff/statistics?from=2010-01-01&to=2020-01-01')).status, 200);

  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
  t.is((await handler.get(`/api/v1/staff/statistics?from=${today}&to=${tomorrow}`)).status, 403);
});

/** What an event left its case in: status, overdue, a backlog case (the *_after columns). */
type State = [status: string, overdue: boolean, backlog: boolean];

/** A case written straight into the ledger and timeline, for what the API cannot drive in a test's time. */
async function writeCase(
  app: TestApp,
  caseNumber: string,
  unitCode: string,
  accusedUnitId: number | null,
  events: [type: string, instant: string, data?: Record<string, unknown>, state?: State][],
  {
    category = 'environment',
    kind = 'petition',
    status = 'replied',
  }: { category?: string; kind?: string; status?: string } = {},
): Promise<void> {
  const em = app.orm.em.fork();
  const unit = await em.findOneOrFail(Unit, { code: unitCode });
  await em.execute(
    `insert into petition_case (case_number, unit_id, unit_path, channel, category, place, summary, request,
       anonymous, status, deadline_provisional, policy_version, received_at, registered_at, last_event_seq,
       updated_at, accused_unit_id, kind)
     values (?, ?, ?, 'letter', ?, '城关镇', '排污问题', '请求处理', false, ?, false,
       '2026.1', ?, ?, ?, ?, ?, ?)`,
    [
      caseNumber,
      unit.id,
      unit.path,
      category,
      status,
      events[0]![1],
      events[0]![1],
      events.length,
      events.at(-1)![1],
      accusedUnitId,
      kind,
    ],
  );
  for (const [i, [type, instant, data, state]] of events.entries()) {
    await em.execute(
      `insert into case_event (case_number, seq, type, occurred_at, actor, data, policy_version,
         status_after, overdue_after, backlog_after)
       values (?, ?, ?, ?, 'system', ?::jsonb, '2026.1', ?, ?, ?)`,
      [caseNumber, i + 1, type, instant, JSON.stringify(data ?? {}), ...(state ?? [null, null, null])],
    );
  }
}

test('a reply after the handling deadline was breached is not in time; a forward feedback is a reply; a case accusing the unit is counted', async (t) => {
  const { app, clerk, townshipId } = t.context;
  const at = (local: string) => new Date(`${local}+08:00`).toISOString();
  // Late: escalated on the handling clock, dispatched twice, replied after 70 days, a review asked for.
  await writeCase(app, 'QLT2025-S0001', villages[1]!, null, [
    ['registered', at('2025-03-03T09:00:00'), { channel: 'letter' }],
    ['accepted', at('2025-03-03T10:00:00')],
    ['dispatched', at('2025-03-03T11:00:00')],
    ['dispatched', at('2025-03-05T11:00:00')],
    ['deadline_escalated', at('2025-05-06T00:00:00'), { clock: 'handling', target: 'office_above' }],
    ['replied', at('2025-05-12T09:00:00'), { text: '已整改' }],
    ['review_requested', at('2025-05-20T09:00:00'), { reason: '不满意' }],
  ]);
  // Forwarded, its feedback within three days; it accuses 城关镇 itself (Art. 30), and still counts.
  await writeCase(app, 'QLT2025-S0002', villages[0]!, townshipId, [
    ['registered', at('2025-03-10T09:00:00'), { channel: 'letter' }],
    ['forwarded', at('2025-03-10T10:00:00'), { forwardTo: '市生态环境局', reason: '职责' }],
    ['forward_feedback', at('2025-03-13T09:00:00'), { text: '已处理' }],
    ['replied', at('2025-03-20T09:00:00'), { text: '再次答复' }],
  ]);
  const answer = await clerk.get('/api/v1/staff/statistics?from=2025-03-01&to=2025-06-01');
  t.is(answer.status, 200);
  const figures = answer.json.figures as StatisticsFigures;
  const townshipPath = (await reportUnit(app.orm.em.fork(), townshipId))!.path;
  const period = officePeriod('2025-03-01', '2025-06-01');
  t.deepEqual(
    figures,
    countFrom(await timeline(app), (r) => r.unit_path.startsWith(townshipPath), period.from, period.to),
  );
  t.like(figures, {
    received: 2,
    accepted: 1,
    forwarded: 1,
    dispatched: 1,
    replied: 2,
    repliedQuickly: 1,
    repliedInTime: 1,
    escalated: 1,
    reviewsRequested: 1,
  });
  t.is(figures.receivedByChannel.find((c) => c.channel === 'letter')!.count, 2);
  // The month before the reply: the late case is not replied yet.
  const march = await clerk.get('/api/v1/staff/statistics?from=2025-03-01&to=2025-04-01');
  t.like(march.json.figures, { received: 2, replied: 1, repliedInTime: 1, escalated: 0 });
});

test('the drill-down lists the lines each figure counts; a case accusing the reader’s unit is counted as withheld, listed to the unit above', async (t) => {
  const { app, clerk, townshipId } = t.context;
  const at = (local: string) => new Date(`${local}+08:00`).toISOString();
  await writeCase(
    app,
    'QLT2024-D0001',
    villages[0]!,
    null,
    [
      ['registered', at('2024-04-01T09:00:00'), { channel: 'web' }],
      ['accepted', at('2024-04-01T10:00:00')],
      ['dispatched', at('2024-04-01T11:00:00')],
      ['dispatched', at('2024-04-02T11:00:00')],
      ['replied', at('2024-04-03T09:00:00'), { text: '已办' }],
      ['evaluated', at('2024-04-05T09:00:00'), { satisfied: true }],
      ['review_requested', at('2024-04-10T09:00:00'), { reason: '复查' }],
      ['re_review_requested', at('2024-05-10T09:00:00'), { reason: '复核' }],
    ],
    { category: 'land' },
  );
  // It accuses 城关镇: the township's clerk counts it and never sees it.
  await writeCase(
    app,
    'QLT2024-D0002',
    villages[1]!,
    townshipId,
    [
      ['registered', at('2024-04-08T09:00:00'), { channel: 'visit' }],
      ['accepted', at('2024-04-08T10:00:00')],
      ['dispatched', at('2024-04-08T11:00:00')],
      ['deadline_escalated', at('2024-06-10T00:00:00'), { clock: 'handling', target: 'office_above' }],
      ['replied', at('2024-06-20T09:00:00'), { text: '已办' }],
      ['evaluated', at('2024-06-25T09:00:00'), { satisfied: false }],
    ],
    { category: 'urban' },
  );
  await writeCase(app, 'QLT2024-D0003', villages[0]!, null, [
    ['registered', at('2024-05-01T09:00:00'), { channel: 'letter' }],
    ['not_accepted', at('2024-05-02T09:00:00'), { reason: '不属于受理范围' }],
  ]);
  await writeCase(app, 'QLT2024-D0004', villages[1]!, null, [
    ['registered', at('2024-05-03T09:00:00'), { channel: 'phone' }],
    ['forwarded', at('2024-05-03T10:00:00'), { forwardTo: '县人社局', reason: '职责' }],
    ['forward_feedback', at('2024-05-06T09:00:00'), { text: '已处理' }],
  ]);
  await writeCase(app, 'QLT2024-D0005', villages[0]!, null, [['registered', at('2024-05-04T09:00:00')]], {
    kind: 'consultation',
  });
  // Registered the year before, replied in the period: counted as replied, not as received.
  await writeCase(app, 'QLT2024-D0006', villages[0]!, null, [
    ['registered', at('2023-12-20T09:00:00'), { channel: 'letter' }],
    ['accepted', at('2023-12-20T10:00:00')],
    ['replied', at('2024-01-10T09:00:00'), { text: '已办' }],
  ]);

  // Reports to the discipline body: disposed of two ways, one case opened (立案).
  await writeCase(
    app,
    'QLT2024-D0007',
    villages[1]!,
    null,
    [
      ['registered', at('2024-07-01T09:00:00'), { channel: 'qr' }],
      ['routed_to_discipline', at('2024-07-01T10:00:00')],
      [
        'report_classified',
        at('2024-07-03T10:00:00'),
        { disposal: 'preliminary_verification', reason: '线索具体' },
      ],
      [
        'report_concluded',
        at('2024-08-03T10:00:00'),
        { finding: 'substantiated', caseOpened: '纪立〔2024〕3号' },
      ],
    ],
    { category: 'discipline', kind: 'report' },
  );
  await writeCase(
    app,
    'QLT2024-D0008',
    villages[1]!,
    null,
    [
      ['registered', at('2024-07-02T09:00:00'), { channel: 'qr' }],
      ['routed_to_discipline', at('2024-07-02T10:00:00')],
      ['report_classified', at('2024-07-04T10:00:00'), { disposal: 'close', reason: '无实质内容' }],
      ['report_concluded', at('2024-07-04T10:00:01'), { finding: null, caseOpened: null }],
    ],
    { category: 'discipline', kind: 'report' },
  );
  // A backlog case (积案) open all year: overdue, replied, struck off, and back again.
  await writeCase(app, 'QLT2024-D0009', villages[0]!, null, [
    ['registered', at('2023-11-01T09:00:00'), { channel: 'visit' }, ['registered', false, false]],
    ['designated_backlog', at('2023-12-01T09:00:00'), {}, ['in_handling', false, true]],
    ['deadline_escalated', at('2024-02-01T00:00:00'), { clock: 'backlogPlan' }, ['in_handling', true, true]],
    ['replied', at('2024-03-01T09:00:00'), { text: '已化解' }, ['close_out_pending', false, true]],
    ['closed_out', at('2024-03-11T09:00:05'), { week: '2024-03-11' }, ['closed_out', false, true]],
    ['reopened', at('2024-06-01T09:00:00'), { reason: '复发' }, ['in_handling', false, true]],
    ['closed_out', at('2025-01-13T09:00:05'), { week: '2025-01-13' }, ['closed_out', false, true]],
  ]);
  // Overdue at the end of the year, and accusing 城关镇: counted there, listed above it.
  // (Both are struck off after the year, so the other tests' periods do not find them open.)
  await writeCase(app, 'QLT2024-D0010', villages[0]!, townshipId, [
    ['registered', at('2024-10-08T09:00:00'), { channel: 'web' }, ['registered', false, false]],
    ['accepted', at('2024-10-08T10:00:00'), {}, ['accepted', false, false]],
    ['deadline_escalated', at('2024-12-20T00:00:00'), { clock: 'handling' }, ['accepted', true, false]],
    ['closed_out', at('2025-01-13T09:00:05'), { week: '2025-01-13' }, ['closed_out', false, false]],
  ]);

  const period = 'from=2024-01-01&to=2025-01-01';
  const stats = (await clerk.get(`/api/v1/staff/statistics?${period}`)).json;
  const lines = async (reader: StaffSession, query: string) => {
    const answer = await reader.get(`/api/v1/staff/statistics/cases?${period}&pageSize=100&${query}`);
    t.is(answer.status, 200, JSON.stringify(answer.json));
    return answer.json as { items: { caseNumber: string; at: string }[]; total: number; withheld: number };
  };
  const figureNames = Object.keys(stats.figures).filter((name) => typeof stats.figures[name] === 'number');
  t.is(figureNames.length, countNames.length);
  t.like(stats.figures, {
    received: 7,
    closedOut: 1,
    backlogClosedOut: 1,
    reopened: 1,
    disposedByPreliminaryVerification: 1,
    disposedByClose: 1,
    casesOpened: 1,
    openAtStart: 1,
    backlogAtStart: 1,
    openAtEnd: 2,
    backlogAtEnd: 1,
    overdueAtEnd: 1,
    everOverdue: 2,
  });
  const written = await timeline(app);
  const townshipPath = (await reportUnit(app.orm.em.fork(), townshipId))!.path;
  const year = officePeriod('2024-01-01', '2025-01-01');
  t.deepEqual(
    stats.figures,
    countFrom(written, (r) => r.unit_path.startsWith(townshipPath), year.from, year.to),
  );
  const narrowed = ['received', 'dispatched', 'repliedQuickly', 'casesOpened', 'overdueAtEnd', 'everOverdue'];
  for (const figure of figureNames) {
    const whole = await lines(clerk, `figure=${figure}`);
    t.is(whole.total + whole.withheld, stats.figures[figure], figure);
    t.is(whole.items.length, whole.total, figure);
    t.false(
      whole.items.some((i) => i.caseNumber === 'QLT2024-D0002'),
      `${figure}: the case accusing the township is not listed to it`,
    );
    // Narrowing is one condition for every figure: checked on a figure of each shape.
    if (!narrowed.includes(figure)) continue;
    for (const { category, figures } of stats.byCategory) {
      const part = await lines(clerk, `figure=${figure}&category=${category}`);
      t.is(part.total + part.withheld, figures[figure], `${figure} ${category}`);
    }
    for (const { unit, figures } of stats.byUnit) {
      const part = await lines(clerk, `figure=${figure}&childUnitId=${unit.id}`);
      t.is(part.total + part.withheld, figures[figure], `${figure} ${unit.code}`);
    }
  }
  for (const { channel, count } of stats.figures.receivedByChannel) {
    const part = await lines(clerk, `figure=received&channel=${channel}`);
    t.is(part.total + part.withheld, count, channel);
  }

  const received = await lines(clerk, 'figure=received');
  t.deepEqual(
    received.items.map((i) => i.caseNumber),
    ['QLT2024-D0008', 'QLT2024-D0007', 'QLT2024-D0004', 'QLT2024-D0003', 'QLT2024-D0001'],
  );
  t.is(received.withheld, 2);
  const dispatched = await lines(clerk, 'figure=dispatched');
  t.deepEqual(
    dispatched.items.map((i) => [i.caseNumber, i.at]),
    [['QLT2024-D0001', at('2024-04-01T11:00:00')]],
  );
  const replied = await lines(clerk, 'figure=replied');
  t.deepEqual(replied.items.map((i) => i.caseNumber).sort(), [
    'QLT2024-D0001',
    'QLT2024-D0004',
    'QLT2024-D0006',
    'QLT2024-D0009',
  ]);
  const county = await signIn(app.baseUrl, demoAccount.clerk('990101'));
  const seenAbove = await lines(county, `figure=escalated&unitId=${townshipId}`);
  t.deepEqual(
    seenAbove.items.map((i) => i.caseNumber),
    ['QLT2024-D0010', 'QLT2024-D0002', 'QLT2024-D0009'],
  );
  t.is(seenAbove.withheld, 0);
  const overdue = await lines(county, `figure=overdueAtEnd&unitId=${townshipId}`);
  t.deepEqual(
    overdue.items.map((i) => [i.caseNumber, i.at]),
    [['QLT2024-D0010', at('2024-12-20T00:00:00')]],
  );
  t.like(await lines(clerk, 'figure=overdueAtEnd'), { total: 0, withheld: 1 });

  const pages = [];
  for (const page of [1, 2, 3, 4]) {
    pages.push(
      await clerk.get(`/api/v1/staff/statistics/cases?${period}&figure=received&pageSize=2&page=${page}`),
    );
  }
  const firstPage = pages[0]!;
  t.like(pages[3]!.json, { items: [], total: 5, withheld: 2, page: 4 });
  t.like(firstPage.json, { total: 5, withheld: 2, page: 1, pageSize: 2, figure: 'received' });
  t.deepEqual(
    pages.flatMap((p) => p.json.items).map((i: { caseNumber: string }) => i.caseNumber),
    received.items.map((i) => i.caseNumber),
  );
  t.like(firstPage.json.items[0], {
    caseNumber: 'QLT2024-D0008',
    category: 'discipline',
    channel: 'qr',
    unit: { code: villages[1] },
    status: 'replied',
    at: at('2024-07-02T09:00:00'),
  });

  const badFigure = await clerk.get(`/api/v1/staff/statistics/cases?${period}&figure=overdueSoon`);
  t.is(badFigure.status, 422);
  t.true(badFigure.json.error.details.some((d: { field: string }) => d.field === 'figure'));
  const tooBig = await clerk.get(
    `/api/v1/staff/statistics/cases?${period}&figure=received&childUnitId=3000000000`,
  );
  t.is(tooBig.status, 422);
  t.true(tooBig.json.error.details.some((d: { field: string }) => d.field === 'childUnitId'));
  const sideId = (await app.orm.em.fork().findOneOrFail(Unit, { code: sideTownship })).id;
  t.is(
    (await clerk.get(`/api/v1/staff/statistics/cases?${period}&figure=received&childUnitId=${sideId}`))
      .status,
    404,
  );
  t.is(
    (await clerk.get(`/api/v1/staff/statistics/cases?${period}&figure=received&unitId=${sideId}`)).status,
    404,
  );
  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
  t.is((await handler.get(`/api/v1/staff/statistics/cases?${period}&figure=received`)).status, 403);
});

// In 柳溪乡, where no other test writes a case: the stages are counted over all of them, now.
test('breakdowns: by level, by stage now, week and month steps, and the recurring problems against the period before', async (t) => {
  const { app } = t.context;
  const at = (local: string) => new Date(`${local}+08:00`).toISOString();
  const land = { category: 'land' };
  // 新桥村's land cases: one the quarter before, three in it, a repeat linked to one of them.
  await writeCase(app, 'QLT2022-B0001', sideVillage, null, [['registered', at('2021-11-02T09:00:00')]], land);
  await writeCase(app, 'QLT2022-B0002', sideVillage, null, [['registered', at('2022-01-04T09:00:00')]], land);
  await writeCase(
    app,
    'QLT2022-B0003',
    sideVillage,
    null,
    [
      ['registered', at('2022-01-12T09:00:00'), {}, ['registered', false, false]],
      ['accepted', at('2022-01-12T10:00:00'), {}, ['accepted', false, false]],
      ['dispatched', at('2022-01-14T10:00:00'), {}, ['in_handling', false, false]],
      [
        'repeat_petition_linked',
        at('2022-02-20T10:00:00'),
        { caseNumber: 'QL2022-000009' },
        ['in_handling', false, false],
      ],
    ],
    { ...land, status: 'in_handling' },
  );
  await writeCase(app, 'QLT2022-B0004', sideVillage, null, [['registered', at('2022-03-30T09:00:00')]], land);
  await writeCase(app, 'QLT2022-B0005', sideTownship, null, [['registered', at('2022-02-01T09:00:00')]], {
    category: 'urban',
  });

  const now = new Date(at('2022-03-01T12:00:00'));
  const em = app.orm.em.fork();
  const unit = (await reportUnit(em, (await em.findOneOrFail(Unit, { code: sideTownship })).id))!;
  const quarter = officePeriod('2022-01-01', '2022-04-01');
  const stats = await statistics(em, { unit, ...quarter, quickClosureDays, now });

  const village = stats.byLevel.find((l) => l.level === 'village')!;
  const own = stats.byLevel.find((l) => l.level === 'township')!;
  t.is(village.figures.received, 3);
  t.is(own.figures.received, 1);
  t.is(
    village.figures.received,
    stats.byUnit.reduce((sum, u) => sum + u.figures.received, 0),
  );

  t.is(stats.overTime.interval, 'month');
  t.deepEqual(
    stats.overTime.steps.map((s) => [s.start, s.figures.received, s.figures.repeatsLinked]),
    [
      ['2022-01-01', 2, 0],
      ['2022-02-01', 1, 1],
      ['2022-03-01', 1, 0],
    ],
  );
  const january = await statistics(em, {
    unit,
    ...officePeriod('2022-01-01', '2022-02-01'),
    quickClosureDays,
    now,
  });
  t.is(january.overTime.interval, 'week');
  t.deepEqual(
    january.overTime.steps.map((s) => [s.start, s.figures.received]),
    [
      ['2021-12-27', 0],
      ['2022-01-03', 1],
      ['2022-01-10', 1],
      ['2022-01-17', 0],
      ['2022-01-24', 0],
      ['2022-01-31', 0],
    ],
  );

  t.deepEqual(stats.topProblems[0], {
    unit: stats.byUnit.find((u) => u.unit.code === sideVillage)!.unit,
    category: 'land',
    received: 3,
    repeatsLinked: 1,
    previous: { received: 1, repeatsLinked: 0 },
  });
  t.like(stats.topProblems[1], {
    unit: { code: sideTownship },
    category: 'urban',
    received: 1,
    previous: { received: 0 },
  });
  t.is(stats.topProblems.length, 2);

  // The stages, counted again here: each open petition's status now, since its last change.
  const rows = await timeline(app);
  const open = await em.execute<{ case_number: string; status: string; updated_at: string }[]>(
    `select case_number, status, updated_at from petition_case
      where unit_path like ? and kind <> 'consultation' and status = any(?::text[])`,
    [`${unit.path}%`, pgArray(openStatuses)],
  );
  const expected = new Map<string, number[]>(openStatuses.map((s) => [s, [0, 0, 0, 0, 0]]));
  for (const c of open) {
    const events = rows.filter((r) => r.case_number === c.case_number);
    const changed = events.filter((e) => e.status_after !== null && e.status_after !== c.status).at(-1);
    const since = events.find((e) => e.seq > (changed?.seq ?? 0))?.at ?? new Date(c.updated_at);
    const days = (now.getTime() - since.getTime()) / 86_400_000;
    const buckets = expected.get(c.status)!;
    const bucket = [7, 15, 30, 60].filter((bound) => days >= bound).length;
    buckets[bucket] = buckets[bucket]! + 1;
  }
  t.deepEqual(
    stats.byStage.map((s) => [s.status, s.buckets.map((b) => b.count)]),
    [...expected],
  );
  const handling = stats.byStage.find((s) => s.status === 'in_handling')!;
  t.deepEqual(handling.buckets[3], { fromDays: 30, toDays: 60, count: handling.buckets[3]!.count });
  t.true(handling.buckets[3]!.count >= 1, 'B0003 has been in handling since 14 January: 30 to 60 days');
});

test('the weekly report’s and the monthly bulletin’s figures are the statistics’ for the same unit and week or month', async (t) => {
  const { app } = t.context;
  const at = (local: string) => new Date(`${local}+08:00`).toISOString();
  const closed = { status: 'closed_out' };
  // A backlog case replied and struck off by the run just after the week's end.
  await writeCase(
    app,
    'QLT2020-W0001',
    sideVillage,
    null,
    [
      ['registered', at('2020-05-20T09:00:00'), {}, ['in_handling', false, false]],
      ['designated_backlog', at('2020-05-25T09:00:00'), {}, ['in_handling', false, true]],
      ['replied', at('2020-06-02T09:00:00'), { text: '已化解' }, ['close_out_pending', false, true]],
      ['evaluated', at('2020-06-03T09:00:00'), { satisfied: true }, ['close_out_pending', false, true]],
      ['closed_out', at('2020-06-08T09:00:05'), { week: '2020-06-08' }, ['closed_out', false, true]],
    ],
    closed,
  );
  await writeCase(
    app,
    'QLT2020-W0002',
    sideVillage,
    null,
    [
      ['registered', at('2020-06-02T09:00:00'), {}, ['registered', false, false]],
      ['accepted', at('2020-06-02T10:00:00'), {}, ['accepted', false, false]],
      ['deadline_escalated', at('2020-06-05T00:00:00'), { clock: 'handling' }, ['accepted', true, false]],
    ],
    closed,
  );
  await writeCase(
    app,
    'QLT2020-W0003',
    sideVillage,
    null,
    [
      ['registered', at('2020-03-02T09:00:00'), {}, ['registered', false, false]],
      ['closed_out', at('2020-03-09T09:00:05'), { week: '2020-03-09' }, ['closed_out', false, false]],
      ['reopened', at('2020-06-04T09:00:00'), { reason: '复发' }, ['in_handling', false, false]],
      ['evaluated', at('2020-06-06T09:00:00'), { satisfied: false }, ['unsatisfied', false, false]],
    ],
    closed,
  );
  const em = app.orm.em.fork();
  const village = (await reportUnit(em, (await em.findOneOrFail(Unit, { code: sideVillage })).id))!;

  const week = { from: at('2020-06-01T09:00:00'), to: at('2020-06-08T09:00:00'), closeOutWeek: '2020-06-08' };
  const weekly = (
    await weekFiguresByUnit(em, { unitIds: [village.id], ...week, week: week.closeOutWeek, quickClosureDays })
  ).get(village.id)!;
  const ofWeek = (await statistics(em, { unit: village, ...week, quickClosureDays })).figures;
  t.like(weekly, { newCases: 1, closedOut: 1, reopened: 1, escalated: 1, evaluations: 2, satisfied: 1 });
  t.like(weekly, { stillOpen: 2, overdue: 1, backlogStock: 0, backlogStockBefore: 1 });
  t.deepEqual(
    {
      newCases: ofWeek.received,
      closedOut: ofWeek.closedOut,
      reopened: ofWeek.reopened,
      escalated: ofWeek.escalated,
      evaluations: ofWeek.evaluations,
      satisfied: ofWeek.satisfied,
      stillOpen: ofWeek.openAtEnd,
      overdue: ofWeek.overdueAtEnd,
      backlogStock: ofWeek.backlogAtEnd,
      backlogStockBefore: ofWeek.backlogAtStart,
    },
    {
      newCases: weekly.newCases,
      closedOut: weekly.closedOut,
      reopened: weekly.reopened,
      escalated: weekly.escalated,
      evaluations: weekly.evaluations,
      satisfied: weekly.satisfied,
      stillOpen: weekly.stillOpen,
      overdue: weekly.overdue,
      backlogStock: weekly.backlogStock,
      backlogStockBefore: weekly.backlogStockBefore,
    },
  );

  const june = officePeriod('2020-06-01', '2020-07-01');
  const monthly = await monthFiguresByUnit(em, { unitIds: [village.id], ...june });
  const bulletin = monthly.byUnit.get(village.id)!;
  const ofMonth = (await statistics(em, { unit: village, ...june, quickClosureDays })).figures;
  t.like(bulletin, { newCases: 1, closedOut: 1, openAtStart: 1, overdue: 1 });
  t.deepEqual(
    {
      overdue: ofMonth.overdueAtEnd,
      openAtStart: ofMonth.openAtStart,
      newCases: ofMonth.received,
      closedOut: ofMonth.closedOut,
      evaluations: ofMonth.evaluations,
      satisfied: ofMonth.satisfied,
      backlogStock: ofMonth.backlogAtEnd,
    },
    bulletin,
  );
  // The bulletin names the cases overdue at the month's end: the drill-down lists the same.
  const overdue = await countedCases(em, {
    unitPath: village.path,
    figure: 'overdueAtEnd',
    ...june,
    quickClosureDays,
    viewerUnitId: village.id,
    page: 1,
    pageSize: 100,
  });
  t.deepEqual(
    overdue.items.map((i) => i.caseNumber),
    monthly.overdueAtEnd.map((c) => c.caseNumber),
  );
});
