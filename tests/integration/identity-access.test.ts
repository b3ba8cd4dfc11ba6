import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { randomUUID } from 'node:crypto';
import { caseState } from '../../api/case-commands';
import { Department, PetitionCase } from '../../db/entities';
import { officeDateOf } from '../../domain/time';
import { eventually } from '../helpers/app';
import { aPetition } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/**
 * Who sees the complainant's identity: the registering office on purpose and on the
 * record, others only through a grant; and a petition about a unit never shows to it
 * (信访工作条例 Art. 30). The authorization matrix covers every role and position;
 * this file covers grants, revocation, Art. 30 and reading the record.
 */
const test = anyTest as TestFn<StackContext & { people: Record<string, StaffSession> }>;

useTestStack(test);

const township = '990101001'; // 城关镇
const village = '990101001002'; // 新桥村, below 城关镇
const county = '990101'; // 东湖县
const sideTownship = '990101002'; // 柳溪乡

const identity = {
  name: '赵立新',
  phone: '13700000001',
  email: 'zhaolixin@example.cn',
  idNumber: '11010119900307123X',
  address: '东湖县城关镇新桥村3组12号',
};

const accounts = {
  clerk: demoAccount.clerk(township),
  head: demoAccount.officeHead(township),
  leader: demoAccount.leader(township),
  handlerZz: demoAccount.handler(`${township}-zz`),
  handlerNy: demoAccount.handler(`${township}-ny`),
  countyHead: demoAccount.officeHead(county),
  countyLeader: demoAccount.leader(county),
  sideHead: demoAccount.officeHead(sideTownship),
  villageClerk: demoAccount.clerk(village),
  villageHead: demoAccount.officeHead(village),
};
type Who = keyof typeof accounts;

test.serial.before(async (t) => {
  const entries = await Promise.all(
    Object.entries(accounts).map(async ([who, email]) => [who, await signIn(t.context.app.baseUrl, email)]),
  );
  t.context.people = Object.fromEntries(entries);
});

/** Answers as the tests read them: shapes vary by endpoint and the assertions check them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; json: any; text: string };

/** A signed-in person whose POST answers are read as loosely as their GETs. */
const as = (t: ExecutionContext<StackContext & { people: Record<string, StaffSession> }>, who: Who) => {
  const session = t.context.people[who]!;
  return {
    ...session,
    post: (path: string, body: unknown): Promise<Answer> => session.post(path, body),
    act: (caseNumber: string, action: string, body?: unknown): Promise<Answer> =>
      session.act(caseNumber, action, body),
  };
};

/** A visit registered by the office of `unitCode`, optionally naming whom it complains about. */
async function register(
  t: ExecutionContext<StackContext & { people: Record<string, StaffSession> }>,
  by: Who,
  unitCode: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const answer = await as(t, by).post('/api/v1/staff/petitions', {
    channel: 'visit',
    ...aPetition({ unitCode, place: '东湖县城关镇', complainant: identity, submissionKey: randomUUID() }),
    ...extra,
  });
  if (answer.status !== 201) throw new Error(`registration refused: ${answer.status} ${answer.text}`);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () => {
    const state = await caseState(t.context.app.temporal, caseNumber);
    return state?.status === 'registered' ? true : undefined;
  }, 60_000);
  return caseNumber;
}

const reveal = (
  t: ExecutionContext<StackContext & { people: Record<string, StaffSession> }>,
  who: Who,
  caseNumber: string,
  reason = '核实信访人身份',
) => as(t, who).post(`/api/v1/staff/cases/${caseNumber}/identity`, { reason });

async function auditOf(t: ExecutionContext<StackContext>, caseNumber: string) {
  return t.context.app.orm.em
    .fork()
    .getConnection()
    .execute<{ action: string; staff_id: number; reason: string; ip: string | null }[]>(
      'select action, staff_id, reason, ip from identity_audit where case_number = ? order by id',
      [caseNumber],
    );
}

const staffIdOf = async (session: StaffSession) =>
  (await session.get('/api/v1/session')).json.staff.id as number;

test('the case page never carries the identity; the registering office reveals it with a reason, on the record', async (t) => {
  const caseNumber = await register(t, 'clerk', township);
  const page = await as(t, 'clerk').get(`/api/v1/staff/cases/${caseNumber}`);
  t.is(page.status, 200);
  for (const value of Object.values(identity)) t.false(JSON.stringify(page.json).includes(value), value);
  t.like(page.json.case.identity, { anonymous: false, mayView: true, mayGrant: true });

  const short = await reveal(t, 'clerk', caseNumber, '看看');
  t.is(short.status, 422);
  t.regex(short.json.error.details[0].message, /查看事由：至少 4 个字/);
  t.deepEqual(await auditOf(t, caseNumber), [], 'a refused request without a good reason records nothing');

  const shown = await reveal(t, 'clerk', caseNumber);
  t.is(shown.status, 200);
  t.deepEqual(shown.json.identity, identity);
  const audit = await auditOf(t, caseNumber);
  t.is(audit.length, 1);
  t.like(audit[0], {
    action: 'identity_view',
    staff_id: await staffIdOf(as(t, 'clerk')),
    reason: '核实信访人身份',
  });
  t.truthy(audit[0]!.ip);
});

test('an anonymous petition has no identity to show (404, 匿名信访)', async (t) => {
  const caseNumber = await register(t, 'clerk', township, { anonymous: true, complainant: undefined });
  const answer = await reveal(t, 'clerk', caseNumber);
  t.is(answer.status, 404);
  t.is(answer.json.error.code, 'anonymous_petition');
  t.is(answer.json.error.message, '匿名信访，无身份信息');
});

test('a grant lets a leader see the identity until it is revoked; grant, views and revocation are all recorded', async (t) => {
  const caseNumber = await register(t, 'clerk', township);
  const refused = await reveal(t, 'leader', caseNumber);
  t.is(refused.status, 403);
  t.is(refused.json.error.code, 'identity_not_granted');
  t.regex(refused.json.error.message, /授权/);

  const leaderId = await staffIdOf(as(t, 'leader'));
  const byLeader = await as(t, 'leader').post(`/api/v1/staff/cases/${caseNumber}/identity-grants`, {
    staffId: leaderId,
    reason: '包案领导约谈信访人',
  });
  t.is(byLeader.status, 403, 'only the registering office grants');
  const both = await as(t, 'head').post(`/api/v1/staff/cases/${caseNumber}/identity-grants`, {
    staffId: leaderId,
    departmentId: 1,
    reason: '包案领导约谈信访人',
  });
  t.is(both.status, 422);

  const granted = await as(t, 'head').post(`/api/v1/staff/cases/${caseNumber}/identity-grants`, {
    staffId: leaderId,
    reason: '包案领导约谈信访人',
  });
  t.is(granted.status, 201);
  const grantId = granted.json.grant.id as number;
  const page = await as(t, 'head').get(`/api/v1/staff/cases/${caseNumber}`);
  t.deepEqual(
    page.json.case.identity.grants.map((g: { id: number }) => g.id),
    [grantId],
    'the case page lists the grant',
  );
  t.true((await as(t, 'leader').get(`/api/v1/staff/cases/${caseNumber}`)).json.case.identity.mayView);

  const shown = await reveal(t, 'leader', caseNumber, '约谈前核实身份');
  t.is(shown.status, 200);
  t.deepEqual(shown.json.identity, identity);

  t.is(
    (await as(t, 'head').delete(`/api/v1/staff/cases/${caseNumber}/identity-grants/${grantId}`)).status,
    204,
  );
  t.is(
    (await as(t, 'head').delete(`/api/v1/staff/cases/${caseNumber}/identity-grants/${grantId}`)).status,
    404,
  );
  t.is((await reveal(t, 'leader', caseNumber)).status, 403);

  t.deepEqual(
    (await auditOf(t, caseNumber)).map((row) => row.action),
    [
      'identity_view_refused',
      'identity_grant',
      'identity_view',
      'identity_grant_revoked',
      'identity_view_refused',
    ],
  );
});

test("a grant to a department lets that department's handlers see; a grant to the accused or outside the case is refused", async (t) => {
  const caseNumber = await register(t, 'clerk', township, { accused: { unitCode: sideTownship } });
  const zz = await t.context.app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  const granted = await as(t, 'head').post(`/api/v1/staff/cases/${caseNumber}/identity-grants`, {
    departmentId: zz.id,
    reason: '承办部门需联系信访人',
  });
  t.is(granted.status, 201);
  t.is((await reveal(t, 'handlerZz', caseNumber)).status, 200);
  t.is((await reveal(t, 'handlerNy', caseNumber)).status, 403);

  const villageClerkId = await staffIdOf(as(t, 'villageClerk'));
  const below = await as(t, 'head').post(`/api/v1/staff/cases/${caseNumber}/identity-grants`, {
    staffId: villageClerkId,
    reason: '村里协助核实',
  });
  t.is(below.status, 422);
  t.is(below.json.error.code, 'grantee_out_of_reach');
});

test('Art. 30 at registration: the accused must exist, and a unit cannot register a petition about itself', async (t) => {
  const ny = await t.context.app.orm.em.fork().findOneOrFail(Department, { code: `${township}-ny` });
  const refused = async (accused: Record<string, unknown>) => {
    const answer = await as(t, 'clerk').post('/api/v1/staff/petitions', {
      channel: 'visit',
      ...aPetition({ unitCode: township, complainant: identity }),
      accused,
    });
    return `${answer.status} ${answer.json.error?.code}`;
  };
  t.is(await refused({ unitCode: township }), '422 accused_registers');
  t.is(await refused({ unitCode: '000000' }), '422 unknown_unit');
  t.is(await refused({ unitCode: sideTownship, departmentId: ny.id }), '422 unknown_department');
  t.is(await refused({ unitCode: '' }), '422 validation_failed');
});

test('Art. 30 for a department: the accused department never sees the case nor gets it; the rest of its unit works it', async (t) => {
  const ny = await t.context.app.orm.em.fork().findOneOrFail(Department, { code: `${township}-ny` });
  const zz = await t.context.app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  const caseNumber = await register(t, 'clerk', township, {
    accused: { unitCode: township, departmentId: ny.id, name: '某副主任' },
  });
  const row = await t.context.app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber });
  t.is(row.accusedDepartmentId, ny.id);
  t.is(row.accusedUnitId, null, 'only the department is accused');

  const listed = async (who: Who) =>
    (
      (await as(t, who).get(`/api/v1/ledger?caseNumber=${caseNumber}`)).json.items as { caseNumber: string }[]
    ).some((c) => c.caseNumber === caseNumber);
  t.false(await listed('handlerNy'));
  t.true(await listed('handlerZz'));
  t.true(await listed('clerk'));
  t.is((await as(t, 'handlerNy').get(`/api/v1/staff/cases/${caseNumber}`)).status, 404);
  t.is((await as(t, 'handlerZz').get(`/api/v1/staff/cases/${caseNumber}`)).status, 200);

  t.is((await as(t, 'clerk').act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
  const page = await as(t, 'clerk').get(`/api/v1/staff/cases/${caseNumber}`);
  const targets = (page.json.dispatchTargets as { id: number }[]).map((d) => d.id);
  t.false(targets.includes(ny.id), 'not offered as a target');
  t.true(targets.includes(zz.id));
  const toAccused = await as(t, 'clerk').act(caseNumber, 'dispatch', { departmentId: ny.id });
  t.is(toAccused.status, 422);
  t.is(toAccused.json.error.code, 'accused_assignee');
  t.regex(toAccused.json.error.message, /第三十条/);
  t.is((await as(t, 'clerk').act(caseNumber, 'dispatch', { departmentId: zz.id })).status, 200);

  const grant = await as(t, 'head').post(`/api/v1/staff/cases/${caseNumber}/identity-grants`, {
    departmentId: ny.id,
    reason: '请农业农村办核实',
  });
  t.is(grant.status, 422);
  t.is(grant.json.error.code, 'grantee_out_of_reach');
});

// Serial: nothing else registers while the counts are compared.
test.serial(
  'Art. 30: the ledger summary of the accused unit does not count the case; the registering unit’s does',
  async (t) => {
    const summary = async (who: Who) =>
      ((await as(t, who).get('/api/v1/ledger/summary')).json.byStatus as { count: number }[]).reduce(
        (sum, s) => sum + s.count,
        0,
      );
    const [townshipBefore, villageBefore, countyBefore] = [
      await summary('clerk'),
      await summary('villageClerk'),
      await summary('countyHead'),
    ];
    await register(t, 'villageClerk', village, { accused: { unitCode: township } });
    t.is(await summary('clerk'), townshipBefore);
    t.is(await summary('villageClerk'), villageBefore + 1);
    t.is(await summary('countyHead'), countyBefore + 1);
  },
);

test('Art. 30: a petition about the township is hidden from every township person: ledger, case page, actions, leader workspace; and cannot go to its departments', async (t) => {
  const caseNumber = await register(t, 'villageClerk', village, { accused: { unitCode: township } });
  const listed = async (who: Who) =>
    (
      (await as(t, who).get(`/api/v1/ledger?caseNumber=${caseNumber}`)).json.items as { caseNumber: string }[]
    ).some((c) => c.caseNumber === caseNumber);
  t.false(await listed('clerk'));
  t.false(await listed('head'));
  t.false(await listed('leader'));
  t.false(await listed('handlerZz'));
  t.true(await listed('villageClerk'));
  t.true(await listed('countyHead'));

  for (const who of ['clerk', 'head', 'leader', 'handlerZz'] as const) {
    const page = await as(t, who).get(`/api/v1/staff/cases/${caseNumber}`);
    t.is(page.status, 404, `${who}: case page`);
    t.is(page.json.error.code, 'case_not_found');
    t.is((await as(t, who).act(caseNumber, 'triage', { decision: 'accept' })).status, 404, `${who}: action`);
    t.is((await reveal(t, who, caseNumber)).status, 404, `${who}: identity`);
  }

  // Made a backlog case nobody owns: the county leader's workspace lists it, the township leader's does not.
  const designated = await as(t, 'villageClerk').act(caseNumber, 'designateBacklog', {
    reason: '群众反复反映',
  });
  t.is(designated.status, 200, designated.text);
  await eventually(async () => {
    const row = await t.context.app.orm.em
      .fork()
      .findOne(PetitionCase, { caseNumber, backlogAt: { $ne: null } });
    return row ? true : undefined;
  });
  const unowned = async (who: Who) =>
    ((await as(t, who).get('/api/v1/staff/leader/workspace')).json.unowned as { caseNumber: string }[]).some(
      (c) => c.caseNumber === caseNumber,
    );
  t.true(await unowned('countyLeader'));
  t.false(await unowned('leader'));

  // The county office accepts it and may send it to a county department, never to the township's.
  t.is((await as(t, 'countyHead').act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
  const page = await as(t, 'countyHead').get(`/api/v1/staff/cases/${caseNumber}`);
  const targets = (page.json.dispatchTargets as { unit: { code: string } }[]).map((d) => d.unit.code);
  t.false(targets.includes(township));
  t.true(targets.includes(county));
  const zz = await t.context.app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  const dispatched = await as(t, 'countyHead').act(caseNumber, 'dispatch', { departmentId: zz.id });
  t.is(dispatched.status, 422);
  t.is(dispatched.json.error.code, 'accused_assignee');
  t.regex(dispatched.json.error.message, /第三十条/);
});

test('the office head reads the record of looks for cases in reach; nobody else does', async (t) => {
  const caseNumber = await register(t, 'clerk', township);
  t.is((await reveal(t, 'clerk', caseNumber, '电话回访前核对')).status, 200);
  t.is((await reveal(t, 'leader', caseNumber, '想了解一下')).status, 403);

  const log = await as(t, 'head').get(`/api/v1/staff/identity-views?caseNumber=${caseNumber}`);
  t.is(log.status, 200);
  t.is(log.json.total, 2);
  t.deepEqual(
    log.json.items.map((i: { action: string; reason: string }) => [i.action, i.reason]),
    [
      ['identity_view_refused', '想了解一下'],
      ['identity_view', '电话回访前核对'],
    ],
  );
  const page = await as(t, 'head').get(`/api/v1/staff/cases/${caseNumber}`);
  t.is(
    page.json.case.identity.recentViews.length,
    2,
    'the case page shows the latest looks to the office head',
  );

  const countyLog = await as(t, 'countyHead').get(`/api/v1/staff/identity-views?caseNumber=${caseNumber}`);
  t.is(countyLog.json.total, 2, 'the office head above reads it too: the case is in reach');
  const sideLog = await as(t, 'sideHead').get(`/api/v1/staff/identity-views?caseNumber=${caseNumber}`);
  t.is(sideLog.json.total, 0, 'outside the jurisdiction: nothing');

  // The office's day (UTC+8), which the filter counts in: after 16:00 UTC it is already tomorrow there.
  const today = officeDateOf(Date.now());
  const dated = await as(t, 'head').get(`/api/v1/staff/identity-views?from=2020-01-01&to=${today}`);
  t.true(dated.json.total >= 2);
  const long = await as(t, 'head').get('/api/v1/staff/identity-views?from=2020-01-01&to=2020-01-31');
  t.is(long.json.total, 0);
  t.is((await as(t, 'head').get('/api/v1/staff/identity-views?from=2020-13-01')).status, 422);

  for (const who of ['clerk', 'leader', 'handlerZz'] as const) {
    const refused = await as(t, who).get('/api/v1/staff/identity-views');
    t.is(refused.status, 403, who);
    t.is(refused.json.error.code, 'role_not_allowed');
  }
});
