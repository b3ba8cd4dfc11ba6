import anyTest, { type TestFn } from 'ava';
import type { Browser } from 'playwright-core';
import { PetitionCase } from '../../db/entities';
import { eventually } from '../helpers/app';
import { signInAs, useBrowser } from '../helpers/browser';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test);
useBrowser(test);

const commission = '990101-jw'; // 东湖县纪委监委
const township = '990101001'; // 城关镇

test('a villager reports a township official through the county commission’s 码上举报 form; the township finds nothing, the commission accepts, verifies, finds it true, and the villager reads the outcome', async (t) => {
  const { app, browser } = t.context;
  const villager = await browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  await villager.goto(`${app.baseUrl}/?unit=${commission}&via=qr`);
  t.true(await villager.getByLabel('检举控告党员、干部或公职人员（检举控告）').isChecked());
  await villager.getByLabel('被反映人所在单位（问题发生地）').selectOption({ label: '东湖县 › 城关镇' });
  await villager.getByLabel('被反映人姓名').fill('李建国');
  await villager.getByLabel('被反映人职务').fill('党委副书记');
  await villager.getByLabel('问题类别').selectOption('discipline');
  await villager.getByLabel('发生地点').fill('东湖县城关镇新桥村');
  await villager
    .getByLabel('反映的问题')
    .fill('镇党委副书记在发放征地补偿款时，以“手续费”名义扣下我家3900元。');
  await villager.fill('textarea[name=request]', '请查处并退还被扣的钱');
  await villager.fill('input[name=name]', '赵大山');
  await villager.fill('input[name=phone]', '13900000001');
  await villager.getByRole('button', { name: '提交' }).click();
  const caseNumber = (await villager.locator('#case-number').textContent())?.trim() ?? '';
  const accessCode = (await villager.locator('#access-code').textContent())?.trim() ?? '';
  t.regex(caseNumber, /^QL\d{4}-\d{6}$/);
  const row = await eventually(
    async () =>
      (await app.orm.em.fork().findOne(PetitionCase, { caseNumber }, { populate: ['unit'] })) ?? undefined,
  );
  t.is(row.unit.code, commission);

  const townshipClerk = await signInAs(
    browser,
    app.baseUrl,
    demoAccount.clerk(township),
    `/cases/${caseNumber}`,
  );
  await townshipClerk.getByText('返回台账').first().waitFor();
  t.false(await townshipClerk.getByText('李建国').isVisible());

  const clerk = await signInAs(browser, app.baseUrl, demoAccount.clerk(commission), '/discipline/queue');
  await clerk.getByText(caseNumber).first().click();
  await clerk.getByTestId('report-card').getByText('李建国').waitFor();
  await clerk.getByRole('button', { name: '受理审查', exact: true }).click();
  const triage = clerk.getByRole('dialog', { name: '受理审查' });
  await triage.getByRole('radio', { name: '受理', exact: true }).check();
  await triage.getByRole('button', { name: '提交' }).click();
  await triage.waitFor({ state: 'hidden' });
  await clerk.getByRole('button', { name: '确定处置方式', exact: true }).click();
  const classify = clerk.getByRole('dialog', { name: '确定处置方式' });
  await classify.getByRole('radio', { name: '初步核实' }).check();
  await classify.getByLabel('理由').fill('反映问题具体，具有可查性');
  await classify.getByRole('button', { name: '提交' }).click();
  await classify.waitFor({ state: 'hidden' });
  await clerk.getByTestId('report-card').getByText('初步核实').waitFor();

  const head = await signInAs(
    browser,
    app.baseUrl,
    demoAccount.officeHead(commission),
    `/cases/${caseNumber}`,
  );
  await head.getByRole('button', { name: '办结', exact: true }).click();
  const conclude = head.getByRole('dialog', { name: '办结检举控告' });
  await conclude.getByRole('radio', { name: '属实', exact: true }).check();
  await conclude.getByLabel('办理情况').fill('经初步核实，反映问题属实，已立案审查');
  await conclude.getByLabel('立案编号（已立案的填写）').fill('东纪立〔2026〕12号');
  await conclude.getByRole('radio', { name: '党纪处分' }).check();
  await conclude.getByRole('button', { name: '提交' }).click();
  await conclude.waitFor({ state: 'hidden' });
  await head.getByTestId('report-card').getByText('东纪立〔2026〕12号').waitFor();

  await villager.goto(`${app.baseUrl}/status`);
  await villager.getByLabel('案件编号').fill(caseNumber);
  await villager.getByLabel('查询码').fill(accessCode);
  await villager.getByRole('button', { name: '查询' }).click();
  await villager.getByText('反映的问题属实，已依规依纪依法处理').first().waitFor();
  t.false(await villager.getByText('李建国').isVisible());
});
