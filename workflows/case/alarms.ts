import type { Deadline } from '../../domain/case';
import type { CaseState } from '../../domain/case-commands';
import type { ClockName } from '../../domain/policy';

/** What a deadline asks for next: a warning, its breach (or lapse), or the escalation after a grace. */
export type Alarm =
  | { kind: 'warning'; deadline: Deadline }
  | { kind: 'breach'; deadline: Deadline }
  | { kind: 'escalation'; deadline: Deadline };

const at = (iso: string) => Date.parse(iso);

function pendingAlarm(d: Deadline): { alarm: Alarm; time: number } | null {
  if (!d.breachedAt) {
    const warning = d.warnAt[d.warningsSent];
    // A warning still due before the breach; one that is already past the breach is not sent.
    if (warning !== undefined && at(warning) < at(d.dueAt)) {
      return { alarm: { kind: 'warning', deadline: d }, time: at(warning) };
    }
    return { alarm: { kind: 'breach', deadline: d }, time: at(d.dueAt) };
  }
  if (!d.escalatedAt && d.escalateAt) {
    return { alarm: { kind: 'escalation', deadline: d }, time: at(d.escalateAt) };
  }
  return null;
}

/** The earliest instant any running deadline needs attention, or null when none will. */
export function nextAlarmTime(state: CaseState): number | null {
  let next: number | null = null;
  for (const d of Object.values(state.deadlines)) {
    const pending = pendingAlarm(d);
    if (pending && (next === null || pending.time < next)) next = pending.time;
  }
  return next;
}

/** The alarms due at `now`, earliest first. */
export function dueAlarms(state: CaseState, now: number): Alarm[] {
  return Object.values(state.deadlines)
    .map(pendingAlarm)
    .filter((p): p is { alarm: Alarm; time: number } => p !== null && p.time <= now)
    .sort((a, b) => a.time - b.time)
    .map((p) => p.alarm);
}

/** Office obligations only: the complainant's own windows (to ask for review) never make a case overdue. */
export function nextObligation(state: CaseState): { clock: ClockName; dueAt: string } | null {
  let next: Deadline | null = null;
  for (const d of Object.values(state.deadlines)) {
    if (d.escalateTo === null) continue;
    if (!next || at(d.dueAt) < at(next.dueAt)) next = d;
  }
  return next ? { clock: next.clock, dueAt: next.dueAt } : null;
}
