import anyTest, { type TestFn } from 'ava';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { defaultSecondFactorRoles } from '../../config/env';
import { demoPassword } from '../../db/seed/demo-data';
import { signInAs, useBrowser } from '../helpers/browser';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test, { worker: false, secondFactorRoles: [...defaultSecondFactorRoles] });
useBrowser(test);

/** The code an authenticator app shows for `secret`, `stepsAhead` time steps from now. */
const codeOf = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

/** Reads the secret shown beside the QR code and confirms it with a code, as a person with their phone would. */
async function enrolOn(page: Page, scope: ReturnType<Page['getByRole']> | Page): Promise<string> {
  await scope.getByRole('img', { name: '身份验证器二维码' }).waitFor();
  const secret = (await scope.getByTestId('second-factor-secret').innerText()).trim();
  await scope.getByLabel('动态验证码（6 位数字）').fill(await codeOf(secret));
  await scope.getByRole('button', { name: '绑定' }).click();
  await scope.getByText('以下 10 个恢复码只显示这一次').waitFor();
  return secret;
}

test('an office head is sent to enrol an authenticator at sign-in, sees the recovery codes once, and signs in with a code the next time', async (t) => {
  const { app, browser } = t.context;
  const email = demoAccount.officeHead('990101001');
  const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  await page.goto(`${app.baseUrl}/console/ledger`);
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByText('您的角色必须使用双因素认证').waitFor();

  const secret = await enrolOn(page, page);
  t.is(await page.getByText(/^[a-z2-9]{5}-[a-z2-9]{5}$/).count(), 10, 'ten recovery codes are shown');
  await page.getByRole('button', { name: '我已保存恢复码' }).click();
  await page.waitForURL((url) => url.pathname === '/console/ledger');

  await page.getByRole('button', { name: '账户菜单' }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL((url) => url.pathname === '/console/sign-in');
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  // Enter submits the code, as people do; the button's name may read «loading» while a try is under way.
  const codeField = page.getByLabel('动态验证码或恢复码');
  await codeField.fill('000000');
  await codeField.press('Enter');
  await page.getByText('动态验证码不正确或已使用过').waitFor();
  // The enrolment took this time step's code: the phone's next one signs in.
  await codeField.fill(await codeOf(secret, 1));
  await codeField.press('Enter');
  await page.waitForURL((url) => url.pathname === '/console/ledger');
  t.pass();
});

test('a clerk enrols an authenticator from the account menu', async (t) => {
  const { app, browser } = t.context;
  const page = await signInAs(browser, app.baseUrl, demoAccount.clerk('990101001'), '/ledger');
  await page.getByRole('button', { name: '账户菜单' }).click();
  await page.getByRole('menuitem', { name: '双因素认证' }).click();
  const dialog = page.getByRole('dialog', { name: '双因素认证' });
  await enrolOn(page, dialog);
  await dialog.getByRole('button', { name: '我已保存恢复码' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await page.getByRole('button', { name: '账户菜单' }).click();
  await page.getByRole('menuitem', { name: '双因素认证' }).click();
  await page.getByText('已绑定身份验证器，登录时需输入动态验证码').waitFor();
  const session = (await page.evaluate(async () => (await fetch('/api/v1/session')).json())) as {
    secondFactor: unknown;
  };
  t.deepEqual(session.secondFactor, { enrolled: true, required: false });
});
