import type { EntityManager } from '@mikro-orm/postgresql';
import type { TFunction } from 'i18next';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isWithin, unitIdsOnPath, type Actor, type StaffActor } from '../domain/actor';
import { isAccusedParty, type IdentityCase } from '../domain/identity-access';
import { caseWorkflowId } from '../domain/case';
import type { AttachmentRef, LeaderRef } from '../domain/backlog';
import type {
  CaseCommandName,
  CaseCommands,
  CaseState,
  Refusal,
  StaffActionName,
} from '../domain/case-commands';
import { Attachment, Department, PetitionCase, ProjectedCaseState, StaffMember } from '../db/entities';
import { formerHolding, type FormerHolding } from '../db/hand-over/hand-overs';
import { departmentRef } from '../db/refs';
import { caseCommandUpdate, caseStateQuery, commandRefusedType } from '../workflows/case/messages';
import type { CaseActionBody } from './case-command-schemas';
import { ApiError } from './errors';
import { proposedDepartment } from '../db/administration/power-list';
import { disciplineUnitFor, handOverTarget } from './hand-over/hand-over';

/** What the identity and Art. 30 rules read of a case row. */
export const identityCaseOf = (row: PetitionCase): IdentityCase => ({
  unitId: row.unit.id,
  unitPath: row.unitPath,
  anonymous: row.anonymous,
  accusedUnitId: row.accusedUnitId ?? null,
  accusedDepartmentId: row.accusedDepartmentId ?? null,
});

/**
 * The case as this person may open it: in their jurisdiction and not complaining about
 * their unit or department (条例 Art. 30). Otherwise 404, as if it did not exist, so the
 * accused do not even learn there is a case.
 */
export async function caseInJurisdiction(
  em: EntityManager,
  caseNumber: string,
  staff: Pick<StaffActor, 'unitPath' | 'unitId' | 'departmentId'>,
) {
  const row = await em.findOne(
    PetitionCase,
    { caseNumber },
    { populate: ['unit', 'handlingDepartment', 'ownerLeader'] },
  );
  if (!row || !isWithin(row.unitPath, staff.unitPath) || isAccusedParty(staff, identityCaseOf(row))) {
    throw new ApiError(404, 'case_not_found', 'errors.staffCaseNotFound', { caseNumber });
  }
  return row;
}

/**
 * A case this person's office handed on (上报/移交), or an office below theirs did:
 * they read it up to the hand-over and act on it no more. Null when they never held
 * it, when they still do, or when it accuses them (Art. 30).
 */
export async function caseHeldBefore(
  em: EntityManager,
  caseNumber: string,
  staff: Pick<StaffActor, 'unitPath' | 'unitId' | 'departmentId'>,
): Promise<{ row: PetitionCase; holding: FormerHolding } | null> {
  const holding = await formerHolding(em, caseNumber, staff.unitPath);
  if (!holding) return null;
  const row = await em.findOne(
    PetitionCase,
    { caseNumber },
    { populate: ['unit', 'handlingDepartment', 'ownerLeader'] },
  );
  if (!row || isWithin(row.unitPath, staff.unitPath) || isAccusedParty(staff, identityCaseOf(row)))
    return null;
  return { row, holding };
}

/**
 * The discipline body (纪检监察机关) nearest above the case's unit; a complaint
 * about a body's own head goes to the one a level further up.
 */
async function disciplineBodyFor(em: EntityManager, unitPath: string, concernsBodyHead: boolean) {
  const ancestorIds = unitIdsOnPath(unitPath);
  const bodies = await em.find(
    Department,
    { kind: 'discipline_body', unit: { id: { $in: ancestorIds } } },
    { populate: ['unit', 'unit.parent'] },
  );
  // Nearest first: the longest path.
  bodies.sort((a, b) => b.unit.path.length - a.unit.path.length);
  const body = bodies[concernsBodyHead ? 1 : 0] ?? bodies[0];
  if (!body) throw new ApiError(422, 'no_discipline_body', 'errors.noDisciplineBody');
  return departmentRef(body);
}

/** A leader who may own a case: an active person with the leader role. */
export async function leaderRef(em: EntityManager, leaderId: number): Promise<LeaderRef> {
  const leader = await em.findOne(
    StaffMember,
    { id: leaderId, roles: { $contains: ['leader'] }, active: true },
    { populate: ['unit'] },
  );
  if (!leader) throw new ApiError(422, 'unknown_leader', 'errors.unknownLeader');
  return { staffId: leader.id, name: leader.name, unitId: leader.unit.id, unitPath: leader.unit.path };
}

/** Uploaded files a visit refers to: each one not yet on another case. */
async function attachmentRefs(
  em: EntityManager,
  ids: string[],
  caseNumber: string,
): Promise<AttachmentRef[]> {
  if (ids.length === 0) return [];
  const found = await em.find(Attachment, { id: { $in: ids } });
  const usable = found.filter((a) => !a.caseNumber || a.caseNumber === caseNumber);
  if (usable.length !== new Set(ids).size) {
    throw new ApiError(422, 'unknown_attachment', 'errors.unknownAttachment');
  }
  return usable.map((a) => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size }));
}

/**
 * The HTTP body made into the command the workflow takes: department, leader and
 * attachment ids become what they name.
 */
export async function commandInput<C extends StaffActionName>(
  em: EntityManager,
  command: C,
  body: CaseActionBody<C>,
  caseRow: PetitionCase,
): Promise<CaseCommands[C]> {
  const { unitPath } = caseRow;
  if (command === 'handOver') {
    const { toUnitId, reason } = body as CaseActionBody<'handOver'>;
    return { toUnit: await handOverTarget(em, toUnitId, identityCaseOf(caseRow)), reason } as CaseCommands[C];
  }
  if (command === 'assignLeader') {
    const { leaderId } = body as CaseActionBody<'assignLeader'>;
    return { leader: await leaderRef(em, leaderId) } as CaseCommands[C];
  }
  if (command === 'recordFieldVisit') {
    const { attachmentIds, ...visit } = body as CaseActionBody<'recordFieldVisit'>;
    return {
      ...visit,
      attachments: await attachmentRefs(em, attachmentIds, caseRow.caseNumber),
    } as CaseCommands[C];
  }
  if (command === 'dispatch') {
    const { departmentId, instructions, otherDepartmentReason } = body as CaseActionBody<'dispatch'>;
    const department = await em.findOne(
      Department,
      { id: departmentId },
      { populate: ['unit', 'unit.parent'] },
    );
    if (!department || !department.active || department.kind === 'petition_office') {
      throw new ApiError(422, 'unknown_department', 'errors.unknownDepartment');
    }
    const proposed = await proposedDepartment(em, unitPath, caseRow.category);
    if (proposed && proposed.id !== department.id && !otherDepartmentReason) {
      throw new ApiError(422, 'other_department_reason_required', 'powerList.errors.reasonRequired', {
        proposed: proposed.name,
      });
    }
    return {
      department: departmentRef(department),
      instructions,
      ...(proposed ? { proposed } : {}),
      ...(proposed && proposed.id !== department.id ? { otherDepartmentReason } : {}),
    } as CaseCommands[C];
  }
  if (command === 'triage') {
    const triage = body as CaseActionBody<'triage'>;
    if (triage.decision !== 'discipline') return triage as CaseCommands[C];
    const disciplineBody = await disciplineBodyFor(em, unitPath, triage.concernsBodyHead === true);
    const disciplineUnit = await disciplineUnitFor(em, caseRow, triage.concernsBodyHead === true);
    return { ...triage, disciplineBody, ...(disciplineUnit ? { disciplineUnit } : {}) } as CaseCommands[C];
  }
  return body as CaseCommands[C];
}

const forbiddenRefusals: Refusal['code'][] = [
  'role_not_allowed',
  'out_of_jurisdiction',
  'not_assigned_department',
  'not_reviewing_unit',
  'complainant_not_allowed',
  'not_owner',
];
const inputRefusals: Refusal['code'][] = [
  'reason_required',
  'forward_target_required',
  'discipline_body_required',
  'department_out_of_reach',
  'dispatch_upward',
  'hand_over_within_reach',
  'extension_too_long',
  'leader_out_of_reach',
  'milestones_required',
  'same_case',
  'case_opened_needs_finding',
  'sanction_needs_case',
];

const labels = (t: TFunction, prefix: string, codes: string | number | undefined) =>
  String(codes ?? '')
    .split(',')
    .filter(Boolean)
    .map((code) => t(`${prefix}.${code}`))
    .join(t('listSeparator', { defaultValue: '、' }));

/** A workflow's refusal as an HTTP answer: 403 for who, 422 for what was asked, 409 for when. */
export function refusalError(refusal: Refusal, command: CaseCommandName, t: TFunction): ApiError {
  const status = forbiddenRefusals.includes(refusal.code)
    ? 403
    : inputRefusals.includes(refusal.code)
      ? 422
      : 409;
  return new ApiError(status, refusal.code, `refusals.${refusal.code}`, {
    ...refusal.params,
    commandLabel: t(`command.${command}`),
    statusLabel: labels(t, 'status', refusal.params.status),
    expectedLabels: labels(t, 'status', refusal.params.expected),
    rolesLabel: labels(t, 'role', refusal.params.roles),
    missingLabels: labels(t, 'closeOutGaps', refusal.params.missing),
  });
}

/** Gives a command to the case's workflow and answers with the state it left. */
export async function giveCommand<C extends CaseCommandName>(
  temporal: Client,
  caseNumber: string,
  command: C,
  actor: Actor,
  input: CaseCommands[C],
  t: TFunction,
): Promise<CaseState> {
  const handle = temporal.workflow.getHandle(caseWorkflowId(caseNumber));
  try {
    return await handle.executeUpdate(caseCommandUpdate(command), { args: [{ actor, input }] });
  } catch (error) {
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === commandRefusedType) {
      throw refusalError(cause.details?.[0] as Refusal, command, t);
    }
    if (error instanceof WorkflowNotFoundError) {
      throw new ApiError(409, 'case_finished', 'errors.caseFinished', { caseNumber });
    }
    throw new ApiError(503, 'temporal_unavailable', 'errors.serviceUnavailable', {}, undefined, error);
  }
}

/**
 * The case's state for reading: its projection, written with its last event, so a page
 * view costs one row and no worker. Only a case without one (its workflow run started
 * before the projection existed, or its first event is still on its way) asks the workflow.
 */
export async function caseStateToRead(
  em: EntityManager,
  temporal: Client,
  caseNumber: string,
): Promise<CaseState | null> {
  const projected = await em.findOne(ProjectedCaseState, { caseNumber });
  return projected ? projected.state : caseState(temporal, caseNumber);
}

/** The state of a running case as its workflow answers, or null when it cannot be asked. */
export async function caseState(temporal: Client, caseNumber: string): Promise<CaseState | null> {
  // A query needs a worker; without one the page still shows the ledger, just no actions.
  const noAnswer = new Promise<null>((resolve) => setTimeout(resolve, queryPatienceMs, null).unref());
  const answer = temporal.workflow
    .getHandle(caseWorkflowId(caseNumber))
    .query(caseStateQuery)
    .catch(() => null);
  return Promise.race([answer, noAnswer]);
}

const queryPatienceMs = 5_000;
