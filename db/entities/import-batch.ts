import { EntitySchema } from '@mikro-orm/core';
import { StaffMember } from './staff-member';
import { Unit } from './unit';

/**
 * One uploaded file of a campaign screening (集中排查). The same file for the same
 * unit is one batch: importing it again changes nothing.
 */
export class ImportBatch {
  id!: number;
  unit!: Unit;
  fileSha256!: string;
  fileName!: string;
  format!: 'csv' | 'xlsx';
  rowCount!: number;
  importedBy!: StaffMember;
  startedAt!: Date;
  /** Set once every case of the batch has its workflow; a batch cut short is finished by importing it again. */
  finishedAt?: Date | null;
}

export const ImportBatchSchema = new EntitySchema<ImportBatch>({
  class: ImportBatch,
  tableName: 'import_batch',
  uniques: [{ properties: ['unit', 'fileSha256'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    // Foreign keys named as the migration made them (inline `references`: PostgreSQL's `_fkey`).
    unit: { kind: 'm:1', entity: () => Unit, foreignKeyName: 'import_batch_unit_id_fkey' },
    fileSha256: { type: 'string', length: 64 },
    fileName: { type: 'string', length: 255 },
    format: { type: 'string', length: 8 },
    rowCount: { type: 'integer' },
    importedBy: {
      kind: 'm:1',
      entity: () => StaffMember,
      foreignKeyName: 'import_batch_imported_by_id_fkey',
    },
    startedAt: { type: 'datetime' },
    finishedAt: { type: 'datetime', nullable: true },
  },
});

/** An old-ledger case number within a unit, and the case it became: a row is imported once. */
export class ImportedCase {
  unit!: Unit;
  externalRef!: string;
  caseNumber!: string;
  batch!: ImportBatch;
  line!: number;
}

export const ImportedCaseSchema = new EntitySchema<ImportedCase>({
  class: ImportedCase,
  tableName: 'imported_case',
  properties: {
    unit: { kind: 'm:1', entity: () => Unit, primary: true, foreignKeyName: 'imported_case_unit_id_fkey' },
    externalRef: { type: 'string', length: 64, primary: true },
    caseNumber: { type: 'string', length: 32, unique: true },
    batch: { kind: 'm:1', entity: () => ImportBatch, foreignKeyName: 'imported_case_batch_id_fkey' },
    line: { type: 'integer' },
  },
});
