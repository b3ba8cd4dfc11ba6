import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import pMap from 'p-map';
import { recordAdminChange } from '../../db/administration/admin-log';
import {
  claimInvitation,
  existingOrg,
  releaseInvitation,
  unsentInvitations,
  writeOrgChart,
} from '../../db/administration/org-chart-import';
import { actorLabel } from '../../domain/actor';
import { actorOf, type SignedInStaff } from '../auth/staff';
import { readSheet } from '../backlog-import/parse';
import { ApiError } from '../errors';
import { adminActor } from './subtree';
import {
  maxOrgRows,
  namedInFile,
  readOrgHeader,
  validateOrgRows,
  type OrgProblem,
} from './org-chart-import-rows';

/** Sends one person the invitation to set their password; called once per person an import created. */
export type InviteStaff = (staffId: number) => Promise<void>;

export interface OrgChartImportDeps {
  em: EntityManager;
  invite: InviteStaff;
  onInvitationError: (staffId: number, error: unknown) => void;
}

export type OrgChartImportOutcome =
  | { kind: 'invalid'; header: boolean; problems: OrgProblem[] }
  | {
      kind: 'imported';
      importId: number | null;
      created: { units: number; departments: number; staff: number };
      /** Rows describing what was there already, exactly as it is. */
      unchanged: number;
      /** People created, each with one invitation to set their password. */
      invitations: number;
    };

/** Invitations in flight at once: a county's 2,000 people in well under a minute, gentle on the mail relay. */
const invitationConcurrency = 8;

/** One import at a time over the whole tree: two files naming the same new code never race. */
const importLock = 0x51_6c_4f_72; // "QlOr"

/**
 * An org chart file (组织机构导入): every row is checked against the file and the
 * database before anything is written; then, in one transaction, what is missing is
 * created. The same file again finds everything there and changes nothing. Each person
 * created gets one invitation, sent after the transaction commits.
 */
export async function importOrgChart(
  deps: OrgChartImportDeps,
  staff: SignedInStaff,
  file: { bytes: Buffer; fileName: string },
): Promise<OrgChartImportOutcome> {
  const { rows: sheetRows } = await readSheet(file.bytes);
  const [header, ...data] = sheetRows;
  if (!header || data.length === 0)
    throw new ApiError(422, 'import_file_empty', 'orgChartImport.errors.fileEmpty');
  if (data.length > maxOrgRows) {
    throw new ApiError(422, 'import_too_many_rows', 'orgChartImport.errors.tooManyRows', {
      max: maxOrgRows,
      count: data.length,
    });
  }
  const columns = readOrgHeader(header);
  if ('problems' in columns) return { kind: 'invalid', header: true, problems: columns.problems };
  const rows = columns.rows(data);
  const named = namedInFile(rows);
  const fileSha256 = createHash('sha256').update(file.bytes).digest('hex');

  const outcome = await deps.em.fork().transactional(async (tx) => {
    await tx
      .getConnection()
      .execute('select pg_advisory_xact_lock(?)', [importLock], 'all', tx.getTransactionContext());
    const existing = await existingOrg(tx, named.codes, named.emails);
    const checked = validateOrgRows(rows, existing, staff.unitPath);
    if ('problems' in checked) return { kind: 'invalid' as const, header: false, problems: checked.problems };
    const { chart } = checked;
    const total = chart.units.length + chart.departments.length + chart.staff.length;
    const unchanged =
      chart.units.filter((u) => existing.units.has(u.code)).length +
      chart.departments.filter((d) => existing.departments.has(d.code)).length +
      chart.staff.filter((s) => existing.staff.has(s.email)).length;
    if (unchanged === total) {
      return { kind: 'unchanged' as const, unchanged };
    }
    const written = await writeOrgChart(tx, chart, existing, {
      unitId: staff.unitId,
      fileSha256,
      fileName: file.fileName,
      importedBy: actorLabel(actorOf(staff)),
    });
    recordAdminChange(tx, {
      actor: adminActor(staff),
      action: 'orgChart.import',
      entity: 'org_chart_import',
      entityId: written.importId,
      unit: { id: staff.unit.id, name: staff.unit.name, path: staff.unit.path },
      after: { fileName: file.fileName, fileSha256, created: written.created, unchanged },
    });
    return { kind: 'written' as const, written, unchanged };
  });
  if (outcome.kind === 'invalid') return outcome;
  if (outcome.kind === 'unchanged') {
    return {
      kind: 'imported',
      importId: null,
      created: { units: 0, departments: 0, staff: 0 },
      unchanged: outcome.unchanged,
      invitations: 0,
    };
  }
  const { written } = outcome;
  // Mail goes after the commit, on its own: the answer does not wait for 2,000 invitations.
  sendInvitations(deps.em, deps.invite, deps.onInvitationError).catch((error: unknown) =>
    deps.onInvitationError(0, error),
  );
  return {
    kind: 'imported',
    importId: written.importId,
    created: written.created,
    unchanged: outcome.unchanged,
    invitations: written.newStaffIds.length,
  };
}

/**
 * Sends every recorded invitation not sent yet, each claimed first so that two
 * senders never mail one person twice; a failed one is released for the next run.
 */
export async function sendInvitations(
  em: EntityManager,
  invite: InviteStaff,
  onError: (staffId: number, error: unknown) => void,
): Promise<number> {
  let sent = 0;
  await pMap(
    await unsentInvitations(em.fork()),
    async (staffId) => {
      if (!(await claimInvitation(em.fork(), staffId))) return;
      try {
        await invite(staffId);
        sent += 1;
      } catch (error) {
        await releaseInvitation(em.fork(), staffId);
        onError(staffId, error);
      }
    },
    { concurrency: invitationConcurrency },
  );
  return sent;
}
