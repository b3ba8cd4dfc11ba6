import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import type { AdminLogEntry } from '../../db/administration/admin-log';

/** The administration log as a spreadsheet, headed in the reader's language; before and after as JSON text. */
export async function adminLogXlsx(entries: AdminLogEntry[], t: TFunction): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qingling';
  const sheet = workbook.addWorksheet(t('administration.log.sheet'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const columns = ['at', 'actor', 'unit', 'action', 'entity', 'entityId', 'before', 'after'] as const;
  sheet.columns = columns.map((key) => ({
    header: t(`administration.log.columns.${key}`),
    key,
    width: key === 'before' || key === 'after' ? 60 : 20,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const entry of entries) {
    sheet
      .addRow({
        at: new Date(entry.at),
        actor: entry.actorName,
        unit: entry.unitName,
        action: t(`administration.actions.${entry.action}`, { defaultValue: entry.action }),
        entity: entry.entity,
        entityId: entry.entityId,
        before: entry.before ? JSON.stringify(entry.before) : '',
        after: entry.after ? JSON.stringify(entry.after) : '',
      })
      .getCell('at').numFmt = 'yyyy-mm-dd hh:mm:ss';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
