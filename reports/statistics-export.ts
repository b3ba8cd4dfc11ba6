import ExcelJS from 'exceljs';
import type { Statistics, StatisticsFigures } from '../db/statistics';
import type { UnitLevel } from '../db/entities/unit';
import type { CaseStatus } from '../domain/case';
import type { Category, Channel } from '../domain/petition';
import {
  statisticsSectionNames,
  statisticsSections,
  type StatisticsSection,
} from '../domain/statistics-sections';
import { vocabulary } from '../domain/vocabulary/names';
import en from '../web/i18n/en.json';
import zhCN from '../web/i18n/zh-CN.json';
import {
  excelColumns,
  excelFormats,
  excelRow,
  reportLabels,
  type ExportLanguage,
  type ReportColumn,
  type ReportLabels,
} from './labels';
import {
  barChartHeight,
  drawBarChart,
  drawHeading,
  drawParagraph,
  drawTable,
  drawTitle,
  openReportPdf,
} from './pdf-document';

export type { ExportLanguage } from './labels';

/**
 * 统计 as files: the figures of a unit's subtree for a period of office dates, their
 * rates with what they are made of, by channel and refusal reason, by child unit and by
 * category, the same numbers as the console's statistics page.
 */

/** The figures as the API answers them: the period `[from, to)` in office dates. */
export type StatisticsReport = Statistics & { from: string; to: string; minimumForRate: number };

type CountName = {
  [K in keyof StatisticsFigures]: StatisticsFigures[K] extends number ? K : never;
}[keyof StatisticsFigures];
type RateName = keyof StatisticsFigures['rates'];

/** Every word the statistics export prints; a figure without a name does not compile. */
interface StatisticsLabels {
  counts: Record<CountName, string>;
  sections: Record<StatisticsSection, string>;
  rates: Record<RateName, string>;
  channels: Record<Channel, string>;
  categories: Record<Category, string>;
  title: (unitName: string) => string;
  /** Both office dates inclusive. */
  period: (first: string, last: string) => string;
  minimum: (minimum: number) => string;
  levels: Record<UnitLevel, string>;
  statuses: Record<CaseStatus, string>;
  sheets: {
    summary: string;
    units: string;
    categories: string;
    levels: string;
    overTime: string;
    stages: string;
    problems: string;
  };
  headings: {
    levels: string;
    overTime: Record<'week' | 'month', string>;
    stages: string;
    problems: string;
    rates: string;
    channels: string;
    reasons: string;
    units: string;
    categories: string;
    chart: string;
  };
  columns: {
    figure: string;
    value: string;
    numerator: string;
    denominator: string;
    rate: string;
    unit: string;
    category: string;
    channel: string;
    reason: string;
    count: string;
    level: string;
    stepStart: string;
    status: string;
    days: (from: number, to: number | null) => string;
    versusBefore: (figure: string) => string;
  };
  /** A refusal recorded without a reason. */
  noReason: string;
  noneNotAccepted: string;
}

const labels: Record<ExportLanguage, StatisticsLabels> = {
  'zh-CN': {
    counts: {
      received: '收件数',
      consultations: '咨询件数（另计）',
      accepted: '受理件数',
      notAccepted: '不予受理件数',
      forwarded: '转送件数',
      dispatched: '分办件数',
      replied: '办结件数',
      repliedQuickly: '5日内办结件数',
      repliedInTime: '按期办结件数',
      escalated: '督办次数',
      evaluations: '评价件数',
      satisfied: '满意件数',
      reviewsRequested: '申请复查件数',
      reReviewsRequested: '申请复核件数',
      repeatsLinked: '重复信访并入件数',
      openAtStart: '期初在办件数',
      openAtEnd: '期末在办件数',
      overdueAtEnd: '期末超期件数',
      everOverdue: '期内曾超期件数',
      closedOut: '销号件数',
      reopened: '重新启动件数',
      backlogAtStart: '期初积案存量',
      backlogAtEnd: '期末积案存量',
      backlogDesignated: '新列积案件数',
      backlogClosedOut: '积案销号件数',
      disposedByTalkInquiry: '谈话函询件数',
      disposedByPreliminaryVerification: '初步核实件数',
      disposedByHold: '暂存待查件数',
      disposedByClose: '予以了结件数',
      casesOpened: '立案件数',
    },
    sections: {
      intake: '收件与受理',
      handling: '办理与评价',
      stock: '在办、超期与积案',
      discipline: '检举控告处置',
    },
    rates: { acceptance: '受理率', quickReply: '5日内办结率', satisfaction: '满意率' },
    channels: zhCN.channels,
    categories: vocabulary['zh-CN'].category,
    title: (unitName) => `${unitName}信访统计`,
    period: (first, last) => `统计期间：${first} 至 ${last}（北京时间，含首尾两日）`,
    minimum: (minimum) => `分母不足 ${minimum} 件的比率不计，记为「—」。`,
    levels: { province: '省级', city: '市级', county: '县级', township: '乡镇', village: '村（社区）' },
    statuses: vocabulary['zh-CN'].status,
    sheets: {
      summary: '汇总',
      units: '下级单位',
      categories: '问题类别',
      levels: '层级',
      overTime: '走势',
      stages: '在办环节',
      problems: '突出问题',
    },
    headings: {
      levels: '按层级',
      overTime: { week: '按周走势', month: '按月走势' },
      stages: '在办事项所处环节及停留时间（统计时）',
      problems: '突出问题：下级单位各类问题件数与重复信访',
      rates: '比率',
      channels: '收件渠道',
      reasons: '不予受理理由',
      units: '按下级单位',
      categories: '按问题类别',
      chart: '下级单位收件与办结',
    },
    columns: {
      figure: '指标',
      value: '数值',
      numerator: '分子',
      denominator: '分母',
      rate: '比率',
      unit: '单位',
      category: '问题类别',
      channel: '渠道',
      reason: '理由',
      count: '件数',
      level: '层级',
      stepStart: '起始日',
      status: '环节',
      days: (from, to) => (to === null ? `${from} 天及以上` : `满 ${from} 天不足 ${to} 天`),
      versusBefore: (figure) => `${figure}较上期`,
    },
    noReason: '未注明理由',
    noneNotAccepted: '本期无不予受理。',
  },
  en: {
    counts: {
      received: 'Received',
      consultations: 'Consultations (counted apart)',
      accepted: 'Accepted',
      notAccepted: 'Not accepted',
      forwarded: 'Forwarded',
      dispatched: 'Dispatched',
      replied: 'Replied',
      repliedQuickly: 'Replied within 5 days',
      repliedInTime: 'Replied within the time limit',
      escalated: 'Escalations',
      evaluations: 'Evaluations',
      satisfied: 'Satisfied',
      reviewsRequested: 'Reviews requested',
      reReviewsRequested: 'Re-reviews requested',
      repeatsLinked: 'Repeat petitions linked',
      openAtStart: 'Open at the start',
      openAtEnd: 'Open at the end',
      overdueAtEnd: 'Overdue at the end',
      everOverdue: 'Overdue during the period',
      closedOut: 'Closed out',
      reopened: 'Reopened',
      backlogAtStart: 'Backlog stock at the start',
      backlogAtEnd: 'Backlog stock at the end',
      backlogDesignated: 'Designated backlog cases',
      backlogClosedOut: 'Backlog cases closed out',
      disposedByTalkInquiry: 'Talk and inquiry',
      disposedByPreliminaryVerification: 'Preliminary verification',
      disposedByHold: 'Hold for later',
      disposedByClose: 'Close without further action',
      casesOpened: 'Cases opened',
    },
    sections: {
      intake: 'Received and accepted',
      handling: 'Handling and evaluation',
      stock: 'Open, overdue and backlog',
      discipline: 'Reports against officials: disposal',
    },
    rates: {
      acceptance: 'Acceptance rate',
      quickReply: 'Replied within 5 days rate',
      satisfaction: 'Satisfaction rate',
    },
    channels: en.channels,
    categories: vocabulary.en.category,
    title: (unitName) => `${unitName} statistics`,
    period: (first, last) => `Period: ${first} to ${last} (Beijing time, both days included)`,
    minimum: (minimum) => `A rate whose denominator is under ${minimum} is not given ("—").`,
    levels: {
      province: 'Province',
      city: 'City',
      county: 'County',
      township: 'Township',
      village: 'Village',
    },
    statuses: vocabulary.en.status,
    sheets: {
      summary: 'Summary',
      units: 'Units',
      categories: 'Categories',
      levels: 'Levels',
      overTime: 'Over time',
      stages: 'Open by status',
      problems: 'Recurring problems',
    },
    headings: {
      levels: 'By level',
      overTime: { week: 'Week by week', month: 'Month by month' },
      stages: 'Open petitions by status and days in it (when exported)',
      problems: 'Recurring problems: categories in units below with the most cases and repeats',
      rates: 'Rates',
      channels: 'Received by channel',
      reasons: 'Not accepted by reason',
      units: 'By unit below',
      categories: 'By category',
      chart: 'Received and replied by unit below',
    },
    columns: {
      figure: 'Figure',
      value: 'Value',
      numerator: 'Numerator',
      denominator: 'Denominator',
      rate: 'Rate',
      unit: 'Unit',
      category: 'Category',
      channel: 'Channel',
      reason: 'Reason',
      count: 'Cases',
      level: 'Level',
      stepStart: 'From',
      status: 'Status',
      days: (from, to) => (to === null ? `${from} days or more` : `${from} to under ${to} days`),
      versusBefore: (figure) => `${figure} versus the period before`,
    },
    noReason: 'No reason recorded',
    noneNotAccepted: 'None not accepted in the period.',
  },
};

// Every name a section lists is a figure the statistics count (a renamed figure fails the typecheck).
const sections: Record<StatisticsSection, readonly CountName[]> = statisticsSections;
const countNames = statisticsSectionNames.flatMap((section) => sections[section]);
const rateNames = (l: StatisticsLabels) => Object.keys(l.rates) as RateName[];

/** The period's last office date: `to` is the day after it. */
const lastDay = (to: string): string =>
  new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** What the file says above its tables, in the reader's language. */
function statisticsTitle(report: StatisticsReport, lang: ExportLanguage): string {
  return labels[lang].title(report.unit.name);
}

/** What the download is called: the title and the period's first and last days. */
export const statisticsFileName = (report: StatisticsReport, lang: ExportLanguage): string =>
  `${statisticsTitle(report, lang)}-${report.from}-${lastDay(report.to)}`;

const titleLines = (report: StatisticsReport, l: StatisticsLabels): string[] => [
  l.period(report.from, lastDay(report.to)),
  l.minimum(report.minimumForRate),
];

interface NamedValue {
  name: string;
  value: number;
}

const valueColumns = (header: string, l: StatisticsLabels): ReportColumn<NamedValue>[] => [
  { header, kind: 'text', width: 28, value: (line) => line.name },
  { header: l.columns.value, kind: 'count', width: 12, value: (line) => line.value },
];

const countLines = (
  figures: StatisticsFigures,
  l: StatisticsLabels,
  names: readonly CountName[] = countNames,
): NamedValue[] => names.map((name) => ({ name: l.counts[name], value: figures[name] }));

const channelLines = (figures: StatisticsFigures, l: StatisticsLabels): NamedValue[] =>
  figures.receivedByChannel.map(({ channel, count }) => ({ name: l.channels[channel], value: count }));

const reasonLines = (figures: StatisticsFigures, l: StatisticsLabels): NamedValue[] =>
  figures.notAcceptedByReason.map(({ reason, count }) => ({ name: reason || l.noReason, value: count }));

interface RateLine {
  name: string;
  numerator: number;
  denominator: number;
  rate: number | null;
}

const rateLines = (figures: StatisticsFigures, l: StatisticsLabels): RateLine[] =>
  rateNames(l).map((name) => ({ name: l.rates[name], ...figures.rates[name] }));

const rateColumns = (l: StatisticsLabels): ReportColumn<RateLine>[] => [
  { header: l.columns.figure, kind: 'text', width: 28, value: (line) => line.name },
  { header: l.columns.numerator, kind: 'count', width: 10, value: (line) => line.numerator },
  { header: l.columns.denominator, kind: 'count', width: 10, value: (line) => line.denominator },
  { header: l.columns.rate, kind: 'rate', width: 10, value: (line) => line.rate },
];

interface Breakdown {
  name: string;
  figures: StatisticsFigures;
}

/** A row per child unit or category: the counts (of one section, or all), then every rate (— under the minimum). */
const breakdownColumns = (
  header: string,
  l: StatisticsLabels,
  names: readonly CountName[] = countNames,
  rates: readonly RateName[] = rateNames(l),
): ReportColumn<Breakdown>[] => [
  { header, kind: 'text', width: 14, value: (row) => row.name },
  ...names.map((name): ReportColumn<Breakdown> => ({
    header: l.counts[name],
    kind: 'count',
    width: 8,
    value: (row) => row.figures[name],
  })),
  ...rates.map((name): ReportColumn<Breakdown> => ({
    header: l.rates[name],
    kind: 'rate',
    width: 8,
    value: (row) => row.figures.rates[name].rate,
  })),
];

const unitRows = (report: StatisticsReport): Breakdown[] =>
  report.byUnit.map(({ unit, figures }) => ({ name: unit.name, figures }));

const categoryRows = (report: StatisticsReport, l: StatisticsLabels): Breakdown[] =>
  report.byCategory.map(({ category, figures }) => ({ name: l.categories[category], figures }));

const levelRows = (report: StatisticsReport, l: StatisticsLabels): Breakdown[] =>
  report.byLevel.map(({ level, figures }) => ({ name: l.levels[level], figures }));

type Step = StatisticsReport['overTime']['steps'][number];

const trendFigures = ['received', 'accepted', 'replied', 'closedOut', 'satisfied', 'evaluations'] as const;

const stepColumns = (l: StatisticsLabels): ReportColumn<Step>[] => [
  { header: l.columns.stepStart, kind: 'date', width: 12, value: (step) => step.start },
  ...trendFigures.map((name): ReportColumn<Step> => ({
    header: l.counts[name],
    kind: 'count',
    width: 10,
    value: (step) => step.figures[name],
  })),
];

type Stage = StatisticsReport['byStage'][number];

const stageColumns = (report: StatisticsReport, l: StatisticsLabels): ReportColumn<Stage>[] => [
  { header: l.columns.status, kind: 'text', width: 14, value: (stage) => l.statuses[stage.status] },
  { header: l.columns.count, kind: 'count', width: 8, value: (stage) => stage.count },
  ...(report.byStage[0]?.buckets ?? []).map(({ fromDays, toDays }, index): ReportColumn<Stage> => ({
    header: l.columns.days(fromDays, toDays),
    kind: 'count',
    width: 10,
    value: (stage) => stage.buckets[index]?.count ?? 0,
  })),
];

type Problem = StatisticsReport['topProblems'][number];

const problemColumns = (l: StatisticsLabels): ReportColumn<Problem>[] => [
  { header: l.columns.unit, kind: 'text', width: 14, value: (p) => p.unit.name },
  { header: l.columns.category, kind: 'text', width: 14, value: (p) => l.categories[p.category] },
  { header: l.counts.received, kind: 'count', width: 8, value: (p) => p.received },
  {
    header: l.columns.versusBefore(l.counts.received),
    kind: 'change',
    width: 10,
    value: (p) => p.received - p.previous.received,
  },
  { header: l.counts.repeatsLinked, kind: 'count', width: 10, value: (p) => p.repeatsLinked },
  {
    header: l.columns.versusBefore(l.counts.repeatsLinked),
    kind: 'change',
    width: 10,
    value: (p) => p.repeatsLinked - p.previous.repeatsLinked,
  },
];

export async function statisticsXlsx(report: StatisticsReport, lang: ExportLanguage): Promise<Buffer> {
  const l = labels[lang];
  const title = statisticsTitle(report, lang);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qingling';
  workbook.title = title;
  addSummarySheet(workbook, report, l, [title, ...titleLines(report, l)]);
  addTableSheet(workbook, l.sheets.units, breakdownColumns(l.columns.unit, l), unitRows(report));
  addTableSheet(
    workbook,
    l.sheets.categories,
    breakdownColumns(l.columns.category, l),
    categoryRows(report, l),
  );
  addTableSheet(workbook, l.sheets.levels, breakdownColumns(l.columns.level, l), levelRows(report, l));
  addTableSheet(workbook, l.sheets.overTime, stepColumns(l), report.overTime.steps);
  addTableSheet(workbook, l.sheets.stages, stageColumns(report, l), report.byStage);
  addTableSheet(workbook, l.sheets.problems, problemColumns(l), report.topProblems);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The title block, then each small table under its heading: figures, rates, channels, reasons. */
function addSummarySheet(
  workbook: ExcelJS.Workbook,
  report: StatisticsReport,
  l: StatisticsLabels,
  lines: string[],
): void {
  const sheet = workbook.addWorksheet(l.sheets.summary);
  sheet.columns = rateColumns(l).map((column) => ({ width: column.width }));
  lines.forEach(
    (line, index) => (sheet.addRow([line]).font = { bold: index === 0, size: index === 0 ? 14 : 11 }),
  );
  const table = <Row>(heading: string, columns: ReportColumn<Row>[], rows: Row[], empty?: string) => {
    sheet.addRow([]);
    sheet.addRow([heading]).font = { bold: true, size: 12 };
    sheet.addRow(columns.map((column) => column.header)).font = { bold: true };
    if (rows.length === 0 && empty) sheet.addRow([empty]);
    for (const row of rows) {
      const added = sheet.addRow(excelRow(columns, row));
      columns.forEach((column, index) => {
        const format = typeof column.kind === 'string' ? excelFormats[column.kind] : undefined;
        if (format) added.getCell(index + 1).numFmt = format;
      });
    }
  };
  const { figures } = report;
  for (const section of statisticsSectionNames) {
    table(l.sections[section], valueColumns(l.columns.figure, l), countLines(figures, l, sections[section]));
  }
  table(l.headings.rates, rateColumns(l), rateLines(figures, l));
  table(l.headings.channels, valueColumns(l.columns.channel, l), channelLines(figures, l));
  table(l.headings.reasons, valueColumns(l.columns.reason, l), reasonLines(figures, l), l.noneNotAccepted);
}

/** A sheet that is one table: header on the first row, frozen with the first column while scrolling. */
function addTableSheet<Row>(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: ReportColumn<Row>[],
  rows: Row[],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = excelColumns(columns);
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  sheet.addRows(rows.map((row) => excelRow(columns, row)));
}

export async function statisticsPdf(report: StatisticsReport, lang: ExportLanguage): Promise<Buffer> {
  const l = labels[lang];
  const printed: ReportLabels = reportLabels[lang];
  const title = statisticsTitle(report, lang);
  const { doc, finish } = openReportPdf(title, lang);
  const { figures } = report;
  drawTitle(doc, title, titleLines(report, l));
  for (const section of statisticsSectionNames) {
    drawHeading(doc, l.sections[section]);
    drawTable(
      doc,
      valueColumns(l.columns.figure, l),
      countLines(figures, l, sections[section]),
      printed,
      0.5,
    );
  }
  drawHeading(doc, l.headings.rates);
  drawTable(doc, rateColumns(l), rateLines(figures, l), printed, 0.6);
  drawHeading(doc, l.headings.channels);
  drawTable(doc, valueColumns(l.columns.channel, l), channelLines(figures, l), printed, 0.5);
  drawHeading(doc, l.headings.reasons);
  if (figures.notAcceptedByReason.length === 0) drawParagraph(doc, l.noneNotAccepted);
  else drawTable(doc, valueColumns(l.columns.reason, l), reasonLines(figures, l), printed, 0.6);
  if (report.byUnit.length > 0) {
    drawBreakdown(doc, l.headings.units, l.columns.unit, unitRows(report), lang);
    drawHeading(doc, l.headings.chart, barChartHeight);
    drawBarChart(doc, {
      series: [
        { label: l.counts.received, color: '#5b8ff9' },
        { label: l.counts.replied, color: '#5ad8a6' },
      ],
      groups: report.byUnit.map(({ unit, figures: f }) => ({
        label: unit.name,
        values: [f.received, f.replied],
      })),
    });
  }
  drawBreakdown(doc, l.headings.categories, l.columns.category, categoryRows(report, l), lang);
  drawBreakdown(doc, l.headings.levels, l.columns.level, levelRows(report, l), lang);
  drawHeading(doc, l.headings.overTime[report.overTime.interval]);
  drawTable(doc, stepColumns(l), report.overTime.steps, printed, 0.7);
  drawHeading(doc, l.headings.stages);
  drawTable(doc, stageColumns(report, l), report.byStage, printed, 0.8);
  if (report.topProblems.length > 0) {
    drawHeading(doc, l.headings.problems);
    drawTable(doc, problemColumns(l), report.topProblems, printed, 0.8);
  }
  return finish();
}

/** A breakdown is too wide for one page across: a table per section, then the rates. */
function drawBreakdown(
  doc: PDFKit.PDFDocument,
  heading: string,
  header: string,
  rows: Breakdown[],
  lang: ExportLanguage,
): void {
  const l = labels[lang];
  const printed = reportLabels[lang];
  for (const section of statisticsSectionNames) {
    drawHeading(doc, `${heading} · ${l.sections[section]}`);
    drawTable(doc, breakdownColumns(header, l, sections[section], []), rows, printed);
  }
  drawHeading(doc, `${heading} · ${l.headings.rates}`);
  drawTable(doc, breakdownColumns(header, l, [], rateNames(l)), rows, printed, 0.6);
}
