import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { demoPassword } from '../../db/seed/demo-data';
import { signInAs, useBrowser } from '../helpers/browser';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test, { worker: false });
useBrowser(test);

test('a person changes their password from the account menu, then signs out on every device', async (t) => {
  const { app, browser } = t.context;
  const email = demoAccount.clerk('990101002');
  const page = await signInAs(browser, app.baseUrl, email, '/ledger');

  await page.getByRole('button', { name: '账户菜单' }).click();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  const dialog = page.getByRole('dialog', { name: '修改密码' });
  await dialog.getByLabel('当前密码').fill(demoPassword);
  await dialog.getByLabel('新密码', { exact: true }).fill('password1234');
  await dialog.getByLabel('再次输入新密码').fill('password1234');
  await dialog.getByRole('button', { name: '修改' }).click();
  await dialog.getByText(/新密码太容易被猜到/).waitFor();

  const good = 'copper-kettle-meadow-sixteen';
  await dialog.getByLabel('新密码', { exact: true }).fill(good);
  await dialog.getByLabel('再次输入新密码').fill(good);
  await dialog.getByRole('button', { name: '修改' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText('密码已修改，其他设备上的登录已结束').waitFor();

  await page.getByRole('button', { name: '账户菜单' }).click();
  await page.getByRole('menuitem', { name: '退出所有设备' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '退出所有设备' }).click();
  await page.waitForURL((url) => url.pathname === '/console/sign-in');

  const signIn = await fetch(`${app.baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: good }),
  });
  t.is(signIn.status, 200);
});
