import type { Actor } from '../../domain/actor';
import type { UnitRef } from '../../domain/case';
import type { CaseCommandName, TriageCommand } from '../../domain/case-commands';
import { reportIntakeClocks } from './discipline';
import { now, type CaseProcess, type Step } from './process';

/**
 * 上报/移交: the unit cannot act (the matter is beyond its powers) and hands the case
 * to the unit above or to the body with the power. The case goes on in this same
 * workflow under its new unit: its history stays, and its clocks keep their dates,
 * now owed by the new unit's office. The new office dispatches it anew.
 */

/** The case changes hands: the clocks its old unit owed, the new one owes. */
function moveTo(p: CaseProcess, toUnit: UnitRef) {
  const s = p.state;
  const from = s.unit;
  const department = s.handlingDepartment;
  s.unit = toUnit;
  s.handlingDepartment = null;
  for (const d of Object.values(s.deadlines)) {
    if (d.responsibleUnitId === from.id) d.responsibleUnitId = toUnit.id;
  }
  return {
    fromUnitId: from.id,
    fromUnitPath: from.path,
    fromUnit: from.name,
    toUnitId: toUnit.id,
    toUnitPath: toUnit.path,
    toUnit: toUnit.name,
    department: department?.name ?? null,
  };
}

const handOver: Step<'handOver'> = async (p, actor, input) => {
  const s = p.state;
  // Not yet triaged: the new office triages it. Accepted or in handling: the new office dispatches it.
  if (s.status !== 'registered') s.status = 'accepted';
  const moved = moveTo(p, input.toUnit);
  const event = await p.record(
    'handed_over',
    actor,
    { ...moved, reason: input.reason },
    {
      // The department's own windows end with its assignment; same-day dispatch starts again for the new office.
      stop: ['assignmentObjection', 'disciplineAcceptance'],
      stoppedAs: 'stopped',
      start: [{ clock: 'dispatch', from: now(), responsibleUnitId: input.toUnit.id }],
    },
  );
  await p.tellComplainant('handed_over', event.seq, { toUnit: input.toUnit.name, reason: input.reason });
};

/**
 * Triage finds a report against an official (检举控告): the case is handed over to the
 * discipline body with jurisdiction, where it is registered as a report. That body accepts
 * it or passes it on within its own time (规则 Art. 16); the notice to the reporter keeps
 * its date. The unit that triaged it keeps reading what it did, and nothing after.
 */
export async function handOverToDisciplineBody(
  p: CaseProcess,
  actor: Actor,
  input: TriageCommand & { disciplineUnit: UnitRef },
): Promise<void> {
  const s = p.state;
  s.status = 'registered';
  s.kind = 'report';
  s.report ??= { disposal: null, disposalReason: null, conclusion: null, urgent: false };
  const body = input.disciplineUnit;
  const moved = moveTo(p, body);
  const event = await p.record(
    'handed_over',
    actor,
    {
      ...moved,
      reason: input.reason ?? '',
      kind: 'report',
      concernsBodyHead: input.concernsBodyHead === true,
    },
    {
      stop: reportIntakeClocks.filter((clock) => clock !== 'acceptanceNotice'),
      stoppedAs: 'stopped',
      start: [{ clock: 'disciplineAcceptance', from: now(), responsibleUnitId: body.id }],
    },
  );
  await p.tellComplainant('handed_over', event.seq, { toUnit: body.name, reason: input.reason ?? '' });
}

export const handOverSteps = {
  handOver,
} satisfies { [C in CaseCommandName]?: Step<C> };
