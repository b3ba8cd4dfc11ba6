import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { TFunction } from 'i18next';
import { closedOutStatuses, openStatuses, type CaseStatus } from '../domain/case';
import { allowedCommands, refusalOf, type StaffActionName } from '../domain/case-commands';
import type { PetitionCase } from '../db/entities';
import { unitRef } from '../db/refs';
import { actorOf, type SignedInStaff } from './auth/staff';
import type { CaseActionBody } from './case-command-schemas';
import { caseInJurisdiction, caseState, giveCommand, refusalError } from './case-commands';
import { ApiError } from './errors';

export interface JoinAnswer {
  status: CaseStatus;
  allowedActions: StaffActionName[];
  openCaseNumber: string;
}

/** The joinOpenCase action is not a plain command: the API links the repeat to the open case first. */
export const joinsOpenCase = (action: string): boolean => action === 'joinOpenCase';

/**
 * 重复信访：关联，不重复立案. A new petition on a matter already open joins the open
 * case: the open case's workflow counts the repeat (and may designate a backlog case),
 * then this petition's workflow ends as joined and tells the complainant which case it
 * joined. Linking first makes a retry safe: an open case that already counts this
 * petition refuses with `already_linked`, and the join goes on.
 */
export async function linkAsRepeat(
  deps: { em: EntityManager; temporal: Client },
  staff: SignedInStaff,
  repeat: PetitionCase,
  { openCaseNumber }: CaseActionBody<'joinOpenCase'>,
  t: TFunction,
): Promise<JoinAnswer> {
  const open = await caseInJurisdiction(deps.em, openCaseNumber, staff);
  // A closed-out case on the same matter comes back (回头看: re-petitioned) instead of a new case opening.
  const joinable = openStatuses.includes(open.status) || closedOutStatuses.includes(open.status);
  if (!joinable || open.joinedCaseNumber) {
    throw new ApiError(409, 'open_case_not_open', 'errors.openCaseNotOpen', {
      caseNumber: openCaseNumber,
      statusLabel: t(`status.${open.status}`),
    });
  }
  const actor = actorOf(staff);
  const state = await caseState(deps.temporal, repeat.caseNumber);
  if (!state) {
    throw openStatuses.includes(repeat.status)
      ? new ApiError(503, 'temporal_unavailable', 'errors.serviceUnavailable')
      : new ApiError(409, 'case_finished', 'errors.caseFinished', { caseNumber: repeat.caseNumber });
  }
  const refusal = refusalOf(state, 'joinOpenCase', actor, { openCaseNumber });
  if (refusal) throw refusalError(refusal, 'joinOpenCase', t);

  const link = {
    caseNumber: repeat.caseNumber,
    unit: unitRef(repeat.unit),
    receivedAt: repeat.receivedAt.toISOString(),
    summary: repeat.summary,
  };
  await giveCommand(deps.temporal, openCaseNumber, 'linkRepeatPetition', actor, link, t).catch(
    (error: unknown) => {
      if (!(error instanceof ApiError && error.code === 'already_linked')) throw error;
    },
  );
  const joined = await giveCommand(
    deps.temporal,
    repeat.caseNumber,
    'joinOpenCase',
    actor,
    { openCaseNumber },
    t,
  );
  return { status: joined.status, allowedActions: allowedCommands(joined, staff), openCaseNumber };
}
