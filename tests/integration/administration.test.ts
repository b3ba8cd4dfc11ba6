import anyTest, { type TestFn } from 'ava';
import { CaseEvent, Department, PetitionCase, StaffMember, Unit } from '../../db/entities';
import { AdminChange } from '../../db/administration/entities';
import { passwordMatches } from '../../api/auth/passwords';
import { acceptLink, createAdmin, linkToken } from '../helpers/administration';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { signIn, type StaffSession } from '../helpers/staff';

interface Context extends StackContext {
  admin: StaffSession;
  county: { id: number };
  townships: { id: number; code: string; departments: number[] }[];
}
const test = anyTest as TestFn<Context>;

// An install with no demo data: everything here is made by the administrator.
useTestStack(test, { demo: false });

const adminEmail = 'admin@dongshan.gov.cn';
const password = 'correct horse battery staple';

/** The set-password link mailed to `email` (the newest). */
const mailedToken = async (t: { context: Context }, email: string) =>
  eventually(async () => {
    const mails = t.context.services.smtp.received.filter(
      (m) => m.text?.includes(email) || JSON.stringify(m.to).includes(email),
    );
    const last = mails.at(-1);
    return last?.text ? linkToken(last.text) : undefined;
  });

async function invite(admin: StaffSession, body: Record<string, unknown>) {
  const answer = await admin.post('/api/v1/admin/staff', { title: '', departmentId: null, ...body });
  if (answer.status !== 201) throw new Error(`invitation refused: ${answer.status} ${answer.text}`);
  return answer.json as { id: number };
}

test.serial.before(async (t) => {
  const { services, app } = t.context;
  const made = await createAdmin(services, [
    adminEmail,
    '--name',
    '县管理员',
    '--unit-code',
    '990201',
    '--unit-name',
    '东山县',
  ]);
  if (made.code !== 0) throw new Error(made.output);
  t.context.admin = await acceptLink(app, linkToken(made.output), adminEmail, password);
  const county = await app.orm.em.fork().findOneOrFail(Unit, { code: '990201' });
  t.context.county = { id: county.id };
  t.context.townships = [];
  for (const [i, name] of ['东山镇', '西坪乡', '南河镇'].entries()) {
    const code = `99020110${i}000`;
    const created = await t.context.admin.post('/api/v1/admin/units', {
      parentId: county.id,
      code,
      name,
      level: 'township',
    });
    if (created.status !== 201) throw new Error(created.text);
    const departments: number[] = [];
    for (const [short, dname] of [
      ['zz', '综治中心'],
      ['nb', '农办'],
    ] as const) {
      const d = await t.context.admin.post(`/api/v1/admin/units/${created.json.id}/departments`, {
        code: short,
        name: `${name}${dname}`,
      });
      if (d.status !== 201) throw new Error(d.text);
      departments.push(d.json.id as number);
    }
    t.context.townships.push({ id: created.json.id as number, code, departments });
  }
});

test.serial('create-admin again for the same e-mail says so and changes nothing', async (t) => {
  const { services, app } = t.context;
  const before = await app.orm.em.fork().count(StaffMember, {});
  const again = await createAdmin(services, [adminEmail]);
  t.is(again.code, 1);
  t.regex(again.output, /already has an account; nothing was changed/);
  t.is(await app.orm.em.fork().count(StaffMember, {}), before);
});

test.serial(
  'an install without demo data holds one account, the administrator create-admin made, with the password they chose through the link',
  async (t) => {
    const accounts = await t.context.app.orm.em
      .fork()
      .find(StaffMember, {}, { populate: ['passwordHash'] as never });
    t.deepEqual(
      accounts.map((a) => a.email),
      [adminEmail],
    );
    t.true(await passwordMatches(password, accounts[0]!.passwordHash));
  },
);

test.serial('a county is built: three townships with two departments each', async (t) => {
  const tree = await t.context.admin.get('/api/v1/admin/units');
  t.is(tree.status, 200);
  const townships = tree.json.items.filter((u: { level: string }) => u.level === 'township');
  t.is(townships.length, 3);
  t.true(townships.every((u: { departments: unknown[] }) => u.departments.length === 2));
});

test.serial('bad unit input is refused in the user language and nothing changes', async (t) => {
  const { admin, county, townships, app } = t.context;
  const count = () => app.orm.em.fork().count(Unit, {});
  const before = await count();
  const duplicate = await admin.post('/api/v1/admin/units', {
    parentId: county.id,
    code: townships[0]!.code,
    name: '重复镇',
    level: 'township',
  });
  t.is(duplicate.status, 409);
  t.regex(String(duplicate.json.error?.message), /行政区划代码 990201100000 已被东山镇使用/);
  const badCode = await admin.post('/api/v1/admin/units', {
    parentId: county.id,
    code: '12345',
    name: '短码镇',
    level: 'township',
  });
  t.is(badCode.status, 422);
  t.regex(String(badCode.json.error?.details?.[0]?.message), /6 位或 12 位/);
  const villageUnderCounty = await admin.post('/api/v1/admin/units', {
    parentId: county.id,
    code: '990201999001',
    name: '错层村',
    level: 'village',
  });
  t.is(villageUnderCounty.status, 422);
  t.is(villageUnderCounty.json.error?.message, '东山县（县市区）下不能设村/社区，请选择其下一级。');
  const village = await admin.post('/api/v1/admin/units', {
    parentId: townships[0]!.id,
    code: '990201100001',
    name: '山口村',
    level: 'village',
  });
  t.is(village.status, 201);
  const cycle = await admin.post(`/api/v1/admin/units/${townships[0]!.id}/move`, {
    parentId: village.json.id,
  });
  t.is(cycle.status, 422);
  t.regex(String(cycle.json.error?.message), /不能移到山口村之下/);
  t.is(await count(), before + 1);
  const english = await fetch(`${app.baseUrl}/api/v1/admin/units`, {
    method: 'POST',
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrfToken,
      'content-type': 'application/json',
      'accept-language': 'en',
    },
    body: JSON.stringify({ parentId: county.id, code: '990201999002', name: 'Wrong', level: 'village' }),
  });
  t.is(english.status, 422);
  t.is(
    ((await english.json()) as { error: { message: string } }).error.message,
    'A village cannot sit under 东山县 (county); choose the level directly below it.',
  );
});

test.serial(
  'the same e-mail or code sent several times at once makes one account, unit or department; the rest hear 409, never a 500',
  async (t) => {
    const { admin, county, townships, app } = t.context;
    const atOnce = async (path: string, body: Record<string, unknown>) => {
      const answers = await Promise.all(Array.from({ length: 6 }, () => admin.post(path, body)));
      return answers.map((a) => (a.status === 201 ? 201 : `${a.status} ${a.json?.error?.code}`)).sort();
    };
    const refusedFive = (code: string) => [...Array<string>(5).fill(`409 ${code}`), 201].sort();
    t.deepEqual(
      await atOnce('/api/v1/admin/staff', {
        email: 'twice@dongshan.gov.cn',
        name: '重复者',
        title: '',
        unitId: townships[1]!.id,
        departmentId: null,
        roles: ['clerk'],
      }),
      refusedFive('email_taken'),
    );
    t.deepEqual(
      await atOnce('/api/v1/admin/units', {
        parentId: county.id,
        code: '990201300000',
        name: '同时镇',
        level: 'township',
      }),
      refusedFive('division_code_taken'),
    );
    t.deepEqual(
      await atOnce(`/api/v1/admin/units/${townships[1]!.id}/departments`, { code: 'tx', name: '同时办' }),
      refusedFive('department_code_taken'),
    );
    const em = app.orm.em.fork();
    const member = await em.findOneOrFail(StaffMember, { email: 'twice@dongshan.gov.cn' });
    const unit = await em.findOneOrFail(Unit, { code: '990201300000' });
    t.regex(unit.path, new RegExp(`/${unit.id}/$`), 'the unit that won has its path');
    const department = await em.findOneOrFail(Department, { code: `${townships[1]!.code}-tx` });
    // One line in the log for each thing made, none for the refusals.
    const logged = async (entity: string, entityId: number) =>
      em.count(AdminChange, { entity, entityId: String(entityId) });
    t.deepEqual(
      [
        await logged('staff', member.id),
        await logged('unit', unit.id),
        await logged('department', department.id),
      ],
      [1, 1, 1],
    );
  },
);

test.serial(
  'invited staff sign in through their link; the clerk registers a petition and dispatches it to a department',
  async (t) => {
    const { admin, townships, app } = t.context;
    const [first] = townships;
    await invite(admin, {
      email: 'clerk@dongshan.gov.cn',
      name: '李文书',
      unitId: first!.id,
      roles: ['clerk'],
    });
    await invite(admin, {
      email: 'head@dongshan.gov.cn',
      name: '王主任',
      unitId: first!.id,
      roles: ['office_head', 'leader'],
    });
    const clerk = await acceptLink(
      app,
      await mailedToken(t, 'clerk@dongshan.gov.cn'),
      'clerk@dongshan.gov.cn',
      password,
    );
    const head = await acceptLink(
      app,
      await mailedToken(t, 'head@dongshan.gov.cn'),
      'head@dongshan.gov.cn',
      password,
    );
    t.deepEqual((await head.get('/api/v1/session')).json.staff.roles, ['office_head', 'leader']);

    const registered = await clerk.post('/api/v1/staff/petitions', {
      ...aPetition({ unitCode: first!.code }),
      channel: 'visit',
    });
    t.is(registered.status, 201, registered.text);
    const caseNumber = registered.json.caseNumber as string;
    await eventually(async () =>
      (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
    );
    t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
    const dispatched = await clerk.act(caseNumber, 'dispatch', { departmentId: first!.departments[0] });
    t.is(dispatched.status, 200, dispatched.text);
    t.is(dispatched.json.status, 'in_handling');
  },
);

test.serial(
  "the last handler of a department with an open case leaves only once someone is chosen to take the department's work",
  async (t) => {
    const { admin, townships, app } = t.context;
    const [first] = townships;
    const handler = await invite(admin, {
      email: 'handler@dongshan.gov.cn',
      name: '陈承办',
      unitId: first!.id,
      departmentId: first!.departments[0],
      roles: ['handler'],
    });
    const refused = await admin.post(`/api/v1/admin/staff/${handler.id}/deactivate`, {});
    t.is(refused.status, 409);
    t.is(refused.json.error?.message, '停用前请选择接手人：东山镇综治中心。');
    const head = await app.orm.em.fork().findOneOrFail(StaffMember, { email: 'head@dongshan.gov.cn' });
    const done = await admin.post(`/api/v1/admin/staff/${handler.id}/deactivate`, {
      departmentSuccessorId: head.id,
    });
    t.is(done.status, 204, done.text);
    const successor = await app.orm.em
      .fork()
      .findOneOrFail(StaffMember, { id: head.id }, { populate: ['department'] });
    t.deepEqual(successor.roles, ['office_head', 'handler', 'leader']);
    t.is(successor.department?.id, first!.departments[0]);
  },
);

test.serial('an invitation link works once, and an expired one not at all', async (t) => {
  const { admin, townships, app } = t.context;
  await invite(admin, {
    email: 'once@dongshan.gov.cn',
    name: '赵一',
    unitId: townships[1]!.id,
    roles: ['clerk'],
  });
  const token = await mailedToken(t, 'once@dongshan.gov.cn');
  const weak = await postJson(
    `${app.baseUrl}/api/v1/session/link/password`,
    { token, password: 'short' },
    { 'accept-language': 'zh-CN' },
  );
  t.is(weak.status, 422);
  await acceptLink(app, token, 'once@dongshan.gov.cn', password);
  const twice = await postJson(
    `${app.baseUrl}/api/v1/session/link/password`,
    { token, password: `${password} again` },
    { 'accept-language': 'zh-CN' },
  );
  t.is(twice.status, 410);
  t.regex(String(twice.json.error?.message), /此链接已使用过/);

  await invite(admin, {
    email: 'late@dongshan.gov.cn',
    name: '钱二',
    unitId: townships[1]!.id,
    roles: ['clerk'],
  });
  const late = await mailedToken(t, 'late@dongshan.gov.cn');
  await app.orm.em
    .fork()
    .getConnection()
    .execute(
      `update staff_invitation set expires_at = now() - interval '1 second' where staff_member_id = (select id from staff_member where email = 'late@dongshan.gov.cn')`,
    );
  const expired = await postJson(
    `${app.baseUrl}/api/v1/session/link/password`,
    { token: late, password },
    { 'accept-language': 'en' },
  );
  t.is(expired.status, 410);
  t.is(expired.json.error?.message, 'This link has expired. Ask your administrator to send a new one.');
  const member = await app.orm.em
    .fork()
    .findOneOrFail(
      StaffMember,
      { email: 'late@dongshan.gov.cn' },
      { fields: ['passwordHash'] as never, populate: ['passwordHash'] as never },
    );
  t.falsy(member.passwordHash);
});

test.serial('an administrator of a township cannot give a role in another township', async (t) => {
  const { admin, townships, app } = t.context;
  await invite(admin, {
    email: 'admin.xp@dongshan.gov.cn',
    name: '孙管理',
    unitId: townships[1]!.id,
    roles: ['admin'],
  });
  const local = await acceptLink(
    app,
    await mailedToken(t, 'admin.xp@dongshan.gov.cn'),
    'admin.xp@dongshan.gov.cn',
    password,
  );
  const before = await app.orm.em.fork().count(StaffMember, {});
  const outside = await local.post('/api/v1/admin/staff', {
    email: 'x@dongshan.gov.cn',
    name: '外人',
    title: '',
    unitId: townships[0]!.id,
    departmentId: null,
    roles: ['clerk'],
  });
  t.is(outside.status, 403);
  t.is(outside.json.error?.message, '东山镇不在您管理的范围内；只能管理本单位及下级单位。');
  t.is(await app.orm.em.fork().count(StaffMember, {}), before);
  const clerk = await app.orm.em.fork().findOneOrFail(StaffMember, { email: 'clerk@dongshan.gov.cn' });
  const roles = await local.put(`/api/v1/admin/staff/${clerk.id}/roles`, { roles: ['clerk', 'leader'] });
  t.is(roles.status, 403);
  t.deepEqual((await app.orm.em.fork().findOneOrFail(StaffMember, { id: clerk.id })).roles, ['clerk']);
});

test.serial(
  'deactivating a leader who owns two backlog cases hands both to the chosen leader through the workflow and ends the session at once',
  async (t) => {
    const { admin, townships, app } = t.context;
    const [, , third] = townships;
    await invite(admin, {
      email: 'leader.a@dongshan.gov.cn',
      name: '周领导',
      unitId: third!.id,
      roles: ['leader'],
    });
    await invite(admin, {
      email: 'leader.b@dongshan.gov.cn',
      name: '吴领导',
      unitId: third!.id,
      roles: ['leader'],
    });
    await invite(admin, {
      email: 'head.nh@dongshan.gov.cn',
      name: '郑主任',
      unitId: third!.id,
      roles: ['clerk', 'office_head'],
    });
    const leaving = await acceptLink(
      app,
      await mailedToken(t, 'leader.a@dongshan.gov.cn'),
      'leader.a@dongshan.gov.cn',
      password,
    );
    await acceptLink(
      app,
      await mailedToken(t, 'leader.b@dongshan.gov.cn'),
      'leader.b@dongshan.gov.cn',
      password,
    );
    const head = await acceptLink(
      app,
      await mailedToken(t, 'head.nh@dongshan.gov.cn'),
      'head.nh@dongshan.gov.cn',
      password,
    );
    const em = app.orm.em.fork();
    const [a, b] = [
      await em.findOneOrFail(StaffMember, { email: 'leader.a@dongshan.gov.cn' }),
      await em.findOneOrFail(StaffMember, { email: 'leader.b@dongshan.gov.cn' }),
    ];

    const caseNumbers: string[] = [];
    for (const summary of ['村道占地补偿未发放，多次反映无果。', '宅基地纠纷多年未解决，要求重新丈量。']) {
      const answer = await postJson(
        `${app.baseUrl}/api/v1/petitions`,
        aPetition({ unitCode: third!.code, summary }),
      );
      const caseNumber = answer.json.caseNumber as string;
      await eventually(async () =>
        (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
      );
      t.is((await head.act(caseNumber, 'designateBacklog', { reason: '久拖未决' })).status, 200);
      const assigned = await head.act(caseNumber, 'assignLeader', { leaderId: a.id });
      t.is(assigned.status, 200, assigned.text);
      caseNumbers.push(caseNumber);
    }
    await eventually(async () =>
      (await app.orm.em.fork().count(PetitionCase, { ownerLeader: a.id })) === 2 ? true : undefined,
    );
    t.is((await leaving.get('/api/v1/session')).status, 200);

    const refused = await admin.post(`/api/v1/admin/staff/${a.id}/deactivate`, {
      backlogCases: { [caseNumbers[0]!]: b.id },
    });
    t.is(refused.status, 409);
    t.regex(String(refused.json.error?.message), new RegExp(`停用前请选择接手人：${caseNumbers[1]}`));
    t.true((await app.orm.em.fork().findOneOrFail(StaffMember, { id: a.id })).active);

    const held = await admin.get(`/api/v1/admin/staff/${a.id}/handover`);
    t.deepEqual(
      held.json.backlogCases.map((c: { caseNumber: string }) => c.caseNumber).sort(),
      [...caseNumbers].sort(),
    );
    const done = await admin.post(`/api/v1/admin/staff/${a.id}/deactivate`, {
      backlogCases: Object.fromEntries(caseNumbers.map((n) => [n, b.id])),
    });
    t.is(done.status, 204, done.text);
    t.is((await leaving.get('/api/v1/session')).status, 401);
    t.is((await leaving.get('/api/v1/staff/leader/workspace')).status, 401);
    for (const caseNumber of caseNumbers) {
      const handedOver = await eventually(async () => {
        const events = await app.orm.em
          .fork()
          .find(CaseEvent, { caseNumber, type: 'leader_assigned' }, { orderBy: { seq: 'asc' } });
        return events.length === 2 ? events[1] : undefined;
      });
      t.is(
        handedOver.actor,
        `staff:${(await app.orm.em.fork().findOneOrFail(StaffMember, { email: adminEmail })).id}`,
      );
      t.is(
        (await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber }, { populate: ['ownerLeader'] }))
          .ownerLeader?.id,
        b.id,
      );
    }
  },
);

test.serial(
  'every change is in the administration log, which refuses to be changed and exports as XLSX',
  async (t) => {
    const { admin, app } = t.context;
    const log = await admin.get('/api/v1/admin/log?pageSize=200');
    t.is(log.status, 200);
    const actions = new Set(log.json.entries.map((e: { action: string }) => e.action));
    for (const action of ['unit.create', 'department.create', 'staff.invite', 'staff.deactivate'])
      t.true(actions.has(action), action);
    const deactivation = log.json.entries.find((e: { action: string }) => e.action === 'staff.deactivate');
    t.true(deactivation.before.active);
    t.false(deactivation.after.active);
    const connection = app.orm.em.fork().getConnection();
    await t.throwsAsync(connection.execute(`update admin_change set action = 'x'`), {
      message: /written once/,
    });
    await t.throwsAsync(connection.execute(`delete from admin_change`), { message: /written once/ });
    t.true((await app.orm.em.fork().count(AdminChange, {})) > 10);
    const file = await admin.fetch('/api/v1/admin/log.xlsx');
    t.is(file.status, 200);
    t.is(
      file.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    t.is(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 2)
        .toString(),
      'PK',
    );
  },
);

test.serial('non-administrators and deactivated accounts reach no administration endpoint', async (t) => {
  const { app } = t.context;
  const clerk = await signIn(app.baseUrl, 'clerk@dongshan.gov.cn', password);
  t.is((await clerk.get('/api/v1/admin/units')).status, 403);
  t.is((await clerk.post('/api/v1/admin/units', {})).status, 403);
  const anonymous = await fetch(`${app.baseUrl}/api/v1/admin/staff`);
  t.is(anonymous.status, 401);
});
