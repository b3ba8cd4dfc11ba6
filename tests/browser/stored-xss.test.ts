import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { Browser, Page, Response } from 'playwright-core';
import { demoPassword } from '../../db/seed/demo-data';
import { PetitionCase } from '../../db/entities';
import { eventually } from '../helpers/app';
import { useBrowser } from '../helpers/browser';
import { sampleFiles } from '../helpers/fuzz';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

/**
 * Stored XSS: script written into a petition — by the public form, by the office's
 * intake, in a complainant's message and in the names of attached files — is shown
 * back as text on every page that shows it, and never runs. Each page is also served
 * with a Content-Security-Policy that forbids inline script, the second line of defence.
 */
interface XssContext extends StackContext {
  browser: Browser;
  /** Made in a hook, so the first test's cases reach the later tests (each test gets a copy of the context's top level). */
  cases: { web: string; office: string; pages: Map<string, Response | null> };
}

const test = anyTest as TestFn<XssContext>;

useTestStack(test);
useBrowser(test);
test.before((t) => {
  t.context.cases = { web: '', office: '', pages: new Map() };
});

const township = '990101001'; // 城关镇
const payload = {
  script: '<script>window.__xss=1</script>',
  img: '<img src=x onerror="window.__xss=1">',
  svg: '"><svg onload="window.__xss=1">',
  link: 'javascript:window.__xss=1',
  template: "{{constructor.constructor('window.__xss=1')()}}",
};
/** A file name cannot hold `/` (it would be cut to its last part): payloads without one. */
const fileName = { photo: `${payload.img}.png`, scan: `${payload.svg}.pdf` };

const webPetition = {
  place: payload.svg,
  summary: `${payload.script} 村里修路占用了我家的承包地`,
  request: payload.img,
  name: payload.template,
};
const message = `${payload.link} ${payload.script}`;
const officePetition = {
  place: payload.link,
  summary: `${payload.template} ${payload.img}`,
  request: payload.svg,
  name: payload.script,
};

/** Records every dialog a page opens (an alert would be one). */
function watch(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** Nothing ran and nothing was injected: no flag, no dialog, no element the payloads would create. */
async function assertInert(t: ExecutionContext<XssContext>, page: Page, dialogs: string[], where: string) {
  // Written as text: the page's globals are not this file's (no DOM types in the server build).
  t.is(await page.evaluate('window.__xss'), undefined, `${where}: script ran`);
  t.deepEqual(dialogs, [], `${where}: a dialog opened`);
  const injected = await page.evaluate(`
    document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length +
    [...document.querySelectorAll('script')].filter((s) => (s.textContent || '').includes('__xss')).length +
    document.querySelectorAll('a[href^="javascript:"]').length`);
  t.is(injected, 0, `${where}: payload became markup`);
}

/** The text shows, character for character, as text. */
async function assertShown(t: ExecutionContext<XssContext>, page: Page, texts: string[], where: string) {
  const body = await page.innerText('body');
  for (const text of texts) t.true(body.includes(text), `${where}: «${text}» not shown as text`);
}

/** script-src (or default-src, where script-src is absent) allows no inline script and no eval. */
function assertCspForbidsInlineScript(
  t: ExecutionContext<XssContext>,
  response: Response | null,
  where: string,
) {
  const policy = response?.headers()['content-security-policy'] ?? '';
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
  const scriptSources = directives.get('script-src') ?? directives.get('default-src');
  t.truthy(scriptSources, `${where}: no script-src in «${policy}»`);
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:']) {
    t.false(scriptSources?.includes(unsafe) ?? true, `${where}: script-src allows ${unsafe}`);
  }
  t.falsy(
    directives.get('script-src-attr')?.includes("'unsafe-inline'"),
    `${where}: inline handlers allowed`,
  );
}

async function signInToConsole(browser: Browser, baseUrl: string, path: string) {
  const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const dialogs = watch(page);
  const response = await page.goto(`${baseUrl}/console${path}`);
  await page.getByLabel('电子邮箱').fill(demoAccount.clerk(township));
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/console${path}`);
  return { page, dialogs, response };
}

test.serial(
  'script in the public form, a message and file names comes back as text on the receipt and status pages',
  async (t) => {
    const { app, browser } = t.context;
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const dialogs = watch(page);
    const { pages } = t.context.cases;

    pages.set('intake form', await page.goto(`${app.baseUrl}/`));
    await page.selectOption('select[name=unitCode]', '990101001002');
    await page.selectOption('select[name=category]', 'land');
    await page.fill('input[name=place]', webPetition.place);
    await page.fill('textarea[name=summary]', webPetition.summary);
    await page.fill('textarea[name=request]', webPetition.request);
    await page.check('input[name=identity][value=named]');
    await page.fill('input[name=name]', webPetition.name);
    await page.fill('input[name=phone]', '13800000000');
    await page.setInputFiles('input[name=attachments]', {
      name: fileName.photo,
      mimeType: 'image/png',
      buffer: sampleFiles.png,
    });
    const [receipt] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    pages.set('receipt', receipt);
    const caseNumber = (await page.textContent('#case-number'))?.trim() ?? '';
    const accessCode = (await page.textContent('#access-code'))?.trim() ?? '';
    t.regex(caseNumber, /^QL\d{4}-\d{6}$/, 'the petition was received');
    await assertInert(t, page, dialogs, 'receipt page');
    await assertShown(t, page, [fileName.photo], 'receipt page');

    await eventually(async () =>
      (await app.orm.em.fork().count(PetitionCase, { caseNumber })) > 0 ? true : undefined,
    );
    pages.set('status look-up', await page.goto(`${app.baseUrl}/status?case=${caseNumber}`));
    await page.fill('input[name=accessCode]', accessCode);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.fill('textarea[name=text]', message);
    await page.setInputFiles('input[name=files]', {
      name: fileName.scan,
      mimeType: 'application/pdf',
      buffer: sampleFiles.pdf,
    });
    const [status] = await Promise.all([
      page.waitForNavigation(),
      page.click('form[action="/status/message"] button[type=submit]'),
    ]);
    pages.set('status page', status);
    t.is(status?.status(), 200, 'the message was sent');
    await assertInert(t, page, dialogs, 'status page');
    await assertShown(t, page, [message, fileName.scan], 'status page');

    const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
    const office = await clerk.post('/api/v1/staff/petitions', {
      unitCode: '990101001002',
      category: 'land',
      channel: 'visit',
      place: officePetition.place,
      summary: officePetition.summary,
      request: officePetition.request,
      anonymous: false,
      complainant: { name: officePetition.name, phone: '13900000000' },
      submissionKey: 'stored-xss-office-intake-1',
    });
    t.is(office.status, 201, office.text);
    const officeCase = office.json.caseNumber as string;
    await eventually(async () =>
      (await app.orm.em.fork().count(PetitionCase, { caseNumber: officeCase })) > 0 ? true : undefined,
    );
    // The message and its file reach the office's timeline through the workflow.
    await eventually(async () => {
      const detail = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
      return JSON.stringify(detail.json?.timeline ?? []).includes('attachments') ? true : undefined;
    });
    Object.assign(t.context.cases, { web: caseNumber, office: officeCase });
  },
);

test.serial(
  'the console ledger and both case pages show the payloads as text and run none of them',
  async (t) => {
    const { app, browser, cases } = t.context;
    const ledger = await signInToConsole(browser, app.baseUrl, '/ledger');
    await ledger.page.getByText(cases.web).first().waitFor({ timeout: 20_000 });
    await ledger.page.getByText(cases.office).first().waitFor({ timeout: 20_000 });
    await assertInert(t, ledger.page, ledger.dialogs, 'console ledger');
    assertCspForbidsInlineScript(t, ledger.response, 'console');

    for (const [caseNumber, petition, extra] of [
      [cases.web, webPetition, [message, fileName.scan]],
      [cases.office, officePetition, []],
    ] as const) {
      const page = ledger.page;
      const response = await page.goto(`${app.baseUrl}/console/cases/${caseNumber}`);
      await page.getByText(petition.summary).first().waitFor({ timeout: 20_000 });
      await assertInert(t, page, ledger.dialogs, `case page ${caseNumber}`);
      await assertShown(
        t,
        page,
        [petition.place, petition.summary, petition.request, ...extra],
        `case page ${caseNumber}`,
      );
      assertCspForbidsInlineScript(t, response, `case page ${caseNumber}`);
    }
  },
);

test.serial('the public pages that showed the payloads forbid inline script', (t) => {
  for (const [where, response] of t.context.cases.pages) assertCspForbidsInlineScript(t, response, where);
});
