import anyTest, { type TestFn } from 'ava';
import type { PolicyBody } from '../../db/administration/policy-versions';
import { Department, PetitionCase, Unit } from '../../db/entities';
import { officeDateOf } from '../../domain/time';
import { anAdministrator } from '../helpers/administrators';
import { eventually, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/** Policy versions, the power list at dispatch and clearance campaigns, through the API. */
const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001'; // 城关镇
const county = '990101'; // 东湖县
const dayMs = 24 * 3600_000;
const officeDateIn = (days: number) => officeDateOf(Date.now() + days * dayMs);

const admin = (app: TestApp) => signIn(app.baseUrl, demoAccount.admin('990000'));

/** The same session's request in English. */
async function inEnglish(
  app: TestApp,
  session: StaffSession,
  method: 'PUT' | 'POST',
  path: string,
  body: unknown,
) {
  const r = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'accept-language': 'en',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as { error: { details: { message: string }[] } } };
}

async function newDraft(session: StaffSession, version: string) {
  const answer = await session.post('/api/v1/admin/policy-drafts', { version });
  if (answer.status !== 201) throw new Error(`draft: ${answer.status} ${answer.text}`);
  return answer.json as unknown as { draft: { id: number; body: PolicyBody }; differences: unknown[] };
}

test.serial(
  'a draft beyond the regulations is refused, each problem naming its article in the reader’s language, and nothing is saved',
  async (t) => {
    const { app } = t.context;
    const session = await admin(app);
    const { draft, differences } = await newDraft(session, '2026.7');
    t.deepEqual(differences, []);
    const body = structuredClone(draft.body);
    body.clocks.handling.length = 90;
    body.clocks.routing = { ...body.clocks.routing, counting: 'working_days' };
    body.clocks.reviewRequest.length = 20;
    body.extension.maxDays = 45;
    const path = `/api/v1/admin/policy-drafts/${draft.id}`;
    const zh = await session.put(path, body);
    t.is(zh.status, 422);
    t.is(zh.json.error.code, 'policy_beyond_regulations');
    t.deepEqual(zh.json.error.details, [
      {
        field: 'clocks.routing.counting',
        message: '“登记转送交办”的法定期限按自然日计算，须按自然日设置（《信访工作条例》第22条）',
      },
      { field: 'clocks.handling.length', message: '“办理”不得超过 60 日（《信访工作条例》第34条）' },
      {
        field: 'clocks.reviewRequest.length',
        message: '“复查请求期”不得少于 30 日，这是信访人的权利（《信访工作条例》第35条）',
      },
      { field: 'extension.maxDays', message: '延期不得超过 30 日（《信访工作条例》第34条）' },
    ]);
    const en = await inEnglish(app, session, 'PUT', path, body);
    t.is(en.status, 422);
    t.is(
      en.json.error.details[1]?.message,
      'The “Handling” clock may not exceed 60 days (《信访工作条例》第34条)',
    );
    t.deepEqual((await session.get(path)).json.draft.body, draft.body);
  },
);

test.serial(
  'a draft within the limits shows its differences, publishes from tomorrow, and can never change afterwards',
  async (t) => {
    const { app } = t.context;
    const session = await admin(app);
    const { draft } = await newDraft(session, '2026.8');
    const body = structuredClone(draft.body);
    body.clocks.handling = { ...body.clocks.handling, length: 30, warnBeforeDays: [5, 2] };
    body.categories[0] = { ...body.categories[0]!, zh: '征地拆迁' };
    const path = `/api/v1/admin/policy-drafts/${draft.id}`;
    const saved = await session.put(path, body);
    t.is(saved.status, 200, saved.json?.error?.message);
    t.deepEqual(saved.json.differences, [
      { path: 'clocks.handling.length', current: 60, draft: 30 },
      { path: 'clocks.handling.warnBeforeDays', current: [7, 3], draft: [5, 2] },
      { path: 'categories.land.zh', current: '土地征收', draft: '征地拆迁' },
    ]);

    const today = await session.post(`${path}/publish`, { effectiveFrom: officeDateIn(0) });
    t.is(today.status, 422);
    t.is(today.json.error?.code, 'policy_effective_too_early');
    const tomorrow = officeDateIn(1);
    const published = await session.post(`${path}/publish`, { effectiveFrom: tomorrow });
    t.is(published.status, 200, published.text);
    t.like(published.json, { version: '2026.8', effectiveFrom: tomorrow });

    const list = await session.get('/api/v1/admin/policies');
    t.is(list.json.current, '2026.1', 'today’s cases still take the built-in version');
    const version = list.json.policies.find((p: { version: string }) => p.version === '2026.8');
    t.like(version, {
      effectiveFrom: tomorrow,
      clocks: { handling: { length: 30, source: '《信访工作条例》第34条' } },
    });
    t.false(list.json.drafts.some((d: { id: number }) => d.id === draft.id));
    t.is((await session.put(path, body)).status, 404);

    const connection = app.orm.em.fork().getConnection();
    const logged = await connection.execute<{ action: string }[]>(
      `select action from admin_change where entity = 'policy_version' and entity_id = '2026.8' order by id`,
    );
    t.deepEqual(
      logged.map((l) => l.action),
      ['policy.draft', 'policy.change', 'policy.publish'],
    );
    await t.throwsAsync(
      connection.execute(`update policy_version set body = '{}' where version = '2026.8'`),
      {
        message: /was published and cannot change/,
      },
    );
    await t.throwsAsync(connection.execute(`delete from policy_version where version = '2026.8'`), {
      message: /was published and cannot change/,
    });
  },
);

test.serial(
  'a version drafted twice at once, or two drafts published for one day at once: one goes through, the other hears 409',
  async (t) => {
    const { app } = t.context;
    const session = await admin(app);
    const drafted = await Promise.all(
      [1, 2, 3].map(() => session.post('/api/v1/admin/policy-drafts', { version: '2026.10' })),
    );
    t.deepEqual(drafted.map((d) => (d.status === 201 ? 201 : `${d.status} ${d.json?.error?.code}`)).sort(), [
      201,
      '409 policy_version_taken',
      '409 policy_version_taken',
    ]);
    const drafts = [await newDraft(session, '2026.11'), await newDraft(session, '2026.12')];
    const day = officeDateIn(5);
    const published = await Promise.all(
      drafts.map(({ draft }) =>
        session.post(`/api/v1/admin/policy-drafts/${draft.id}/publish`, { effectiveFrom: day }),
      ),
    );
    t.deepEqual(
      published.map((p) => (p.status === 200 ? 200 : `${p.status} ${p.json?.error?.code}`)).sort(),
      [200, '409 policy_effective_taken'],
    );
    const list = await session.get('/api/v1/admin/policies');
    t.is(list.json.policies.filter((p: { effectiveFrom: string }) => p.effectiveFrom === day).length, 1);
  },
);

test.serial(
  'only an administrator of the top unit drafts the policy; another administrator reads it',
  async (t) => {
    const { app } = t.context;
    const countyAdmin = await signIn(
      app.baseUrl,
      await anAdministrator(app, county, 'admin.county@test.qingling.local'),
    );
    t.is((await countyAdmin.get('/api/v1/admin/policies')).status, 200);
    const refused = await countyAdmin.post('/api/v1/admin/policy-drafts', { version: '2026.9' });
    t.is(refused.status, 403);
    t.is(refused.json.error?.message, '时限政策适用于全系统，只有最上级单位的管理员可以起草和发布');
  },
);

test.serial(
  'dispatch proposes the department of the power list; another needs a reason, which the timeline keeps',
  async (t) => {
    const { app } = t.context;
    const em = app.orm.em.fork();
    const unit = await em.findOneOrFail(Unit, { code: township });
    const zz = await em.findOneOrFail(Department, { code: `${township}-zz` });
    // Another department of the township: going up to a county bureau is a hand-over, not a dispatch.
    const otherDepartment = await em.findOneOrFail(Department, { code: `${township}-ny` });
    const session = await admin(app);
    const listPath = `/api/v1/admin/power-list/${unit.code}`;
    const before = await session.get(listPath);
    t.true(before.json.targets.some((d: { id: number }) => d.id === zz.id));
    const bad = await session.put(listPath, { entries: [{ category: 'land', departmentId: 999999 }] });
    t.is(bad.status, 422);
    const saved = await session.put(listPath, { entries: [{ category: 'land', departmentId: zz.id }] });
    t.is(saved.status, 200);
    t.like(saved.json.entries[0], { category: 'land', department: { id: zz.id } });

    const intake = await postJson(
      `${app.baseUrl}/api/v1/petitions`,
      aPetition({ unitCode: township, category: 'land' }),
    );
    const caseNumber = intake.json.caseNumber as string;
    await eventually(async () =>
      (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
    );
    const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
    t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
    const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
    t.is(page.json.proposedDepartmentId, zz.id);

    const withoutReason = await clerk.act(caseNumber, 'dispatch', { departmentId: otherDepartment.id });
    t.is(withoutReason.status, 422);
    t.is(withoutReason.json.error?.message, `权力清单建议交由“${zz.name}”承办；改派其他单位请填写理由`);
    const dispatched = await clerk.act(caseNumber, 'dispatch', {
      departmentId: otherDepartment.id,
      otherDepartmentReason: '涉及农田水利，由农业农村办办理',
    });
    t.is(dispatched.status, 200, dispatched.text);
    const timeline = (await clerk.get(`/api/v1/staff/cases/${caseNumber}`)).json.timeline as {
      type: string;
      data: Record<string, unknown>;
    }[];
    t.like(timeline.find((e) => e.type === 'dispatched')?.data, {
      department: otherDepartment.name,
      proposedDepartment: zz.name,
      proposedDepartmentId: zz.id,
      otherDepartmentReason: '涉及农田水利，由农业农村办办理',
    });
  },
);

test.serial(
  'an office head’s campaign counts down in the leader workspace of every unit below',
  async (t) => {
    const { app } = t.context;
    // The demo's province-wide campaign ends on 31 December: nearer than ours late in the year.
    await app.orm.em.fork().getConnection().execute('delete from campaign');
    const head = await signIn(app.baseUrl, demoAccount.officeHead(county));
    const targetDate = officeDateIn(10);
    const passed = await head.post('/api/v1/staff/campaigns', {
      name: '东湖县积案清零',
      targetDate: officeDateIn(0),
    });
    t.is(passed.status, 422);
    const created = await head.post('/api/v1/staff/campaigns', { name: '东湖县积案清零', targetDate });
    t.is(created.status, 201, created.text);
    t.like(created.json, { name: '东湖县积案清零', targetDate, daysLeft: 10, own: true });
    const clerk = await signIn(app.baseUrl, demoAccount.clerk(county));
    t.is((await clerk.post('/api/v1/staff/campaigns', { name: '越权', targetDate })).status, 403);

    const leader = await signIn(app.baseUrl, demoAccount.leader(township));
    const workspace = await leader.get('/api/v1/staff/leader/workspace');
    t.deepEqual(workspace.json.campaign, { name: '东湖县积案清零', targetDate, daysLeft: 10 });
    const listed = await head.get('/api/v1/staff/campaigns');
    t.true(
      listed.json.campaigns.some((c: { name: string; own: boolean }) => c.name === '东湖县积案清零' && c.own),
    );
  },
);
