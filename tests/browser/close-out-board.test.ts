import anyTest, { type TestFn } from 'ava';
import type { Browser, Page } from 'playwright-core';
import { reportUnit } from '../../db/close-out-weeks';
import { saveBulletin } from '../../db/monthly-bulletins';
import {
  closeOutAt,
  closeOutWeek,
  emptyWeekFigures,
  monthPeriod,
  type BulletinFigures,
  type WeekFigures,
} from '../../domain/close-out';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { signInAs, useBrowser } from '../helpers/browser';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';

interface BoardContext extends StackContext {
  browser: Browser;
}

interface Seeded {
  weeks: { latest: string; earlier: string };
  unitIds: Record<string, number>;
}

/** These pages lay tables and charts side by side: a wide screen, as in an office. */
const signInWide = (browser: Browser, baseUrl: string, email: string, path: string) =>
  signInAs(browser, baseUrl, email, path, { width: 1440, height: 1000 });

const test = anyTest as TestFn<BoardContext>;

useTestStack(test);
useBrowser(test);

const province = '990000'; // 示范省
const city = '990100'; // 清源市
const eastCounty = '990101'; // 东湖县
const westCounty = '990102'; // 西山县
const township = '990101001'; // 城关镇, in 东湖县

const dayMs = 86_400_000;
const figures = (some: Partial<WeekFigures>): WeekFigures => ({ ...emptyWeekFigures(), ...some });

/**
 * The closed weeks the board reads, written as the weekly close-out would have
 * written them: 西山县 closed the earlier week but not the latest one.
 */
const snapshots = (weeks: Seeded['weeks']): { unit: string; week: string; figures: WeekFigures }[] => [
  {
    unit: city,
    week: weeks.latest,
    figures: figures({
      newCases: 3,
      closedOut: 2,
      stillOpen: 10,
      overdue: 1,
      escalated: 1,
      backlogStock: 4,
      backlogStockBefore: 5,
      closedWithin5Days: 1,
      evaluations: 2,
      satisfied: 2,
    }),
  },
  {
    unit: eastCounty,
    week: weeks.latest,
    figures: figures({
      newCases: 5,
      closedOut: 4,
      reopened: 1,
      stillOpen: 12,
      overdue: 2,
      backlogStock: 6,
      backlogStockBefore: 8,
      closedWithin5Days: 3,
      evaluations: 4,
      satisfied: 3,
    }),
  },
  {
    unit: township,
    week: weeks.latest,
    figures: figures({
      newCases: 2,
      closedOut: 1,
      stillOpen: 4,
      escalated: 2,
      backlogStock: 1,
      backlogStockBefore: 1,
      closedWithin5Days: 1,
      evaluations: 1,
    }),
  },
  { unit: city, week: weeks.earlier, figures: figures({ newCases: 4, stillOpen: 9, backlogStock: 5 }) },
  { unit: eastCounty, week: weeks.earlier, figures: figures({ newCases: 6, stillOpen: 11, overdue: 3 }) },
  { unit: westCounty, week: weeks.earlier, figures: figures({ newCases: 7, stillOpen: 8, overdue: 2 }) },
  { unit: township, week: weeks.earlier, figures: figures({ newCases: 1, stillOpen: 3, backlogStock: 1 }) },
];

const sum = (all: WeekFigures[]): WeekFigures =>
  all.reduce((a, b) => {
    const total = emptyWeekFigures();
    for (const key of Object.keys(total) as (keyof WeekFigures)[]) total[key] = a[key] + b[key];
    return total;
  }, emptyWeekFigures());

const figuresOf = (weeks: Seeded['weeks'], week: string, units: string[]) =>
  sum(
    snapshots(weeks)
      .filter((s) => s.week === week && units.includes(s.unit))
      .map((s) => s.figures),
  );

const percent = (count: number, total: number) =>
  new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(count / total);

let seeded: Promise<Seeded> | undefined;
/** The closed weeks, written once for both tests (hooks run side by side, so the stack may not be up in one). */
const seed = (app: StackContext['app']) => (seeded ??= writeSnapshots(app));

async function writeSnapshots(app: StackContext['app']): Promise<Seeded> {
  const em = app.orm.em.fork();
  const units = await em.execute<{ id: number; code: string }[]>('select id, code from unit');
  const unitIds: Record<string, number> = Object.fromEntries(units.map((u) => [u.code, u.id]));
  const reporting = policyFor(currentPolicyVersion).reporting;
  // The last scheduled close-out that has passed, and the one a week before it.
  const latestAt = closeOutAt(new Date(Date.now() - 7 * dayMs).toISOString(), reporting);
  const weeks = {
    latest: closeOutWeek(latestAt, reporting),
    earlier: closeOutWeek(new Date(Date.parse(latestAt) - 7 * dayMs).toISOString(), reporting),
  };
  for (const snapshot of snapshots(weeks)) {
    const to = closeOutAt(`${snapshot.week}T00:00:00+08:00`, reporting);
    await em.execute(
      `insert into close_out_week (unit_id, week, period_from, period_to, run_by, closed_at, figures, struck_off)
       values (?, ?, ?, ?, 'schedule', ?, ?::jsonb, '[]'::jsonb)`,
      [
        unitIds[snapshot.unit],
        snapshot.week,
        new Date(Date.parse(to) - 7 * dayMs).toISOString(),
        to,
        to,
        JSON.stringify(snapshot.figures),
      ],
    );
  }
  return { weeks, unitIds };
}

const kpi = (page: Page, title: string) =>
  page
    .getByRole('region', { name: title, exact: true })
    .locator('.ant-statistic-content-value')
    .first()
    .textContent();

/** Reads every KPI card and compares it with the sums of the units' own snapshots. */
async function assertKpis(
  t: { deepEqual: (a: unknown, b: unknown, m?: string) => void },
  page: Page,
  f: WeekFigures,
) {
  await page.getByRole('region', { name: '本周新增', exact: true }).waitFor();
  const shown = {
    newCases: await kpi(page, '本周新增'),
    closedOut: await kpi(page, '本周销号'),
    stillOpen: await kpi(page, '在办件数'),
    overdue: await kpi(page, '超期件数'),
    escalated: await kpi(page, '督办次数'),
    reopened: await kpi(page, '重新启动'),
    backlogStock: await kpi(page, '积案存量'),
    distanceToZero: await kpi(page, '距清零'),
    closedWithin5Days: await kpi(page, '5日内办结率'),
    satisfaction: await kpi(page, '满意率'),
  };
  t.deepEqual(shown, {
    newCases: String(f.newCases),
    closedOut: String(f.closedOut),
    stillOpen: String(f.stillOpen),
    overdue: String(f.overdue),
    escalated: String(f.escalated),
    reopened: String(f.reopened),
    backlogStock: String(f.backlogStock),
    distanceToZero: String(f.backlogStock),
    closedWithin5Days: f.closedOut ? percent(f.closedWithin5Days, f.closedOut) : '—',
    satisfaction: f.evaluations ? percent(f.satisfied, f.evaluations) : '—',
  });
}

const chartsDrawn = async (page: Page) => {
  for (const name of ['积案存量清零走势', '下级单位在办、超期与积案', '下级单位超期热力图（近 8 周）']) {
    await page.getByRole('img', { name, exact: true }).locator('canvas').first().waitFor();
  }
  return page.locator('canvas').count();
};

test('the province office head reads the rolled-up week, sees who is behind, drills down to the city and downloads the report', async (t) => {
  const { app, browser } = t.context;
  const { weeks, unitIds } = await seed(app);
  const page = await signInWide(browser, app.baseUrl, demoAccount.officeHead(province), '/close-out');
  const everything = [city, eastCounty, westCounty, township];

  await assertKpis(t, page, figuresOf(weeks, weeks.latest, everything));
  const backlog = page.getByRole('region', { name: '积案存量', exact: true });
  t.true(await backlog.getByText('较上周 −3').isVisible(), 'backlog change 11 − 14');
  t.true(await page.getByText('按本周进度约 4 周清零').isVisible(), 'ceil(11 / 3) weeks to zero');
  t.true((await chartsDrawn(page)) >= 3);

  const behind = page.getByRole('region', { name: '本周未销号的单位' });
  await behind.getByText('西山县').waitFor();
  t.true(await behind.getByText('示范省').isVisible(), 'the province itself has not closed the week');
  t.false(await behind.getByText('东湖县').isVisible());

  const xlsx = page.getByRole('link', { name: '导出 XLSX' });
  const download = await page.request.get(`${app.baseUrl}${await xlsx.getAttribute('href')}`);
  t.is(download.status(), 200);
  t.is(
    download.headers()['content-type'],
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  t.regex(download.headers()['content-disposition'] ?? '', /^attachment; filename=.*filename\*=UTF-8''/);
  t.deepEqual([...(await download.body()).subarray(0, 2)], [0x50, 0x4b], 'an XLSX file is a zip');

  // The earlier week: 西山县 had closed it, so it counts.
  // The chosen value lies over antd's search input: click through it.
  await page.getByRole('combobox', { name: '销号周' }).click({ force: true });
  await page.getByTitle(`${weeks.earlier} 销号周`).click();
  await page.waitForURL((url) => url.searchParams.get('week') === weeks.earlier);
  await page.getByRole('region', { name: '本周新增', exact: true }).getByText('18').waitFor();
  await assertKpis(t, page, figuresOf(weeks, weeks.earlier, everything));

  await page.getByRole('link', { name: '清源市', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('unit') === String(unitIds[city]));
  t.is(new URL(page.url()).searchParams.get('week'), weeks.earlier, 'the drill-down keeps the week');
  await page.getByRole('link', { name: '东湖县', exact: true }).waitFor();
  await assertKpis(t, page, figuresOf(weeks, weeks.earlier, everything));
  t.true(await page.getByRole('link', { name: '返回上级单位' }).isVisible());
});

test('a city office head drills down to a county, cannot open a unit above, and previews the week', async (t) => {
  const { app, browser } = t.context;
  const { weeks, unitIds } = await seed(app);
  const page = await signInWide(browser, app.baseUrl, demoAccount.officeHead(city), '/close-out');

  await assertKpis(t, page, figuresOf(weeks, weeks.latest, [city, eastCounty, westCounty, township]));
  t.true((await chartsDrawn(page)) >= 3);
  await page.getByRole('region', { name: '本周未销号的单位' }).getByText('西山县').waitFor();

  await page.getByRole('link', { name: '东湖县', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('unit') === String(unitIds[eastCounty]));
  await page.getByRole('link', { name: '城关镇', exact: true }).waitFor();
  await assertKpis(t, page, figuresOf(weeks, weeks.latest, [eastCounty, township]));

  const above = await page.request.get(
    `${app.baseUrl}/api/v1/staff/close-out/weeks?unit=${unitIds[province]}`,
  );
  t.is(above.status(), 403);
  t.regex(((await above.json()) as { error: { message: string } }).error.message, /管辖范围/);
  const notClosed = await page.request.get(`${app.baseUrl}/api/v1/staff/close-out/report?week=2020-01-06`);
  t.is(notClosed.status(), 404);

  await page.goto(`${app.baseUrl}/console/close-out`);
  await page.getByRole('button', { name: '预览本周销号' }).click();
  const preview = page.getByRole('dialog', { name: '本周销号预览' });
  await preview.getByText('将予销号（0 件）').waitFor();
  t.true(await preview.getByRole('region', { name: '本周新增', exact: true }).isVisible());
});

/** A city's October bulletin as the monthly run would publish it: 东湖县 leads on overdue, 西山县 on satisfaction. */
async function publishCityBulletin(app: StackContext['app'], unitIds: Record<string, number>) {
  const em = app.orm.em.fork();
  const unit = async (code: string) => (await reportUnit(em, unitIds[code]!))!;
  const east: BulletinFigures = {
    overdue: 1,
    openAtStart: 8,
    newCases: 2,
    closedOut: 5,
    evaluations: 4,
    satisfied: 3,
    backlogStock: 2,
  };
  const west: BulletinFigures = {
    overdue: 3,
    openAtStart: 6,
    newCases: 4,
    closedOut: 4,
    evaluations: 2,
    satisfied: 2,
    backlogStock: 5,
  };
  await saveBulletin(em, {
    unit: await unit(city),
    month: '2026-10',
    periodFrom: monthPeriod('2026-10').from,
    periodTo: monthPeriod('2026-10').to,
    publishedAt: '2026-11-01T01:00:00.000Z',
    rows: [
      {
        unit: await unit(eastCounty),
        figures: east,
        clearanceRate: 0.5,
        satisfactionRate: 0.75,
        rankOverdue: 1,
        rankClearance: 1,
        rankSatisfaction: 2,
        // Last month: two overdue and a 40 % clearance rate, so both improved.
        lastMonth: {
          figures: { ...east, overdue: 2 },
          clearanceRate: 0.4,
          satisfactionRate: 0.75,
          rankOverdue: 2,
          rankClearance: 1,
          rankSatisfaction: 2,
        },
      },
      {
        unit: await unit(westCounty),
        figures: west,
        clearanceRate: 0.4,
        satisfactionRate: 1,
        rankOverdue: 2,
        rankClearance: 2,
        rankSatisfaction: 1,
        lastMonth: null,
      },
    ],
    overdueCases: [
      {
        caseNumber: 'QL2026-000042',
        unitName: '西山县',
        summary: '拖欠工程款长期未解决',
        clock: 'handling',
        dueDate: '2026-10-20',
        ownerLeader: '王明',
        handlingDepartment: '住房和城乡建设局',
        backlog: true,
      },
    ],
  });
}

test('a city office head reads the monthly bulletin: ranks, rates against last month, the overdue cases named', async (t) => {
  const { app, browser } = t.context;
  const { unitIds } = await seed(app);
  await publishCityBulletin(app, unitIds);
  const page = await signInWide(browser, app.baseUrl, demoAccount.officeHead(city), '/bulletins');

  const ranking = page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: '化解率排名' }) });
  const east = ranking.getByRole('row').filter({ hasText: '东湖县' });
  await east.waitFor();
  t.true(await east.getByText('50%').isVisible(), 'clearance as a percentage');
  t.true(await east.getByLabel('较上月下降（上月 2）').isVisible(), 'overdue fell from 2');
  t.true(await east.getByLabel('较上月上升（上月 40%）').isVisible(), 'clearance rose from 40 %');
  t.true(await east.getByLabel('名次上升（上月第 2 名）').isVisible(), 'first on overdue, second last month');
  t.true(await ranking.getByRole('row').filter({ hasText: '西山县' }).getByText('第 1 名').isVisible());
  await page.getByRole('img', { name: '各单位超期件数' }).locator('canvas').waitFor();
  const named = page.getByRole('link', { name: 'QL2026-000042' });
  t.is(await named.getAttribute('href'), '/console/cases/QL2026-000042');
  t.true(await page.getByRole('row').filter({ has: named }).getByText('王明').isVisible());

  const xlsx = page.getByRole('link', { name: '导出 XLSX' });
  const download = await page.request.get(`${app.baseUrl}${await xlsx.getAttribute('href')}`);
  t.is(download.status(), 200);
  t.is(
    download.headers()['content-type'],
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const missing = await page.request.get(`${app.baseUrl}/api/v1/staff/bulletins/2026-09`);
  t.is(missing.status(), 404);
});

test('a clerk starts a look-back campaign and sees it listed with its progress', async (t) => {
  const { app, browser } = t.context;
  const page = await signInWide(browser, app.baseUrl, demoAccount.clerk(eastCounty), '/look-back');
  await page.getByText('还没有发起过回头看').waitFor();

  await page.getByLabel('名称').fill('十月销号案件回头看');
  await page.getByPlaceholder('开始日期').click();
  await page.getByPlaceholder('开始日期').fill('2026-10-01');
  await page.keyboard.press('Enter');
  await page.getByPlaceholder('结束日期').fill('2026-10-31');
  // Enter takes the typed end date and, as in any form, submits it.
  await page.keyboard.press('Enter');

  const row = page.getByRole('row').filter({ hasText: '十月销号案件回头看' });
  await row.waitFor();
  t.true(await row.getByText('2026-10-01 至 2026-10-31').isVisible());
  t.true(await row.getByText('东湖县').isVisible());
  t.true(await row.getByRole('progressbar').isVisible());
  await row.getByRole('button', { name: /展开/ }).click();
  await page.getByText('该日期范围内没有销号的案件').waitFor();
});
