import { performance } from 'node:perf_hooks';
import anyTest, { type TestFn } from 'ava';
import ExcelJS from 'exceljs';
import { orgColumns } from '../../api/administration/org-chart-import-rows';
import { StaffMember, Unit } from '../../db/entities';
import { departmentRow, largeOrgChart, orgChartCsv, staffRow, unitRow } from '../helpers/org-chart';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';
import { eventually, type TestApp } from '../helpers/app';

const test = anyTest as TestFn<StackContext>;

useTestStack(test, { worker: false });

const importsPath = '/api/v1/admin/org-chart/imports';
const admin = (app: TestApp) => signIn(app.baseUrl, demoAccount.admin('990000'));
const upload = (session: StaffSession, content: Buffer, name = 'org-chart.csv') =>
  session.upload(importsPath, 'file', { name, content });

interface Counts {
  units: number;
  departments: number;
  staff: number;
  /** Invitations the imports recorded, one per person created. */
  invitations: number;
  /** Of those, the ones sent: a set-password link issued (the links table of staff administration). */
  sent: number;
  imports: number;
  /** Lines of the administration log for imports. */
  logged: number;
}

async function counts(app: TestApp): Promise<Counts> {
  const [row] = await app.orm.em
    .fork()
    .getConnection()
    .execute<Counts[]>(
      `select (select count(*) from unit)::int as units, (select count(*) from department)::int as departments,
       (select count(*) from staff_member)::int as staff,
       (select count(*) from org_chart_invitation)::int as invitations,
       (select count(*) from org_chart_invitation where sent_at is not null)::int as sent,
       (select count(*) from org_chart_import)::int as imports,
       (select count(*) from admin_change where action = 'orgChart.import')::int as logged`,
    );
  return row!;
}

/** Set-password links per person invited by an import: exactly one each once everything is sent. */
async function linksPerPerson(app: TestApp, emails: string[]): Promise<number[]> {
  const rows = await app.orm.em
    .fork()
    .getConnection()
    .execute<{ n: number }[]>(
      `select count(i.id)::int as n from staff_member s left join staff_invitation i on i.staff_member_id = s.id
       where s.email = any(array(select jsonb_array_elements_text(?::jsonb))) group by s.id order by s.id`,
      [JSON.stringify(emails)],
    );
  return rows.map((r) => r.n);
}

/** Waits until every person an import created holds their set-password link (the invitation went out). */
const allInvited = (app: TestApp, emails: string[], timeoutMs = 60_000) =>
  eventually(async () => {
    const links = await linksPerPerson(app, emails);
    return links.length === emails.length && links.every((n) => n > 0) ? links : undefined;
  }, timeoutMs);

/** 桃花乡 under 东湖县 with two villages, a department, and three people. */
const peopleOf = (rows: Record<string, string>[]) =>
  rows.flatMap((r) => (r['登录邮箱'] ? [r['登录邮箱']] : []));

const goodChart = [
  staffRow('li.qing@taohua.example.gov.cn', '李清', '990101009', '信访干部'),
  unitRow('990101009001', '桃花村', '990101009', '村'),
  unitRow('990101009', '桃花乡', '990101', '乡镇'),
  unitRow('990101009002', '杏花村', '990101009', '村'),
  departmentRow('990101009-zz', '桃花乡综治中心', '990101009'),
  staffRow('zhou.min@taohua.example.gov.cn', '周敏', '990101009', '信访部门负责人、包案领导'),
  staffRow('wu.gang@taohua.example.gov.cn', '吴刚', '990101009', '承办人', '990101009-zz'),
];

test.serial(
  'the template downloads as CSV with a BOM and as XLSX whose 「填写说明」 sheet documents every column',
  async (t) => {
    const session = await admin(t.context.app);
    const csv = await session.fetch('/api/v1/admin/org-chart/import-template?format=csv');
    t.is(csv.status, 200);
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    t.true(text.startsWith('\ufeff类型,代码,名称或姓名'));
    const xlsx = await session.fetch('/api/v1/admin/org-chart/import-template');
    t.is(xlsx.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const notes = workbook.getWorksheet('填写说明')!;
    const documented = notes.getColumn(1).values.slice(2, 2 + orgColumns.length);
    t.deepEqual(
      documented,
      orgColumns.map((c) => c.header),
    );
  },
);

test.serial(
  'a good org chart creates its units under their parents, its departments and its people without passwords, each invited once',
  async (t) => {
    const { app } = t.context;
    const session = await admin(app);
    const before = await counts(app);
    const answer = await upload(session, orgChartCsv(goodChart));
    t.is(answer.status, 201, JSON.stringify(answer.json));
    t.like(answer.json, { created: { units: 3, departments: 1, staff: 3 }, unchanged: 0, invitations: 3 });
    const em = app.orm.em.fork();
    const county = await em.findOneOrFail(Unit, { code: '990101' });
    const township = await em.findOneOrFail(Unit, { code: '990101009' });
    const village = await em.findOneOrFail(Unit, { code: '990101009002' });
    t.is(township.path, `${county.path}${township.id}/`);
    t.is(village.path, `${township.path}${village.id}/`);
    t.is(village.level, 'village');
    const handler = await em.findOneOrFail(
      StaffMember,
      { email: 'wu.gang@taohua.example.gov.cn' },
      { populate: ['department', 'passwordHash'] },
    );
    t.like(handler, { role: 'handler', roles: ['handler'], passwordHash: null, active: true });
    t.is(handler.department?.code, '990101009-zz');
    const head = await em.findOneOrFail(StaffMember, { email: 'zhou.min@taohua.example.gov.cn' });
    t.deepEqual(head.roles, ['office_head', 'leader']);
    t.deepEqual(await allInvited(app, peopleOf(goodChart)), [1, 1, 1]);
    t.like(await counts(app), {
      units: before.units + 3,
      departments: before.departments + 1,
      staff: before.staff + 3,
      invitations: before.invitations + 3,
      sent: before.sent + 3,
      imports: before.imports + 1,
      logged: before.logged + 1,
    });
    // The invitation is the staff administration's: a set-password link by e-mail.
    const mailsTo = (email: string) =>
      t.context.services.smtp.received.filter((m) => JSON.stringify(m.to).includes(email));
    const mails = await eventually(async () => {
      const found = mailsTo('li.qing@taohua');
      return found.length > 0 ? found : undefined;
    });
    t.is(mails.length, 1);
    t.regex(mails[0]?.text ?? '', /set-password#token=/);
  },
);

test.serial('the same file again changes nothing and invites nobody a second time', async (t) => {
  const { app } = t.context;
  const session = await admin(app);
  const before = await counts(app);
  const answer = await upload(session, orgChartCsv(goodChart), 'again.csv');
  t.is(answer.status, 200, JSON.stringify(answer.json));
  t.deepEqual(answer.json, {
    importId: null,
    created: { units: 0, departments: 0, staff: 0 },
    unchanged: goodChart.length,
    invitations: 0,
  });
  t.deepEqual(await counts(app), before);
  t.deepEqual(await linksPerPerson(app, peopleOf(goodChart)), [1, 1, 1]);
});

test.serial('a file with bad rows imports nothing and lists every bad row by line and column', async (t) => {
  const { app } = t.context;
  const session = await admin(app);
  const before = await counts(app);
  const rows = [
    unitRow('990101010', '梨花乡', '990101', '乡镇'), // line 2: good
    unitRow('990100020', '错位村', '990100', '村'), // line 3: a village under a city
    unitRow('99010101', '短码乡', '990101', '乡镇'), // line 4: not a division code
    unitRow('990101010', '梨花乡', '990101', '乡镇'), // line 5: the code of line 2 again
    departmentRow('990101010-zz', '梨花乡综治中心', '990999'), // line 6: no such unit
    staffRow('not-an-e-mail', '王五', '990101010', '信访干部'), // line 7
    staffRow('zhao.liu@lihua.example.gov.cn', '赵六', '990101010', '承办单位'), // line 8: handler without department
    staffRow('clerk.990101001@demo.qingling.local', '冒名', '990101010', '信访干部'), // line 9: e-mail of another unit's person
    { 类型: '部门', 代码: '990101010-x', 名称或姓名: '空', 上级单位代码: '990101010' }, // line 10: kind missing
    staffRow('xing.hua@taohua.example.gov.cn', '杏花', '990101009002', '信访干部'), // line 11: a unit switched off
  ];
  await app.orm.em
    .fork()
    .getConnection()
    .execute(`update unit set active = false where code = '990101009002'`);
  const answer = await upload(session, orgChartCsv(rows));
  t.is(answer.status, 422);
  t.is(answer.json.error.code, 'import_rows_invalid');
  t.regex(answer.json.error.message, /9 行有误，未导入任何内容/);
  const found = (answer.json.error.rows as { line: number; column: string }[]).map(
    (r) => `${r.line}:${r.column}`,
  );
  t.deepEqual(found, [
    '3:层级',
    '4:代码',
    '5:代码',
    '6:上级单位代码',
    '7:登录邮箱',
    '8:所属部门代码',
    '9:登录邮箱',
    '10:部门类型',
    '11:上级单位代码',
  ]);
  const byLine = new Map(
    (answer.json.error.rows as { line: number; message: string }[]).map((r) => [r.line, r.message]),
  );
  t.is(byLine.get(3), '层级“村”不能直接设在单位 990100 之下：须恰好比上级低一级');
  t.deepEqual(await counts(app), before);
});

test.serial(
  'a header that is not the template is refused, naming the unknown and the missing columns',
  async (t) => {
    const session = await admin(t.context.app);
    const headers = ['类型', '代码', '名称', '上级单位代码', '层级', '部门类型', '登录邮箱', '角色'];
    const answer = await upload(session, orgChartCsv([{ 类型: '单位' }], headers));
    t.is(answer.status, 422);
    t.is(answer.json.error.code, 'import_header_invalid');
    t.deepEqual(
      (answer.json.error.rows as { line: number; column: string; message: string }[]).map(
        (r) => `${r.column}: ${r.message}`,
      ),
      ['名称: 导入模板中没有这一列', '名称或姓名: 缺少这一必填列'],
    );
  },
);

test.serial(
  '2,000 people and 500 units import in one file, an invitation recorded for each (timed)',
  async (t) => {
    const { app } = t.context;
    const session = await admin(app);
    const before = await counts(app);
    const file = orgChartCsv(largeOrgChart(500, 2000));
    const started = performance.now();
    const answer = await upload(session, file, 'county.csv');
    const seconds = (performance.now() - started) / 1000;
    t.is(answer.status, 201, JSON.stringify(answer.json).slice(0, 2000));
    t.like(answer.json, { created: { units: 500, departments: 25, staff: 2000 }, invitations: 2000 });
    t.like(await counts(app), {
      units: before.units + 500,
      staff: before.staff + 2000,
      invitations: before.invitations + 2000,
    });
    // The invitations follow on their own after the answer (`npm run bench -- "org chart"` times them).
    const message = `org chart import: 500 units, 25 departments and 2,000 staff in ${seconds.toFixed(1)} s`;
    t.log(message);
    console.log(message);
  },
);
