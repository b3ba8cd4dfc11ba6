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

/** A villager's report on the 新桥村 secretary, each villager by their own phone. */
const reportBy = (i: number, name: string) => ({
  ...aPetition({
    unitCode: '990101001',
    kind: 'report',
    category: 'discipline',
    place: '东湖县城关镇新桥村',
    summary: '村支书在发放征地补偿款时，每户扣留三千九百元作为手续费。',
    request: '查处截留补偿款的问题',
    complainant: { name: `村民${i}`, phone: `1370000${String(2000 + i)}` },
  }),
  accused: { name, position: '村党支部书记', unitCode: '990101001002' },
});

test('the commission clerk sees the automatic triage card beside a report, with the earlier reports on the same person, and the cluster page lists the person without a name', async (t) => {
  const { app, browser } = t.context;
  const caseNumbers: string[] = [];
  for (const [i, name] of ['王建国', '王 建国', '王建国'].entries()) {
    const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, reportBy(i, name));
    t.is(answer.status, 201, answer.text);
    caseNumbers.push(answer.json.caseNumber as string);
  }
  await eventually(async () =>
    (await app.orm.em.fork().count(PetitionCase, { caseNumber: { $in: caseNumbers } })) === 3
      ? true
      : undefined,
  );
  const [first, second, latest] = caseNumbers as [string, string, string];

  const clerk = await signInAs(browser, app.baseUrl, demoAccount.clerk('990101-jw'), `/cases/${latest}`);
  const card = clerk.getByLabel('自动研判（仅供参考）');
  await card.getByText('同一被反映人：2 件').waitFor({ timeout: 20_000 });
  for (const other of [first, second]) {
    const row = card.getByRole('row').filter({ hasText: other });
    await row.waitFor();
    t.true(await row.getByText('反映同一人').isVisible(), `${other}: names the same person`);
  }
  t.is(await card.getByText('王建国').count(), 0, 'no name on the card');

  await clerk.goto(`${app.baseUrl}/console/auto-triage/clusters`);
  const people = clerk.getByRole('table').first();
  await people.getByText('被反映人 1').waitFor({ timeout: 20_000 });
  for (const caseNumber of caseNumbers) t.true(await people.getByText(caseNumber).isVisible());
  t.is(await clerk.getByText('王建国').count(), 0, 'no name on the cluster page');
});
