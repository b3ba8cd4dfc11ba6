import { z } from 'zod';
import { importColumns, maxImportBytes, maxImportRows } from './template';

/** Shapes of the import endpoints, for the OpenAPI document. */

export const importTemplateQuerySchema = z.object({
  format: z.enum(['csv', 'xlsx']).default('xlsx').meta({
    description:
      'xlsx: the data sheet 「积案台账」 and the sheet 「填写说明」 documenting every column; csv: the header row, UTF-8 with BOM',
  }),
});

export const importUploadSchema = z.object({
  file: z.string().meta({
    format: 'binary',
    description:
      `A CSV (UTF-8, UTF-16 or GBK) or XLSX file, told apart by content; at most ${maxImportBytes / 1024 / 1024} MB ` +
      `and ${maxImportRows} rows. Columns, by Chinese header or English key: ` +
      importColumns.map((c) => `${c.header} ${c.key}${c.required ? ' (required)' : ''}`).join(', '),
  }),
});

const importedRowSchema = z.object({
  line: z.number().int().meta({ description: 'Row of the file; the header is line 1' }),
  externalRef: z.string().meta({ description: '原台账编号: the number in the old ledger' }),
  caseNumber: z.string().meta({ example: 'QL2026-000123' }),
});

export const importResultSchema = z
  .object({
    batchId: z.number().int(),
    imported: z.number().int().meta({ description: 'Cases of this file' }),
    alreadyImported: z
      .number()
      .int()
      .meta({ description: 'Rows whose 原台账编号 the unit imported before, from another file: skipped' }),
    cases: z.array(importedRowSchema),
    skipped: z.array(importedRowSchema).optional().meta({
      description: 'The rows imported before, with their existing case (first import of a file only)',
    }),
    unchanged: z
      .literal(true)
      .optional()
      .meta({ description: 'The same file was imported before: nothing new' }),
  })
  .meta({ id: 'BacklogImportResult' });

export const importRowsInvalidSchema = z
  .object({
    error: z.object({
      code: z.enum(['import_rows_invalid', 'import_header_invalid']),
      message: z.string(),
      rows: z.array(
        z.object({
          line: z.number().int().meta({ description: 'Row of the file; the header is line 1' }),
          column: z.string().meta({ description: 'The column as the file heads it' }),
          field: z.string().optional().meta({ description: "The column's English key" }),
          message: z.string().meta({ description: "Why, in the reader's language (Accept-Language)" }),
        }),
      ),
    }),
  })
  .meta({
    id: 'BacklogImportRowsInvalid',
    description: 'Nothing was imported: every bad row, each problem once.',
  });
