import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { PetitionCase } from '../../db/entities';
import { eventually } from '../helpers/app';
import { signInAs, useBrowser } from '../helpers/browser';
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
  await clerk.getByRole('button', { name: '受理', exact: true }).click();
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
