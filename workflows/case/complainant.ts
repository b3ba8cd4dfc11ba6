import type { CaseCommandName } from '../../domain/case-commands';
import type { Step } from './process';

/**
 * What the complainant brings to a case after the petition: a message or more
 * material, from the status page (or told to the office, which records it). It
 * goes on the timeline for the office to see; the files become the case's.
 */
const addComplainantMessage: Step<'addComplainantMessage'> = async (p, actor, input) => {
  await p.record('complainant_message', actor, { text: input.text, attachmentIds: input.attachmentIds });
};

export const complainantSteps = {
  addComplainantMessage,
} satisfies { [C in CaseCommandName]?: Step<C> };
