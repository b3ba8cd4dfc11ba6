import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import pMap from 'p-map';
import type { CaseStart } from '../../domain/case';
import { currentPolicyVersion } from '../../domain/policy';
import { inOfficeTime } from '../../domain/time-zone';
import { Department, ImportBatch, StaffMember, Unit } from '../../db/entities';
import { actorOf, type SignedInStaff } from '../auth/staff';
import { ApiError } from '../errors';
import { caseNumberFor, startCaseWorkflow } from '../intake';
import { readSheet, type FileFormat } from './parse';
import { maxImportRows } from './template';
import {
  namedReferences,
  readHeader,
  validateRows,
  type References,
  type RowProblem,
  type ValidRow,
} from './validate-rows';

export interface ImportDeps {
  em: EntityManager;
  temporal: Client;
  taskQueue: string;
}

export interface UploadedFile {
  bytes: Buffer;
  fileName: string;
}

/** A row of the file and the case it is (or already was) in the ledger. */
export interface ImportedRow {
  line: number;
  externalRef: string;
  caseNumber: string;
}

export type ImportOutcome =
  | { kind: 'invalid'; header: boolean; problems: RowProblem[] }
  | {
      kind: 'imported';
      /** The same file came before: the same batch and cases, nothing new. */
      unchanged: boolean;
      batchId: number;
      cases: ImportedRow[];
      alreadyImported: number;
      /** Rows imported earlier from another file (only known on the first import of a file). */
      skipped?: ImportedRow[];
    };

/** Workflow starts in flight at once: enough to import 1,000 rows in seconds, gentle on the frontend. */
const startConcurrency = 16;

/**
 * A campaign screening (集中排查): validates every row of the file, then in one
 * transaction records the batch and a case number for each new row, then starts each
 * case's workflow with its real dates. The same file again (same unit, same bytes)
 * answers with the same batch, starting any workflow a crash left unstarted.
 */
export async function importBacklog(
  deps: ImportDeps,
  staff: SignedInStaff,
  file: UploadedFile,
): Promise<ImportOutcome> {
  const em = deps.em.fork();
  const fileSha256 = createHash('sha256').update(file.bytes).digest('hex');
  const earlier = await em.findOne(ImportBatch, { unit: staff.unitId, fileSha256 });
  if (earlier?.finishedAt) return answer(earlier, await casesOf(em, earlier.id), true);

  const { format, rows: sheetRows } = await readSheet(file.bytes);
  const [header, ...data] = sheetRows;
  if (!header || data.length === 0)
    throw new ApiError(422, 'import_file_empty', 'backlogImport.errors.fileEmpty');
  if (data.length > maxImportRows) {
    throw new ApiError(422, 'import_too_many_rows', 'backlogImport.errors.tooManyRows', {
      max: maxImportRows,
      count: data.length,
    });
  }
  const columns = readHeader(header);
  if ('problems' in columns) return { kind: 'invalid', header: true, problems: columns.problems };
  const rows = columns.rows(data);
  const references = await loadReferences(em, namedReferences(rows));
  const validated = validateRows(rows, references, { jurisdictionPath: staff.unitPath, now: new Date() });
  if ('problems' in validated) return { kind: 'invalid', header: false, problems: validated.problems };

  const recorded = earlier
    ? { batchId: earlier.id, skipped: undefined }
    : await recordBatch(em, staff, { fileSha256, fileName: file.fileName, format }, validated.rows);
  const cases = await casesOf(em, recorded.batchId);
  await startWorkflows(deps, staff, recorded.batchId, validated.rows, cases);
  await em.nativeUpdate(ImportBatch, { id: recorded.batchId }, { finishedAt: new Date() });
  const batch = await em.findOneOrFail(ImportBatch, recorded.batchId, { refresh: true });
  return {
    ...answer(batch, cases, !recorded.skipped),
    ...(recorded.skipped ? { skipped: recorded.skipped } : {}),
  };
}

const answer = (batch: ImportBatch, cases: ImportedRow[], unchanged: boolean): ImportOutcome => ({
  kind: 'imported',
  unchanged,
  batchId: batch.id,
  cases,
  alreadyImported: batch.rowCount - cases.length,
});

async function loadReferences(
  em: EntityManager,
  named: ReturnType<typeof namedReferences>,
): Promise<References> {
  const [units, departments, leaders] = await Promise.all([
    em.find(Unit, { code: { $in: named.unitCodes } }),
    em.find(Department, { code: { $in: named.departmentCodes } }, { populate: ['unit'] }),
    em.find(
      StaffMember,
      { email: { $in: named.leaderEmails }, roles: { $contains: ['leader'] }, active: true },
      { populate: ['unit'] },
    ),
  ]);
  return {
    unitsByCode: new Map(units.map((u) => [u.code, u])),
    departmentsByCode: new Map(departments.map((d) => [d.code, d])),
    leadersByEmail: new Map(leaders.map((l) => [l.email.toLowerCase(), l])),
  };
}

const rowKey = (unitId: number, externalRef: string) => `${unitId}\u0000${externalRef}`;

/**
 * The batch and its new cases, all or nothing. Rows whose old-ledger number the unit
 * imported before keep their case and are skipped; case numbers are drawn only for the
 * others. Another upload of the same file at the same moment waits on the batch's
 * unique key and then finds this batch.
 */
async function recordBatch(
  em: EntityManager,
  staff: SignedInStaff,
  file: { fileSha256: string; fileName: string; format: FileFormat },
  rows: ValidRow[],
): Promise<{ batchId: number; skipped: ImportedRow[] | undefined }> {
  const recorded = await em.transactional(async (tx) => {
    const run = <T>(sql: string, params: unknown[]) => tx.execute<T[]>(sql, params);
    const [batch] = await run<{ id: number }>(
      `insert into import_batch (unit_id, file_sha256, file_name, format, row_count, imported_by_id, started_at)
       values (?, ?, ?, ?, ?, ?, now()) on conflict (unit_id, file_sha256) do nothing returning id`,
      [staff.unitId, file.fileSha256, file.fileName.slice(0, 255), file.format, rows.length, staff.staffId],
    );
    if (!batch) return undefined;
    const keys = JSON.stringify(rows.map((r) => ({ unit_id: r.unitId, external_ref: r.externalRef })));
    const before = await run<{ unit_id: number; external_ref: string }>(
      `select i.unit_id, i.external_ref from imported_case i
         join jsonb_to_recordset(?::jsonb) as k(unit_id int, external_ref text) using (unit_id, external_ref)`,
      [keys],
    );
    const known = new Set(before.map((b) => rowKey(b.unit_id, b.external_ref)));
    const fresh = rows.filter((r) => !known.has(rowKey(r.unitId, r.externalRef)));
    const numbers = await run<{ seq: string }>(
      `select nextval('case_number_seq') as seq from generate_series(1, ?)`,
      [fresh.length],
    );
    const year = inOfficeTime(new Date()).year();
    const sequence = numbers.map((n) => Number(n.seq)).sort((a, b) => a - b);
    const newCases = fresh.map((r, i) => ({
      unit_id: r.unitId,
      external_ref: r.externalRef,
      case_number: caseNumberFor(year, sequence[i]!),
      line: r.line,
    }));
    // A concurrent import of another file may have taken a row meanwhile: it stays theirs.
    await run(
      `insert into imported_case (unit_id, external_ref, case_number, batch_id, line)
       select unit_id, external_ref, case_number, ?, line
         from jsonb_to_recordset(?::jsonb) as r(unit_id int, external_ref text, case_number text, line int)
       on conflict (unit_id, external_ref) do nothing`,
      [batch.id, JSON.stringify(newCases)],
    );
    const all = await run<{ unit_id: number; external_ref: string; case_number: string; batch_id: number }>(
      `select i.unit_id, i.external_ref, i.case_number, i.batch_id from imported_case i
         join jsonb_to_recordset(?::jsonb) as k(unit_id int, external_ref text) using (unit_id, external_ref)`,
      [keys],
    );
    const owner = new Map(all.map((a) => [rowKey(a.unit_id, a.external_ref), a]));
    const skipped = rows.flatMap((r) => {
      const found = owner.get(rowKey(r.unitId, r.externalRef));
      return found && found.batch_id !== batch.id
        ? [{ line: r.line, externalRef: r.externalRef, caseNumber: found.case_number }]
        : [];
    });
    return { batchId: batch.id, skipped };
  });
  if (recorded) return recorded;
  const concurrent = await em.findOneOrFail(ImportBatch, { unit: staff.unitId, fileSha256: file.fileSha256 });
  return { batchId: concurrent.id, skipped: undefined };
}

async function casesOf(em: EntityManager, batchId: number): Promise<ImportedRow[]> {
  const rows = await em
    .getConnection()
    .execute<{ line: number; external_ref: string; case_number: string }[]>(
      'select line, external_ref, case_number from imported_case where batch_id = ? order by line',
      [batchId],
    );
  return rows.map((r) => ({ line: r.line, externalRef: r.external_ref, caseNumber: r.case_number }));
}

/** One workflow per case of the batch, a bounded number at a time; each start is idempotent. */
async function startWorkflows(
  deps: ImportDeps,
  staff: SignedInStaff,
  batchId: number,
  rows: ValidRow[],
  cases: ImportedRow[],
): Promise<void> {
  const caseNumberOfLine = new Map(cases.map((c) => [c.line, c.caseNumber]));
  const enteredBy = actorOf(staff);
  const starts: CaseStart[] = rows.flatMap((row) => {
    const caseNumber = caseNumberOfLine.get(row.line);
    if (!caseNumber) return [];
    return [
      {
        caseNumber,
        petition: row.petition,
        receivedAt: row.receivedAt,
        policyVersion: currentPolicyVersion,
        enteredBy,
        imported: { batchId, ...row.history },
      },
    ];
  });
  await pMap(starts, (start) => startCaseWorkflow(deps, start), { concurrency: startConcurrency });
}
