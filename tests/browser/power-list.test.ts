import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { CaseEvent, Department, PetitionCase } from '../../db/entities';
import { eventually } from '../helpers/app';
import { choose, signInAs, useBrowser } from '../helpers/browser';
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
