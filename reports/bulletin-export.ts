import ExcelJS from 'exceljs';
import type { BulletinFigures, BulletinRow, MonthlyBulletin, OverdueCase } from '../domain/close-out';
import { formatOfficeTime } from '../domain/time-zone';
import {
  clockLabel,
  excelColumns,
  excelRow,
  reportLabels,
  type ExportLanguage,
  type ReportColumn,
  type ReportLabels,
} from './labels';
import { drawHeading, drawParagraph, drawTable, drawTitle, openReportPdf } from './pdf-document';

export type { ExportLanguage } from './labels';

/**
 * 一月一通报 as files: the units below ranked beside last month, and the overdue
 * cases named with who owns them.
 */

/** A row as last month's bulletin kept it: the same figures, ranks and rates. */
type RankedFigures = Omit<BulletinRow, 'lastMonth' | 'unit'>;

/** The three measures units are ranked by, each with its value, its rank and how it prints. */
const measures = {
  overdue: {
    kind: 'count',
    value: (r: RankedFigures) => r.figures.overdue,
    rank: (r: RankedFigures) => r.rankOverdue,
  },
  clearance: {
    kind: 'rate',
    value: (r: RankedFigures) => r.clearanceRate,
    rank: (r: RankedFigures) => r.rankClearance,
  },
  satisfaction: {
    kind: 'rate',
    value: (r: RankedFigures) => r.satisfactionRate,
    rank: (r: RankedFigures) => r.rankSatisfaction,
  },
} as const;
type Measure = keyof typeof measures;

/** This month, its rank, last month, the rank's change. */
type MeasureHeaders = [string, string, string, string];

function measureHeaders(labels: ReportLabels): Record<Measure, MeasureHeaders> {
  const c = labels.columns;
  return {
    overdue: [labels.bulletinFigures.overdue, c.rankOverdue, c.lastMonthOverdue, c.rankChangeOverdue],
    clearance: [c.clearanceRate, c.rankClearance, c.lastMonthClearanceRate, c.rankChangeClearance],
    satisfaction: [
      c.satisfactionRate,
      c.rankSatisfaction,
      c.lastMonthSatisfactionRate,
      c.rankChangeSatisfaction,
    ],
  };
}

/** Places gained since last month (1 is best, so rising from 4th to 2nd is +2); null without last month. */
const rankChange = (row: BulletinRow, measure: Measure): number | null =>
  row.lastMonth === null ? null : measures[measure].rank(row.lastMonth) - measures[measure].rank(row);

function measureColumns(labels: ReportLabels, measure: Measure): ReportColumn<BulletinRow>[] {
  const [current, rank, lastMonth, change] = measureHeaders(labels)[measure];
  const { kind, value } = measures[measure];
  return [
    { header: current, kind, width: 10, value },
    { header: rank, kind: 'count', width: 8, value: measures[measure].rank },
    { header: lastMonth, kind, width: 10, value: (row) => (row.lastMonth ? value(row.lastMonth) : null) },
    { header: change, kind: 'change', width: 8, value: (row) => rankChange(row, measure) },
  ];
}

const rankingColumns = (labels: ReportLabels): ReportColumn<BulletinRow>[] => [
  { header: labels.columns.unit, kind: 'text', width: 16, value: (row) => row.unit.name },
  ...measureColumns(labels, 'overdue'),
  ...measureColumns(labels, 'clearance'),
  ...measureColumns(labels, 'satisfaction'),
];

/** The counts the rates come from: the spreadsheet carries them so a reader can check a rate. */
const figureColumns = (labels: ReportLabels): ReportColumn<BulletinRow>[] =>
  (['openAtStart', 'newCases', 'closedOut', 'evaluations', 'satisfied', 'backlogStock'] as const).map(
    (key: keyof BulletinFigures): ReportColumn<BulletinRow> => ({
      header: labels.bulletinFigures[key],
      kind: 'count',
      width: 10,
      value: (row) => row.figures[key],
    }),
  );

const overdueCaseColumns = (labels: ReportLabels): ReportColumn<OverdueCase>[] => [
  { header: labels.columns.caseNumber, kind: 'text', width: 18, value: (c) => c.caseNumber },
  { header: labels.columns.unit, kind: 'text', width: 12, value: (c) => c.unitName },
  { header: labels.columns.summary, kind: 'text', width: 40, value: (c) => c.summary },
  { header: labels.columns.clock, kind: 'text', width: 12, value: (c) => clockLabel(labels, c.clock) },
  { header: labels.columns.dueDate, kind: 'date', width: 12, value: (c) => c.dueDate },
  { header: labels.columns.ownerLeader, kind: 'text', width: 10, value: (c) => c.ownerLeader },
  { header: labels.columns.handlingDepartment, kind: 'text', width: 14, value: (c) => c.handlingDepartment },
  { header: labels.columns.backlog, kind: 'text', width: 6, value: (c) => (c.backlog ? labels.yes : '') },
];

function heading(bulletin: MonthlyBulletin, labels: ReportLabels): { title: string; lines: string[] } {
  return {
    title: labels.bulletinTitle(bulletin.unit.name, bulletin.month),
    lines: [
      labels.period(formatOfficeTime(bulletin.periodFrom), formatOfficeTime(bulletin.periodTo)),
      labels.publishedAt(formatOfficeTime(bulletin.publishedAt)),
    ],
  };
}

export async function bulletinXlsx(bulletin: MonthlyBulletin, lang: ExportLanguage): Promise<Buffer> {
  const labels = reportLabels[lang];
  const { title, lines } = heading(bulletin, labels);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qingling';
  workbook.title = title;
  addRankingSheet(workbook, bulletin, labels, [title, ...lines]);
  const columns = overdueCaseColumns(labels);
  const cases = workbook.addWorksheet(labels.sheets.overdueCases, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }],
  });
  cases.columns = excelColumns(columns);
  cases.getRow(1).font = { bold: true };
  cases.addRows(bulletin.overdueCases.map((overdueCase) => excelRow(columns, overdueCase)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The title block above the ranking, frozen with the header so both stay in view. */
function addRankingSheet(
  workbook: ExcelJS.Workbook,
  bulletin: MonthlyBulletin,
  labels: ReportLabels,
  titleLines: string[],
): void {
  const columns = [...rankingColumns(labels), ...figureColumns(labels)];
  const headerRow = titleLines.length + 2;
  const sheet = workbook.addWorksheet(labels.sheets.ranking, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: headerRow }],
  });
  // Column formats without headers: the header goes below the title block.
  sheet.columns = excelColumns(columns).map(({ width, style }) => ({ width, style }));
  titleLines.forEach(
    (line, index) => (sheet.addRow([line]).font = { bold: index === 0, size: index === 0 ? 14 : 11 }),
  );
  sheet.addRow([]);
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  sheet.addRows(bulletin.rows.map((row) => excelRow(columns, row)));
}

export async function bulletinPdf(bulletin: MonthlyBulletin, lang: ExportLanguage): Promise<Buffer> {
  const labels = reportLabels[lang];
  const { title, lines } = heading(bulletin, labels);
  const { doc, finish } = openReportPdf(title, lang);
  drawTitle(doc, title, lines);
  drawHeading(doc, labels.headings.ranking);
  drawTable(doc, rankingColumns(labels), bulletin.rows, labels);
  drawHeading(doc, labels.headings.overdueCases);
  if (bulletin.overdueCases.length === 0) drawParagraph(doc, labels.noOverdueCases);
  else drawTable(doc, overdueCaseColumns(labels), bulletin.overdueCases, labels);
  return finish();
}
