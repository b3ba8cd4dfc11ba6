import { isAbove } from './actor';
import { addOfficeMonths, type BacklogFlags, type BacklogReason } from './backlog';
import type { UnitRef } from './case';
import type { CaseState } from './case-commands';
import type { BacklogPolicy, ClockName } from './policy';

/**
 * When a case becomes a backlog case by itself (积案认定), and how its «三多» flags
 * read. Pure: the case workflow asks these at the moment a rule may fire.
 */

/** «三多» as the case's own record shows them now. */
export function screenFlags(state: CaseState, policy: BacklogPolicy, now: string): BacklogFlags {
  const repeats = state.repeats;
  const levels = new Set([state.unit.level, ...(repeats?.levels ?? [])]);
  const offices = new Set([state.unit.id, ...(repeats?.unitIds ?? [])]);
  return {
    manyYears: Date.parse(addOfficeMonths(state.receivedAt, policy.manyYearsAfterMonths)) <= Date.parse(now),
    manyLevels: levels.size >= policy.manyLevelsAtLeast,
    // Passed between departments counts as well as brought to several offices (多头).
    manyOffices: offices.size + state.objections >= policy.manyOfficesAtLeast,
  };
}

/** The flags from the record, with anything the office or an import said on top. */
export function combineFlags(screened: BacklogFlags, stated?: Partial<BacklogFlags>): BacklogFlags {
  return {
    manyYears: stated?.manyYears ?? screened.manyYears,
    manyLevels: stated?.manyLevels ?? screened.manyLevels,
    manyOffices: stated?.manyOffices ?? screened.manyOffices,
  };
}

/** 超期: a breach of a clock the policy counts as the case being overdue. */
export const overdueRuleFires = (policy: BacklogPolicy, clock: ClockName): boolean =>
  policy.overdueClocks.includes(clock);

/** 重复访 and 越级访: what a newly linked repeat petition makes of the case. */
export function repeatRules(state: CaseState, policy: BacklogPolicy, broughtTo: UnitRef): BacklogReason[] {
  const reasons: BacklogReason[] = [];
  if ((state.repeats?.count ?? 0) >= policy.repeatsAtLeast) reasons.push('repeat_petitions');
  if (policy.aboveProperLevel && isAbove(broughtTo.path, state.unit.path)) reasons.push('above_proper_level');
  return reasons;
}

/** When an open case has been open too long (久拖未结), or null once it is a backlog case. */
export function longOpenAt(state: CaseState, policy: BacklogPolicy): number | null {
  if (state.backlog) return null;
  return Date.parse(addOfficeMonths(state.receivedAt, policy.openLongerThanMonths));
}
