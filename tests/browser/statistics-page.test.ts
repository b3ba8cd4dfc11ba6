import anyTest, { type TestFn } from 'ava';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { Unit } from '../../db/entities';
import { choose, signInAs, useBrowser } from '../helpers/browser';
import { pdfText } from '../helpers/document-text';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

/**
 * The statistics page (统计) of 东湖县's office head over March 2025, on cases written
 * straight into the ledger and timeline (the counting is tested against the workflows in
 * tests/integration/statistics.test.ts): the figures the page shows are the API's, a count
 * opens the cases it counted, and the exports carry the same numbers in the reader's language.
 */

const test = anyTest as TestFn<StackContext & { browser: Browser }>;

useTestStack(test, { worker: false });
useBrowser(test);

const county = '990101'; // 东湖县
const township = '990101001'; // 城关镇
const village = '990101001002'; // 新桥村
const sideTownship = '990101002'; // 柳溪乡
const westCounty = '990102'; // 西山县, beside 东湖县

const at = (local: string) => new Date(`${local}+08:00`).toISOString();
type Step = [type: string, local: string, data?: Record<string, unknown>];

/** What each case is and went through; 'accused' complains about 东湖县 itself (条例 Art. 30). */
const cases: {
  caseNumber: string;
  unit: string;
  channel: string;
  category: string;
  summary: string;
  accused?: string;
  steps: Step[];
}[] = [
  {
    caseNumber: 'QL2025-710001',
    unit: village,
    channel: 'web',
    category: 'land',
    summary: '修路占用承包地，补偿款未发放',
    steps: [
      ['registered', '2025-03-03T09:00:00', { channel: 'web' }],
      ['accepted', '2025-03-03T11:00:00'],
      ['dispatched', '2025-03-03T15:00:00'],
      ['replied', '2025-03-06T10:00:00', { text: '补偿款已发放' }],
      ['evaluated', '2025-03-10T10:00:00', { satisfied: true }],
    ],
  },
  {
    caseNumber: 'QL2025-710002',
    unit: township,
    channel: 'visit',
    category: 'urban',
    summary: '小区电梯长期停运',
    steps: [
      ['registered', '2025-03-04T09:00:00', { channel: 'visit' }],
      ['not_accepted', '2025-03-05T09:00:00', { reason: '已经或者依法应当通过诉讼解决' }],
    ],
  },
  {
    caseNumber: 'QL2025-710003',
    unit: sideTownship,
    channel: 'letter',
    category: 'land',
    summary: '宅基地界址纠纷',
    steps: [
      ['registered', '2025-03-12T09:00:00', { channel: 'letter' }],
      ['accepted', '2025-03-12T10:00:00'],
    ],
  },
  {
    caseNumber: 'QL2025-710004',
    unit: county,
    channel: 'phone',
    category: 'labour',
    summary: '工程款拖欠农民工工资',
    steps: [
      ['registered', '2025-03-17T09:00:00', { channel: 'phone' }],
      ['accepted', '2025-03-17T10:00:00'],
      ['dispatched', '2025-03-17T11:00:00'],
      ['replied', '2025-03-28T10:00:00', { text: '已督促支付' }],
      ['evaluated', '2025-03-31T10:00:00', { satisfied: false }],
    ],
  },
  {
    caseNumber: 'QL2025-710005',
    unit: township,
    channel: 'web',
    category: 'environment',
    summary: '县里审批的养殖场污染河道',
    accused: county,
    steps: [
      ['registered', '2025-03-20T09:00:00', { channel: 'web' }],
      ['accepted', '2025-03-20T10:00:00'],
    ],
  },
  // April: outside the period asked for.
  {
    caseNumber: 'QL2025-710006',
    unit: village,
    channel: 'web',
    category: 'land',
    summary: '四月的来信',
    steps: [['registered', '2025-04-02T09:00:00', { channel: 'web' }]],
  },
];

let seeded: Promise<void> | undefined;
/** The cases, written once for every test of the file (their hooks may run side by side). */
const seed = (app: StackContext['app']) => (seeded ??= writeCases(app));

async function writeCases(app: StackContext['app']): Promise<void> {
  const em = app.orm.em.fork();
  const units = new Map((await em.find(Unit, {})).map((u) => [u.code, u]));
  for (const c of cases) {
    const unit = units.get(c.unit)!;
    const first = at(c.steps[0]![1]);
    const last = at(c.steps.at(-1)![1]);
    await em.execute(
      `insert into petition_case (case_number, unit_id, unit_path, channel, category, place, summary, request,
         anonymous, status, deadline_provisional, policy_version, received_at, registered_at, last_event_seq,
         updated_at, accused_unit_id)
       values (?, ?, ?, ?, ?, '东湖县', ?, '请求处理', false, 'accepted', false, '2026.1', ?, ?, ?, ?, ?)`,
      [
        c.caseNumber,
        unit.id,
        unit.path,
        c.channel,
        c.category,
        c.summary,
        first,
        first,
        c.steps.length,
        last,
        c.accused ? units.get(c.accused)!.id : null,
      ],
    );
    for (const [i, [type, local, data]] of c.steps.entries()) {
      await em.execute(
        `insert into case_event (case_number, seq, type, occurred_at, actor, data, policy_version)
         values (?, ?, ?, ?, 'system', ?::jsonb, '2026.1')`,
        [c.caseNumber, i + 1, type, at(local), JSON.stringify(data ?? {})],
      );
    }
  }
}

const march = 'from=2025-03-01&to=2025-04-01';

/** The figure shown in a KPI card, found by its name. */
const kpi = (page: Page, name: string) =>
  page.getByRole('region', { name, exact: true }).locator('.ant-statistic-content').first().innerText();

test('the office head chooses March, reads the API’s figures, and downloads them as XLSX and PDF', async (t) => {
  const { app, browser } = t.context;
  await seed(app);
  const page = await signInAs(browser, app.baseUrl, demoAccount.officeHead(county), '/statistics', {
    width: 1440,
    height: 1000,
  });
  await choose(page, page, '统计期间', '自定义期间');
  await page.getByPlaceholder('开始日期').click();
  await page.getByPlaceholder('开始日期').fill('2025-03-01');
  await page.getByPlaceholder('开始日期').press('Enter');
  await page.getByPlaceholder('结束日期').fill('2025-03-31');
  await page.getByPlaceholder('结束日期').press('Enter');
  await page.waitForURL((url) => url.search.includes(march));

  const answer = await page.request.get(`${app.baseUrl}/api/v1/staff/statistics?${march}`);
  t.is(answer.status(), 200);
  const api = await answer.json();
  t.like(api.figures, { received: 5, accepted: 4, notAccepted: 1, replied: 2, evaluations: 2, satisfied: 1 });
  await page.getByRole('region', { name: '收件数', exact: true }).getByText('5').waitFor();
  const shown = {
    received: await kpi(page, '收件数'),
    accepted: await kpi(page, '受理件数'),
    notAccepted: await kpi(page, '不予受理件数'),
    dispatched: await kpi(page, '分办件数'),
    replied: await kpi(page, '办结件数'),
    repliedQuickly: await kpi(page, '5日内办结件数'),
    satisfied: await kpi(page, '满意件数'),
    acceptance: await kpi(page, '受理率'),
    satisfaction: await kpi(page, '满意率'),
  };
  const f = api.figures;
  t.deepEqual(shown, {
    received: String(f.received),
    accepted: String(f.accepted),
    notAccepted: String(f.notAccepted),
    dispatched: String(f.dispatched),
    replied: String(f.replied),
    repliedQuickly: String(f.repliedQuickly),
    satisfied: String(f.satisfied),
    acceptance: '80%',
    satisfaction: '样本不足',
  });
  t.true(await page.getByRole('region', { name: '受理率', exact: true }).getByText('4 / 5').isVisible());
  // Two evaluations are under the minimum of five: what the rate would be made of, and no rate.
  const satisfaction = page.getByRole('region', { name: '满意率', exact: true });
  t.true(await satisfaction.getByText('1 / 2，不足 5 件不计比率').isVisible());

  // The child units' table: 城关镇 holds the village's case and its own two.
  const units = page.getByRole('table', { name: '按下级单位' });
  const town = units.getByRole('row').filter({ hasText: '城关镇' });
  const townFigures = api.byUnit.find((u: { unit: { name: string } }) => u.unit.name === '城关镇').figures;
  t.is(townFigures.received, 3);
  t.true(
    await town
      .getByRole('link', { name: `城关镇 · 收件数 ${townFigures.received} 件：查看案件` })
      .isVisible(),
  );
  t.is(await page.getByRole('img', { name: '收件渠道' }).locator('canvas').count(), 1);
  t.is(
    await page.getByRole('img', { name: '按周走势' }).locator('canvas').count(),
    1,
    'a month goes by week',
  );
  // By level: 城关镇 and 柳溪乡 are townships (the village's case counts at village level).
  const townships = page.getByRole('table', { name: '按层级' }).getByRole('row').filter({ hasText: '乡镇' });
  const townshipLevel = api.byLevel.find((l: { level: string }) => l.level === 'township').figures;
  t.is(townshipLevel.received, 3);
  t.is(await townships.getByRole('cell').nth(2).innerText(), String(townshipLevel.received));

  for (const [format, type] of [
    ['XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['PDF', 'application/pdf'],
  ] as const) {
    const href = await page.getByRole('link', { name: `导出 ${format}` }).getAttribute('href');
    t.regex(href ?? '', new RegExp(`from=2025-03-01&to=2025-04-01&lang=zh-CN`));
    const download = await page.request.get(`${app.baseUrl}${href}`);
    t.is(download.status(), 200);
    t.is(download.headers()['content-type'], type);
    t.regex(download.headers()['content-disposition'] ?? '', /^attachment; .*2025-03-01-2025-03-31/);
    if (format === 'XLSX') {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await download.body()) as unknown as ExcelJS.Buffer);
      t.deepEqual(
        workbook.worksheets.map((s) => s.name),
        ['汇总', '下级单位', '问题类别', '层级', '走势', '在办环节', '突出问题'],
      );
      const summary = workbook.getWorksheet('汇总')!;
      const valueOf = (label: string) => {
        let value: unknown;
        summary.eachRow((row) => {
          if (row.getCell(1).value === label && value === undefined) value = row.getCell(2).value;
        });
        return value;
      };
      t.is(summary.getCell('A1').value, '东湖县信访统计');
      t.is(valueOf('收件数'), f.received);
      t.is(valueOf('办结件数'), f.replied);
      t.is(valueOf('来访'), 1);
      const byUnit = workbook.getWorksheet('下级单位')!;
      const townRow = byUnit.getRows(2, byUnit.rowCount - 1)!.find((r) => r.getCell(1).value === '城关镇')!;
      t.is(townRow.getCell(2).value, townFigures.received);
    } else {
      const text = await pdfText(await download.body());
      t.true(text.includes('东湖县信访统计'));
      t.true(text.includes('统计期间：2025-03-01至2025-03-31'));
      t.true(text.includes('已经或者依法应当通过诉讼解决'));
      t.true(text.includes('按周走势'));
    }
  }
  await page.close();
});

test('the export refuses bad dates in the reader’s language, a unit outside the jurisdiction and a handler', async (t) => {
  const { app } = t.context;
  await seed(app);
  const head = await signIn(app.baseUrl, demoAccount.officeHead(county));
  const english = await fetch(
    `${app.baseUrl}/api/v1/staff/statistics.xlsx?from=2025-03-01&to=2025-04-01&lang=en`,
    {
      headers: { cookie: head.cookie },
    },
  );
  t.is(english.status, 200);
  t.regex(english.headers.get('content-disposition') ?? '', /statistics-2025-03-01-2025-03-31\.xlsx/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await english.arrayBuffer()) as unknown as ExcelJS.Buffer);
  t.deepEqual(
    workbook.worksheets.map((s) => s.name),
    ['Summary', 'Units', 'Categories', 'Levels', 'Over time', 'Open by status', 'Recurring problems'],
  );
  const categories = workbook.getWorksheet('Categories')!;
  t.is(categories.getCell('A1').value, 'Category');
  t.is(categories.getCell('A2').value, 'Land and expropriation');
  t.is(categories.getCell('B2').value, 2, 'two land cases received in March');
  const overTime = workbook.getWorksheet('Over time')!;
  t.deepEqual(overTime.getRow(1).values, [
    undefined,
    'From',
    'Received',
    'Accepted',
    'Replied',
    'Closed out',
    'Satisfied',
    'Evaluations',
  ]);
  const weeks = overTime.getRows(2, overTime.rowCount - 1)!;
  t.is(
    weeks.reduce((sum, row) => sum + Number(row.getCell(2).value), 0),
    5,
    'the weeks add up to March',
  );

  const backwards = await head.get('/api/v1/staff/statistics.pdf?from=2025-04-01&to=2025-03-01');
  t.is(backwards.status, 422);
  t.regex(JSON.stringify(backwards.json.error.details), /结束日期不能早于开始日期/);
  const badInEnglish = await fetch(
    `${app.baseUrl}/api/v1/staff/statistics.pdf?from=2025-02-30&to=2025-03-01&lang=en`,
    {
      headers: { cookie: head.cookie },
    },
  );
  t.is(badInEnglish.status, 422);
  t.regex(await badInEnglish.text(), /expected a date as YYYY-MM-DD/);

  const westId = (await app.orm.em.fork().findOneOrFail(Unit, { code: westCounty })).id;
  const outside = await head.get(`/api/v1/staff/statistics.xlsx?${march}&unitId=${westId}`);
  t.is(outside.status, 404);
  t.regex(outside.json.error.message, /管辖范围/);
  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
  t.is((await handler.get(`/api/v1/staff/statistics.xlsx?${march}`)).status, 403);
  t.is((await fetch(`${app.baseUrl}/api/v1/staff/statistics.pdf?${march}`)).status, 401);
});

test('a count opens the cases it counted, the case accusing the county counted but not listed, and each case opens', async (t) => {
  const { app, browser } = t.context;
  await seed(app);
  const page = await signInAs(browser, app.baseUrl, demoAccount.officeHead(county), '/statistics', {
    width: 1440,
    height: 1000,
  });
  // The period is in the address: a drill-down or a case page's back button comes back to it.
  await page.goto(`${app.baseUrl}/console/statistics?period=range&${march}`);
  await page.getByRole('link', { name: '收件数 5 件：查看案件' }).click();
  const drawer = page.getByRole('dialog', { name: '收件数' });
  const listed = drawer.getByRole('table', { name: '计入该数字的案件' });
  await listed.getByRole('link', { name: 'QL2025-710004' }).waitFor();
  const api = await (
    await page.request.get(`${app.baseUrl}/api/v1/staff/statistics/cases?figure=received&${march}`)
  ).json();
  t.like(api, { total: 4, withheld: 1 });
  t.deepEqual(
    (await listed.getByRole('link').allInnerTexts()).sort(),
    api.items.map((c: { caseNumber: string }) => c.caseNumber).sort(),
  );
  t.false(api.items.some((c: { caseNumber: string }) => c.caseNumber === 'QL2025-710005'));
  t.true(
    await drawer
      .getByText('另有 1 件反映本单位的案件已计入统计，依《信访工作条例》第三十条不予列出')
      .isVisible(),
  );

  await listed.getByRole('link', { name: 'QL2025-710004' }).click();
  await page.waitForURL((url) => url.pathname === '/console/cases/QL2025-710004');
  await page.getByText('工程款拖欠农民工工资').first().waitFor();
  await page.goBack();
  await listed.getByRole('link', { name: 'QL2025-710004' }).waitFor();

  // 城关镇's received: its two own cases and the village's; the one accusing the county is withheld.
  await drawer.getByRole('button', { name: '关闭' }).click();
  await page.getByRole('link', { name: '城关镇 · 收件数 3 件：查看案件' }).click();
  const town = page.getByRole('dialog', { name: '城关镇 · 收件数' });
  await town.getByRole('link', { name: 'QL2025-710001' }).waitFor();
  t.deepEqual((await town.getByRole('table').getByRole('link').allInnerTexts()).sort(), [
    'QL2025-710001',
    'QL2025-710002',
  ]);
  t.true(await town.getByText(/另有 1 件/).isVisible());
  await page.close();
});
