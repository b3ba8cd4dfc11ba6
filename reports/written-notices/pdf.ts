import PDFDocument from 'pdfkit';
import { findReportFont, ReportFontError } from '../pdf-document';
import type { PrintedNotice } from './printed-notice';

const mm = (millimetres: number): number => (millimetres * 72) / 25.4;
/** GB/T 9704: 3号 (16 pt) body, 2号 (22 pt) title, red masthead and rule. */
const bodySize = 16;
const titleSize = 22;
const mastheadSize = 30;
const red = '#d40000';
const fontName = 'notice';
/** The seal box (印章位置): where the office stamps over its name and the date. */
const sealSize = mm(42);

/**
 * A written notice as a PDF in official document layout after GB/T 9704: A4, the
 * issuing office in red at the top, the number, a red rule, the title, the addressee,
 * the body indented two characters, then the office and the date in Chinese numerals
 * at the right with a box for the seal. Only the glyphs used are embedded.
 */
export async function noticePdf(notice: PrintedNotice): Promise<Buffer> {
  const font = findReportFont();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: `${notice.title} ${notice.documentNumber}`, Creator: 'Qingling' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont(fontName, font.path, font.face);
    doc.font(fontName);
  } catch (error) {
    throw new ReportFontError(`Cannot use ${font.path} for written notices`, { cause: error });
  }
  drawNotice(doc, notice);
  doc.end();
  return ended;
}

function drawNotice(doc: PDFKit.PDFDocument, notice: PrintedNotice): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc
    .fillColor(red)
    .fontSize(mastheadSize)
    .text(notice.issuingOffice, { align: 'center', characterSpacing: 2 });
  doc.moveDown(0.6).fillColor('black').fontSize(bodySize).text(notice.documentNumber, { align: 'center' });
  const ruleY = doc.y + mm(4);
  doc
    .moveTo(left, ruleY)
    .lineTo(left + width, ruleY)
    .lineWidth(1.5)
    .strokeColor(red)
    .stroke();
  doc.x = left;
  doc.y = ruleY + mm(10);
  doc.fillColor('black').fontSize(titleSize).text(notice.title, { align: 'center' });
  doc.moveDown(0.8).fontSize(bodySize).text(`${notice.addressee}：`, left);
  for (const paragraph of notice.paragraphs) {
    doc.text(paragraph, left, doc.y, { width, indent: bodySize * 2, lineGap: 6, align: 'justify' });
  }
  drawSignature(doc, notice, left + width);
}

/** 署名 and 成文日期 right-aligned, four characters in from the right edge, inside the seal box. */
function drawSignature(doc: PDFKit.PDFDocument, notice: PrintedNotice, right: number): void {
  const room = sealSize + bodySize * 3;
  if (doc.y + room > doc.page.maxY()) doc.addPage();
  const top = doc.y + bodySize * 2;
  const textRight = right - bodySize * 4;
  doc.fontSize(bodySize);
  const officeWidth = doc.widthOfString(notice.issuingOffice);
  const dateWidth = doc.widthOfString(notice.dateText);
  doc.text(notice.issuingOffice, textRight - officeWidth, top + mm(8), { lineBreak: false });
  doc.text(notice.dateText, textRight - dateWidth, top + mm(8) + bodySize * 1.8, { lineBreak: false });
  const centre = textRight - Math.max(officeWidth, dateWidth) / 2;
  doc
    .rect(centre - sealSize / 2, top, sealSize, sealSize)
    .dash(4, { space: 3 })
    .lineWidth(0.8)
    .strokeColor('#999999')
    .stroke()
    .undash();
  doc
    .fontSize(8)
    .fillColor('#999999')
    .text('（印章）', centre - sealSize / 2, top + sealSize - 12, {
      width: sealSize,
      align: 'center',
      lineBreak: false,
    });
  doc.fillColor('black');
}
