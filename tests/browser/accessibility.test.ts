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
    // Each message is next to its field and tied to it, and the summary at the top links there.
    t.is(await page.getAttribute('#field-place', 'aria-invalid'), 'true');
    const described = (await page.getAttribute('#field-place', 'aria-describedby')) ?? '';
    t.true(
      (await page.textContent(`#${described}`))?.includes(
        (await page.textContent('.errors a[href="#field-place"]')) ?? '-',
      ),
    );
    // The schema's complainant.name is the form's name field.
    t.is(await page.getAttribute('#field-name', 'aria-invalid'), 'true');
    t.is(await page.getAttribute('#field-category', 'aria-describedby'), 'category-problem');
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
    await page.evaluate("document.querySelector('form').noValidate = true");
    await page.fill('input[name=caseNumber]', caseNumber);
    await page.click('button[type=submit]');
    await page.waitForSelector('.field-problem');
    t.is(await page.getAttribute('#field-phone', 'aria-describedby'), 'phone-problem');
    t.is(await page.getAttribute('#field-caseNumber', 'aria-invalid'), null);
    await check(found, page, 'lost code with errors');
    await page.goto(`${app.baseUrl}/qr/990101001002/poster`);
    await check(found, page, 'QR poster');
    await page.goto(`${app.baseUrl}/statistics?county=990101&township=990101001`);
    await check(found, page, 'public statistics');

    t.deepEqual(found, []);
    await context.close();
  });
}

/**
 * Checks a console page as it rests. A table can start loading again while axe runs (a
 * loading button is faded): what axe finds is looked at once more after the page settled,
 * and only what it finds both times is reported.
 */
async function checkAtRest(found: string[], page: Page, name: string): Promise<void> {
  const first = await seriousViolations(page);
  if (first.length === 0) return;
  await settled(page);
  const again = new Set(await seriousViolations(page));
  for (const violation of first) if (again.has(violation)) found.push(`${name}: ${violation}`);
}

/** Waits until the console page has what it asked for: no request under way, nothing still loading (faded). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Visible ones only: a loading icon's leave motion can stay in the page, hidden, after it ended.
  await page
    .locator(
      ['.ant-spin-spinning', '.ant-btn-loading', '.ant-btn-loading-icon', '.ant-skeleton-active']
        .map((loading) => `${loading}:visible`)
        .join(', '),
    )
    .first()
    .waitFor({ state: 'detached' });
  // A button that stopped loading still fades back in for a moment: contrast is measured after.
  await page.evaluate(
    `Promise.all(document.getAnimations()
      .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
      .map((animation) => animation.finished.catch(() => undefined))).then(() => undefined)`,
  );
}

test('every console page, for each role that opens it, has no serious or critical accessibility violation', async (t) => {
  const { app, browser, services } = t.context;
  const filed = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
  const caseNumber = (filed.json as { caseNumber: string }).caseNumber;
  const found: string[] = [];

  // axe runs in a context of its own making, so every page here comes from a context.
  // Asking for less motion, as the console honours: nothing is measured while it fades in.
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
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
        '/statistics',
        '/auto-triage/clusters',
        '/look-back',
      ],
    ],
    [demoAccount.handler('990101001-zz'), ['/queues/department']],
    [
      demoAccount.officeHead('990101'),
      ['/queues/escalations', '/identity-views', '/campaigns', '/typical-cases'],
    ],
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
      // As the menu opens a page: the router moves, the console is not loaded again.
      if (path !== first)
        await page.evaluate(
          `history.pushState(null, '', '/console${path}'); dispatchEvent(new PopStateEvent('popstate'))`,
        );
      await settled(page);
      await checkAtRest(found, page, path);
    }
    await page.context().clearCookies();
    await page.close();
  }
  t.deepEqual(found, []);
  await context.close();
});

/** Run in the page: whether anything is wider than the screen, and which boxes cut their text off. */
const overflowAndClipping = `(() => {
  const clipped = [];
  for (const element of document.querySelectorAll('body *')) {
    // Form controls scroll their own text; a hidden part of the form is not shown at all.
    if (['INPUT', 'SELECT', 'TEXTAREA', 'OPTION'].includes(element.tagName) || element.clientWidth === 0) continue;
    const style = getComputedStyle(element);
    const cuts = (overflow) => overflow === 'hidden' || overflow === 'clip';
    if (
      element.scrollWidth > element.clientWidth + 1 ||
      (cuts(style.overflowY) && element.scrollHeight > element.clientHeight + 1)
    ) {
      clipped.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (element.className ? '.' + element.className : ''));
    }
  }
  return { tooWide: document.documentElement.scrollWidth > window.innerWidth, clipped };
})()`;

const twiceTheText = 'html { font-size: 200% !important; }';

for (const [width, height] of [
  [390, 844],
  [1280, 900],
] as const) {
  test(`at ${width}px wide the intake form and the receipt take text at 200% without sideways scrolling or cut-off text`, async (t) => {
    const { app, browser } = t.context;
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.addStyleTag({ content: twiceTheText });
    t.is(await page.evaluate('getComputedStyle(document.documentElement).fontSize'), '32px');
    t.deepEqual(await page.evaluate(overflowAndClipping), { tooWide: false, clipped: [] }, 'the form');
    await page.addStyleTag({ content: 'html { font-size: 100% !important; }' });
    await fillPetition(page);
    await page.click('button[type=submit]');
    await page.waitForSelector('#case-number');
    await page.addStyleTag({ content: twiceTheText });
    t.deepEqual(await page.evaluate(overflowAndClipping), { tooWide: false, clipped: [] }, 'the receipt');
    await context.close();
  });
}

test('大字版: the header’s switch turns large text on, every public page keeps it, it passes the axe check, and it turns off again', async (t) => {
  const { app, browser } = t.context;
  const context = await browser.newContext({ ...phone, locale: 'zh-CN' });
  const page = await context.newPage();
  const rootSize = () => page.evaluate<string>('getComputedStyle(document.documentElement).fontSize');
  const found: string[] = [];

  await page.goto(`${app.baseUrl}/status`);
  t.is(await rootSize(), '16px');
  await page.click('#text-size');
  t.is(await page.getAttribute('html', 'class'), 'large-text');
  t.is(await rootSize(), '22px');
  t.is((await page.textContent('#text-size'))?.trim(), '标准字号');
  await check(found, page, 'status look-up, large');

  await page.goto(`${app.baseUrl}/`);
  t.is(await page.getAttribute('html', 'class'), 'large-text', 'the cookie keeps it on the next page');
  const submit = await page.locator('button[type=submit]').boundingBox();
  t.true((submit?.height ?? 0) >= 48, 'the button is a large touch target');
  await check(found, page, 'intake form, large');
  await fillPetition(page);
  await page.click('button[type=submit]');
  await page.waitForSelector('#case-number');
  t.is(await page.getAttribute('html', 'class'), 'large-text', 'the receipt too');
  t.true(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'));
  await check(found, page, 'receipt, large');
  await page.goto(`${app.baseUrl}/status/lost-code`);
  await check(found, page, 'lost code, large');
  await page.goto(`${app.baseUrl}/statistics?county=990101&township=990101001`);
  t.true(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'));
  await check(found, page, 'public statistics, large');

  await page.click('#text-size');
  t.is(await page.getAttribute('html', 'class'), null);
  t.is(await rootSize(), '16px');
  t.is((await page.textContent('#text-size'))?.trim(), '大字版');
  t.deepEqual(found, []);
  await context.close();
});

test('by keyboard alone on a phone: Tab through the intake form in order with a visible focus, choose and type, Enter on the button, and the receipt arrives', async (t) => {
  const { app, browser } = t.context;
  const context = await browser.newContext({ ...phone, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/`);
  const order: string[] = [];
  const invisible: string[] = [];
  /** Tab once, and note where the focus went and whether it can be seen. */
  const tab = async () => {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<{ name: string; outline: number }>(`(() => {
      const element = document.activeElement;
      const name = element.getAttribute('name') ?? element.getAttribute('href') ?? element.tagName.toLowerCase();
      const style = getComputedStyle(element);
      return {
        name: element.type === 'radio' ? name + '=' + element.value : name,
        outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
      };
    })()`);
    order.push(focused.name);
    // Thicker than the browser's own 1px ring, which is easy to miss.
    if (focused.outline < 2) invisible.push(focused.name);
    return focused.name;
  };

  // The header first, then the form from top to bottom.
  for (let i = 0; i < 6; i++) await tab();
  t.is(await tab(), 'kind=petition');
  await page.keyboard.press('Space');
  t.is(await tab(), 'unitCode');
  await page.keyboard.press('ArrowDown');
  t.not(await page.inputValue('select[name=unitCode]'), '');
  t.is(await tab(), 'category');
  await page.keyboard.press('ArrowDown');
  t.not(await page.inputValue('select[name=category]'), '');
  t.is(await tab(), 'place');
  await page.keyboard.type('东湖县城关镇新桥村');
  t.is(await tab(), 'summary');
  await page.keyboard.type('村里修路占用了我家的承包地，补偿款至今没有发放。');
  t.is(await tab(), 'request');
  await page.keyboard.type('按标准发放补偿款');
  t.is(await tab(), 'identity=named');
  await page.keyboard.press('Space');
  t.is(await tab(), 'name');
  await page.keyboard.type('王明');
  t.is(await tab(), 'phone');
  await page.keyboard.type('13800000000');
  t.is(await tab(), 'email');
  t.is(await tab(), 'notifyBy=sms');
  t.is(await tab(), 'attachments');
  t.is(await tab(), 'button');
  t.deepEqual(order.slice(0, 6), ['/', '/', '/status', '/statistics', '/?lang=en', '/?text=large']);
  t.deepEqual(invisible, [], 'every focused element shows its outline');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#case-number');
  t.regex((await page.textContent('#case-number'))?.trim() ?? '', /^QL\d{4}-\d{6}$/);
  await context.close();
});
