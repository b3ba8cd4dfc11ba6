import anyTest, { type TestFn } from 'ava';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../helpers/accessibility';
import { createAdmin, linkToken } from '../helpers/administration';
import { signInOn, useBrowser } from '../helpers/browser';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';
import { navEntries } from '../../web/console/src/navigation';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test);
useBrowser(test);

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Checks the page as it is now and keeps what axe found under the page's name. */
async function check(found: string[], page: Page, name: string): Promise<void> {
  for (const violation of await seriousViolations(page)) found.push(`${name}: ${violation}`);
}

/** Fills the intake form with a valid named petition (by the test's hand: the keyboard run is below). */
async function fillPetition(page: Page): Promise<void> {
  await page.selectOption('select[name=unitCode]', '990101001002');
  await page.selectOption('select[name=category]', 'land');
  await page.fill('input[name=place]', '东湖县城关镇新桥村');
  await page.fill('textarea[name=summary]', '村里修路占用了我家的承包地，补偿款至今没有发放。');
  await page.fill('textarea[name=request]', '按标准发放补偿款');
  await page.fill('input[name=name]', '王明');
  await page.fill('input[name=phone]', '13800000000');
}

for (const language of ['zh-CN', 'en'] as const) {
  test(`every public page in ${language} has no serious or critical accessibility violation`, async (t) => {
    const { app, browser } = t.context;
    const context = await browser.newContext({ ...phone, locale: language });
    const page = await context.newPage();
    const found: string[] = [];

    await page.goto(`${app.baseUrl}/`);
    await check(found, page, 'intake form');
    // The server's own checks, not the browser's: the form comes back with what to correct.
    await page.evaluate("document.querySelector('form.intake-form').noValidate = true");
    await page.click('button[type=submit]');
    await page.waitForSelector('.errors');
    await check(found, page, 'intake form with errors');

    await fillPetition(page);
    await page.click('button[type=submit]');
    const caseNumber = (await page.textContent('#case-number'))?.trim() ?? '';
    const accessCode = (await page.textContent('#access-code'))?.trim() ?? '';
    t.regex(caseNumber, /^QL\d{4}-\d{6}$/);
    await check(found, page, 'receipt');

    await page.goto(`${app.baseUrl}/status`);
    await check(found, page, 'status look-up');
    await page.fill('input[name=caseNumber]', caseNumber);
    await page.fill('input[name=accessCode]', accessCode);
    await page.click('button[type=submit]');
    await page.waitForSelector('#case-status');
    await check(found, page, 'status of a case');

    await page.goto(`${app.baseUrl}/status/lost-code`);
    await check(found, page, 'lost code');
    await page.goto(`${app.baseUrl}/qr/990101001002/poster`);
    await check(found, page, 'QR poster');

    t.deepEqual(found, []);
    await context.close();
  });
}

/** Waits until the console page has what it asked for: no request under way, nothing still loading (faded). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning, .ant-btn-loading, .ant-skeleton-active')
    .first()
    .waitFor({ state: 'detached' });
}

test('every console page, for each role that opens it, has no serious or critical accessibility violation', async (t) => {
  const { app, browser, services } = t.context;
  const filed = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
  const caseNumber = (filed.json as { caseNumber: string }).caseNumber;
  const found: string[] = [];

  // axe runs in a context of its own making, so every page here comes from a context.
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const signInPage = await context.newPage();
  await signInPage.goto(`${app.baseUrl}/console/sign-in`);
  await settled(signInPage);
  await check(found, signInPage, 'sign-in');
  const made = await createAdmin(services, ['a11y.admin@demo.qingling.local', '--unit-code', '990000']);
  await signInPage.goto(`${app.baseUrl}/console/set-password#token=${linkToken(made.output)}`);
  await signInPage.getByLabel('新密码').waitFor();
  await check(found, signInPage, 'set password');
  await signInPage.close();

  const visits: [email: string, paths: string[]][] = [
    [
      demoAccount.clerk('990101001'),
      [
        '/ledger',
        `/cases/${caseNumber}`,
        '/intake',
        '/backlog',
        '/backlog/import',
        '/close-out',
        '/bulletins',
        '/auto-triage/clusters',
        '/look-back',
      ],
    ],
    [demoAccount.handler('990101001-zz'), ['/queues/department']],
    [demoAccount.officeHead('990101'), ['/queues/escalations', '/identity-views', '/campaigns']],
    [demoAccount.clerk('990101-jw'), ['/discipline/queue']],
    [demoAccount.leader('990101'), ['/leader']],
    [
      demoAccount.admin('990000'),
      [
        '/admin/units',
        '/admin/staff',
        '/admin/log',
        '/admin/audit',
        '/admin/calendar',
        '/admin/policies',
        '/admin/written-notices',
        '/admin/power-list',
        '/admin/org-chart-import',
      ],
    ],
  ];
  t.deepEqual(
    visits.flatMap(([, paths]) => paths.filter((path) => path !== `/cases/${caseNumber}`)).sort(),
    navEntries.map((entry) => entry.path).sort(),
    'every page of the menu is checked',
  );
  for (const [email, [first, ...rest]] of visits) {
    const page = await context.newPage();
    await signInOn(page, app.baseUrl, email, first!);
    for (const path of [first!, ...rest]) {
      if (path !== first) await page.goto(`${app.baseUrl}/console${path}`);
      await settled(page);
      await check(found, page, path);
    }
    await page.context().clearCookies();
    await page.close();
  }
  t.deepEqual(found, []);
  await context.close();
});
