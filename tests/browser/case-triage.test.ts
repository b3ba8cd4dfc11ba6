import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { PetitionCase } from '../../db/entities';
import { eventually } from '../helpers/app';
import { choose, signInAs, useBrowser } from '../helpers/browser';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test);
useBrowser(test);

const township = '990101001'; // 城关镇

test('a clerk signs in, triages and dispatches a case, and the department finds it in its queue', async (t) => {
  const { app, browser } = t.context;
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: township }));
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );

  const clerk = await signInAs(browser, app.baseUrl, demoAccount.clerk(township), `/cases/${caseNumber}`);
  await clerk.getByRole('button', { name: '受理审查', exact: true }).click();
  const triage = clerk.getByRole('dialog', { name: '受理审查' });
  await triage.getByRole('radio', { name: '受理', exact: true }).check();
  await triage.getByRole('button', { name: '提交' }).click();
  await triage.waitFor({ state: 'hidden' });

  await clerk.getByRole('button', { name: '分办', exact: true }).click();
  const dispatch = clerk.getByRole('dialog', { name: '分办' });
  await dispatch.getByRole('combobox', { name: '承办单位' }).fill('综治中心');
  await clerk.keyboard.press('Enter');
  await dispatch.getByRole('button', { name: '提交' }).click();
  await dispatch.waitFor({ state: 'hidden' });
  await clerk.getByText('办理中').first().waitFor();
  const row = await app.orm.em
    .fork()
    .findOneOrFail(PetitionCase, { caseNumber }, { populate: ['handlingDepartment'] });
  t.is(row.status, 'in_handling');
  t.is(row.handlingDepartment?.name, '综治中心');

  const handler = await signInAs(
    browser,
    app.baseUrl,
    demoAccount.handler(`${township}-zz`),
    '/queues/department',
  );
  await handler.getByText(caseNumber).first().waitFor({ timeout: 20_000 });
  t.true(await handler.getByText(caseNumber).first().isVisible());
});

test('a visitor with only a phone is registered at the counter to be told by SMS; choosing e-mail without an address is refused on the form', async (t) => {
  const { app, browser } = t.context;
  const clerk = await signInAs(browser, app.baseUrl, demoAccount.clerk(township), '/intake');
  const intake = clerk.locator('form[id=intake]');
  await intake.getByLabel('信访人姓名').fill('李秀英');
  await intake.getByLabel('联系电话').fill('13800000071');
  t.true(
    await intake.getByRole('radio', { name: '短信（发到上面的手机号）' }).isChecked(),
    'SMS is chosen unless said otherwise',
  );
  await choose(clerk, clerk.getByRole('main'), '类别', '城乡建设');
  await intake.getByLabel('问题发生地').fill('东湖县城关镇柳树湾村');
  await intake.getByLabel('反映问题', { exact: true }).fill('村里的路灯坏了三个月，晚上出行很不方便。');
  await intake.getByLabel('诉求', { exact: true }).fill('尽快修好路灯');

  await intake.getByRole('radio', { name: '电子邮件', exact: true }).check();
  await intake.getByRole('button', { name: '登记' }).click();
  await intake.getByText('选择邮件告知时请填写电子邮箱，或改选短信告知').waitFor();
  t.is(
    await app.orm.em.fork().count(PetitionCase, { place: '东湖县城关镇柳树湾村' }),
    0,
    'nothing registered',
  );

  await intake.getByRole('radio', { name: '短信（发到上面的手机号）' }).check();
  await intake.getByRole('button', { name: '登记' }).click();
  const caseNumber = ((await clerk.locator('#case-number').textContent()) ?? '').trim();
  t.regex(caseNumber, /^QL\d{4}-\d{6}$/);
  // The ledger row is written by the case's workflow, moments after the number is given.
  const registered = await eventually(
    async () => (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ?? undefined,
  );
  t.is(registered.notifyBy, 'sms');
  t.is(registered.channel, 'visit');
});
