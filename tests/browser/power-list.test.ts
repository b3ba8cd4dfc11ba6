import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { CaseEvent, Department, PetitionCase, StaffMember, Unit } from '../../db/entities';
import { eventually } from '../helpers/app';
import { choose, signInAs, useBrowser } from '../helpers/browser';
import { departmentRow, orgChartCsv, staffRow, unitRow } from '../helpers/org-chart';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test);
useBrowser(test);

const township = '990101001'; // 城关镇

test('the administrator’s power list preselects the department at dispatch; another asks for the reason, which the timeline shows', async (t) => {
  const { app, browser } = t.context;
  const zz = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });

  // 系统管理 › 权力清单: 土地征收 in 城关镇 goes to its 综治中心.
  const admin = await signInAs(browser, app.baseUrl, demoAccount.admin('990000'), '/admin/power-list');
  // Typed before the unit tree has loaded, the search is lost when it arrives: wait for the tree first.
  await admin.getByRole('combobox', { name: '单位' }).click();
  await admin.locator('.ant-select-tree-title').first().waitFor();
  await admin.getByRole('combobox', { name: '单位' }).fill('城关镇');
  await admin.locator('.ant-select-tree-title', { hasText: '城关镇' }).first().click();
  await choose(admin, admin, '土地征收 承办单位', `${zz.name}（城关镇）`);
  await admin.getByRole('button', { name: '保存' }).click();
  await admin.getByText('已保存').waitFor();

  const intake = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ unitCode: township, category: 'land' }),
  );
  const caseNumber = intake.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  const clerkApi = await signIn(app.baseUrl, demoAccount.clerk(township));
  t.is((await clerkApi.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
  const targets = (await clerkApi.get(`/api/v1/staff/cases/${caseNumber}`)).json.dispatchTargets as {
    id: number;
    name: string;
    unit: { name: string };
  }[];
  const other = targets.find((d) => d.id !== zz.id)!;

  const clerk = await signInAs(browser, app.baseUrl, demoAccount.clerk(township), `/cases/${caseNumber}`);
  await clerk.getByRole('button', { name: '分办', exact: true }).click();
  const dispatch = clerk.getByRole('dialog', { name: '分办' });
  // The proposed department comes chosen, marked as the power list's.
  await dispatch.getByText(`${zz.name}（城关镇）（权力清单建议）`).waitFor();
  t.is(await dispatch.getByRole('textbox', { name: '改派理由' }).count(), 0);

  await choose(clerk, dispatch, '承办单位', `${other.name}（${other.unit.name}）`);
  // Another department than the proposed one: the reason is asked for.
  await dispatch.getByRole('textbox', { name: '改派理由' }).fill('涉及县级审批，由县直部门办理');
  await dispatch.getByRole('button', { name: '提交' }).click();
  await dispatch.waitFor({ state: 'hidden' });
  await clerk.getByText('涉及县级审批，由县直部门办理').first().waitFor();

  const event = await app.orm.em.fork().findOneOrFail(CaseEvent, { caseNumber, type: 'dispatched' });
  t.like(event.data, {
    department: other.name,
    proposedDepartment: zz.name,
    otherDepartmentReason: '涉及县级审批，由县直部门办理',
  });
});

test('the org chart import lists every bad row of a file and imports nothing; the corrected file imports its units, departments and staff', async (t) => {
  const { app, browser } = t.context;
  const admin = await signInAs(browser, app.baseUrl, demoAccount.admin('990000'), '/admin/org-chart-import');
  const rows = [
    unitRow('990101301', '试点镇', '990101', '乡镇'),
    departmentRow('990101301-zz', '试点镇综治中心', '990101301'),
    staffRow('clerk.990101301@example.cn', '赵敏', '990101301', '信访干部'),
  ];
  const upload = (file: Buffer) =>
    admin
      .locator('input[type=file]')
      .setInputFiles({ name: '组织机构.csv', mimeType: 'text/csv', buffer: file });

  await upload(orgChartCsv([...rows, unitRow('990101302', '无上级镇', '990199999', '乡镇')]));
  const problems = admin.getByRole('table', { name: '错误行' });
  await problems.waitFor();
  t.is(await problems.locator('tbody tr').count(), 1);
  t.regex((await problems.locator('tbody tr').first().textContent()) ?? '', /^5/);
  t.is(await app.orm.em.fork().count(Unit, { code: '990101301' }), 0, 'nothing of the file was imported');

  await upload(orgChartCsv(rows));
  await admin.getByText('导入完成').waitFor();
  t.is(await app.orm.em.fork().count(Unit, { code: '990101301' }), 1);
  t.is(await app.orm.em.fork().count(Department, { code: '990101301-zz' }), 1);
  t.is(await app.orm.em.fork().count(StaffMember, { email: 'clerk.990101301@example.cn' }), 1);
});
