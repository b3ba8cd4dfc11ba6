import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import ExcelJS from 'exceljs';
import {
  emptyWeekFigures,
  type MonthlyBulletin,
  type ReportUnit,
  type WeekFigures,
  type WeeklyReport,
  type WeekTrendPoint,
} from '../../domain/close-out';
import { bulletinPdf, bulletinXlsx } from '../../reports/bulletin-export';
import { reportLabels, type ExportLanguage } from '../../reports/labels';
import { findReportFont, ReportFontError, scaleMaximum } from '../../reports/pdf-document';
import { weeklyReportPdf, weeklyReportXlsx } from '../../reports/weekly-report-export';

const unit = (
  id: number,
  name: string,
  level: string,
  parentId: number | null,
  path: string,
): ReportUnit => ({
  id,
  code: `U${id}`,
  name,
  level,
  path,
  parentId,
});
const province = unit(1, '示范省', 'province', null, '/1/');
const qingyuan = unit(2, '清源市', 'city', 1, '/1/2/');
const baisha = unit(3, '白沙市', 'city', 1, '/1/3/');
const donghu = unit(4, '东湖县', 'county', 2, '/1/2/4/');

const figures = (values: Partial<WeekFigures>): WeekFigures => ({ ...emptyWeekFigures(), ...values });

const ownFigures = figures({
  newCases: 137,
  closedOut: 96,
  reopened: 3,
  stillOpen: 412,
  overdue: 27,
  escalated: 9,
  backlogStock: 58,
  backlogStockBefore: 64,
  closedWithin5Days: 71,
  evaluations: 80,
  satisfied: 68,
});
const qingyuanFigures = figures({
  newCases: 211,
  closedOut: 174,
  stillOpen: 389,
  overdue: 31,
  backlogStock: 47,
});
const baishaFigures = figures({ newCases: 88, closedOut: 0, stillOpen: 263, overdue: 19, backlogStock: 52 });
const subtreeFigures = figures({
  ...ownFigures,
  newCases: 436,
  closedOut: 270,
  stillOpen: 1064,
  overdue: 77,
  backlogStock: 157,
  backlogStockBefore: 151,
});

const week = '2026-11-23';
const report: WeeklyReport = {
  unit: province,
  week,
  own: {
    unit: province,
    week,
    periodFrom: '2026-11-16T01:00:00.000Z',
    periodTo: '2026-11-23T01:00:00.000Z',
    runBy: 'schedule',
    closedAt: '2026-11-23T01:00:04.000Z',
    figures: ownFigures,
    struckOff: [],
  },
  subtree: subtreeFigures,
  children: [
    { unit: qingyuan, figures: qingyuanFigures, notClosed: 1 },
    { unit: baisha, figures: baishaFigures, notClosed: 0 },
  ],
  notClosed: [donghu],
};
const trend: WeekTrendPoint[] = [
  { week: '2026-11-09', figures: figures({ backlogStock: 171, stillOpen: 1120, closedOut: 233 }) },
  { week: '2026-11-16', figures: figures({ backlogStock: 151, stillOpen: 1093, closedOut: 248 }) },
  { week, figures: subtreeFigures },
];

const languages: ExportLanguage[] = ['zh-CN', 'en'];

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet named ${name}; sheets: ${workbook.worksheets.map((s) => s.name)}`);
  return sheet;
}

/** The row whose first cell reads `text`. */
function rowStarting(sheet: ExcelJS.Worksheet, text: string): ExcelJS.Row {
  for (let n = 1; n <= sheet.rowCount; n++)
    if (sheet.getRow(n).getCell(1).value === text) return sheet.getRow(n);
  throw new Error(`no row starting with ${text} in ${sheet.name}`);
}

/** A table's cells by header: the row starting `key`, in the column headed `header` (header row: the one starting `firstHeader`). */
function tableCell(sheet: ExcelJS.Worksheet, firstHeader: string, key: string, header: string): ExcelJS.Cell {
  const headers = rowStarting(sheet, firstHeader).values as unknown[];
  const column = headers.indexOf(header);
  if (column < 1) throw new Error(`no column ${header} in ${sheet.name}`);
  return rowStarting(sheet, key).getCell(column);
}

/** Every text item of every page, one item a line. */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item && item.str.trim()) lines.push(item.str);
  }
  await doc.destroy();
  return lines.join('\n');
}

const textLines = (text: string): string[] => text.split('\n');

for (const lang of languages) {
  const labels = reportLabels[lang];

  test(`weekly report XLSX (${lang}): the unit's and the jurisdiction's figures sit beside their labels, as numbers`, async (t) => {
    const workbook = await readWorkbook(await weeklyReportXlsx(report, trend, lang));
    const summary = sheetOf(workbook, labels.sheets.summary);
    t.is(summary.getCell('A1').value, labels.weeklyTitle('示范省'));
    for (const key of Object.keys(ownFigures) as (keyof WeekFigures)[]) {
      const row = rowStarting(summary, labels.weekFigures[key]);
      t.is(row.getCell(2).value, ownFigures[key], `own ${key}`);
      t.is(row.getCell(3).value, subtreeFigures[key], `jurisdiction ${key}`);
    }
    const satisfaction = rowStarting(summary, labels.weekMeasures.satisfactionRate).getCell(2);
    t.is(satisfaction.value, 68 / 80);
    t.regex(satisfaction.numFmt, /%/);
    t.is(rowStarting(summary, labels.weekMeasures.backlogChange).getCell(2).value, -6);
    t.is(rowStarting(summary, labels.weekMeasures.weeksToZero).getCell(2).value, Math.ceil(58 / 6));
    t.is(rowStarting(summary, labels.weekMeasures.distanceToZero).getCell(3).value, 157);
    // The jurisdiction's stock grew (151 → 157): no number of weeks to zero, and the sheet says why.
    t.is(rowStarting(summary, labels.weekMeasures.weeksToZero).getCell(3).value, labels.notFalling);
    t.truthy(rowStarting(summary, '东湖县'), 'the unit that has not closed the week is listed');
  });

  test(`weekly report XLSX (${lang}): each unit below has a row of its figures and how many below it have not closed`, async (t) => {
    const units = sheetOf(
      await readWorkbook(await weeklyReportXlsx(report, trend, lang)),
      labels.sheets.units,
    );
    const cell = (name: string, header: string) => tableCell(units, labels.columns.unit, name, header).value;
    for (const [name, f] of [
      ['清源市', qingyuanFigures],
      ['白沙市', baishaFigures],
    ] as const) {
      for (const key of Object.keys(f) as (keyof WeekFigures)[])
        t.is(cell(name, labels.weekFigures[key]), f[key]);
    }
    t.is(cell('清源市', labels.columns.notClosed), 1);
    t.is(cell('白沙市', labels.columns.notClosed), 0);
    t.is(
      cell('白沙市', labels.weekMeasures.closedWithin5DaysRate),
      null,
      'no rate without a closed-out case',
    );
  });

  test(`weekly report XLSX (${lang}): the trend has one row per week, oldest first`, async (t) => {
    const sheet = sheetOf(
      await readWorkbook(await weeklyReportXlsx(report, trend, lang)),
      labels.sheets.trend,
    );
    const weeks = [2, 3, 4].map((n) => sheet.getRow(n).getCell(1).value);
    t.deepEqual(
      weeks,
      trend.map((point) => new Date(`${point.week}T00:00:00Z`)),
    );
    const headers = sheet.getRow(1).values as unknown[];
    for (const key of ['backlogStock', 'stillOpen', 'closedOut'] as const) {
      const column = headers.indexOf(labels.weekFigures[key]);
      t.deepEqual(
        [2, 3, 4].map((n) => sheet.getRow(n).getCell(column).value),
        trend.map((point) => point.figures[key]),
      );
    }
  });

  test(`weekly report PDF (${lang}): title, period, unit names and figures are text in an embedded Chinese font subset`, async (t) => {
    const bytes = await weeklyReportPdf(report, trend, lang);
    t.true(bytes.length < 1_000_000, `${bytes.length} bytes`);
    t.regex(bytes.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+/, 'a subset, not the whole font');
    const text = await pdfText(bytes);
    const lines = textLines(text);
    t.true(lines.includes(labels.weeklyTitle('示范省')));
    t.true(lines.includes(labels.period('2026-11-16 09:00', '2026-11-23 09:00')));
    t.true(lines.includes(labels.closedAt('2026-11-23 09:00')));
    for (const name of ['清源市', '白沙市']) t.true(lines.includes(name), name);
    t.true(lines.includes('东湖县'), 'the unit that has not closed the week');
    for (const figure of [
      '412',
      '1064',
      '389',
      '263',
      '211',
      '174',
      '85.0%',
      '74.0%',
      '-6',
      '+6',
      '171',
      '1120',
    ])
      t.true(lines.includes(figure), figure);
    t.true(lines.includes(labels.weekFigures.stillOpen));
  });
}

test('a unit that has not closed the week: its column stays empty and the period is the scheduled week', async (t) => {
  const notYet: WeeklyReport = { ...report, own: null, notClosed: [province, donghu] };
  const labels = reportLabels['zh-CN'];
  const summary = sheetOf(await readWorkbook(await weeklyReportXlsx(notYet, trend, 'zh-CN')), '汇总');
  t.is(rowStarting(summary, labels.weekFigures.stillOpen).getCell(2).value, null);
  t.is(rowStarting(summary, labels.weekFigures.stillOpen).getCell(3).value, 1064);
  t.truthy(rowStarting(summary, labels.ownNotClosed));
  const lines = textLines(await pdfText(await weeklyReportPdf(notYet, trend, 'zh-CN')));
  t.true(lines.includes('统计期间：2026-11-16 09:00 至 2026-11-23 09:00（北京时间）'));
  t.true(lines.includes('示范省、东湖县'));
});

const bulletin: MonthlyBulletin = {
  unit: province,
  month: '2026-10',
  periodFrom: '2026-09-30T16:00:00.000Z',
  periodTo: '2026-10-31T16:00:00.000Z',
  publishedAt: '2026-11-01T01:00:02.000Z',
  rows: [
    {
      unit: qingyuan,
      figures: {
        overdue: 6,
        openAtStart: 300,
        newCases: 100,
        closedOut: 150,
        evaluations: 40,
        satisfied: 38,
        backlogStock: 47,
      },
      clearanceRate: 150 / 400,
      satisfactionRate: 38 / 40,
      rankOverdue: 1,
      rankClearance: 1,
      rankSatisfaction: 1,
      lastMonth: {
        figures: {
          overdue: 13,
          openAtStart: 320,
          newCases: 90,
          closedOut: 110,
          evaluations: 30,
          satisfied: 24,
          backlogStock: 55,
        },
        clearanceRate: 110 / 410,
        satisfactionRate: 24 / 30,
        rankOverdue: 2,
        rankClearance: 2,
        rankSatisfaction: 2,
      },
    },
    {
      unit: baisha,
      figures: {
        overdue: 19,
        openAtStart: 250,
        newCases: 50,
        closedOut: 60,
        evaluations: 0,
        satisfied: 0,
        backlogStock: 52,
      },
      clearanceRate: 60 / 300,
      satisfactionRate: null,
      rankOverdue: 2,
      rankClearance: 2,
      rankSatisfaction: 2,
      lastMonth: null,
    },
  ],
  overdueCases: [
    {
      caseNumber: 'QL-2026-000731',
      unitName: '东湖县',
      summary: '征地补偿款未兑现',
      clock: 'handling',
      dueDate: '2026-10-12',
      ownerLeader: '李明',
      handlingDepartment: '东湖县自然资源局',
      backlog: true,
    },
  ],
};

for (const lang of languages) {
  const labels = reportLabels[lang];

  test(`bulletin XLSX (${lang}): the ranking carries this month, the rank, last month and places gained, as numbers`, async (t) => {
    const workbook = await readWorkbook(await bulletinXlsx(bulletin, lang));
    const ranking = sheetOf(workbook, labels.sheets.ranking);
    t.is(ranking.getCell('A1').value, labels.bulletinTitle('示范省', '2026-10'));
    const cell = (name: string, header: string) => tableCell(ranking, labels.columns.unit, name, header);
    t.is(cell('清源市', labels.bulletinFigures.overdue).value, 6);
    t.is(cell('清源市', labels.columns.lastMonthOverdue).value, 13);
    t.is(cell('清源市', labels.columns.rankChangeOverdue).value, 1, 'from 2nd to 1st');
    t.is(cell('清源市', labels.columns.clearanceRate).value, 0.375);
    t.regex(cell('清源市', labels.columns.clearanceRate).numFmt, /%/);
    t.is(cell('清源市', labels.columns.lastMonthSatisfactionRate).value, 0.8);
    t.is(cell('白沙市', labels.bulletinFigures.overdue).value, 19);
    t.is(cell('白沙市', labels.columns.rankOverdue).value, 2);
    t.is(cell('白沙市', labels.columns.satisfactionRate).value, null, 'no evaluation, no rate');
    t.is(cell('白沙市', labels.columns.rankChangeOverdue).value, null, 'no bulletin last month');
    t.is(cell('白沙市', labels.bulletinFigures.openAtStart).value, 250);
  });

  test(`bulletin XLSX (${lang}): each overdue case is named with its clock, due date, leader and department`, async (t) => {
    const cases = sheetOf(await readWorkbook(await bulletinXlsx(bulletin, lang)), labels.sheets.overdueCases);
    const cell = (header: string) =>
      tableCell(cases, labels.columns.caseNumber, 'QL-2026-000731', header).value;
    t.is(cell(labels.columns.unit), '东湖县');
    t.is(cell(labels.columns.summary), '征地补偿款未兑现');
    t.is(cell(labels.columns.clock), labels.clocks.handling);
    t.deepEqual(cell(labels.columns.dueDate), new Date('2026-10-12T00:00:00Z'));
    t.is(cell(labels.columns.ownerLeader), '李明');
    t.is(cell(labels.columns.handlingDepartment), '东湖县自然资源局');
  });

  test(`bulletin PDF (${lang}): the ranking and the named overdue cases are text`, async (t) => {
    const bytes = await bulletinPdf(bulletin, lang);
    t.true(bytes.length < 1_000_000, `${bytes.length} bytes`);
    const lines = textLines(await pdfText(bytes));
    t.true(lines.includes(labels.bulletinTitle('示范省', '2026-10')));
    t.true(lines.includes(labels.period('2026-10-01 00:00', '2026-11-01 00:00')));
    t.true(lines.includes(labels.publishedAt('2026-11-01 09:00')));
    for (const text of ['清源市', '白沙市', '37.5%', '95.0%', '80.0%', '20.0%', '13', '19', '+1'])
      t.true(lines.includes(text), text);
    for (const text of [
      'QL-2026-000731',
      '东湖县',
      '征地补偿款未兑现',
      '2026-10-12',
      '李明',
      '东湖县自然资源局',
    ])
      t.true(lines.includes(text), text);
    t.true(lines.includes(labels.clocks.handling));
  });
}

test('the font is REPORT_FONT when set, a face of a collection named after #', (t) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ql-font-')), 'Chinese.ttc');
  writeFileSync(file, '');
  t.deepEqual(findReportFont({ REPORT_FONT: `${file}#SomeFace-Regular` }, []), {
    path: file,
    face: 'SomeFace-Regular',
  });
  t.deepEqual(findReportFont({ REPORT_FONT: file }, []), { path: file });
});

test('a missing font is refused with what to install or set, never drawn as boxes', (t) => {
  const error = t.throws(() => findReportFont({ REPORT_FONT: '/nonexistent/font.ttf' }), {
    instanceOf: ReportFontError,
  });
  t.regex(error.message, /REPORT_FONT names \/nonexistent\/font\.ttf/);
  const none = t.throws(() => findReportFont({}, [{ path: '/nonexistent/NotoSansCJK-Regular.ttc' }]), {
    instanceOf: ReportFontError,
  });
  t.regex(none.message, /fonts-noto-cjk/);
  t.regex(none.message, /REPORT_FONT/);
});

test("the chart's scale tops out at a round number at or above the largest bar", (t) => {
  t.deepEqual([0, 3, 37, 120, 412].map(scaleMaximum), [4, 4, 40, 120, 600]);
});
