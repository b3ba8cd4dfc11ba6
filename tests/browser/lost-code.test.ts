import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { PetitionCase } from '../../db/entities';
import { startSmsCentre, type SmsCentre } from '../../embedded/sms-centre';
import { stopChild, type NodeChild } from '../../embedded/processes';
import { eventually } from '../helpers/app';
import { useBrowser } from '../helpers/browser';
import { aPetition, postJson } from '../helpers/petitions';
import { freePort } from '../helpers/ports';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { startWorkerProcess } from '../helpers/worker-process';

const test = anyTest as TestFn<StackContext & { browser: Browser; centre: SmsCentre }>;

// The worker runs as its own process, sending SMS to the centre the test runs.
useTestStack(test, { worker: false });
useBrowser(test);

let worker: NodeChild | undefined;
test.before(async (t) => {
  t.context.centre = await startSmsCentre({ port: await freePort(), systemId: 'qingling', password: 'pw' });
});
test.after.always(async (t) => {
  if (worker) await stopChild(worker.process);
  await t.context.centre?.stop();
});

/** Run in the page: nothing wider than the screen (no sideways scrolling). */
const noHorizontalScroll = 'document.scrollingElement.scrollWidth <= window.innerWidth';

test('a complainant who lost the code asks from the status page on a phone, types the SMS code and opens the case with the new code', async (t) => {
  t.timeout(4 * 60_000);
  const { app, browser, centre } = t.context;
  worker = await startWorkerProcess(t.context.services, 'lost-code-browser-worker', undefined, {
    SMS_URL: centre.url,
  });
  const phone = '13900000090';
  const receipt = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ complainant: { name: '王明', phone }, notifyBy: 'sms' }),
  );
  const caseNumber = String(receipt.json.caseNumber);
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );

  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const fitsScreen = () => page.evaluate<boolean>(noHorizontalScroll);
  await page.goto(`${app.baseUrl}/status`);
  await page.click('#lost-code');
  // Before anyone tries: an anonymous petition has no way back.
  t.regex((await page.textContent('#anonymous-cannot')) ?? '', /匿名信访.*无法找回/);
  t.true(await fitsScreen(), 'the page fits the phone’s width');
  await page.fill('input[name=caseNumber]', caseNumber);
  await page.fill('input[name=phone]', phone);
  await page.click('button[type=submit]');
  t.regex((await page.textContent('#code-sent')) ?? '', /如果该手机号与案件登记的一致/);

  const code = await eventually(async () => {
    const sms = centre.received.find((m) => m.to === phone && m.text.includes('验证码'));
    return sms ? /(\d{6})/.exec(sms.text)?.[1] : undefined;
  }, 60_000);
  await page.fill('input[name=code]', code);
  await page.click('button[type=submit]');
  const newCode = (await page.textContent('#access-code'))?.trim() ?? '';
  t.regex(newCode, /^\d{4}( \d{4}){4}$/);
  t.regex((await page.textContent('.keep-this')) ?? '', /原查询码已失效/);
  t.true(await fitsScreen(), 'the new code fits the phone’s width');

  await page.click('a.button');
  await page.fill('input[name=accessCode]', newCode);
  await page.click('button[type=submit]');
  t.is((await page.textContent('#case-number'))?.trim(), caseNumber);
  await context.close();
});
