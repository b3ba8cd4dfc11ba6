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

test('the case page masks the identity; the clerk reveals it with a reason, and the office head finds the look in the record', async (t) => {
  const { app, browser } = t.context;
  const complainant = {
    name: '孙丽华',
    phone: '13500000003',
    idNumber: '110101197806061234',
    address: '东湖县城关镇河东社区7栋',
  };
  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ unitCode: township, complainant }),
  );
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );

  const clerk = await signInAs(browser, app.baseUrl, demoAccount.clerk(township), `/cases/${caseNumber}`);
  await clerk.getByText('信访人身份已保护').waitFor();
  t.is(
    await clerk.getByText(complainant.name).count(),
    0,
    'the name is not on the page before it is asked for',
  );

  await clerk.getByRole('button', { name: '查看身份信息' }).click();
  const dialog = clerk.getByRole('dialog', { name: '查看身份信息' });
  await dialog.getByRole('button', { name: '确定' }).click();
  await dialog.getByText('请填写查看事由，至少 4 个字').waitFor();
  await dialog.getByLabel('查看事由').fill('电话回访前核对身份');
  await dialog.getByRole('button', { name: '确定' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await clerk.getByText(complainant.name).waitFor();
  await clerk.getByText(complainant.idNumber).waitFor();
  await clerk.getByText(complainant.address).waitFor();

  const head = await signInAs(browser, app.baseUrl, demoAccount.officeHead(township), '/identity-views');
  await head.getByRole('link', { name: caseNumber }).first().waitFor();
  await head.getByText('电话回访前核对身份').first().waitFor();
  t.pass();
});
