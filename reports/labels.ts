import type { BulletinFigures, WeekFigures, WeekMeasures } from '../domain/close-out';
import { clockNames, type ClockName } from '../domain/policy';
import { vocabulary } from '../domain/vocabulary/names';

/**
 * How the weekly report and the bulletin read, in both media: their words in
 * zh-CN and en, and their columns (header, kind, value) with how a kind prints in
 * the PDF and is formatted in the spreadsheet, so that both exports say the same.
 */

/** The language an export is written in: the requester's. Unit names and case text stay as recorded. */
export type ExportLanguage = 'zh-CN' | 'en';

/** Every word the weekly report (每周一报) and the monthly bulletin (一月一通报) print. */
export interface ReportLabels {
  weekFigures: Record<keyof WeekFigures, string>;
  weekMeasures: Record<keyof WeekMeasures, string>;
  bulletinFigures: Record<keyof BulletinFigures, string>;
  clocks: Record<ClockName, string>;
  weeklyTitle: (unitName: string) => string;
  weekOf: (week: string) => string;
  bulletinTitle: (unitName: string, month: string) => string;
  /** Both instants already in office time. */
  period: (from: string, to: string) => string;
  publishedAt: (at: string) => string;
  closedAt: (at: string) => string;
  sheets: { summary: string; units: string; trend: string; ranking: string; overdueCases: string };
  headings: {
    figures: string;
    notClosed: string;
    units: string;
    chart: string;
    trend: string;
    ranking: string;
    overdueCases: string;
  };
  columns: {
    figure: string;
    own: string;
    subtree: string;
    unit: string;
    week: string;
    notClosed: string;
    clearanceRate: string;
    satisfactionRate: string;
    rankOverdue: string;
    rankClearance: string;
    rankSatisfaction: string;
    lastMonthOverdue: string;
    lastMonthClearanceRate: string;
    lastMonthSatisfactionRate: string;
    /** Rank changes: places gained since last month, so a rise reads positive. */
    rankChangeOverdue: string;
    rankChangeClearance: string;
    rankChangeSatisfaction: string;
    caseNumber: string;
    summary: string;
    clock: string;
    dueDate: string;
    ownerLeader: string;
    handlingDepartment: string;
    backlog: string;
  };
  /** The unit has not closed the week: its own column stays empty. */
  ownNotClosed: string;
  /** Everyone below has closed the week / no case is overdue. */
  noneNotClosed: string;
  noOverdueCases: string;
  yes: string;
  /** Printed where a value does not exist (a rate without a denominator, no last month). */
  notApplicable: string;
  /** Weeks to zero when the stock did not fall. */
  notFalling: string;
}

const zhCN: ReportLabels = {
  weekFigures: {
    newCases: '新增件数',
    closedOut: '销号件数',
    reopened: '销号后重启',
    stillOpen: '在办件数',
    overdue: '超期件数',
    escalated: '督办次数',
    backlogStock: '积案存量（周末）',
    backlogStockBefore: '积案存量（周初）',
    closedWithin5Days: '5日内办结件数',
    evaluations: '评价件数',
    satisfied: '满意件数',
    consultations: '咨询件数（另计）',
    consultationsAnswered: '咨询已答复件数',
  },
  weekMeasures: {
    backlogChange: '积案存量变化',
    distanceToZero: '距清零',
    weeksToZero: '预计清零周数',
    closedWithin5DaysRate: '5日内办结率',
    satisfactionRate: '满意率',
  },
  bulletinFigures: {
    overdue: '超期件数',
    openAtStart: '月初在办',
    newCases: '本月新增',
    closedOut: '本月销号',
    evaluations: '评价件数',
    satisfied: '满意件数',
    backlogStock: '积案存量',
  },
  clocks: vocabulary['zh-CN'].clock,
  weeklyTitle: (unitName) => `${unitName}每周一报`,
  weekOf: (week) => `${week} 销号周`,
  bulletinTitle: (unitName, month) => `${unitName}一月一通报（${month}）`,
  period: (from, to) => `统计期间：${from} 至 ${to}（北京时间）`,
  publishedAt: (at) => `发布时间：${at}`,
  closedAt: (at) => `本单位销号时间：${at}`,
  sheets: { summary: '汇总', units: '下级单位', trend: '趋势', ranking: '排名', overdueCases: '超期案件' },
  headings: {
    figures: '本单位与全辖区',
    notClosed: '本周尚未销号的单位',
    units: '下级单位',
    chart: '下级单位在办件数与积案存量',
    trend: '清零趋势',
    ranking: '下级单位排名',
    overdueCases: '超期案件点名',
  },
  columns: {
    figure: '指标',
    own: '本单位',
    subtree: '全辖区',
    unit: '单位',
    week: '销号周',
    notClosed: '未销号单位数',
    clearanceRate: '化解率',
    satisfactionRate: '满意率',
    rankOverdue: '超期排名',
    rankClearance: '化解率排名',
    rankSatisfaction: '满意率排名',
    lastMonthOverdue: '上月超期件数',
    lastMonthClearanceRate: '上月化解率',
    lastMonthSatisfactionRate: '上月满意率',
    rankChangeOverdue: '超期名次升降',
    rankChangeClearance: '化解率名次升降',
    rankChangeSatisfaction: '满意率名次升降',
    caseNumber: '案件编号',
    summary: '事项摘要',
    clock: '超期时限',
    dueDate: '到期日',
    ownerLeader: '包案领导',
    handlingDepartment: '承办部门',
    backlog: '积案',
  },
  ownNotClosed: '本单位本周尚未销号',
  noneNotClosed: '无：全辖区均已销号',
  noOverdueCases: '无超期案件',
  yes: '是',
  notApplicable: '—',
  notFalling: '存量未下降',
};

const en: ReportLabels = {
  weekFigures: {
    newCases: 'New cases',
    closedOut: 'Closed out',
    reopened: 'Reopened after close-out',
    stillOpen: 'Still open',
    overdue: 'Overdue',
    escalated: 'Escalations',
    backlogStock: 'Backlog stock (week end)',
    backlogStockBefore: 'Backlog stock (week start)',
    closedWithin5Days: 'Closed within 5 days',
    evaluations: 'Evaluations',
    satisfied: 'Satisfied',
    consultations: 'Consultations (counted apart)',
    consultationsAnswered: 'Consultations answered',
  },
  weekMeasures: {
    backlogChange: 'Backlog change',
    distanceToZero: 'Distance to zero',
    weeksToZero: 'Weeks to zero',
    closedWithin5DaysRate: 'Closed within 5 days rate',
    satisfactionRate: 'Satisfaction rate',
  },
  bulletinFigures: {
    overdue: 'Overdue',
    openAtStart: 'Open at month start',
    newCases: 'New this month',
    closedOut: 'Closed out this month',
    evaluations: 'Evaluations',
    satisfied: 'Satisfied',
    backlogStock: 'Backlog stock',
  },
  clocks: vocabulary.en.clock,
  weeklyTitle: (unitName) => `${unitName} weekly report`,
  weekOf: (week) => `Close-out week ${week}`,
  bulletinTitle: (unitName, month) => `${unitName} monthly bulletin (${month})`,
  period: (from, to) => `Period: ${from} to ${to} (Beijing time)`,
  publishedAt: (at) => `Published: ${at}`,
  closedAt: (at) => `Unit closed the week at ${at}`,
  sheets: {
    summary: 'Summary',
    units: 'Units',
    trend: 'Trend',
    ranking: 'Ranking',
    overdueCases: 'Overdue cases',
  },
  headings: {
    figures: 'Unit and jurisdiction',
    notClosed: 'Units that have not closed the week',
    units: 'Units below',
    chart: 'Still open and backlog stock by unit',
    trend: 'Trend toward zero',
    ranking: 'Ranking of units below',
    overdueCases: 'Overdue cases by name',
  },
  columns: {
    figure: 'Figure',
    own: 'Unit',
    subtree: 'Jurisdiction',
    unit: 'Unit',
    week: 'Week',
    notClosed: 'Units not closed',
    clearanceRate: 'Clearance rate',
    satisfactionRate: 'Satisfaction rate',
    rankOverdue: 'Overdue rank',
    rankClearance: 'Clearance rank',
    rankSatisfaction: 'Satisfaction rank',
    lastMonthOverdue: 'Overdue last month',
    lastMonthClearanceRate: 'Clearance rate last month',
    lastMonthSatisfactionRate: 'Satisfaction rate last month',
    rankChangeOverdue: 'Overdue rank change',
    rankChangeClearance: 'Clearance rank change',
    rankChangeSatisfaction: 'Satisfaction rank change',
    caseNumber: 'Case number',
    summary: 'Summary',
    clock: 'Breached deadline',
    dueDate: 'Due date',
    ownerLeader: 'Owning leader',
    handlingDepartment: 'Handling department',
    backlog: 'Backlog',
  },
  ownNotClosed: 'This unit has not closed the week yet',
  noneNotClosed: 'None: every unit has closed the week',
  noOverdueCases: 'No overdue cases',
  yes: 'yes',
  notApplicable: '—',
  notFalling: 'not falling',
};

export const reportLabels: Record<ExportLanguage, ReportLabels> = { 'zh-CN': zhCN, en };

const isClockName = (name: string): name is ClockName => (clockNames as readonly string[]).includes(name);

/** A clock's name in the reader's language; a name this version does not know prints as recorded. */
export const clockLabel = (labels: ReportLabels, clock: string | null): string | null =>
  clock === null ? null : isClockName(clock) ? labels.clocks[clock] : clock;

/** What a cell holds: a number is a figure; null where a figure does not exist (no denominator, no last month). */
export type Cell = string | number | null;

/** How a cell reads, in the PDF and in the spreadsheet: `change` carries its sign, a `date` is `YYYY-MM-DD`. */
export type CellKind = 'text' | 'date' | 'count' | 'change' | 'rate';

/**
 * A table column as both the PDF and the XLSX read it; `width` in characters. The
 * summary's lines mix counts and rates in one column, so a kind can depend on the row.
 */
export interface ReportColumn<Row> {
  header: string;
  kind: CellKind | ((row: Row) => CellKind);
  width: number;
  value: (row: Row) => Cell;
}

export const kindOf = <Row>(column: ReportColumn<Row>, row: Row): CellKind =>
  typeof column.kind === 'function' ? column.kind(row) : column.kind;

const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** A cell as the PDF prints it: rates as percentages, changes with their sign. */
export function cellText(value: Cell, kind: CellKind, labels: ReportLabels): string {
  if (value === null) return labels.notApplicable;
  if (typeof value === 'string') return value;
  if (kind === 'rate') return percent(value);
  if (kind === 'change' && value > 0) return `+${value}`;
  return String(value);
}

/** Excel number formats: the cell keeps the number, the reader sees a percentage or a sign. */
export const excelFormats: Record<CellKind, string | undefined> = {
  text: undefined,
  date: 'yyyy-mm-dd',
  count: '0',
  change: '+0;-0;0',
  rate: '0.0%',
};

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A cell as the spreadsheet holds it: numbers stay numbers; a date becomes a date
 * cell (ExcelJS writes a Date by its UTC fields, so midnight UTC keeps the day);
 * an empty cell where a figure does not exist.
 */
export function excelValue(value: Cell, kind: CellKind): string | number | Date | null {
  if (kind === 'date' && typeof value === 'string' && isoDate.test(value))
    return new Date(`${value}T00:00:00Z`);
  return value;
}

export const excelRow = <Row>(columns: ReportColumn<Row>[], row: Row): (string | number | Date | null)[] =>
  columns.map((column) => excelValue(column.value(row), kindOf(column, row)));

/** Sheet columns whose cells take their number format from the column (a kind that varies by row has none). */
export const excelColumns = <Row>(columns: ReportColumn<Row>[]) =>
  columns.map((column) => {
    const format = typeof column.kind === 'function' ? undefined : excelFormats[column.kind];
    return { header: column.header, width: column.width, style: format ? { numFmt: format } : {} };
  });
