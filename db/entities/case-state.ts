import { EntitySchema } from '@mikro-orm/core';
import type { CaseState } from '../../domain/case-commands';

/**
 * The case workflow's state as its last recorded event left it, written with that event
 * in one transaction: the staff case page reads it instead of asking the workflow, which
 * replays the whole case when it is not in a worker's cache. It holds no identity: the
 * state carries only whether the complainant is named, never who they or the accused are.
 */
export class ProjectedCaseState {
  caseNumber!: string;
  /** The state's `seq`: an older event's write never overwrites a newer one. */
  seq!: number;
  state!: CaseState;
}

export const ProjectedCaseStateSchema = new EntitySchema<ProjectedCaseState>({
  class: ProjectedCaseState,
  tableName: 'case_state',
  properties: {
    caseNumber: { type: 'string', length: 32, primary: true },
    seq: { type: 'integer' },
    state: { type: 'json' },
  },
});
