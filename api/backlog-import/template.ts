import type { z } from 'zod';
import { categories, type Category, type Channel } from '../../domain/petition';
import { officeTimeZone } from '../../domain/time-zone';
import en from '../../web/i18n/en.json';
import zhCN from '../../web/i18n/zh-CN.json';
import { vocabulary } from '../../domain/vocabulary/names';
import { complainantSchema, petitionInputSchema } from '../schemas';
import dayjs from 'dayjs';

/**
 * The import template of a campaign screening (集中排查): one table of truth for
 * the columns. The parser finds columns by these headers, the validator reads each
 * cell with the column's own rule, and the downloadable template and its
 * 「填写说明」 sheet are written from it.
 */

/** Why a cell or a row cannot be imported; turned into the user's language at the edge. */
export type ProblemCode =
  | 'required'
  | 'tooShort'
  | 'tooLong'
  | 'badDate'
  | 'dateTooEarly'
  | 'dateInFuture'
  | 'acceptedBeforeReceived'
  | 'oneOf'
  | 'yesNo'
  | 'wholeNumber'
  | 'phone'
  | 'email'
  | 'unknownUnit'
  | 'unitOutOfJurisdiction'
  | 'unknownDepartment'
  | 'departmentIsPetitionOffice'
  | 'departmentOutOfReach'
  | 'departmentWithoutAcceptance'
  | 'unknownLeader'
  | 'leaderOutOfReach'
  | 'identityRequired'
  | 'anonymousWithIdentity'
  | 'duplicateRef'
  | 'unknownColumn'
  | 'missingColumn'
  | 'duplicateColumn';

export interface Problem {
  code: ProblemCode;
  params?: Record<string, string | number>;
}

type Read<T> = { value: T } | { problem: Problem };

/** A date from the old ledger, read on office time (Asia/Shanghai). */
export interface OfficeDate {
  /** The instant, ISO-8601. */
  instant: string;
  /** YYYY-MM-DD as written. */
  date: string;
  /** Written without a time of day: compared with other dates by day. */
  dateOnly: boolean;
}

interface Column<K extends string, T, R extends boolean> {
  key: K;
  /** The header as the template writes it (and the parser finds it). */
  header: string;
  required: R;
  example: string;
  /** What the 「填写说明」 sheet lists as allowed values. */
  choices?: readonly string[];
  /** Length limits, for the description. */
  limits?: { min: number; max: number };
  /** Reads a non-empty, trimmed cell. An empty cell is `required`'s business. */
  read(text: string): Read<T>;
}

const column = <K extends string, T, R extends boolean>(spec: Column<K, T, R>) => spec;

const problem = (code: ProblemCode, params?: Problem['params']): { problem: Problem } => ({
  problem: params ? { code, params } : { code },
});

/** Free text within the limits of the intake form's own field, so imported and new cases hold alike. */
function text(schema: z.ZodString) {
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? Number.MAX_SAFE_INTEGER;
  return {
    limits: { min, max },
    read(value: string): Read<string> {
      const length = [...value].length;
      if (length < min) return problem('tooShort', { min });
      if (length > max) return problem('tooLong', { max });
      return { value };
    },
  };
}

const lengthAtMost = (max: number) => ({
  limits: { min: 1, max },
  read: (value: string): Read<string> => ([...value].length > max ? problem('tooLong', { max }) : { value }),
});

/** The earliest date an old ledger may hold: a typo like 1019 is refused rather than imported. */
export const earliestDate = '1980-01-01';

const dateFormat = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$/;

/** YYYY-MM-DD or YYYY-MM-DD HH:mm on office time; '/' and one-digit months, as spreadsheets write them, too. */
function readOfficeDate(value: string): Read<OfficeDate> {
  const match = dateFormat.exec(value);
  if (!match) return problem('badDate');
  const [, year, month, day, hour, minute] = match;
  const date = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
  const time = hour === undefined ? '00:00' : `${hour.padStart(2, '0')}:${minute}`;
  const local = dayjs.tz(`${date}T${time}`, officeTimeZone);
  // A day or hour out of range rolls over in parsing: 2019-02-30 would read as 2019-03-02.
  if (!local.isValid() || local.format('YYYY-MM-DDTHH:mm') !== `${date}T${time}`) return problem('badDate');
  if (date < earliestDate) return problem('dateTooEarly', { earliest: earliestDate });
  return { value: { instant: local.toISOString(), date, dateOnly: hour === undefined } };
}

const normalise = (value: string) => value.trim().toLowerCase();

/** One of a closed list, by any of its names; the first name is the one the template shows. */
function choice<T extends string>(names: Record<T, readonly string[]>) {
  const byName = new Map<string, T>();
  for (const [value, aliases] of Object.entries(names) as [T, string[]][]) {
    for (const alias of [value, ...aliases]) byName.set(normalise(alias), value);
  }
  const shown = (Object.values(names) as string[][]).map((aliases) => aliases[0]!);
  return {
    choices: shown,
    read(value: string): Read<T> {
      const found = byName.get(normalise(value));
      return found ? { value: found } : problem('oneOf', { allowed: shown.join('、') });
    },
  };
}

const yes = ['是', 'y', 'yes', 'true', '1'];
const no = ['否', 'n', 'no', 'false', '0'];
const yesNo = {
  choices: ['是', '否'],
  read(value: string): Read<boolean> {
    const given = normalise(value);
    if (yes.includes(given)) return { value: true };
    if (no.includes(given)) return { value: false };
    return problem('yesNo');
  },
};

/** Short names the offices write in their ledgers, then the labels of the console in both languages. */
const channelNames: Record<Channel, readonly string[]> = {
  web: ['网上', zhCN.channels.web, en.channels.web],
  visit: ['来访', en.channels.visit],
  letter: ['来信', en.channels.letter],
  phone: ['来电', en.channels.phone],
  qr: ['码上', zhCN.channels.qr, en.channels.qr],
};

/** The vocabulary's names, and the longer label the public form once showed (检举控告（反映党员干部问题）). */
const categoryNames = Object.fromEntries(
  categories.map((c) => {
    const label = vocabulary['zh-CN'].category[c];
    const former = c === 'discipline' ? ['检举控告（反映党员干部问题）'] : [];
    return [c, [label, ...former, vocabulary.en.category[c]]];
  }),
) as Record<Category, string[]>;

const maxRepeatCount = 9999;
const wholeNumber = {
  read(value: string): Read<number> {
    const n = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
    return Number.isInteger(n) && n <= maxRepeatCount
      ? { value: n }
      : problem('wholeNumber', { max: maxRepeatCount });
  },
};

const fromSchema =
  (schema: z.ZodType, code: ProblemCode) =>
  (value: string): Read<string> =>
    schema.safeParse(value).success ? { value } : problem(code);

const place = text(petitionInputSchema.shape.place);
const summary = text(petitionInputSchema.shape.summary);
const request = text(petitionInputSchema.shape.request);
const complainantName = text(complainantSchema.shape.name);

/** The template's columns, in order. Chinese headers in the file; English keys in code and docs. */
export const importColumns = [
  column({
    key: 'externalRef',
    header: '原台账编号',
    required: true,
    example: 'DH-2019-0031',
    ...lengthAtMost(64),
  }),
  column({
    key: 'unitCode',
    header: '受理单位代码',
    required: true,
    example: '990101001',
    ...lengthAtMost(32),
  }),
  column({
    key: 'receivedAt',
    header: '登记日期',
    required: true,
    example: '2019-03-12',
    read: readOfficeDate,
  }),
  column({
    key: 'acceptedAt',
    header: '受理日期',
    required: false,
    example: '2019-03-20 15:30',
    read: readOfficeDate,
  }),
  column({
    key: 'departmentCode',
    header: '承办部门代码',
    required: false,
    example: '990101-zr',
    ...lengthAtMost(48),
  }),
  column({ key: 'channel', header: '来源渠道', required: true, example: '来访', ...choice(channelNames) }),
  column({ key: 'category', header: '类别', required: true, example: '土地征收', ...choice(categoryNames) }),
  column({ key: 'place', header: '地点', required: true, example: '东湖县城关镇新桥村', ...place }),
  column({
    key: 'summary',
    header: '反映问题',
    required: true,
    example: '2018年修路占用承包地，补偿款至今未发放到位。',
    ...summary,
  }),
  column({ key: 'request', header: '诉求', required: true, example: '按标准足额发放补偿款', ...request }),
  column({ key: 'anonymous', header: '是否匿名', required: false, example: '否', ...yesNo }),
  column({
    key: 'complainantName',
    header: '信访人姓名',
    required: false,
    example: '王明',
    ...complainantName,
  }),
  column({
    key: 'complainantPhone',
    header: '联系电话',
    required: false,
    example: '13800138000',
    read: fromSchema(complainantSchema.shape.phone, 'phone'),
  }),
  column({
    key: 'complainantEmail',
    header: '电子邮箱',
    required: false,
    example: 'wangming@example.com',
    read: fromSchema(complainantSchema.shape.email, 'email'),
  }),
  column({ key: 'repeatCount', header: '重复信访次数', required: false, example: '6', ...wholeNumber }),
  column({ key: 'manyYears', header: '多年', required: false, example: '是', ...yesNo }),
  column({ key: 'manyLevels', header: '多层', required: false, example: '是', ...yesNo }),
  column({ key: 'manyOffices', header: '多头', required: false, example: '否', ...yesNo }),
  column({
    key: 'reason',
    header: '列为积案原因',
    required: true,
    example: '历时五年，先后到县、市反映，未化解',
    ...lengthAtMost(1000),
  }),
  column({
    key: 'leaderEmail',
    header: '包案领导邮箱',
    required: false,
    example: 'leader.990101@demo.qingling.local',
    ...lengthAtMost(254),
  }),
] as const;

type ImportColumn = (typeof importColumns)[number];
export type ColumnKey = ImportColumn['key'];

/** What a row's cells read as: required columns always hold a value, the others may be empty. */
export type CellValues = {
  [C in ImportColumn as C['key']]: C extends Column<string, infer T, infer R>
    ? R extends true
      ? T
      : T | undefined
    : never;
};

export const columnByKey = new Map<ColumnKey, ImportColumn>(importColumns.map((c) => [c.key, c]));

/** The second sheet of the XLSX template. */
export const instructionsSheetName = '填写说明';
export const dataSheetName = '积案台账';

/** The most rows one file may hold, and its largest size: bigger screenings go in several files. */
export const maxImportRows = 5000;
export const maxImportBytes = 5 * 1024 * 1024;
