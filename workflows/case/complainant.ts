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

/**
 * 找回查询码: the API issued a new access code after the complainant proved the phone on
 * record; the timeline says so for the office, with the request's id and nothing that
 * would open the case. A retried record after a lost answer adds nothing.
 */
const recordAccessCodeReissue: Step<'recordAccessCodeReissue'> = async (p, actor, input) => {
  const recorded = (p.state.accessCodeReissues ??= []);
  if (recorded.includes(input.requestId)) return;
  recorded.push(input.requestId);
  await p.record('access_code_reissued', actor, { requestId: input.requestId });
};

export const complainantSteps = {
  addComplainantMessage,
  recordAccessCodeReissue,
} satisfies { [C in CaseCommandName]?: Step<C> };
