import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { demoPassword } from '../../db/seed/demo-data';
import { useBrowser } from '../helpers/browser';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test);
useBrowser(test);

test('a petition filled in the browser is found on the status page with its receipt, and in the staff ledger', async (t) => {
  const { app, browser } = t.context;
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const blockedScripts: string[] = [];
  page.on('console', (message) => message.type() === 'error' && blockedScripts.push(message.text()));

  await page.goto(`${app.baseUrl}/`);
  t.is(await page.title(), '网上信访 · 清零');
  await page.selectOption('select[name=unitCode]', '990101001002');
  await page.selectOption('select[name=category]', 'land');
  await page.fill('input[name=place]', '东湖县城关镇新桥村');
  await page.fill('textarea[name=summary]', '村里修路占用了我家的承包地，补偿款至今没有发放。');
  await page.fill('textarea[name=request]', '按标准发放补偿款');
  await page.check('input[name=identity][value=named]');
  await page.fill('input[name=name]', '王明');
  await page.fill('input[name=phone]', '13800000000');
  await page.click('button[type=submit]');

  const caseNumber = (await page.textContent('#case-number'))?.trim() ?? '';
  const accessCode = (await page.textContent('#access-code'))?.trim() ?? '';
  t.regex(caseNumber, /^QL\d{4}-\d{6}$/);
  t.regex(accessCode, /^\d{4}( \d{4}){4}$/);
  t.false(page.url().includes(accessCode.replace(/ /g, '')));

  await page.click('a.button');
  t.is(await page.inputValue('input[name=caseNumber]'), caseNumber);
  await page.fill('input[name=accessCode]', accessCode);
  await page.click('button[type=submit]');
  t.is((await page.textContent('#case-number'))?.trim(), caseNumber);
  t.regex((await page.textContent('#case-status')) ?? '', /已接收|已登记/);
  t.false(page.url().includes(accessCode.replace(/ /g, '')));

  const ledger = await browser.newPage({ locale: 'zh-CN' });
  await ledger.goto(`${app.baseUrl}/console/`);
  await ledger.getByLabel('电子邮箱').fill(demoAccount.clerk('990101001'));
  await ledger.getByLabel('密码').fill(demoPassword);
  await ledger.getByRole('button', { name: '登录', exact: true }).click();
  await ledger.getByText(caseNumber).first().waitFor({ timeout: 20_000 });
  t.true(await ledger.getByText('新桥村').first().isVisible());
  t.deepEqual(blockedScripts, [], 'no script or style was refused by the Content-Security-Policy');
});

test('the public pages switch to English and back', async (t) => {
  const page = await t.context.browser.newPage({ locale: 'zh-CN' });
  await page.goto(`${t.context.app.baseUrl}/status`);
  t.is(await page.textContent('h1'), '查询办理进度');
  await page.click('a[lang=en]');
  t.is(await page.textContent('h1'), 'Check progress');
  await page.goto(`${t.context.app.baseUrl}/`);
  t.is(await page.textContent('h1'), 'Submit a petition');
  await page.click('a[lang=zh-CN]');
  t.is(await page.textContent('h1'), '网上信访');
});

test('a wrong access code on the status page says so without telling whether the case exists', async (t) => {
  const page = await t.context.browser.newPage({ locale: 'zh-CN' });
  await page.goto(`${t.context.app.baseUrl}/status?case=QL2026-000001`);
  await page.fill('input[name=accessCode]', '1111 2222 3333 4444 5555');
  await page.click('button[type=submit]');
  t.regex((await page.textContent('.errors')) ?? '', /没有找到与该编号和查询码相符的案件/);
});
