import anyTest, { type TestFn } from 'ava';
import type { Browser, Page } from 'playwright-core';
import { PetitionCase } from '../../db/entities';
import { createAdmin, linkToken } from '../helpers/administration';
import { eventually } from '../helpers/app';
import { choose, useBrowser } from '../helpers/browser';
import { useTestStack, type StackContext } from '../helpers/stack-context';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

// An install with no demo data: nobody and nothing exists until the administrator makes it.
useTestStack(test, { demo: false });
useBrowser(test);

const password = 'copper-kettle-meadow-sixteen';

/** Opens a set-password link as its holder would, in a browser of their own, and lands in the console. */
async function setPasswordThrough(browser: Browser, url: string): Promise<Page> {
  const page = await (
    await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
  ).newPage();
  await page.goto(url);
  await page.getByLabel('新密码').fill(password);
  await page.getByLabel('再次输入').fill(password);
  await page.getByRole('button', { name: '设置密码并登录' }).click();
  await page.waitForURL((u) => u.pathname === '/console/ledger');
  return page;
}

test('from an install with no demo data an office builds its county in the console, invites its staff and takes its first petition', async (t) => {
  const { app, browser, services } = t.context;
  const made = await createAdmin(services, [
    'admin@dongshan.gov.cn',
    '--unit-code',
    '990201',
    '--unit-name',
    '东山县',
  ]);
  t.is(made.code, 0, made.output);
  const linkOf = (token: string) => `${app.baseUrl}/console/set-password#token=${token}`;
  const admin = await setPasswordThrough(browser, linkOf(linkToken(made.output)));

  await admin.goto(`${app.baseUrl}/console/admin/units`);
  await admin
    .getByRole('tree')
    .getByText(/东山县/)
    .waitFor();
  const townships = ['东山镇', '西坪乡', '南河镇'];
  for (const [i, name] of townships.entries()) {
    await admin
      .getByRole('treeitem', { name: /东山县/ })
      .getByText(/东山县/)
      .click();
    await admin.getByRole('button', { name: '新增乡镇/街道' }).click();
    const dialog = admin.getByRole('dialog', { name: '新增单位' });
    await dialog.getByLabel('名称').fill(name);
    await dialog.getByLabel('行政区划代码（6 或 12 位）').fill(`99020110${i}000`);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByRole('tree').getByText(new RegExp(name)).waitFor();
  }
  // A code already used is refused with the reason, and the dialog stays open to correct it.
  await admin.getByRole('button', { name: '新增乡镇/街道' }).click();
  const again = admin.getByRole('dialog', { name: '新增单位' });
  await again.getByLabel('名称').fill('重复镇');
  await again.getByLabel('行政区划代码（6 或 12 位）').fill('990201100000');
  await again.getByRole('button', { name: '保存' }).click();
  await admin.getByText('行政区划代码 990201100000 已被东山镇使用，每个单位的代码不能重复。').waitFor();
  await again.getByRole('button', { name: /取\s*消/ }).click();

  for (const name of townships) {
    await admin.getByRole('tree').getByText(new RegExp(name)).click();
    for (const [code, department] of [
      ['zz', '综治中心'],
      ['nb', '农办'],
    ] as const) {
      await admin.getByRole('button', { name: '新增部门' }).click();
      const dialog = admin.getByRole('dialog', { name: '新增部门' });
      await dialog.getByLabel('名称').fill(`${name}${department}`);
      await dialog.getByLabel('部门简码（字母或数字）').fill(code);
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await admin.getByRole('cell', { name: `${name}${department}` }).waitFor();
    }
  }

  await admin.goto(`${app.baseUrl}/console/admin/staff`);
  const people = [
    { email: 'clerk@dongshan.gov.cn', name: '李文书', roles: ['信访干部'] },
    { email: 'head@dongshan.gov.cn', name: '王主任', roles: ['信访部门负责人', '包案领导'] },
  ];
  for (const person of people) {
    await admin.getByRole('button', { name: '邀请人员' }).click();
    const dialog = admin.getByRole('dialog', { name: '邀请人员' });
    await dialog.getByLabel('电子邮箱').fill(person.email);
    await dialog.getByLabel('名称').fill(person.name);
    await choose(admin, dialog, '单位', '东山镇');
    for (const role of person.roles) await choose(admin, dialog, '角色', role);
    // A multiple select stays open: a click elsewhere in the dialog closes it.
    await dialog.locator('.ant-modal-title').click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByRole('cell', { name: person.email }).waitFor();
  }
  // The other administration pages read what was just done (each through its query).
  await admin.goto(`${app.baseUrl}/console/admin/log`);
  await admin.getByRole('cell', { name: '邀请人员' }).first().waitFor();
  await admin.getByRole('cell', { name: '新建部门' }).first().waitFor();
  await admin.goto(`${app.baseUrl}/console/admin/audit`);
  await admin.getByRole('cell', { name: '系统管理' }).first().waitFor();
  await admin.goto(`${app.baseUrl}/console/admin/policies`);
  await admin.getByText('现行').first().waitFor();
  // A draft copied from the version in force: a saved change is listed as a difference; discarded, it is gone.
  await admin.getByLabel('新版本号').fill('2027.1');
  await admin.getByRole('button', { name: '新建草案' }).click();
  await admin.getByLabel('延期最长天数').fill('20');
  await admin.getByRole('button', { name: /保\s*存/ }).click();
  const differences = admin.getByRole('table', { name: '与现行版本的差异' });
  await differences.getByRole('cell', { name: '20', exact: true }).waitFor();
  await admin.getByRole('button', { name: '放弃草案' }).click();
  await admin.getByRole('button', { name: /确\s*定/ }).click();
  await admin.getByRole('button', { name: '新建草案' }).waitFor();
  t.false(await admin.getByRole('cell', { name: '2027.1' }).isVisible(), 'the discarded draft is not listed');
  await admin.goto(`${app.baseUrl}/console/admin/written-notices`);
  await admin.getByText('文书模板 · 东山县').waitFor();

  const mailedLink = (email: string) =>
    eventually(async () => {
      const mail = services.smtp.received.find((m) => JSON.stringify(m.to).includes(email));
      return mail?.text ? linkOf(linkToken(mail.text)) : undefined;
    });
  const clerk = await setPasswordThrough(browser, await mailedLink('clerk@dongshan.gov.cn'));
  const head = await setPasswordThrough(browser, await mailedLink('head@dongshan.gov.cn'));
  await head.getByRole('menuitem', { name: '我的包案' }).waitFor();
  t.false(
    await head.getByRole('menuitem', { name: '组织机构' }).isVisible(),
    'only administrators see 系统管理',
  );
  // 专项活动: the new campaign is listed at once, with its days to the target.
  await head.goto(`${app.baseUrl}/console/campaigns`);
  await head.getByLabel('名称').fill('积案清零攻坚');
  const target = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
  await head.getByLabel('目标日期').fill(target);
  await head.getByLabel('目标日期').press('Enter');
  await head.getByRole('button', { name: '创建' }).click();
  const campaign = head.getByRole('row', { name: /积案清零攻坚/ });
  await campaign.getByRole('cell', { name: target }).waitFor();
  t.regex((await campaign.getByRole('cell').last().textContent()) ?? '', /^(99|100|101)$/);

  await clerk.goto(`${app.baseUrl}/console/intake`);
  const intake = clerk.locator('form[id=intake]');
  await intake.getByLabel('匿名（不登记信访人身份）').check();
  await choose(clerk, clerk.getByRole('main'), '类别', '土地征收');
  await intake.getByLabel('问题发生地').fill('东山县东山镇');
  await intake.getByLabel('反映问题', { exact: true }).fill('村道拓宽占用耕地，补偿款至今未发放。');
  await intake.getByLabel('诉求', { exact: true }).fill('按标准发放补偿款');
  await intake.getByRole('button', { name: '登记' }).click();
  const caseNumber = ((await clerk.locator('#case-number').textContent()) ?? '').trim();
  t.regex(caseNumber, /^QL\d{4}-\d{6}$/);

  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber, status: 'registered' })) ? true : undefined,
  );
  await clerk.goto(`${app.baseUrl}/console/cases/${caseNumber}`);
  await clerk.getByRole('button', { name: '受理审查', exact: true }).click();
  const triage = clerk.getByRole('dialog', { name: '受理审查' });
  await triage.getByRole('radio', { name: '受理', exact: true }).check();
  await triage.getByRole('button', { name: '提交' }).click();
  await triage.waitFor({ state: 'hidden' });
  await clerk.getByRole('button', { name: '分办', exact: true }).click();
  const dispatch = clerk.getByRole('dialog', { name: '分办' });
  await dispatch.getByRole('combobox', { name: '承办单位' }).fill('东山镇农办');
  await clerk.keyboard.press('Enter');
  await dispatch.getByRole('button', { name: '提交' }).click();
  await dispatch.waitFor({ state: 'hidden' });
  await clerk.getByText('办理中').first().waitFor();
  const row = await app.orm.em
    .fork()
    .findOneOrFail(PetitionCase, { caseNumber }, { populate: ['handlingDepartment'] });
  t.is(row.status, 'in_handling');
  t.is(row.handlingDepartment?.name, '东山镇农办');
});
