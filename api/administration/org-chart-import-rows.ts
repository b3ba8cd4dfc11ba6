import { z } from 'zod';
import { isWithin } from '../../domain/actor';
import { staffRoles, type StaffRole } from '../../domain/actor';
import type { DepartmentKind } from '../../db/entities/department';
import { unitLevels, type UnitLevel } from '../../db/entities/unit';
import { vocabulary } from '../../domain/vocabulary/names';
import type { SheetRow } from '../backlog-import/parse';
import type { Existing, OrgChart } from '../../db/administration/org-chart-import';

/**
 * The org chart template (组织机构导入模板): one table of units (单位), departments (部门)
 * and staff (人员), a row each, told apart by the first column. The same columns drive
 * the parser, the validator, the downloadable template and its 「填写说明」 sheet.
 */

export type OrgProblemCode =
  | 'required'
  | 'tooLong'
  | 'oneOf'
  | 'divisionCode'
  | 'departmentCode'
  | 'email'
  | 'notForKind'
  | 'duplicateCode'
  | 'duplicateEmail'
  | 'unknownParent'
  | 'parentOutOfSubtree'
  | 'parentInactive'
  | 'levelUnderParent'
  | 'codeTaken'
  | 'existsDifferently'
  | 'emailTaken'
  | 'departmentNotInUnit'
  | 'handlerNeedsDepartment'
  | 'unknownColumn'
  | 'missingColumn'
  | 'duplicateColumn';

export interface OrgProblem {
  line: number;
  column: string;
  field?: OrgColumnKey;
  code: OrgProblemCode;
  params?: Record<string, string | number>;
}

export const rowKinds = ['unit', 'department', 'staff'] as const;
export type RowKind = (typeof rowKinds)[number];

interface OrgColumn {
  key: string;
  header: string;
  /** Which kinds of row fill it; `required` among them. */
  kinds: readonly RowKind[];
  required: readonly RowKind[];
  example: string;
  max: number;
  choices?: readonly string[];
}

const levelNames: Record<UnitLevel, string[]> = {
  province: ['省', '省级', 'province'],
  city: ['市', '市州', '市级', 'city'],
  county: ['县', '县市区', '县级', 'county'],
  township: ['乡镇', '乡镇街道', '街道', '乡镇/街道', 'township'],
  village: ['村', '村社区', '社区', '村/社区', 'village'],
};
const kindNames: Record<RowKind, string[]> = {
  unit: ['单位', 'unit'],
  department: ['部门', 'department'],
  staff: ['人员', 'staff'],
};
const departmentKindNames: Record<DepartmentKind, string[]> = {
  handling_department: ['承办单位', '承办部门', 'handling department', 'handling_department'],
  discipline_body: ['纪检监察机构', '纪委监委', '派驻纪检监察组', 'discipline body', 'discipline_body'],
  petition_office: ['信访室', '信访部门', 'petition office', 'petition_office'],
};
/** Words earlier templates used for a role: sheets filled in from them still import. */
const formerRoleNames: Partial<Record<StaffRole, string[]>> = {
  handler: ['承办单位', 'handling department'],
  admin: ['管理员', 'administrator'],
};
const roleNames = Object.fromEntries(
  staffRoles.map((role) => [
    role,
    [vocabulary['zh-CN'].role[role], role, vocabulary.en.role[role], ...(formerRoleNames[role] ?? [])],
  ]),
) as Record<StaffRole, string[]>;

const shown = <T extends string>(names: Record<T, string[]>) =>
  Object.values<string[]>(names).map((n) => n[0]!);

export const orgColumns = [
  {
    key: 'kind',
    header: '类型',
    kinds: rowKinds,
    required: rowKinds,
    example: '单位',
    max: 8,
    choices: shown(kindNames),
  },
  {
    key: 'code',
    header: '代码',
    kinds: ['unit', 'department'],
    required: ['unit', 'department'],
    example: '990101003',
    max: 48,
  },
  { key: 'name', header: '名称或姓名', kinds: rowKinds, required: rowKinds, example: '桃花乡', max: 100 },
  {
    key: 'parentCode',
    header: '上级单位代码',
    kinds: rowKinds,
    required: rowKinds,
    example: '990101',
    max: 32,
  },
  {
    key: 'level',
    header: '层级',
    kinds: ['unit'],
    required: ['unit'],
    example: '乡镇',
    max: 16,
    choices: shown(levelNames),
  },
  {
    key: 'departmentKind',
    header: '部门类型',
    kinds: ['department'],
    required: ['department'],
    example: '承办单位',
    max: 16,
    choices: shown(departmentKindNames),
  },
  {
    key: 'email',
    header: '登录邮箱',
    kinds: ['staff'],
    required: ['staff'],
    example: 'clerk.990101003@example.gov.cn',
    max: 254,
  },
  { key: 'title', header: '职务', kinds: ['staff'], required: [], example: '信访干部', max: 64 },
  {
    key: 'roles',
    header: '角色',
    kinds: ['staff'],
    required: ['staff'],
    example: '信访干部',
    max: 100,
    choices: shown(roleNames),
  },
  {
    key: 'departmentCode',
    header: '所属部门代码',
    kinds: ['staff'],
    required: [],
    example: '990101003-zz',
    max: 48,
  },
] as const satisfies readonly OrgColumn[];

export type OrgColumnKey = (typeof orgColumns)[number]['key'];
export const orgInstructionsSheetName = '填写说明';
export const orgDataSheetName = '组织机构';
export const maxOrgRows = 20_000;
export const maxOrgBytes = 5 * 1024 * 1024;

const normalise = (s: string) => s.trim().toLowerCase();
const lookup = <T extends string>(names: Record<T, string[]>) => {
  const map = new Map<string, T>();
  for (const [value, aliases] of Object.entries(names) as [T, string[]][])
    for (const a of aliases) map.set(normalise(a), value);
  return (text: string) => map.get(normalise(text));
};
const readKind = lookup(kindNames);
const readLevel = lookup(levelNames);
const readDepartmentKind = lookup(departmentKindNames);
const readRole = lookup(roleNames);

const divisionCode = /^\d{6}(\d{3})?(\d{3})?$/;
const departmentCode = /^[0-9A-Za-z][0-9A-Za-z._-]{0,47}$/;
const emailSchema = z.email();

type Raw = { line: number; cells: Partial<Record<OrgColumnKey, string>> };

const headerKey = (text: string) => normalise(text.replace(/[*＊]$/, ''));
const columnByHeader = new Map<string, (typeof orgColumns)[number]>(
  orgColumns.flatMap((c) => [
    [headerKey(c.header), c],
    [headerKey(c.key), c],
  ]),
);

/** The columns by their Chinese header or English key; unknown, doubled and missing ones are line 1's problems. */
export function readOrgHeader(
  header: SheetRow,
): { rows: (data: SheetRow[]) => Raw[] } | { problems: OrgProblem[] } {
  const problems: OrgProblem[] = [];
  const positions = new Map<OrgColumnKey, number>();
  header.cells.forEach((text, index) => {
    if (text.trim() === '') return;
    const column = columnByHeader.get(headerKey(text));
    if (!column) problems.push({ line: 1, column: text.trim(), code: 'unknownColumn' });
    else if (positions.has(column.key))
      problems.push({ line: 1, column: text.trim(), field: column.key, code: 'duplicateColumn' });
    else positions.set(column.key, index);
  });
  for (const column of orgColumns) {
    if (column.required.length > 0 && !positions.has(column.key)) {
      problems.push({ line: 1, column: column.header, field: column.key, code: 'missingColumn' });
    }
  }
  if (problems.length > 0) return { problems };
  return {
    rows: (data) =>
      data.map((row) => ({
        line: row.line,
        cells: Object.fromEntries(
          [...positions].map(([key, index]) => [key, (row.cells[index] ?? '').trim()]),
        ),
      })),
  };
}

/** The codes and e-mails a file names, to read from the database in one go. */
export function namedInFile(rows: Raw[]) {
  const codes = new Set<string>();
  const emails = new Set<string>();
  for (const row of rows) {
    for (const key of ['code', 'parentCode', 'departmentCode'] as const)
      if (row.cells[key]) codes.add(row.cells[key]!);
    if (row.cells.email) emails.add(row.cells.email.toLowerCase());
  }
  return { codes: [...codes], emails: [...emails] };
}

const columnOf = (key: OrgColumnKey) => orgColumns.find((c) => c.key === key)!;

/**
 * Every problem of every row, or the org chart the rows describe. `reach` is the
 * importer's unit path: every unit, department and person must sit within it; the
 * importer's own unit may be named as a parent but not changed.
 */
export function validateOrgRows(
  rows: Raw[],
  existing: Existing,
  reach: string,
): { chart: OrgChart } | { problems: OrgProblem[] } {
  const problems: OrgProblem[] = [];
  const chart: OrgChart = { units: [], departments: [], staff: [] };
  const add = (row: Raw, key: OrgColumnKey, code: OrgProblemCode, params?: OrgProblem['params']) =>
    problems.push({
      line: row.line,
      column: columnOf(key).header,
      field: key,
      code,
      ...(params ? { params } : {}),
    });

  // First pass: each row on its own, and which codes and e-mails the file defines.
  const fileUnits = new Map<string, { line: number; level: UnitLevel | undefined }>();
  const fileDepartments = new Map<string, { line: number; unitCode: string }>();
  const fileEmails = new Map<string, number>();
  const typed: { row: Raw; kind: RowKind }[] = [];
  for (const row of rows) {
    const kindText = row.cells.kind ?? '';
    const kind = kindText ? readKind(kindText) : undefined;
    if (!kindText) add(row, 'kind', 'required');
    else if (!kind) add(row, 'kind', 'oneOf', { allowed: shown(kindNames).join('、') });
    if (!kind) continue;
    let ok = true;
    const fail = (key: OrgColumnKey, code: OrgProblemCode, params?: OrgProblem['params']) => {
      add(row, key, code, params);
      ok = false;
    };
    for (const column of orgColumns) {
      const value = row.cells[column.key] ?? '';
      if (!value) {
        if ((column.required as readonly RowKind[]).includes(kind)) fail(column.key, 'required');
      } else if (!(column.kinds as readonly RowKind[]).includes(kind)) {
        fail(column.key, 'notForKind', { kind: kindNames[kind][0]! });
      } else if ([...value].length > column.max) {
        fail(column.key, 'tooLong', { max: column.max });
      }
    }
    const code = row.cells.code ?? '';
    if (kind === 'unit' && code) {
      if (!divisionCode.test(code)) fail('code', 'divisionCode');
      const earlier = fileUnits.get(code) ?? fileDepartments.get(code);
      if (earlier) fail('code', 'duplicateCode', { line: earlier.line });
      else fileUnits.set(code, { line: row.line, level: readLevel(row.cells.level ?? '') });
    }
    if (kind === 'department' && code) {
      if (!departmentCode.test(code)) fail('code', 'departmentCode');
      const earlier = fileUnits.get(code) ?? fileDepartments.get(code);
      if (earlier) fail('code', 'duplicateCode', { line: earlier.line });
      else fileDepartments.set(code, { line: row.line, unitCode: row.cells.parentCode ?? '' });
    }
    if (kind === 'staff' && row.cells.email) {
      const email = row.cells.email.toLowerCase();
      if (!emailSchema.safeParse(email).success) fail('email', 'email');
      const earlier = fileEmails.get(email);
      if (earlier) fail('email', 'duplicateEmail', { line: earlier });
      else fileEmails.set(email, row.line);
    }
    if (row.cells.level && kind === 'unit' && !readLevel(row.cells.level)) {
      fail('level', 'oneOf', { allowed: shown(levelNames).join('、') });
    }
    if (row.cells.departmentKind && kind === 'department' && !readDepartmentKind(row.cells.departmentKind)) {
      fail('departmentKind', 'oneOf', { allowed: shown(departmentKindNames).join('、') });
    }
    if (kind === 'staff' && row.cells.roles) {
      const names = row.cells.roles.split(/[、,，;；/\s]+/).filter(Boolean);
      const roles = names.map(readRole);
      if (roles.some((r) => !r)) fail('roles', 'oneOf', { allowed: shown(roleNames).join('、') });
    }
    if (ok) typed.push({ row, kind });
  }

  // Second pass: what rows name of each other and of the database.
  const levelOfUnit = (code: string): UnitLevel | undefined =>
    fileUnits.get(code)?.level ?? existing.units.get(code)?.level;
  const unitKnown = (code: string) => fileUnits.has(code) || existing.units.has(code);
  const unitInReach = (code: string) => {
    if (fileUnits.has(code)) return true;
    const unit = existing.units.get(code);
    return unit ? isWithin(unit.path, reach) : false;
  };
  /** A parent named for a department or a person: a unit of the file or one in the importer's subtree. */
  const checkUnit = (row: Raw, code: string): boolean => {
    const problem: OrgProblemCode | null = !unitKnown(code)
      ? 'unknownParent'
      : !unitInReach(code)
        ? 'parentOutOfSubtree'
        : existing.units.get(code)?.active === false
          ? 'parentInactive'
          : null;
    if (problem) add(row, 'parentCode', problem, { code });
    return problem === null;
  };

  for (const { row, kind } of typed) {
    const c = row.cells;
    if (kind === 'unit') {
      const code = c.code!;
      const level = readLevel(c.level!)!;
      const parentCode = c.parentCode!;
      const known = existing.units.get(code);
      // A unit there already, the importer's own among them, stays as it is: the row must say what it is.
      if (known) {
        if (!isWithin(known.path, reach)) add(row, 'code', 'codeTaken', { code });
        else if (known.name !== c.name || known.level !== level || known.parentCode !== parentCode)
          add(row, 'code', 'existsDifferently', { code });
        else chart.units.push({ line: row.line, code, name: c.name!, parentCode, level });
        continue;
      }
      if (!checkUnit(row, parentCode)) continue;
      const parentLevel = levelOfUnit(parentCode);
      if (!parentLevel || unitLevels.indexOf(level) !== unitLevels.indexOf(parentLevel) + 1) {
        add(row, 'level', 'levelUnderParent', { level: c.level!, parent: parentCode });
        continue;
      }
      chart.units.push({ line: row.line, code, name: c.name!, parentCode, level });
    } else if (kind === 'department') {
      const code = c.code!;
      const unitCode = c.parentCode!;
      const departmentKind = readDepartmentKind(c.departmentKind!)!;
      const known = existing.departments.get(code);
      if (known) {
        if (!isWithin(known.unitPath, reach)) add(row, 'code', 'codeTaken', { code });
        else if (known.name !== c.name || known.kind !== departmentKind || known.unitCode !== unitCode)
          add(row, 'code', 'existsDifferently', { code });
        else chart.departments.push({ line: row.line, code, name: c.name!, unitCode, kind: departmentKind });
        continue;
      }
      if (!checkUnit(row, unitCode)) continue;
      chart.departments.push({ line: row.line, code, name: c.name!, unitCode, kind: departmentKind });
    } else {
      const email = c.email!.toLowerCase();
      const unitCode = c.parentCode!;
      const roleNamesGiven = c.roles!.split(/[、,，;；/\s]+/).filter(Boolean);
      const roles = [...new Set(roleNamesGiven.map((r) => readRole(r)!))];
      if (!checkUnit(row, unitCode)) continue;
      const departmentCodeGiven = c.departmentCode || null;
      if (departmentCodeGiven) {
        const department =
          fileDepartments.get(departmentCodeGiven) ?? existing.departments.get(departmentCodeGiven);
        if (!department || department.unitCode !== unitCode) {
          add(row, 'departmentCode', 'departmentNotInUnit', { code: departmentCodeGiven, unit: unitCode });
          continue;
        }
      } else if (roles.includes('handler')) {
        add(row, 'departmentCode', 'handlerNeedsDepartment');
        continue;
      }
      const known = existing.staff.get(email);
      if (known && known.unitCode !== unitCode) {
        add(row, 'email', 'emailTaken', { email });
        continue;
      }
      chart.staff.push({
        line: row.line,
        email,
        name: c.name!,
        title: c.title || vocabulary['zh-CN'].role[roles[0]!],
        unitCode,
        roles,
        departmentCode: departmentCodeGiven,
      });
    }
  }
  return problems.length > 0 ? { problems } : { chart };
}
