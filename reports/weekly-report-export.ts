import ExcelJS from 'exceljs';
import {
  closeOutAt,
  emptyWeekFigures,
  weekMeasures,
  type WeekFigures,
  type WeekMeasures,
  type WeeklyReport,
  type WeekTrendPoint,
} from '../domain/close-out';
import { currentPolicyVersion, policyFor } from '../domain/policy';
import { formatOfficeTime } from '../domain/time-zone';
import {
  excelColumns,
  excelFormats,
  excelRow,
  reportLabels,
  type Cell,
  type CellKind,
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
 * 每周一报 as files: the unit's week beside its jurisdiction's, the units below,
 * who has not closed the week, and the trend toward zero.
 */

type ChildUnit = WeeklyReport['children'][number];

const figureKeys = Object.keys(emptyWeekFigures()) as (keyof WeekFigures)[];

const measureKinds: Record<keyof WeekMeasures, CellKind> = {
  backlogChange: 'change',
  distanceToZero: 'count',
  weeksToZero: 'count',
  closedWithin5DaysRate: 'rate',
  satisfactionRate: 'rate',
};
const measureKeys = Object.keys(measureKinds) as (keyof WeekMeasures)[];

/** A line of the summary: a figure of the unit itself (null until it closes the week) and of its jurisdiction. */
interface SummaryLine {
  label: string;
  kind: CellKind;
  own: Cell;
  subtree: Cell;
}

/** Weeks to zero has no number when the stock did not fall: the cell says so rather than stay blank. */
const measureCell = (measures: WeekMeasures, key: keyof WeekMeasures, labels: ReportLabels): Cell =>
  key === 'weeksToZero' && measures.weeksToZero === null ? labels.notFalling : measures[key];

function summaryLines(report: WeeklyReport, labels: ReportLabels): SummaryLine[] {
  const own = report.own?.figures ?? null;
  const ownMeasures = own && weekMeasures(own);
  const subtreeMeasures = weekMeasures(report.subtree);
  return [
    ...figureKeys.map((key) => ({
      label: labels.weekFigures[key],
      kind: 'count' as const,
      own: own === null ? null : own[key],
      subtree: report.subtree[key],
    })),
    ...measureKeys.map((key) => ({
      label: labels.weekMeasures[key],
      kind: measureKinds[key],
      own: ownMeasures === null ? null : measureCell(ownMeasures, key, labels),
      subtree: measureCell(subtreeMeasures, key, labels),
    })),
  ];
}

const summaryColumns = (labels: ReportLabels): ReportColumn<SummaryLine>[] => [
  { header: labels.columns.figure, kind: 'text', width: 28, value: (line) => line.label },
  { header: labels.columns.own, kind: (line) => line.kind, width: 14, value: (line) => line.own },
  { header: labels.columns.subtree, kind: (line) => line.kind, width: 14, value: (line) => line.subtree },
];

const unitColumns = (labels: ReportLabels): ReportColumn<ChildUnit>[] => [
  { header: labels.columns.unit, kind: 'text', width: 13, value: (child) => child.unit.name },
  ...figureKeys.map((key): ReportColumn<ChildUnit> => ({
    header: labels.weekFigures[key],
    kind: 'count',
    width: 10,
    value: (child) => child.figures[key],
  })),
  {
    header: labels.weekMeasures.closedWithin5DaysRate,
    kind: 'rate',
    width: 10,
    value: (child) => weekMeasures(child.figures).closedWithin5DaysRate,
  },
  {
    header: labels.weekMeasures.satisfactionRate,
    kind: 'rate',
    width: 10,
    value: (child) => weekMeasures(child.figures).satisfactionRate,
  },
  { header: labels.columns.notClosed, kind: 'count', width: 10, value: (child) => child.notClosed },
];

const trendColumns = (labels: ReportLabels): ReportColumn<WeekTrendPoint>[] => [
  { header: labels.columns.week, kind: 'date', width: 12, value: (point) => point.week },
  ...(['backlogStock', 'stillOpen', 'closedOut'] as const).map((key): ReportColumn<WeekTrendPoint> => ({
    header: labels.weekFigures[key],
    kind: 'count',
    width: 16,
    value: (point) => point.figures[key],
  })),
];

/**
 * The week's period in office time: as the unit's own snapshot recorded it, else the
 * scheduled week (the seven days up to the close-out the week is named after).
 */
function reportPeriod(report: WeeklyReport): { from: string; to: string } {
  if (report.own) return { from: report.own.periodFrom, to: report.own.periodTo };
  const to = Date.parse(
    closeOutAt(`${report.week}T00:00:00+08:00`, policyFor(currentPolicyVersion).reporting),
  );
  return { from: new Date(to - 7 * 86_400_000).toISOString(), to: new Date(to).toISOString() };
}

function heading(report: WeeklyReport, labels: ReportLabels): { title: string; lines: string[] } {
  const period = reportPeriod(report);
  return {
    title: labels.weeklyTitle(report.unit.name),
    lines: [
      labels.weekOf(report.week),
      labels.period(formatOfficeTime(period.from), formatOfficeTime(period.to)),
      report.own ? labels.closedAt(formatOfficeTime(report.own.closedAt)) : labels.ownNotClosed,
    ],
  };
}

const notClosedText = (report: WeeklyReport, labels: ReportLabels): string =>
  report.notClosed.length === 0 ? labels.noneNotClosed : report.notClosed.map((unit) => unit.name).join('、');

export async function weeklyReportXlsx(
  report: WeeklyReport,
  trend: WeekTrendPoint[],
  lang: ExportLanguage,
): Promise<Buffer> {
  const labels = reportLabels[lang];
  const { title, lines } = heading(report, labels);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qingling';
  workbook.title = title;
  addSummarySheet(workbook, report, labels, [title, ...lines]);
  addTableSheet(workbook, labels.sheets.units, unitColumns(labels), report.children);
  addTableSheet(workbook, labels.sheets.trend, trendColumns(labels), trend);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The title block, the figures table, then the units that have not closed the week, one a row. */
function addSummarySheet(
  workbook: ExcelJS.Workbook,
  report: WeeklyReport,
  labels: ReportLabels,
  titleLines: string[],
): void {
  const sheet = workbook.addWorksheet(labels.sheets.summary);
  const columns = summaryColumns(labels);
  sheet.columns = columns.map((column) => ({ width: column.width }));
  titleLines.forEach(
    (line, index) => (sheet.addRow([line]).font = { bold: index === 0, size: index === 0 ? 14 : 11 }),
  );
  sheet.addRow([]);
  sheet.addRow(columns.map((column) => column.header)).font = { bold: true };
  for (const line of summaryLines(report, labels)) {
    const row = sheet.addRow(excelRow(columns, line));
    row.getCell(2).numFmt = row.getCell(3).numFmt = excelFormats[line.kind] ?? 'General';
  }
  sheet.addRow([]);
  sheet.addRow([labels.headings.notClosed]).font = { bold: true };
  if (report.notClosed.length === 0) sheet.addRow([labels.noneNotClosed]);
  for (const unit of report.notClosed) sheet.addRow([unit.name]);
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
  sheet.addRows(rows.map((row) => excelRow(columns, row)));
}

export async function weeklyReportPdf(
  report: WeeklyReport,
  trend: WeekTrendPoint[],
  lang: ExportLanguage,
): Promise<Buffer> {
  const labels = reportLabels[lang];
  const { title, lines } = heading(report, labels);
  const { doc, finish } = openReportPdf(title, lang);
  drawTitle(doc, title, lines);
  drawHeading(doc, labels.headings.figures);
  drawTable(doc, summaryColumns(labels), summaryLines(report, labels), labels, 0.5);
  drawHeading(doc, labels.headings.notClosed);
  drawParagraph(doc, notClosedText(report, labels));
  if (report.children.length > 0) drawUnits(doc, report, labels);
  drawHeading(doc, labels.headings.trend);
  drawTable(doc, trendColumns(labels), trend, labels, 0.5);
  return finish();
}

function drawUnits(doc: PDFKit.PDFDocument, report: WeeklyReport, labels: ReportLabels): void {
  drawHeading(doc, labels.headings.units);
  drawTable(doc, unitColumns(labels), report.children, labels);
  drawHeading(doc, labels.headings.chart, barChartHeight);
  drawBarChart(doc, {
    series: [
      { label: labels.weekFigures.stillOpen, color: '#5b8ff9' },
      { label: labels.weekFigures.backlogStock, color: '#f6903d' },
    ],
    groups: report.children.map((child) => ({
      label: child.unit.name,
      values: [child.figures.stillOpen, child.figures.backlogStock],
    })),
  });
}
