import { randomUUID } from 'node:crypto';
import { importColumns } from '../../api/backlog-import/template';
import { inOfficeTime } from '../../domain/time-zone';

export type ImportRow = Record<string, string>;

/** The office date `days` days before now, as the template asks for it (YYYY-MM-DD). */
export const officeDaysAgo = (days: number): string =>
  inOfficeTime(new Date(Date.now() - days * 24 * 3600_000)).format('YYYY-MM-DD');

/** A good row of the import template, keyed by its Chinese headers: a named case of 新桥村, accepted, dispatched. */
export function anImportRow(overrides: ImportRow = {}): ImportRow {
  return {
    原台账编号: `DH-${randomUUID().slice(0, 8)}`,
    受理单位代码: '990101001002',
    登记日期: officeDaysAgo(400),
    受理日期: officeDaysAgo(390),
    承办部门代码: '990101001-zz',
    来源渠道: '来访',
    类别: '土地征收',
    地点: '东湖县城关镇新桥村',
    反映问题: '2018年修路占用承包地，补偿款至今未发放到位。',
    诉求: '按标准足额发放补偿款',
    是否匿名: '否',
    信访人姓名: '王明',
    联系电话: '13800138000',
    电子邮箱: '',
    重复信访次数: '3',
    多年: '是',
    多层: '否',
    多头: '是',
    列为积案原因: '历时多年，先后到县、市反映，未化解',
    包案领导邮箱: '',
    ...overrides,
  };
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A CSV file of the template's columns, UTF-8 with BOM, as Excel saves "CSV UTF-8". */
export function csvOf(rows: ImportRow[], headers: string[] = importColumns.map((c) => c.header)): Buffer {
  const lines = [headers, ...rows.map((row) => headers.map((h) => row[h] ?? ''))].map((cells) =>
    cells.map(csvCell).join(','),
  );
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
