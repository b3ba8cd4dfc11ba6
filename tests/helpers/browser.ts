import type { TestFn } from 'ava';
import { chromium, type Browser, type Page } from 'playwright-core';
import { demoPassword } from '../../db/seed/demo-data';

/** Debian's chromium, headless, kept off the network it cannot reach anyway. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Gives a test file one Chromium for all its tests, closed after them. */
export function useBrowser<Context extends { browser: Browser }>(test: TestFn<Context>): void {
  test.before(async (t) => {
    t.context.browser = await launchChromium();
  });
  test.after.always(async (t) => {
    await t.context.browser?.close();
  });
}

/** A new page signed in to the console as a demo person, arrived at `path` (a console route). */
export async function signInAs(
  browser: Browser,
  baseUrl: string,
  email: string,
  path: string,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const page = await browser.newPage({ locale: 'zh-CN', viewport });
  await signInOn(page, baseUrl, email, path);
  return page;
}

/** Signs a demo person in to the console on this page (a zh-CN one), arriving at `path`. */
export async function signInOn(page: Page, baseUrl: string, email: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}/console${path}`);
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/console${path}`);
}

/** Picks `option` in the Ant Design select labelled `label` inside `scope`. */
export async function choose(
  page: Page,
  scope: ReturnType<Page['getByRole']> | Page,
  label: string,
  option: string,
) {
  const box = scope.getByRole('combobox', { name: label });
  const choice = page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`);
  // Options often come from a request the page is still waiting for, and a click on the select
  // while it loads opens nothing: click again (a click also closes an open list) until it is there.
  for (let attempt = 1; ; attempt++) {
    // Forced: Ant Design lays the select's visible box over the combobox input.
    await box.click({ force: true });
    try {
      await choice.waitFor({ timeout: 3_000 });
      break;
    } catch (error) {
      if (attempt === 10) throw error;
    }
  }
  await choice.click();
}
