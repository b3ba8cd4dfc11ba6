import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { CaseCommandName, CaseCommands, CaseState } from '../../domain/case-commands';

/**
 * How the API talks to a running case: one Update per command (so the history
 * names what was done), a query for the state, and a signal when the holiday
 * calendar of a year is loaded.
 */
export interface CommandRequest<C extends CaseCommandName> {
  actor: Actor;
  input: CaseCommands[C];
}

export type AnyCommandRequest = CommandRequest<CaseCommandName>;

export const caseCommandUpdate = (
  command: CaseCommandName,
): UpdateDefinition<CaseState, [AnyCommandRequest]> => defineUpdate<CaseState, [AnyCommandRequest]>(command);

export const caseStateQuery = defineQuery<CaseState | null>('caseState');

/** A year's calendar was loaded: deadlines counted provisionally over it are computed again. */
export const calendarLoadedSignal = defineSignal<[{ year: number }]>('calendarLoaded');

/** The refusal an Update validator throws; the API turns `code` into words. */
export const commandRefusedType = 'CommandRefused';
