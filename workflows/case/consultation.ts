import type { Actor } from '../../domain/actor';
import type { CaseCommandName } from '../../domain/case-commands';
import { intakeClocks } from './clocks';
import { now, type CaseProcess, type Step } from './process';

/**
 * 咨询: a request for information, not a petition. It is answered and closed without
 * the petition clocks (no acceptance notice, no handling deadline), and counted apart.
 * Registered as one at office intake, or found to be one at triage.
 */

/** Triage found a request for information: the intake clocks stop, and the office answers it. */
export async function reclassifyAsConsultation(p: CaseProcess, actor: Actor): Promise<void> {
  p.state.kind = 'consultation';
  await p.record('reclassified_as_consultation', actor, {}, { stop: intakeClocks, stoppedAs: 'stopped' });
}

const answerConsultation: Step<'answerConsultation'> = async (p, actor, input) => {
  const s = p.state;
  s.status = 'closed';
  s.repliedAt = now();
  s.closedAt = s.repliedAt;
  const event = await p.record(
    'consultation_answered',
    actor,
    { text: input.text },
    { stop: intakeClocks, stoppedAs: 'stopped' },
  );
  await p.tellComplainant('consultation_answered', event.seq, { text: input.text });
};

export const consultationSteps = {
  answerConsultation,
} satisfies { [C in CaseCommandName]?: Step<C> };
