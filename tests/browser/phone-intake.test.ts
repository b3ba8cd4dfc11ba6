import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { Attachment, Department, PetitionCase } from '../../db/entities';
import { eventually } from '../helpers/app';
import { useBrowser } from '../helpers/browser';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test);
useBrowser(test);

/** Run in the page: nothing wider than the screen (no sideways scrolling). */
const noHorizontalScroll = 'document.scrollingElement.scrollWidth <= window.innerWidth';

const phone = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 3,
  locale: 'zh-CN',
};

test('码上举报 on a phone: the QR form with the unit chosen, a photo sent anonymously, the receipt, then the status page: a message to the office, its reply, the evaluation', async (t) => {
  const { app, browser } = t.context;
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('console', (message) => message.type() === 'error' && refused.push(message.text()));
  const fitsScreen = () => page.evaluate<boolean>(noHorizontalScroll);

  await page.goto(`${app.baseUrl}/?unit=990101001&via=qr`);
  t.is(await page.inputValue('select[name=unitCode]'), '990101001');
  t.true(await page.isVisible('.via-qr'));
  t.true(await fitsScreen(), 'the form fits the phone’s width');

  await page.check('input[name=identity][value=anonymous]');
  // Anonymous: no identity fields, and the access code is said to be the only way back.
  t.false(await page.isVisible('input[name=name]'));
  t.regex((await page.textContent('.anonymous-part')) ?? '', /唯一凭证/);
  await page.selectOption('select[name=category]', 'environment');
  await page.fill('input[name=place]', '东湖县城关镇河东社区');
  await page.fill('textarea[name=summary]', '社区旁的小作坊夜里排放刺鼻废气，已持续一个多月。');
  await page.fill('textarea[name=request]', '查处并停止排放');
  const photo = await QRCode.toBuffer('现场照片', { type: 'png', width: 200 });
  await page.setInputFiles('input[type=file][name=attachments]', {
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: photo,
  });
  await page.click('button[type=submit]');

  const caseNumber = (await page.textContent('#case-number'))?.trim() ?? '';
  const accessCode = (await page.textContent('#access-code'))?.trim() ?? '';
  t.regex(caseNumber, /^QL\d{4}-\d{6}$/);
  t.true(accessCode.replace(/\D/g, '').length >= 16);
  t.regex((await page.textContent('.keep-this')) ?? '', /请保存[\s\S]*无法找回[\s\S]*电子邮件/);
  t.true(await fitsScreen(), 'the receipt fits the phone’s width');

  const file = await eventually(
    async () => (await app.orm.em.fork().findOne(Attachment, { caseNumber })) ?? undefined,
  );
  t.is(file.uploadedBy, 'complainant');
  t.is(file.mediaType, 'image/png');

  // With the code kept, the complainant follows the case on the status page and writes to the office.
  await page.goto(`${app.baseUrl}/status`);
  await page.fill('input[name=caseNumber]', caseNumber);
  await page.fill('input[name=accessCode]', accessCode);
  await page.click('button[type=submit]');
  t.true(await fitsScreen(), 'the status page fits the phone’s width');
  await page.fill('form[action="/status/message"] textarea[name=text]', '作坊昨晚十点后又开始排放。');
  await page.click('form[action="/status/message"] button[type=submit]');
  await page.waitForSelector('text=作坊昨晚十点后又开始排放。');

  // The office accepts, dispatches and replies; the complainant sees the reply and evaluates it.
  const clerk = await signIn(app.baseUrl, demoAccount.clerk('990101001'));
  const handler = await signIn(app.baseUrl, demoAccount.handler('990101001-zz'));
  const department = await app.orm.em.fork().findOneOrFail(Department, { code: '990101001-zz' });
  t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
  t.is((await clerk.act(caseNumber, 'dispatch', { departmentId: department.id })).status, 200);
  const timeline = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  t.true(
    (timeline.json.timeline as { type: string }[]).some((e) => e.type === 'complainant_message'),
    'the office sees the message on the timeline',
  );
  t.is(
    (await handler.act(caseNumber, 'reply', { text: '经查，该作坊已停产整改，环保部门将定期复查。' })).status,
    200,
  );
  await page.click('form[action="/status"] button[type=submit]');
  t.regex((await page.textContent('.reply-text')) ?? '', /已停产整改/);
  await page.check('input[name=satisfied][value=yes]');
  await page.click('form[action="/status/evaluation"] button[type=submit]');
  await page.waitForSelector('#case-status');
  t.is((await page.textContent('#case-status'))?.trim(), '待销号');
  t.deepEqual(refused, [], 'no script or style was refused by the Content-Security-Policy');
  await context.close();
});

test('named on a phone: the identity fields and who sees them are shown', async (t) => {
  const context = await t.context.browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(`${t.context.app.baseUrl}/`);
  await page.check('input[name=identity][value=named]');
  t.true(await page.isVisible('input[name=name]'));
  t.true(await page.isVisible('input[name=phone]'));
  t.true(await page.isVisible('input[name=email]'));
  t.regex((await page.textContent('.named-part')) ?? '', /只有受理的信访部门可以看到/);
  t.false(await page.isVisible('.anonymous-part'));
  t.true(await page.evaluate<boolean>(noHorizontalScroll));
  await context.close();
});

test('the phone form offers SMS for hearing of each step, checked by default, and the case keeps the choice', async (t) => {
  const { app } = t.context;
  const context = await t.context.browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/`);
  await page.check('input[name=identity][value=named]');
  t.true(await page.isVisible('input[name=notifyBy][value=sms]'));
  t.true(await page.isChecked('input[name=notifyBy][value=sms]'));
  t.regex((await page.textContent('.notify-by')) ?? '', /短信[\s\S]*电子邮件[\s\S]*短信和电子邮件/);
  await page.selectOption('select[name=unitCode]', '990101001002');
  await page.selectOption('select[name=category]', 'land');
  await page.fill('input[name=place]', '东湖县城关镇新桥村');
  await page.fill('textarea[name=summary]', '村里修路占用了承包地，补偿款至今没有发放。');
  await page.fill('textarea[name=request]', '按标准发放征地补偿款');
  await page.fill('input[name=name]', '王明');
  await page.fill('input[name=phone]', '13800000031');
  await page.fill('input[name=email]', 'both.channels@example.cn');
  await page.check('input[name=notifyBy][value=both]');
  await page.click('button[type=submit]');
  const caseNumber = (await page.textContent('#case-number'))?.trim() ?? '';
  t.regex(caseNumber, /^QL\d{4}-\d{6}$/);
  const row = await eventually(
    async () => (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ?? undefined,
  );
  t.is(row.notifyBy, 'both');
  await context.close();
});
