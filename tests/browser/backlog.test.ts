import { crc32, deflateSync } from 'node:zlib';
import anyTest, { type TestFn } from 'ava';
import dayjs from 'dayjs';
import type { Browser, Locator, Page } from 'playwright-core';
import { PetitionCase, StaffMember } from '../../db/entities';
import { eventually } from '../helpers/app';
import { signInAs, useBrowser } from '../helpers/browser';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

/** These pages lay tables and charts side by side: a wide screen, as in an office. */
const signInWide = (browser: Browser, baseUrl: string, email: string, path: string) =>
  signInAs(browser, baseUrl, email, path, { width: 1440, height: 1000 });

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test);
useBrowser(test);

const township = '990101001'; // 城关镇

/** A small red PNG, made here so the test depends on no file. */
function aPng(width = 4, height = 4): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: width }, () => [255, 0, 0]).flat()),
  ]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Opens an action's form from the case page's actions panel, fills it, submits it and waits for it to close. */
async function act(
  page: Page,
  button: string,
  dialogTitle: string,
  fill: (dialog: Locator) => Promise<void>,
) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: dialogTitle });
  await fill(dialog);
  await dialog.getByRole('button', { name: '提交' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Types a date into an antd date picker and confirms it. */
async function pickDate(page: Page, input: Locator, date: string) {
  await input.click();
  await input.fill(date);
  await page.keyboard.press('Enter');
}

test('an office head makes a case a backlog case with a leader, who names a task force, sets and changes the plan and records a field visit with a photo', async (t) => {
  const { app, browser } = t.context;
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: township }));
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
  const leaderName = (
    await app.orm.em.fork().findOneOrFail(StaffMember, { email: demoAccount.leader(township) })
  ).name;

  const head = await signInWide(
    browser,
    app.baseUrl,
    demoAccount.officeHead(township),
    `/cases/${caseNumber}`,
  );
  await act(head, '认定为积案', '认定为积案', async (dialog) => {
    await dialog.getByLabel('认定理由').fill('同一事项三年来反复信访，县乡两级多个部门经手未能化解');
    await dialog.getByRole('checkbox', { name: /^多年/ }).check();
    await dialog.getByRole('checkbox', { name: /^多头/ }).check();
  });
  await act(head, '指定包案领导', '指定包案领导', async (dialog) => {
    await dialog.getByRole('combobox', { name: '包案领导' }).fill(leaderName);
    await head.keyboard.press('Enter');
  });
  const headCard = head.getByRole('region', { name: '积案' });
  await headCard.getByText(leaderName).waitFor();
  t.true(await headCard.getByText('多年', { exact: true }).isVisible());
  t.true(await headCard.getByText('多头', { exact: true }).isVisible());
  t.false(await headCard.getByText('多层', { exact: true }).isVisible());
  await eventually(async () => {
    const row = await app.orm.em.fork().findOne(PetitionCase, { caseNumber }, { populate: ['ownerLeader'] });
    return row?.ownerLeader?.name === leaderName ? true : undefined;
  });

  const leader = await signInWide(browser, app.baseUrl, demoAccount.leader(township), '/leader');
  await leader.getByText('上级看到的我').waitFor();
  await leader.getByRole('link', { name: caseNumber }).click();
  await leader.waitForURL((url) => url.pathname === `/console/cases/${caseNumber}`);

  await act(leader, '组建工作专班', '组建工作专班', async (dialog) => {
    await dialog.getByLabel('成员 1 姓名', { exact: true }).fill('李调解');
    await dialog.getByLabel('成员 1 职责', { exact: true }).fill('调解');
    await leader.keyboard.press('Tab'); // closes the list of usual roles
    await dialog.getByRole('button', { name: '添加成员' }).click();
    await dialog.getByLabel('成员 2 姓名', { exact: true }).fill('赵律师');
    await dialog.getByLabel('成员 2 职责', { exact: true }).fill('法律服务');
    await leader.keyboard.press('Tab');
    await dialog.getByLabel('成员 2 单位', { exact: true }).fill('县司法局');
  });

  const first = dayjs().add(20, 'day').format('YYYY-MM-DD');
  const second = dayjs().add(60, 'day').format('YYYY-MM-DD');
  const later = dayjs().add(90, 'day').format('YYYY-MM-DD');
  await act(leader, '制定化解方案', '制定或修改化解方案', async (dialog) => {
    await dialog.getByLabel('方案内容').fill('核实补偿标准，召开听证会，依法依规发放补偿款');
    await dialog.getByLabel('节点 1', { exact: true }).fill('核实补偿标准');
    await pickDate(leader, dialog.getByLabel('节点 1 完成时限', { exact: true }), first);
    await dialog.getByRole('button', { name: '添加节点' }).click();
    await dialog.getByLabel('节点 2', { exact: true }).fill('发放补偿款');
    await pickDate(leader, dialog.getByLabel('节点 2 完成时限', { exact: true }), second);
  });
  await leader.getByText('制定化解方案（第 1 版）').waitFor();

  // The form starts from the plan in force: changing one date makes version 2.
  await act(leader, '制定化解方案', '制定或修改化解方案', async (dialog) => {
    t.is(await dialog.getByLabel('节点 1', { exact: true }).inputValue(), '核实补偿标准');
    await dialog.getByLabel('方案内容').fill('核实补偿标准，召开听证会，分两期发放补偿款');
    await pickDate(leader, dialog.getByLabel('节点 2 完成时限', { exact: true }), later);
  });
  await leader.getByText('修改化解方案，形成第 2 版').waitFor();

  await act(leader, '登记下访接访', '登记带件下访、下沉接访', async (dialog) => {
    await dialog.getByLabel('地点').fill('城关镇新桥村村委会');
    await dialog.getByLabel('接谈对象').fill('信访人王明及其家属');
    await dialog.getByLabel('商定事项').fill('一个月内完成补偿标准核实，结果书面告知信访人');
    await dialog.locator('input[type=file]').setInputFiles({
      name: '现场照片.png',
      mimeType: 'image/png',
      buffer: aPng(),
    });
    await dialog.locator('.ant-upload-list-item-done').waitFor();
  });

  const card = leader.getByRole('region', { name: '积案' });
  await card.getByText('城关镇新桥村村委会', { exact: false }).first().waitFor();
  for (const text of ['李调解', '赵律师', '县司法局', '核实补偿标准', '发放补偿款', '信访人王明及其家属']) {
    t.true(await card.getByText(text, { exact: false }).first().isVisible(), text);
  }
  t.true(await card.getByText('第 2 版（现行）', { exact: false }).isVisible());
  t.true(await card.getByText('第 1 版 ·', { exact: false }).isVisible());
  t.true(await card.getByText(later, { exact: false }).first().isVisible());
  t.true(await card.getByText('分两期发放补偿款').first().isVisible());

  const photo = card.getByRole('link', { name: /现场照片\.png/ });
  const href = await photo.getAttribute('href');
  const download = await leader.request.get(`${app.baseUrl}${href}`);
  t.is(download.status(), 200);
  t.deepEqual(await download.body(), aPng());

  const row = await eventually(async () => {
    const found = await app.orm.em.fork().findOne(PetitionCase, { caseNumber });
    return found && found.planVersion === 2 && found.visitCount === 1 ? found : undefined;
  });
  t.true(row.flagManyYears && row.flagManyOffices && !row.flagManyLevels);
});

test('the import page lists every bad row of a file and imports nothing', async (t) => {
  const { app, browser } = t.context;
  const page = await signInWide(browser, app.baseUrl, demoAccount.clerk(township), '/backlog/import');
  const templateLink = page.getByRole('link', { name: '下载 CSV 模板' });
  const template = await page.request.get(`${app.baseUrl}${await templateLink.getAttribute('href')}`);
  t.is(template.status(), 200);
  const header = (await template.text()).replace(/^\ufeff/, '').trim();
  const columns = header.split(',');
  const badRow = columns.map(() => 'x').join(',');
  const before = await app.orm.em.fork().count(PetitionCase, {});

  await page.locator('input[type=file]').setInputFiles({
    name: '积案台账.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${header}\r\n${badRow}\r\n${badRow}\r\n`, 'utf8'),
  });

  const problems = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '行号' }) });
  await problems.locator('tbody tr').first().waitFor();
  const lines = await problems.locator('tbody tr td:first-child').allTextContents();
  t.true(lines.includes('2'), `line 2 is reported: ${lines.join(' ')}`);
  t.true(lines.includes('3'), `line 3 is reported: ${lines.join(' ')}`);
  const named = await problems.locator('tbody tr td:nth-child(2)').allTextContents();
  t.true(
    named.every((column) => columns.includes(column) || column === ''),
    `columns named as the template heads them: ${named.join(' ')}`,
  );
  t.is(await app.orm.em.fork().count(PetitionCase, {}), before);
});
