import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { StaffActor } from '../domain/actor';
import { caseWorkflowId, type CaseStart } from '../domain/case';
import { currentPolicyVersion, isDrillPolicyVersion, policyVersions } from '../domain/policy';
import { PolicyVersionRepository } from '../db/administration/policy-versions';
import type { Channel, Petition } from '../domain/petition';
import { inOfficeTime } from '../domain/time-zone';
import { Receipt, Unit } from '../db/entities';
import { disciplineBodyFor, placesOverseenBy } from '../db/discipline/jurisdiction';
import type { petitionCase } from '../workflows';
import { deriveAccessCode, hashAccessCode, sha256 } from './access-code';
import { ApiError } from './errors';
import { unclaimedComplainantFiles } from './public-uploads';
import type { PetitionInput } from './schemas';
import type { Counter } from 'prom-client';

export interface IntakeDeps {
  em: EntityManager;
  temporal: Client;
  taskQueue: string;
  accessCodeSecret: string;
  /** Whether this API takes drill policies (QINGLING_DRILL_POLICY). */
  drillPolicy: boolean;
  /** Counts each petition received (api/metrics), when the app keeps metrics. */
  intakeTotal?: Counter<'channel' | 'created'>;
}

export interface IntakeResult {
  caseNumber: string;
  accessCode: string;
  /** False when the same submission key came before: the same case is returned. */
  created: boolean;
}

/** QL<year>-<6 digits>: the year the number is issued, then the case number sequence. */
export const caseNumberFor = (year: number, sequence: number) =>
  `QL${year}-${String(sequence).padStart(6, '0')}`;

/** The request header a fault drill or a benchmark names its drill policy in (e.g. `drill-5m`). */
export const drillPolicyHeader = 'qingling-drill-policy';

/**
 * The policy a new case starts under: the current one, or a drill policy
 * (domain/policy.ts) when the API runs with QINGLING_DRILL_POLICY=true. Off by
 * default because a case keeps its policy for life: a drill policy accepted by a
 * real office's API would breach and escalate a real petition to the office head
 * within minutes, and nothing could move it back to the real calendar.
 */
export function intakePolicyVersion(asked: string | undefined, drillPolicy: boolean): string {
  if (asked === undefined) return currentPolicyVersion;
  if (!drillPolicy || !isDrillPolicyVersion(asked)) {
    throw new ApiError(422, 'drill_policy_refused', 'errors.drillPolicyRefused', { version: asked });
  }
  return asked;
}

async function accessCodeReissued(em: EntityManager, caseNumber: string): Promise<boolean> {
  const [row] = await em
    .getConnection()
    .execute<{ reissued: boolean }[]>(
      'select exists (select 1 from lost_code_request where case_number = ? and reissued_at is not null) as reissued',
      [caseNumber],
    );
  return row?.reissued === true;
}

/**
 * Receives a petition (接收): issues the receipt and starts the case workflow.
 * Safe to repeat with the same submission key: the receipt row is the
 * idempotency record, and the workflow start uses the case's fixed id.
 */
export async function receivePetition(
  deps: IntakeDeps,
  input: PetitionInput,
  channel: Channel,
  enteredBy?: StaffActor,
  /** A drill's policy; without it, the version in force when the office received the petition. */
  policyVersion?: string,
): Promise<IntakeResult> {
  const { submissionKey, accused, ...fields } = input;
  // The accused's unit is the place of the matter unless the complainant named another.
  const brought: Petition = {
    ...fields,
    channel,
    ...(accused ? { accused: { ...accused, unitCode: accused.unitCode ?? fields.unitCode } } : {}),
  };
  const submissionKeyHash = sha256(submissionKey);
  // What the complainant brought, before routing: a retry is the same submission even if jurisdiction changed.
  const contentHash = sha256(JSON.stringify(brought));
  const accessCode = deriveAccessCode(deps.accessCodeSecret, submissionKey);

  const em = deps.em.fork();
  const petition = await routed(em, brought);
  let receipt: Pick<Receipt, 'caseNumber' | 'issuedAt' | 'contentHash'> | null = await em.findOne(Receipt, {
    submissionKeyHash,
  });
  let created = false;
  if (!receipt) {
    // The slow hash (tens of ms of CPU off the event loop) runs while the checks below wait on the database.
    const accessCodeHash = hashAccessCode(accessCode);
    accessCodeHash.catch(() => {});
    await checkAttachmentIds(em, petition.attachmentIds ?? []);
    const [next] = await em
      .getConnection()
      .execute<{ seq: string }[]>("select nextval('case_number_seq') as seq");
    const issuedAt = new Date();
    const caseNumber = caseNumberFor(inOfficeTime(issuedAt).year(), Number(next?.seq));
    const inserted = await em.getConnection().execute<{ case_number: string }[]>(
      `insert into receipt (case_number, submission_key_hash, content_hash, access_code_hash, issued_at)
       values (?, ?, ?, ?, ?) on conflict (submission_key_hash) do nothing returning case_number`,
      [caseNumber, submissionKeyHash, contentHash, await accessCodeHash, issuedAt],
    );
    created = inserted.length > 0;
    // A concurrent retry may have won the insert: then its row is the receipt.
    receipt = created
      ? { caseNumber, issuedAt, contentHash }
      : await em.findOneOrFail(Receipt, { submissionKeyHash }, { refresh: true });
  }
  if (receipt.contentHash !== contentHash) {
    throw new ApiError(409, 'submission_key_reused', 'errors.submissionKeyReused');
  }
  // A retry after the code was replaced (找回查询码) would show the old code, which no longer opens the case.
  if (!created && (await accessCodeReissued(em, receipt.caseNumber))) {
    throw new ApiError(409, 'access_code_reissued', 'lostCode.reissuedSinceReceipt', {
      caseNumber: receipt.caseNumber,
    });
  }

  await startCaseWorkflow(deps, {
    caseNumber: receipt.caseNumber,
    petition,
    receivedAt: receipt.issuedAt.toISOString(),
    ...(policyVersion ? { policyVersion } : await casePolicy(em, receipt.issuedAt)),
    enteredBy,
  });
  deps.intakeTotal?.inc({ channel, created: String(created) });
  return { caseNumber: receipt.caseNumber, accessCode, created };
}

/**
 * The policy a case received at `at` starts under (the version in force on that office
 * date), and the extension limit a published version's cases carry into their workflow.
 * A retried submission is counted from its receipt's time, so it finds the same version:
 * versions are published to take effect from a later day only.
 */
export async function casePolicy(
  em: EntityManager,
  at: Date,
): Promise<Pick<CaseStart, 'policyVersion' | 'extension'>> {
  const versions = new PolicyVersionRepository(em);
  const policyVersion = await versions.versionInForce(at);
  if (policyVersions().includes(policyVersion)) return { policyVersion };
  const policy = await versions.policy(policyVersion);
  return { policyVersion, ...(policy ? { extension: policy.extension } : {}) };
}

/** PostgreSQL text cannot hold NUL: a code with one names no unit, and must not reach a query. */
export const mayNameUnit = (code: string | undefined): code is string =>
  code !== undefined && code !== '' && !code.includes('\u0000');

/**
 * Where the petition is registered: a petition with the unit it is addressed to, a report
 * (检举控告) with the discipline body that has jurisdiction over the accused (管辖), never
 * with the accused unit. A petition is addressed to a place, never to a discipline body;
 * through a discipline body's QR code (码上举报) the place is one it oversees.
 */
export async function routed(em: EntityManager, petition: Petition): Promise<Petition> {
  const place = mayNameUnit(petition.unitCode) ? await em.findOne(Unit, { code: petition.unitCode }) : null;
  if (!place || place.kind !== 'government') {
    throw new ApiError(422, 'unknown_unit', 'errors.unknownUnit', { unitCode: petition.unitCode });
  }
  const qrUnit = mayNameUnit(petition.qrUnitCode)
    ? await em.findOne(Unit, { code: petition.qrUnitCode })
    : null;
  if (petition.qrUnitCode && !qrUnit) {
    throw new ApiError(422, 'unknown_unit', 'errors.unknownUnit', { unitCode: petition.qrUnitCode });
  }
  if (qrUnit?.kind === 'discipline') {
    const places = await placesOverseenBy(em, qrUnit);
    if (!places.some((p) => p.id === place.id)) {
      throw new ApiError(422, 'place_not_overseen', 'discipline.errors.placeNotOverseen', {
        unitCode: petition.unitCode,
      });
    }
  }
  if (petition.kind !== 'report' || !petition.accused) return petition;
  const body = await disciplineBodyFor(em, petition.accused);
  if (!body) throw new ApiError(422, 'no_discipline_body', 'errors.noDisciplineBody');
  return { ...petition, unitCode: body.code };
}

/** The files a new petition names must be the complainant's own uploads, each named once, on no case yet. */
async function checkAttachmentIds(em: EntityManager, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const usable = await unclaimedComplainantFiles(em, ids);
  if (new Set(ids).size !== ids.length || ids.some((id) => !usable.has(id))) {
    throw new ApiError(422, 'attachment_unknown', 'intake.attachmentUnknown');
  }
}

/** Starts a case's workflow under its fixed id; starting it again is harmless. */
export async function startCaseWorkflow(
  deps: Pick<IntakeDeps, 'temporal' | 'taskQueue'>,
  start: CaseStart,
): Promise<void> {
  try {
    await deps.temporal.workflow.start<typeof petitionCase>('petitionCase', {
      taskQueue: deps.taskQueue,
      workflowId: caseWorkflowId(start.caseNumber),
      args: [start],
      // A retry while the case runs joins it; a case id is never reused for a second run.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    // The receipt is kept: the same submission sent again starts the workflow then.
    throw new ApiError(503, 'temporal_unavailable', 'errors.serviceUnavailable', {}, undefined, error);
  }
}
