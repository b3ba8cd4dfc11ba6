import type { ClockName } from '../../domain/policy';

/** Clocks that end once the office has decided what to do with the petition. */
export const intakeClocks: ClockName[] = ['dispatch', 'routing', 'acceptanceNotice'];
