import type { CaseAction } from '../api';

type Choice = string | boolean;

/** One input of an action's form; its label is `actions.<action>.fields.<name>` in the locale files. */
export interface FieldSpec {
  name: string;
  kind: 'text' | 'textarea' | 'days' | 'department' | 'choice' | 'check';
  required?: boolean;
  /** For `choice`: the values, labelled `actions.<action>.choices.<value>`. */
  choices?: readonly Choice[];
  /** For `days`: the most the policy allows. */
  max?: number;
  /** Shown, required and sent only while another field has one of these values. */
  showWhen?: { field: string; values: readonly Choice[] };
}

const reason: FieldSpec = { name: 'reason', kind: 'textarea', required: true };
const decision = (name: string): FieldSpec => ({
  name,
  kind: 'choice',
  required: true,
  choices: [true, false],
});

/** The body of each case action, as the API contract lists it. */
export const actionFields: Record<CaseAction, readonly FieldSpec[]> = {
  triage: [
    {
      name: 'decision',
      kind: 'choice',
      required: true,
      choices: ['accept', 'not_accept', 'forward', 'discipline'],
    },
    { ...reason, showWhen: { field: 'decision', values: ['not_accept', 'forward'] } },
    { name: 'forwardTo', kind: 'text', required: true, showWhen: { field: 'decision', values: ['forward'] } },
    { name: 'concernsBodyHead', kind: 'check', showWhen: { field: 'decision', values: ['discipline'] } },
  ],
  dispatch: [
    { name: 'departmentId', kind: 'department', required: true },
    { name: 'instructions', kind: 'textarea' },
  ],
  recordForwardFeedback: [{ name: 'feedback', kind: 'textarea', required: true }],
  acknowledgeAssignment: [],
  objectToAssignment: [reason],
  reportProgress: [{ name: 'note', kind: 'textarea', required: true }],
  requestExtension: [{ name: 'days', kind: 'days', required: true, max: 30 }, reason],
  decideExtension: [decision('approve'), reason],
  reply: [{ name: 'text', kind: 'textarea', required: true }],
  recordReplyDelivery: [
    { name: 'method', kind: 'choice', required: true, choices: ['post', 'in_person', 'phone', 'sms'] },
  ],
  evaluate: [decision('satisfied'), { name: 'comment', kind: 'textarea' }],
  orderReSupervision: [reason, { name: 'days', kind: 'days' }],
  requestReview: [reason],
  decideReview: [decision('upheld'), { name: 'opinion', kind: 'textarea', required: true }],
  requestReReview: [reason],
  decideReReview: [decision('upheld'), { name: 'opinion', kind: 'textarea', required: true }],
  issueSupervisionOrder: [
    { name: 'instructions', kind: 'textarea', required: true },
    { name: 'days', kind: 'days' },
  ],
  closeOut: [{ name: 'note', kind: 'textarea' }],
};

/** What the form holds, as the API wants it: text trimmed, empty optional text left out. */
export function actionBody(values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const cleaned = typeof value === 'string' ? value.trim() : value;
    if (cleaned !== undefined && cleaned !== null && cleaned !== '') body[name] = cleaned;
  }
  return body;
}
