import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import type { TemplateFile } from '../backlog-import/template-file';
import {
  maxOrgBytes,
  maxOrgRows,
  orgColumns,
  orgDataSheetName,
  orgInstructionsSheetName,
} from './org-chart-import-rows';

const baseName = '组织机构导入模板';
const asciiBaseName = 'org-chart-import-template';

/** Example rows: a township under 东湖县 with a department and two people. */
const exampleRows: Record<string, string>[] = [
  { kind: '单位', code: '990101009', name: '桃花乡', parentCode: '990101', level: '乡镇' },
  { kind: '单位', code: '990101009001', name: '桃花村', parentCode: '990101009', level: '村' },
  {
    kind: '部门',
    code: '990101009-zz',
    name: '桃花乡综治中心',
    parentCode: '990101009',
    departmentKind: '承办单位',
  },
  {
    kind: '人员',
    name: '李清',
    parentCode: '990101009',
    email: 'li.qing@example.gov.cn',
    title: '信访干部',
    roles: '信访干部',
  },
  {
    kind: '人员',
    name: '周敏',
    parentCode: '990101009',
    email: 'zhou.min@example.gov.cn',
    roles: '承办单位',
    departmentCode: '990101009-zz',
  },
];

/** The header row alone, UTF-8 with a BOM (Excel opens it as Chinese only with one). */
export function orgChartCsvTemplate(): TemplateFile {
  return {
    fileName: `${baseName}.csv`,
    asciiName: `${asciiBaseName}.csv`,
    contentType: 'text/csv; charset=utf-8',
    bytes: Buffer.from(`\ufeff${orgColumns.map((c) => c.header).join(',')}\r\n`, 'utf8'),
  };
}

const kindsLabel = (t: TFunction, kinds: readonly string[]) =>
  kinds.map((k) => t(`orgChartImport.kinds.${k}`)).join(t('listSeparator'));

/** The data sheet (text cells, drop-downs on closed columns) with example rows, and the 「填写说明」 sheet. */
export async function orgChartXlsxTemplate(t: TFunction): Promise<TemplateFile> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qingling';
  const sheet = workbook.addWorksheet(orgDataSheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = orgColumns.map((c) => ({
    header: c.header,
    key: c.key,
    width: 18,
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  orgColumns.forEach((column, index) => {
    sheet.getRow(1).getCell(index + 1).note = t(`orgChartImport.columns.${column.key}`, { max: column.max });
    if (!('choices' in column)) return;
    const list = { type: 'list' as const, allowBlank: true, formulae: [`"${column.choices.join(',')}"`] };
    for (let row = 2; row <= 1000; row++) sheet.getCell(row, index + 1).dataValidation = list;
  });
  for (const example of exampleRows) sheet.addRow(example);

  const notes = workbook.addWorksheet(orgInstructionsSheetName);
  notes.columns = [
    { header: t('orgChartImport.template.column'), width: 16 },
    { header: t('orgChartImport.template.key'), width: 16 },
    { header: t('orgChartImport.template.usedBy'), width: 20 },
    { header: t('orgChartImport.template.requiredFor'), width: 20 },
    { header: t('orgChartImport.template.description'), width: 70 },
    { header: t('orgChartImport.template.allowed'), width: 40 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const column of orgColumns) {
    notes.addRow([
      column.header,
      column.key,
      kindsLabel(t, column.kinds),
      column.required.length > 0 ? kindsLabel(t, column.required) : '—',
      t(`orgChartImport.columns.${column.key}`, { max: column.max }),
      'choices' in column ? column.choices.join('、') : '',
    ]).alignment = { wrapText: true, vertical: 'top' };
  }
  notes.addRow([]);
  notes.addRow([t('orgChartImport.template.notesTitle')]).font = { bold: true };
  const limits = { maxRows: maxOrgRows, maxSize: `${maxOrgBytes / 1024 / 1024} MB` };
  for (const note of ['noteOrder', 'noteAllOrNothing', 'noteAgain', 'noteInvitations', 'noteLimits']) {
    notes.addRow([t(`orgChartImport.template.${note}`, limits)]);
  }
  return {
    fileName: `${baseName}.xlsx`,
    asciiName: `${asciiBaseName}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
