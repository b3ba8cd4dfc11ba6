import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import {
  dataSheetName,
  earliestDate,
  importColumns,
  instructionsSheetName,
  maxImportBytes,
  maxImportRows,
} from './template';

export interface TemplateFile {
  /** The name offices see; `asciiName` for clients that cannot read it. */
  fileName: string;
  asciiName: string;
  contentType: string;
  bytes: Buffer;
}

const baseName = '积案集中排查导入模板';
const asciiBaseName = 'backlog-import-template';

/** The header row alone, with a BOM: Excel opens UTF-8 CSV as Chinese only with one. */
export function csvTemplate(): TemplateFile {
  const header = importColumns.map((c) => c.header).join(',');
  return {
    fileName: `${baseName}.csv`,
    asciiName: `${asciiBaseName}.csv`,
    contentType: 'text/csv; charset=utf-8',
    bytes: Buffer.from(`\ufeff${header}\r\n`, 'utf8'),
  };
}

const describe = (t: TFunction, column: (typeof importColumns)[number]) =>
  t(`backlogImport.columns.${column.key}`, { ...column.limits, earliest: earliestDate });

const requiredLabel = (t: TFunction, column: (typeof importColumns)[number]) =>
  t(
    column.required
      ? 'backlogImport.template.requiredYes'
      : column.key === 'complainantName' || column.key === 'complainantPhone'
        ? 'backlogImport.template.requiredUnlessAnonymous'
        : 'backlogImport.template.requiredNo',
  );

/**
 * The data sheet (text-formatted, so codes keep their digits and dates stay as typed;
 * drop-down lists on the closed columns; each header's requirement as a note) and the
 * 「填写说明」 sheet documenting every column in the reader's language.
 */
export async function xlsxTemplate(t: TFunction): Promise<TemplateFile> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qingling';
  addDataSheet(workbook, t);
  addInstructionsSheet(workbook, t);
  return {
    fileName: `${baseName}.xlsx`,
    asciiName: `${asciiBaseName}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

function addDataSheet(workbook: ExcelJS.Workbook, t: TFunction): void {
  const sheet = workbook.addWorksheet(dataSheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = importColumns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.example.length * 1.6),
    style: { numFmt: '@' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  importColumns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.note = `${requiredLabel(t, column)}：${describe(t, column)}`;
    if (column.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    if (!column.choices) return;
    const list = { type: 'list' as const, allowBlank: true, formulae: [`"${column.choices.join(',')}"`] };
    for (let row = 2; row <= maxImportRows + 1; row++) sheet.getCell(row, index + 1).dataValidation = list;
  });
}

function addInstructionsSheet(workbook: ExcelJS.Workbook, t: TFunction): void {
  const sheet = workbook.addWorksheet(instructionsSheetName);
  sheet.columns = [
    { header: t('backlogImport.template.column'), width: 16 },
    { header: t('backlogImport.template.key'), width: 18 },
    { header: t('backlogImport.template.required'), width: 14 },
    { header: t('backlogImport.template.description'), width: 70 },
    { header: t('backlogImport.template.allowed'), width: 36 },
    { header: t('backlogImport.template.example'), width: 36 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const column of importColumns) {
    const row = sheet.addRow([
      column.header,
      column.key,
      requiredLabel(t, column),
      describe(t, column),
      column.choices?.join('、') ?? '',
      column.example,
    ]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.addRow([]);
  sheet.addRow([t('backlogImport.template.notesTitle')]).font = { bold: true };
  const limits = { maxRows: maxImportRows, maxSize: `${maxImportBytes / 1024 / 1024} MB` };
  for (const note of ['noteRows', 'noteAllOrNothing', 'noteAgain', 'noteLimits']) {
    sheet.addRow([t(`backlogImport.template.${note}`, limits)]);
  }
}
