import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import type { AuditRow } from '../../db/audit/search';
import { formatOfficeTime } from '../../domain/time-zone';

const columns = ['at', 'staff', 'unit', 'ip', 'userAgent', 'action', 'target', 'outcome', 'reason'] as const;
type Column = (typeof columns)[number];

function cellsOf(row: AuditRow, t: TFunction): Record<Column, string> {
  return {
    at: formatOfficeTime(new Date(row.at)),
    staff: row.staffName ?? '',
    unit: row.unitName ?? '',
    ip: row.ip ?? '',
    userAgent: row.userAgent ?? '',
    action: t(`audit.actions.${row.action}`),
    target: row.target ?? '',
    outcome: t(`audit.outcomes.${row.outcome}`),
    reason: row.reason ?? '',
  };
}

/** The trail as a spreadsheet, headed in the reader's language, times in office time. */
export async function auditXlsx(rows: AuditRow[], t: TFunction): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qingling';
  const sheet = workbook.addWorksheet(t('audit.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((key) => ({
    header: t(`audit.columns.${key}`),
    key,
    width: key === 'target' || key === 'userAgent' ? 48 : 18,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(cellsOf(row, t));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` as a formula; a
 * user agent or an e-mail tried at sign-in is anyone's text, so such cells get a leading `'`.
 */
const csvCell = (text: string) => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The trail as CSV (UTF-8 with BOM, which Excel needs to read Chinese). */
export function auditCsv(rows: AuditRow[], t: TFunction): Buffer {
  const lines = [columns.map((key) => csvCell(t(`audit.columns.${key}`))).join(',')];
  for (const row of rows) {
    const cells = cellsOf(row, t);
    lines.push(columns.map((key) => csvCell(cells[key])).join(','));
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
