import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { PrintedNotice } from './printed-notice';

/** Twentieths of a point per millimetre: Word measures pages in twips. */
const mm = (millimetres: number): number => Math.round(millimetres * 56.7);
/** Half-points: 3号 body 16 pt, 2号 title 22 pt. */
const bodySize = 32;
const titleSize = 44;
const mastheadSize = 60;
const red = 'D40000';
/** The fonts GB/T 9704 names; Word substitutes where they are not installed. */
const bodyFont = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const titleFont = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };

const line = (text: string, options: { size?: number; color?: string; font?: typeof bodyFont } = {}) =>
  new TextRun({ text, size: options.size ?? bodySize, color: options.color, font: options.font ?? bodyFont });

const sealBorder = { style: BorderStyle.DASHED, size: 4, color: '999999' };

/** 署名 and 成文日期 in a dashed box where the seal goes, to the right. */
function signature(notice: PrintedNotice): Table {
  return new Table({
    alignment: AlignmentType.RIGHT,
    width: { size: mm(70), type: WidthType.DXA },
    rows: [
      new TableRow({
        children: [
          new TableCell({
            borders: { top: sealBorder, bottom: sealBorder, left: sealBorder, right: sealBorder },
            children: [
              new Paragraph({ spacing: { before: 240 }, children: [] }),
              new Paragraph({ alignment: AlignmentType.CENTER, children: [line(notice.issuingOffice)] }),
              new Paragraph({ alignment: AlignmentType.CENTER, children: [line(notice.dateText)] }),
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [line('（印章）', { size: 16, color: '999999' })],
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

/**
 * The same notice as a Word document the office can edit before printing, laid out
 * after GB/T 9704 like the PDF: red masthead and rule, number, title, addressee, body
 * with a two-character first-line indent, and the signature in a box for the seal.
 */
export async function noticeDocx(notice: PrintedNotice): Promise<Buffer> {
  const document = new Document({
    title: `${notice.title} ${notice.documentNumber}`,
    creator: 'Qingling',
    sections: [
      {
        properties: {
          page: { margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) } },
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [line(notice.issuingOffice, { size: mastheadSize, color: red, font: titleFont })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 240 },
            border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: red, space: 8 } },
            children: [line(notice.documentNumber)],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 480, after: 240 },
            children: [line(notice.title, { size: titleSize, font: titleFont })],
          }),
          new Paragraph({ children: [line(`${notice.addressee}：`)] }),
          ...notice.paragraphs.map(
            (paragraph) =>
              new Paragraph({
                alignment: AlignmentType.JUSTIFIED,
                indent: { firstLine: bodySize * 20 },
                spacing: { line: 560 },
                children: [line(paragraph)],
              }),
          ),
          new Paragraph({ spacing: { before: 480 }, children: [] }),
          signature(notice),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
