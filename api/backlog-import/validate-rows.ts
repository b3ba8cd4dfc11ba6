import { isWithin } from '../../domain/actor';
import type { BacklogFlags, ImportedHistory, LeaderRef } from '../../domain/backlog';
import type { Petition } from '../../domain/petition';
import type { Department, StaffMember, Unit } from '../../db/entities';
import { departmentRef } from '../../db/refs';
import type { SheetRow } from './parse';
import {
  columnByKey,
  importColumns,
  type CellValues,
  type ColumnKey,
  type OfficeDate,
  type Problem,
  type ProblemCode,
} from './template';

/** One thing wrong with the file: its line (the header is 1), the column as the file names it, and why. */
export interface RowProblem {
  line: number;
  /** The header as written in the file (or the template's, for a missing column). */
  column: string;
  field?: ColumnKey | undefined;
  problem: Problem;
}

/** A row found good: what the case workflow starts with, less the batch it comes in. */
export interface ValidRow {
  line: number;
  unitId: number;
  externalRef: string;
  petition: Petition;
  /** When the office received it, ISO-8601: the real date from the old ledger. */
  receivedAt: string;
  history: Omit<ImportedHistory, 'batchId'>;
}

/** What rows name and the database holds: looked up once for the whole file. */
export interface References {
  unitsByCode: Map<string, Unit>;
  /** With their units. */
  departmentsByCode: Map<string, Department>;
  /** Active leaders with their units, by lower-case e-mail. */
  leadersByEmail: Map<string, StaffMember>;
}

export interface ValidationContext {
  /** The importer's unit path: every row's unit must be within it. */
  jurisdictionPath: string;
  now: Date;
}

/** A data row's cells by column key, as the header placed them. */
export type RawRow = { line: number; cells: Partial<Record<ColumnKey, string>> };

const headerKey = (text: string) =>
  text
    .trim()
    .replace(/[*＊]$/, '')
    .trim()
    .toLowerCase();
const columnByHeader = new Map(
  importColumns.flatMap((c) => [
    [headerKey(c.header), c],
    [headerKey(c.key), c],
  ]),
);

/**
 * Finds the template's columns in the header row, by their Chinese header or their
 * English key. Unknown, doubled and missing required columns are problems of line 1:
 * a misspelt optional column would otherwise be dropped without a word.
 */
export function readHeader(
  header: SheetRow,
): { rows(data: SheetRow[]): RawRow[] } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const positions = new Map<ColumnKey, number>();
  header.cells.forEach((text, index) => {
    if (text.trim() === '') return;
    const column = columnByHeader.get(headerKey(text));
    if (!column) problems.push({ line: 1, column: text.trim(), problem: { code: 'unknownColumn' } });
    else if (positions.has(column.key))
      problems.push({
        line: 1,
        column: text.trim(),
        field: column.key,
        problem: { code: 'duplicateColumn' },
      });
    else positions.set(column.key, index);
  });
  for (const column of importColumns) {
    if (column.required && !positions.has(column.key)) {
      problems.push({
        line: 1,
        column: column.header,
        field: column.key,
        problem: { code: 'missingColumn' },
      });
    }
  }
  if (problems.length > 0) return { problems };
  return {
    rows: (data) =>
      data.map((row) => ({
        line: row.line,
        cells: Object.fromEntries([...positions].map(([key, index]) => [key, row.cells[index] ?? ''])),
      })),
  };
}

/** The codes and e-mails the rows name, to look up in one go. */
export function namedReferences(rows: RawRow[]) {
  const named = (key: ColumnKey, normalise = (s: string) => s) => [
    ...new Set(rows.map((r) => normalise(r.cells[key]?.trim() ?? '')).filter(Boolean)),
  ];
  return {
    unitCodes: named('unitCode'),
    departmentCodes: named('departmentCode'),
    leaderEmails: named('leaderEmail', (s) => s.toLowerCase()),
  };
}

/** Checks every row, collecting every problem of every row; returns the good rows only when there is none. */
export function validateRows(
  rows: RawRow[],
  references: References,
  context: ValidationContext,
): { rows: ValidRow[] } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const valid: ValidRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const found: RowProblem[] = [];
    const report = (field: ColumnKey, code: ProblemCode, params?: Problem['params']) =>
      found.push({
        line: row.line,
        column: headerOf(field),
        field,
        problem: params ? { code, params } : { code },
      });
    const values = readCells(row, report);
    const written = (key: ColumnKey) => Boolean(row.cells[key]?.trim());
    const checked = checkRow(values, written, references, context, report);

    if (values.unitCode && values.externalRef) {
      const key = `${values.unitCode}\u0000${values.externalRef}`;
      const first = firstLineOf.get(key);
      if (first === undefined) firstLineOf.set(key, row.line);
      else report('externalRef', 'duplicateRef', { line: first });
    }
    if (found.length > 0 || !checked) problems.push(...found);
    else valid.push(validRow(row.line, values as CellValues, checked));
  }
  return problems.length > 0 ? { problems } : { rows: valid };
}

const headerOf = (key: ColumnKey) => columnByKey.get(key)!.header;

type Report = (field: ColumnKey, code: ProblemCode, params?: Problem['params']) => void;

function readCells(row: RawRow, report: Report): Partial<CellValues> {
  const values: Record<string, unknown> = {};
  for (const column of importColumns) {
    const text = row.cells[column.key]?.trim() ?? '';
    if (text === '') {
      if (column.required) report(column.key, 'required');
      continue;
    }
    const read = column.read(text);
    if ('problem' in read) report(column.key, read.problem.code, read.problem.params);
    else values[column.key] = read.value;
  }
  return values as Partial<CellValues>;
}

interface Resolved {
  unit: Unit;
  department?: Department | undefined;
  leader?: StaffMember | undefined;
}

/** The rules between cells and against the database. Returns what the row names, when all of it was found. */
function checkRow(
  values: Partial<CellValues>,
  written: (key: ColumnKey) => boolean,
  references: References,
  context: ValidationContext,
  report: Report,
): Resolved | undefined {
  const { receivedAt, acceptedAt } = values;
  const inFuture = (date: OfficeDate) => Date.parse(date.instant) > context.now.getTime();
  if (receivedAt && inFuture(receivedAt)) report('receivedAt', 'dateInFuture');
  if (acceptedAt && inFuture(acceptedAt)) report('acceptedAt', 'dateInFuture');
  if (receivedAt && acceptedAt && isBefore(acceptedAt, receivedAt))
    report('acceptedAt', 'acceptedBeforeReceived');
  if (written('departmentCode') && !written('acceptedAt'))
    report('departmentCode', 'departmentWithoutAcceptance');
  // A cell already reported as unreadable is not reported again as missing.
  if (values.anonymous !== undefined || !written('anonymous'))
    checkIdentity(values.anonymous ?? false, written, report);

  if (!values.unitCode) return undefined;
  const unit = references.unitsByCode.get(values.unitCode);
  if (!unit) {
    report('unitCode', 'unknownUnit', { code: values.unitCode });
    return undefined;
  }
  if (!isWithin(unit.path, context.jurisdictionPath)) {
    report('unitCode', 'unitOutOfJurisdiction', { code: unit.code });
  }
  const department = values.departmentCode
    ? findDepartment(values.departmentCode, unit, references, report)
    : undefined;
  const leader = values.leaderEmail ? findLeader(values.leaderEmail, unit, references, report) : undefined;
  if (values.departmentCode && !department) return undefined;
  if (values.leaderEmail && !leader) return undefined;
  return { unit, department, leader };
}

/** Named petitions carry a name and a phone; anonymous ones no identity at all. */
function checkIdentity(anonymous: boolean, written: (key: ColumnKey) => boolean, report: Report): void {
  const identity = (['complainantName', 'complainantPhone', 'complainantEmail'] as const).filter(written);
  if (anonymous && identity.length > 0) report('anonymous', 'anonymousWithIdentity');
  if (!anonymous && !written('complainantName')) report('complainantName', 'identityRequired');
  else if (!anonymous && !written('complainantPhone')) report('complainantPhone', 'identityRequired');
}

/** Compared by day when either was written without a time of day. */
const isBefore = (a: OfficeDate, b: OfficeDate) =>
  a.dateOnly || b.dateOnly ? a.date < b.date : Date.parse(a.instant) < Date.parse(b.instant);

/** A line department or discipline body of the row's unit or a unit above it (never a petition office). */
function findDepartment(code: string, unit: Unit, references: References, report: Report) {
  const department = references.departmentsByCode.get(code);
  if (!department) return void report('departmentCode', 'unknownDepartment', { code });
  if (department.kind === 'petition_office')
    return void report('departmentCode', 'departmentIsPetitionOffice', { code });
  if (!isWithin(unit.path, department.unit.path))
    return void report('departmentCode', 'departmentOutOfReach', { code });
  return department;
}

/** An active leader of the row's unit or a unit above it. */
function findLeader(email: string, unit: Unit, references: References, report: Report) {
  const leader = references.leadersByEmail.get(email.toLowerCase());
  if (!leader) return void report('leaderEmail', 'unknownLeader', { email });
  if (!isWithin(unit.path, leader.unit.path))
    return void report('leaderEmail', 'leaderOutOfReach', { name: leader.name });
  return leader;
}

function validRow(line: number, values: CellValues, { unit, department, leader }: Resolved): ValidRow {
  const anonymous = values.anonymous ?? false;
  const flags: BacklogFlags = {
    manyYears: values.manyYears ?? false,
    manyLevels: values.manyLevels ?? false,
    manyOffices: values.manyOffices ?? false,
  };
  const leaderRef: LeaderRef | undefined = leader && {
    staffId: leader.id,
    name: leader.name,
    unitId: leader.unit.id,
    unitPath: leader.unit.path,
  };
  return {
    line,
    unitId: unit.id,
    externalRef: values.externalRef,
    receivedAt: values.receivedAt.instant,
    petition: {
      unitCode: unit.code,
      channel: values.channel,
      category: values.category,
      place: values.place,
      summary: values.summary,
      request: values.request,
      anonymous,
      ...(anonymous
        ? {}
        : {
            complainant: {
              name: values.complainantName!,
              phone: values.complainantPhone!,
              ...(values.complainantEmail ? { email: values.complainantEmail } : {}),
            },
          }),
    },
    history: {
      line,
      externalRef: values.externalRef,
      ...(values.acceptedAt ? { acceptedAt: values.acceptedAt.instant } : {}),
      ...(department ? { department: departmentRef(department) } : {}),
      repeatCount: values.repeatCount ?? 0,
      flags,
      reason: values.reason,
      ...(leaderRef ? { leader: leaderRef } : {}),
    },
  };
}
