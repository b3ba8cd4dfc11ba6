import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ApiError } from '../errors';
import { instructionsSheetName } from './template';

export type FileFormat = 'csv' | 'xlsx';

/** A row as a spreadsheet shows it: `line` is its row number, the header being line 1. */
export interface SheetRow {
  line: number;
  cells: string[];
}

export interface Sheet {
  format: FileFormat;
  /** Every row with any content, the header first. */
  rows: SheetRow[];
}

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const zipMagic = [0x50, 0x4b, 0x03, 0x04];
/** The compound-file header of Excel 97–2003 (.xls). */
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** What an XLSX may expand to: far above any real 5,000-row sheet, far below a zip bomb. */
const maxExpandedBytes = 100 * 1024 * 1024;

/** Reads an uploaded file as rows of text, telling CSV from XLSX by its content, not its name. */
export async function readSheet(bytes: Buffer): Promise<Sheet> {
  if (startsWith(bytes, zipMagic)) return { format: 'xlsx', rows: await readXlsx(bytes) };
  if (startsWith(bytes, oleMagic))
    throw new ApiError(415, 'import_legacy_xls', 'backlogImport.errors.legacyXls');
  return { format: 'csv', rows: readCsv(decodeText(bytes)) };
}

async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  const expanded = zipExpandedSize(bytes);
  if (expanded === undefined || expanded > maxExpandedBytes) throw unreadable();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw unreadable(error);
  }
  const sheet = workbook.worksheets.find((s) => s.name !== instructionsSheetName);
  if (!sheet) throw unreadable();
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) cells.push(cellText(row.getCell(col)));
    if (cells.some((c) => c.trim() !== '')) rows.push({ line, cells });
  });
  return rows;
}

/**
 * A cell as the person typed it. Dates typed into a date-formatted cell come back as
 * the wall time they show (Excel keeps no zone), written like the template asks.
 */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  const shown = value && typeof value === 'object' && 'result' in value ? value.result : value;
  if (shown instanceof Date) return wallTime(shown);
  if (shown && typeof shown === 'object' && 'error' in shown) return '';
  return cell.text ?? '';
}

function wallTime(date: Date): string {
  // Excel's day fractions come back a millisecond off now and then: round to the minute.
  const rounded = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  const iso = rounded.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/**
 * The sum of the uncompressed sizes in a zip's central directory, or undefined when
 * it is not a well-formed zip. Checked before anything inflates it.
 */
function zipExpandedSize(bytes: Buffer): number | undefined {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length) return undefined;
  const entries = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return undefined;
    const size = bytes.readUInt32LE(offset + 24);
    // ZIP64 sizes: far beyond anything a template-sized sheet needs.
    if (size === 0xffffffff) return Infinity;
    total += size;
    offset +=
      46 +
      bytes.readUInt16LE(offset + 28) +
      bytes.readUInt16LE(offset + 30) +
      bytes.readUInt16LE(offset + 32);
  }
  return total;
}

/**
 * CSV text in whatever encoding the office's Excel saved it: UTF-8 (with or without
 * BOM), UTF-16 ("Unicode text"), or GBK/GB18030, the default of Chinese Windows.
 */
function decodeText(bytes: Buffer): string {
  const decoders: [string, number][] = startsWith(bytes, [0xff, 0xfe])
    ? [['utf-16le', 2]]
    : startsWith(bytes, [0xfe, 0xff])
      ? [['utf-16be', 2]]
      : [
          ['utf-8', startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0],
          ['gb18030', 0],
        ];
  for (const [encoding, skip] of decoders) {
    try {
      const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(skip));
      if (!text.includes('\u0000')) return text;
    } catch {
      // Not this encoding: try the next.
    }
  }
  throw unreadable();
}

function readCsv(text: string): SheetRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Excel's "Unicode text" is tab-separated; everything else here is comma-separated.
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    throw unreadable(error);
  }
  // A record's number is its row in a spreadsheet, whatever line breaks its quoted cells hold.
  return records
    .map((cells, index) => ({ line: index + 1, cells }))
    .filter((row) => row.cells.some((c) => c.trim() !== ''));
}

const unreadable = (cause?: unknown) =>
  new ApiError(415, 'import_file_unreadable', 'backlogImport.errors.fileUnreadable', {}, undefined, cause);
