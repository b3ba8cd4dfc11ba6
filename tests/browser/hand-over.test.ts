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

test('a township clerk hands the bus-route case up to the county in the console; the township then reads it with a notice and no actions, the county works it as its own', async (t) => {
  const { app, browser } = t.context;
  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({
      unitCode: township,
      category: 'urban',
      place: '东湖县城关镇汽车站',
      summary: '镇上唯一的公交线路停运三个月，学生和老人出行困难。',
      request: '恢复公交线路',
    }),
  );
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );

  const clerk = await signInAs(browser, app.baseUrl, demoAccount.clerk(township), `/cases/${caseNumber}`);
  await clerk.getByRole('button', { name: '上报/移交', exact: true }).click();
  const dialog = clerk.getByRole('dialog', { name: '移交有权处理的上级单位或机关' });
  await dialog.getByRole('combobox', { name: '移交给' }).click();
  await clerk.getByTitle('东湖县', { exact: true }).click();
  await dialog
    .getByRole('textbox', { name: '本单位无权处理的理由' })
    .fill('公交线路审批和运营补贴属县交通运输部门职权');
  await dialog.getByRole('button', { name: '提交' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await clerk.getByText(/本单位已于 .* 将此案移交东湖县/).waitFor({ timeout: 20_000 });
  await clerk.getByText('由城关镇移交东湖县办理').waitFor();
  t.is(await clerk.getByRole('button', { name: '分办', exact: true }).count(), 0, 'no action left');
  const row = await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber }, { populate: ['unit'] });
  t.is(row.unit.code, '990101');

  const county = await signInAs(browser, app.baseUrl, demoAccount.clerk('990101'), `/cases/${caseNumber}`);
  await county.getByRole('button', { name: '受理审查', exact: true }).waitFor();
  t.is(await county.getByText(/将此案移交/).count(), 0, 'the county works the case as its own');
});
