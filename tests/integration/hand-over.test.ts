import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { randomUUID } from 'node:crypto';
import { caseState } from '../../api/case-commands';
import { CaseDeadline, Department, Unit } from '../../db/entities';
import { eventually } from '../helpers/app';
import { aPetition } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/**
 * 上报/移交 through the API: a township that cannot act hands the bus-route case to
 * its county; the township reads what it did and acts no more; the county takes it on;
 * the complainant is told. Going up by dispatch is refused.
 */
type Context = StackContext & { people: Record<Who, StaffSession> };
const test = anyTest as TestFn<Context>;

useTestStack(test);

const township = '990101001'; // 城关镇
const county = '990101'; // 东湖县

const accounts = {
  clerk: demoAccount.clerk(township),
  handler: demoAccount.handler(`${township}-zz`),
  countyClerk: demoAccount.clerk(county),
};
type Who = keyof typeof accounts;

test.serial.before(async (t) => {
  const entries = await Promise.all(
    Object.entries(accounts).map(async ([who, email]) => [who, await signIn(t.context.app.baseUrl, email)]),
  );
  t.context.people = Object.fromEntries(entries) as Record<Who, StaffSession>;
});

const complainantEmail = 'chenjing@example.cn';

/** The bus-route petition, registered by the township office and accepted. */
async function busRouteCase(t: ExecutionContext<Context>): Promise<string> {
  const answer = await t.context.people.clerk.post('/api/v1/staff/petitions', {
    channel: 'visit',
    ...aPetition({
      unitCode: township,
      category: 'urban',
      place: '东湖县城关镇汽车站',
      summary: '镇上唯一的公交线路停运三个月，学生和老人出行困难。',
      request: '恢复公交线路',
      complainant: { name: '陈静', phone: '13700000009', email: complainantEmail },
      submissionKey: randomUUID(),
    }),
  });
  if (answer.status !== 201) throw new Error(`registration refused: ${answer.status} ${answer.text}`);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () => {
    const state = await caseState(t.context.app.temporal, caseNumber);
    return state?.status === 'registered' ? true : undefined;
  }, 60_000);
  const accepted = await t.context.people.clerk.act(caseNumber, 'triage', { decision: 'accept' });
  if (accepted.status !== 200) throw new Error(`triage refused: ${accepted.status} ${accepted.text}`);
  return caseNumber;
}

const idOf = async (t: ExecutionContext<Context>, code: string) =>
  (await t.context.app.orm.em.fork().findOneOrFail(Unit, { code })).id;
const departmentId = async (t: ExecutionContext<Context>, code: string) =>
  (await t.context.app.orm.em.fork().findOneOrFail(Department, { code })).id;

test('a township clerk cannot dispatch straight to a county bureau: going up is a hand-over (422, in the user’s language)', async (t) => {
  const { clerk } = t.context.people;
  const caseNumber = await busRouteCase(t);
  const bureau = await departmentId(t, `${county}-zj`);
  const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  const targets = (page.json.dispatchTargets as { unit: { code: string } }[]).map((d) => d.unit.code);
  t.deepEqual([...new Set(targets)], [township], 'only the township’s own departments are offered');

  const refused = await clerk.act(caseNumber, 'dispatch', { departmentId: bureau });
  t.is(refused.status, 422);
  t.is(refused.json.error?.code, 'dispatch_upward');
  t.regex(refused.json.error?.message ?? '', /东湖县住房和城乡建设局|住房和城乡建设局|东湖县/);
  t.regex(refused.json.error?.message ?? '', /上报\/移交/);
  const english = await fetch(`${t.context.app.baseUrl}/api/v1/staff/cases/${caseNumber}/actions/dispatch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept-language': 'en',
      cookie: clerk.cookie,
      'x-csrf-token': clerk.csrfToken,
    },
    body: JSON.stringify({ departmentId: bureau }),
  });
  t.is(english.status, 422);
  t.regex(((await english.json()) as { error: { message: string } }).error.message, /hand the case over/);
  t.is((await caseState(t.context.app.temporal, caseNumber))?.status, 'accepted', 'nothing changed');
});

test('the bus-route case handed from the township to its county: the township reads its own steps and cannot act; the county acts; the complainant is told', async (t) => {
  const { clerk, countyClerk, handler } = t.context.people;
  const caseNumber = await busRouteCase(t);
  t.is(
    (await clerk.act(caseNumber, 'dispatch', { departmentId: await departmentId(t, `${township}-zz`) }))
      .status,
    200,
  );

  const before = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  const offered = (before.json.handOverTargets as { code: string }[]).map((u) => u.code);
  t.deepEqual(offered, [county, '990100', '990000'], 'the units above, nearest first');
  const toSelf = await clerk.act(caseNumber, 'handOver', {
    toUnitId: await idOf(t, township),
    reason: '无权处理',
  });
  t.is(toSelf.status, 422);
  t.is(toSelf.json.error?.code, 'hand_over_within_reach');

  const handed = await clerk.act(caseNumber, 'handOver', {
    toUnitId: await idOf(t, county),
    reason: '公交线路的审批和运营补贴属县交通运输部门职权，镇里无权恢复',
  });
  t.is(handed.status, 200, handed.text);
  t.is(handed.json.status, 'accepted');
  t.deepEqual(handed.json.allowedActions, [], 'the township may do nothing more');

  // The township: read-only, its own steps up to the hand-over.
  const township_ = await eventually(async () => {
    const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
    return page.status === 200 && page.json.case.handedOver ? page : undefined;
  });
  t.like(township_.json.case.handedOver, { toUnit: '东湖县' });
  t.deepEqual(township_.json.allowedActions, []);
  t.deepEqual(township_.json.deadlines, []);
  const acted = await clerk.act(caseNumber, 'reportProgress', { note: '还想补充情况' });
  t.is(acted.status, 403);
  t.is(acted.json.error?.code, 'handed_over');
  t.regex(acted.json.error?.message ?? '', /已移交东湖县/);
  t.is(
    (await handler.get(`/api/v1/staff/cases/${caseNumber}`)).status,
    200,
    'the township department reads it too',
  );
  t.is((await handler.act(caseNumber, 'reportProgress', { note: '已了解' })).status, 403);
  const listed = async (who: Who) =>
    ((await t.context.people[who].get(`/api/v1/ledger?caseNumber=${caseNumber}`)).json.items as unknown[])
      .length;
  t.is(await listed('clerk'), 0, 'no longer in the township’s ledger');
  t.is(await listed('countyClerk'), 1);

  // The county: the whole timeline, and it dispatches to its own bureau.
  const countyPage = await countyClerk.get(`/api/v1/staff/cases/${caseNumber}`);
  t.true((countyPage.json.allowedActions as string[]).includes('dispatch'));
  const dispatched = await countyClerk.act(caseNumber, 'dispatch', {
    departmentId: await departmentId(t, `${county}-zj`),
  });
  t.is(dispatched.status, 200, dispatched.text);
  const full = await eventually(async () => {
    const page = await countyClerk.get(`/api/v1/staff/cases/${caseNumber}`);
    return page.json.timeline.length === 5 ? page : undefined;
  });
  t.deepEqual(
    (full.json.timeline as { type: string }[]).map((e) => e.type),
    ['registered', 'accepted', 'dispatched', 'handed_over', 'dispatched'],
  );
  const theirs = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  t.deepEqual(
    (theirs.json.timeline as { type: string }[]).map((e) => e.type),
    ['registered', 'accepted', 'dispatched', 'handed_over'],
    'the township never sees what the county did',
  );

  const told = await eventually(async () =>
    t.context.services.smtp.received.find(
      (m) => m.subject?.includes(caseNumber) && m.subject.includes('移交办理告知'),
    ),
  );
  t.regex(told.text ?? '', /已移交东湖县继续办理/);
});

test('triage finds a report against an official: the case is handed to the county commission as a report, which accepts it; the township reads only its own steps', async (t) => {
  const { clerk } = t.context.people;
  const commission = await signIn(t.context.app.baseUrl, demoAccount.clerk('990101-jw'));
  const answer = await clerk.post('/api/v1/staff/petitions', {
    channel: 'visit',
    ...aPetition({
      unitCode: township,
      category: 'rural',
      place: '东湖县城关镇新桥村',
      summary: '村支书发放征地补偿款时每户扣留三千九百元作为手续费。',
      request: '查处截留补偿款的问题',
      complainant: { name: '何平', phone: '13700000019', email: 'heping@example.cn' },
      submissionKey: randomUUID(),
    }),
  });
  t.is(answer.status, 201, answer.text);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await caseState(t.context.app.temporal, caseNumber))?.status === 'registered' ? true : undefined,
  );
  const notice = async () =>
    (await countyDeadlines(t, caseNumber)).find((d) => d.clock === 'acceptanceNotice')?.dueDate ?? null;
  const noticeDue = await notice();
  t.truthy(noticeDue, 'the township registered it with its notice clock');

  const triaged = await clerk.act(caseNumber, 'triage', { decision: 'discipline' });
  t.is(triaged.status, 200, triaged.text);
  t.deepEqual(triaged.json.allowedActions, []);
  const state = await caseState(t.context.app.temporal, caseNumber);
  t.like(state, { status: 'registered', kind: 'report', unit: { code: '990101-jw' } });
  t.truthy(
    state?.deadlines.disciplineAcceptance,
    'the commission accepts or passes it on within its own time',
  );
  t.is(state?.deadlines.acceptanceNotice?.dueDate, noticeDue!, 'the notice keeps its date');

  const page = await eventually(async () => {
    const p = await commission.get(`/api/v1/staff/cases/${caseNumber}`);
    return p.status === 200 ? p : undefined;
  });
  t.true((page.json.allowedActions as string[]).includes('triage'));
  const accepted = await commission.act(caseNumber, 'triage', { decision: 'accept' });
  t.is(accepted.status, 200, accepted.text);
  t.is(accepted.json.status, 'in_handling');

  const township_ = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  t.like(township_.json.case.handedOver, { toUnit: '东湖县纪委监委' });
  t.deepEqual(
    (township_.json.timeline as { type: string }[]).map((e) => e.type),
    ['registered', 'handed_over'],
  );
});

const countyDeadlines = (t: ExecutionContext<Context>, caseNumber: string) =>
  t.context.app.orm.em.fork().find(CaseDeadline, { caseNumber });
