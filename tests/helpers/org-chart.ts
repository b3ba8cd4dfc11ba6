import { orgColumns } from '../../api/administration/org-chart-import-rows';

/** A row of the org chart template by its Chinese headers. */
export type OrgRow = Record<string, string>;

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A CSV of the template's columns, UTF-8 with BOM, as Excel saves "CSV UTF-8". */
export function orgChartCsv(rows: OrgRow[], headers: string[] = orgColumns.map((c) => c.header)): Buffer {
  const lines = [headers, ...rows.map((row) => headers.map((h) => row[h] ?? ''))].map((cells) =>
    cells.map(csvCell).join(','),
  );
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

export const unitRow = (code: string, name: string, parentCode: string, level: string): OrgRow => ({
  类型: '单位',
  代码: code,
  名称或姓名: name,
  上级单位代码: parentCode,
  层级: level,
});

export const departmentRow = (code: string, name: string, unitCode: string, kind = '承办单位'): OrgRow => ({
  类型: '部门',
  代码: code,
  名称或姓名: name,
  上级单位代码: unitCode,
  部门类型: kind,
});

export const staffRow = (
  email: string,
  name: string,
  unitCode: string,
  role: string,
  departmentCode = '',
): OrgRow => ({
  类型: '人员',
  名称或姓名: name,
  上级单位代码: unitCode,
  登录邮箱: email,
  角色: role,
  所属部门代码: departmentCode,
});

/**
 * A county's townships and villages under 东湖县 (990101), a department per township,
 * and `staffCount` people spread over the units (clerks, office heads, handlers).
 */
export function largeOrgChart(unitCount: number, staffCount: number, prefix = '2'): OrgRow[] {
  const townships = Math.max(1, Math.round(unitCount / 20));
  const villagesEach = Math.ceil((unitCount - townships) / townships);
  const units: OrgRow[] = [];
  const departments: OrgRow[] = [];
  for (let t = 0; t < townships && units.length < unitCount; t++) {
    const township = `990101${prefix}${String(t).padStart(2, '0')}`;
    units.push(unitRow(township, `测试乡${prefix}${t}`, '990101', '乡镇'));
    departments.push(departmentRow(`${township}-zz`, `测试乡${prefix}${t}综治中心`, township));
    for (let v = 1; v <= villagesEach && units.length < unitCount; v++) {
      units.push(
        unitRow(`${township}${String(v).padStart(3, '0')}`, `测试村${prefix}${t}-${v}`, township, '村'),
      );
    }
  }
  const roles = ['信访干部', '信访部门负责人', '包案领导'];
  const staff = Array.from({ length: staffCount }, (_, i) => {
    const unit = units[i % units.length]!;
    const code = unit['代码']!;
    const isTownship = code.length === 9;
    if (isTownship && i % 4 === 3) {
      return staffRow(
        `staff${prefix}.${i}@bench.example.gov.cn`,
        `承办人${i}`,
        code,
        '承办单位',
        `${code}-zz`,
      );
    }
    return staffRow(
      `staff${prefix}.${i}@bench.example.gov.cn`,
      `工作人员${i}`,
      code,
      roles[i % roles.length]!,
    );
  });
  // Children before parents now and then: the order of rows does not matter.
  return [...units.slice().reverse(), ...departments, ...staff];
}
