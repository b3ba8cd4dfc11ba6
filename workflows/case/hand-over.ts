import type { CaseCommandName } from '../../domain/case-commands';
import { now, type Step } from './process';

/**
 * 上报/移交: the unit cannot act (the matter is beyond its powers) and hands the case
 * to the unit above or to the body with the power. The case goes on in this same
 * workflow under its new unit: its history stays, and its clocks keep their dates,
 * now owed by the new unit's office. The new office dispatches it anew.
 */
const handOver: Step<'handOver'> = async (p, actor, input) => {
  const s = p.state;
  const from = s.unit;
  const department = s.handlingDepartment;
  s.unit = input.toUnit;
  s.handlingDepartment = null;
  // Not yet triaged: the new office triages it. Accepted or in handling: the new office dispatches it.
  if (s.status !== 'registered') s.status = 'accepted';
  for (const d of Object.values(s.deadlines)) {
    if (d.responsibleUnitId === from.id) d.responsibleUnitId = input.toUnit.id;
  }
  const event = await p.record(
    'handed_over',
    actor,
    {
      fromUnitId: from.id,
      fromUnitPath: from.path,
      fromUnit: from.name,
      toUnitId: input.toUnit.id,
      toUnitPath: input.toUnit.path,
      toUnit: input.toUnit.name,
      department: department?.name ?? null,
      reason: input.reason,
    },
    {
      // The department's own windows end with its assignment; same-day dispatch starts again for the new office.
      stop: ['assignmentObjection', 'disciplineAcceptance'],
      stoppedAs: 'stopped',
      start: [{ clock: 'dispatch', from: now(), responsibleUnitId: input.toUnit.id }],
    },
  );
  await p.tellComplainant('handed_over', event.seq, { toUnit: input.toUnit.name, reason: input.reason });
};

export const handOverSteps = {
  handOver,
} satisfies { [C in CaseCommandName]?: Step<C> };
