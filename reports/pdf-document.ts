import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { cellText, kindOf, type ExportLanguage, type ReportColumn, type ReportLabels } from './labels';

/** The PDF of a report cannot be drawn: no font with Chinese glyphs. Says what to install or set. */
export class ReportFontError extends Error {
  override name = 'ReportFontError';
}

/** A font file; `face` is the PostScript name of the face to use inside a collection (.ttc). */
export interface ReportFont {
  path: string;
  face?: string | undefined;
}

const reportFontVariable = 'REPORT_FONT';

/**
 * Where Debian puts Chinese fonts, best first: fonts-noto-cjk (opentype/ since bookworm,
 * truetype/ on older releases and some derivatives), then WenQuanYi. The PDF standard
 * fonts have no Chinese glyphs, so without one of these every unit name prints as boxes.
 */
const debianChineseFonts: readonly ReportFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
];

const fontHint =
  `install the Debian package fonts-noto-cjk, or set ${reportFontVariable} to a font file with ` +
  `Chinese glyphs (.ttf, .otf; for a .ttc collection append #PostScriptName, e.g. ` +
  `/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular)`;

/** The font the reports' PDFs use: `REPORT_FONT` if set, else the first Debian Chinese font present. */
export function findReportFont(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly ReportFont[] = debianChineseFonts,
): ReportFont {
  const configured = env[reportFontVariable]?.trim();
  if (configured) return configuredFont(configured);
  const found = candidates.find((font) => existsSync(font.path));
  if (!found) throw new ReportFontError(`No Chinese font found for PDF reports: ${fontHint}.`);
  return found;
}

/** A set variable that names no file is an error, not a reason to fall back: someone chose that font. */
function configuredFont(value: string): ReportFont {
  const hash = value.lastIndexOf('#');
  const font =
    hash > 0 && !value.slice(hash).includes('/')
      ? { path: value.slice(0, hash), face: value.slice(hash + 1) }
      : { path: value };
  if (!existsSync(font.path))
    throw new ReportFontError(`${reportFontVariable} names ${font.path}, which does not exist: ${fontHint}.`);
  return font;
}

/** A report being drawn; `finish` ends it and gives its bytes. */
export interface ReportPdf {
  doc: PDFKit.PDFDocument;
  finish: () => Promise<Buffer>;
}

const fontName = 'report';

/** An A4 landscape page (the unit tables are wide) in the report font; only the glyphs used are embedded. */
export function openReportPdf(title: string, lang: ExportLanguage): ReportPdf {
  const font = findReportFont();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    lang,
    displayTitle: true,
    info: { Title: title, Creator: 'Qingling' },
  });
  // pdfkit streams as it draws: collect from the first byte.
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  useFont(doc, font);
  return {
    doc,
    finish: () => {
      doc.end();
      return ended;
    },
  };
}

function useFont(doc: PDFKit.PDFDocument, font: ReportFont): void {
  try {
    doc.registerFont(fontName, font.path, font.face);
    doc.font(fontName);
  } catch (error) {
    const face = font.face ? ` (face ${font.face})` : '';
    throw new ReportFontError(`Cannot use ${font.path}${face} for PDF reports: ${fontHint}.`, {
      cause: error,
    });
  }
}

const contentWidth = (doc: PDFKit.PDFDocument): number =>
  doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page unless `height` more points fit on this one. */
function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
  doc.x = doc.page.margins.left;
}

export function drawTitle(doc: PDFKit.PDFDocument, title: string, lines: string[]): void {
  doc.fontSize(18).fillColor('black').text(title);
  doc.moveDown(0.3).fontSize(10).fillColor('#555555');
  for (const line of lines) doc.text(line);
  doc.fillColor('black').moveDown(0.5);
}

/** A heading starts a new page unless `keepWith` points of what follows it fit below: never alone at a page's foot. */
export function drawHeading(doc: PDFKit.PDFDocument, heading: string, keepWith = 60): void {
  ensureRoom(doc, keepWith + 30);
  doc.moveDown(0.6).fontSize(13).fillColor('black').text(heading).moveDown(0.3);
}

export function drawParagraph(doc: PDFKit.PDFDocument, text: string): void {
  ensureRoom(doc, 20);
  doc
    .fontSize(10)
    .fillColor('black')
    .text(text, { width: contentWidth(doc) });
}

const isFigure = (kind: ReportColumn<never>['kind']): boolean => kind !== 'text' && kind !== 'date';

const cellPadding = 3;
const bodySize = 8;
/** Narrow figure columns: a smaller header keeps English words like "Satisfaction" whole. */
const headerSize = 7;

/** A row's height as pdfkit's table will measure it (its tallest wrapped cell), with a point to spare. */
function rowHeight(doc: PDFKit.PDFDocument, cells: string[], widths: number[], size: number): number {
  doc.fontSize(size);
  const tallest = Math.max(
    0,
    ...cells.map((text, i) => doc.heightOfString(text, { width: (widths[i] ?? 0) - 2 * cellPadding })),
  );
  return tallest + 2 * cellPadding + 1;
}

/** How many of `rows` fit in `room` points: at least one, so a row taller than a page still gets one. */
function rowsThatFit(doc: PDFKit.PDFDocument, rows: string[][], widths: number[], room: number): number {
  let used = 0;
  let count = 0;
  for (const cells of rows) {
    used += rowHeight(doc, cells, widths, bodySize);
    if (used > room) break;
    count++;
  }
  return Math.max(count, 1);
}

/**
 * A table across the page (or `share` of it), header shaded, figures right-aligned.
 * A long table goes on over pages with the header repeated on each, as a printed
 * list of cases needs (pdfkit's own table breaks pages without it).
 */
export function drawTable<Row>(
  doc: PDFKit.PDFDocument,
  columns: ReportColumn<Row>[],
  rows: Row[],
  labels: ReportLabels,
  share = 1,
): void {
  const total = columns.reduce((sum, column) => sum + column.width, 0);
  const widths = columns.map((column) => (column.width / total) * contentWidth(doc) * share);
  const header = columns.map((column) => column.header);
  let rest = rows.map((row) =>
    columns.map((column) => cellText(column.value(row), kindOf(column, row), labels)),
  );
  do {
    const headerHeight = rowHeight(doc, header, widths, headerSize);
    ensureRoom(doc, headerHeight + rowHeight(doc, rest[0] ?? [], widths, bodySize));
    const count = rowsThatFit(doc, rest, widths, doc.page.maxY() - doc.y - headerHeight);
    drawTablePage(doc, columns, widths, header, rest.slice(0, count));
    rest = rest.slice(count);
    if (rest.length > 0) doc.addPage();
  } while (rest.length > 0);
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}

function drawTablePage<Row>(
  doc: PDFKit.PDFDocument,
  columns: ReportColumn<Row>[],
  widths: number[],
  header: string[],
  rows: string[][],
): void {
  doc.fontSize(bodySize).fillColor('black');
  doc.table({
    position: { x: doc.page.margins.left, y: doc.y },
    columnStyles: columns.map((column, i) => ({
      width: widths[i],
      align: { x: isFigure(column.kind) ? 'right' : 'left', y: 'top' },
    })),
    rowStyles: (index) => (index === 0 ? { backgroundColor: '#e8edf5' } : undefined),
    defaultStyle: { border: 0.5, borderColor: '#999999', padding: cellPadding },
    data: [
      header.map((text) => ({
        text,
        type: 'TH' as const,
        align: { x: 'center' as const },
        font: { size: headerSize },
      })),
      ...rows,
    ],
  });
}

/** Bars side by side per group (a unit), one per series (a figure), with a legend and a value scale. */
export interface BarChart {
  series: { label: string; color: string }[];
  groups: { label: string; values: number[] }[];
}

const chartHeight = 170;
/** What a chart takes on the page: legend, bars, unit names. */
export const barChartHeight = chartHeight + 70;
const scaleWidth = 32;
const tickCount = 4;

/** The top of the value scale: whole, round ticks (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) reaching the largest bar. */
export function scaleMaximum(largest: number): number {
  const rawStep = Math.max(largest, 1) / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step =
    [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * magnitude).find((s) => s >= rawStep) ?? rawStep;
  return Math.max(1, Math.ceil(step)) * tickCount;
}

/** Drawn with rectangles and text, so it prints the same everywhere and its labels stay text. */
export function drawBarChart(doc: PDFKit.PDFDocument, chart: BarChart): void {
  ensureRoom(doc, barChartHeight);
  const left = doc.page.margins.left + scaleWidth;
  const width = contentWidth(doc) - scaleWidth;
  const top = drawLegend(doc, chart.series) + 12;
  const bottom = top + chartHeight;
  const maximum = scaleMaximum(Math.max(0, ...chart.groups.flatMap((g) => g.values)));
  drawScale(doc, { left, width, bottom, maximum });
  const groupWidth = width / Math.max(chart.groups.length, 1);
  chart.groups.forEach((group, index) => {
    const x = left + index * groupWidth;
    drawBars(doc, chart.series, group.values, { x, groupWidth, bottom, scale: chartHeight / maximum });
    doc.fontSize(7).fillColor('black');
    doc.text(group.label, x, bottom + 4, { width: groupWidth, align: 'center', height: 18, ellipsis: true });
  });
  doc.x = doc.page.margins.left;
  doc.y = bottom + 26;
}

function drawLegend(doc: PDFKit.PDFDocument, series: BarChart['series']): number {
  const y = doc.y;
  let x = doc.page.margins.left + scaleWidth;
  doc.fontSize(8);
  for (const s of series) {
    doc.rect(x, y + 1, 8, 8).fill(s.color);
    doc.fillColor('black').text(s.label, x + 12, y, { lineBreak: false });
    x += 12 + doc.widthOfString(s.label) + 16;
  }
  return y + 10;
}

function drawScale(
  doc: PDFKit.PDFDocument,
  area: { left: number; width: number; bottom: number; maximum: number },
): void {
  doc.fontSize(7);
  for (let tick = 0; tick <= tickCount; tick++) {
    const y = area.bottom - (chartHeight * tick) / tickCount;
    doc
      .moveTo(area.left, y)
      .lineTo(area.left + area.width, y)
      .lineWidth(tick === 0 ? 0.8 : 0.3)
      .strokeColor(tick === 0 ? '#333333' : '#cccccc')
      .stroke();
    const label = String((area.maximum * tick) / tickCount);
    doc.fillColor('#555555').text(label, area.left - scaleWidth, y - 4, {
      width: scaleWidth - 4,
      align: 'right',
      lineBreak: false,
    });
  }
}

function drawBars(
  doc: PDFKit.PDFDocument,
  series: BarChart['series'],
  values: number[],
  at: { x: number; groupWidth: number; bottom: number; scale: number },
): void {
  const barWidth = Math.min(24, (at.groupWidth * 0.8) / series.length);
  const start = at.x + (at.groupWidth - barWidth * series.length) / 2;
  series.forEach((s, index) => {
    const value = values[index] ?? 0;
    const height = value * at.scale;
    const x = start + index * barWidth;
    if (height > 0) doc.rect(x, at.bottom - height, barWidth - 1, height).fill(s.color);
    doc.fontSize(6).fillColor('black');
    doc.text(String(value), x - 4, at.bottom - height - 8, {
      width: barWidth + 8,
      align: 'center',
      lineBreak: false,
    });
  });
}
