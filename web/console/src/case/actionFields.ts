import dayjs from 'dayjs';
import type { UploadFile } from 'antd';
import type { AttachmentRef, CaseAction } from '../api';

type Choice = string | boolean;

/** One input of an action's form; its label is `actions.<action>.fields.<name>` in the locale files. */
export interface FieldSpec {
  name: string;
  kind:
    | 'text'
    | 'textarea'
    | 'days'
    | 'department'
    /** One of the case page's `handOverTargets`, by id (上报/移交). */
    | 'unit'
    | 'choice'
    | 'check'
    /** A date something happened (YYYY-MM-DD), not after today. */
    | 'date'
    /** The three «三多» flags, as `{ manyYears, manyLevels, manyOffices }`. */
    | 'flags'
    /** One of the case page's `leaders`, by id. */
    | 'leader'
    /** Files uploaded first, sent as their ids. */
    | 'attachments'
    /** 工作专班: a list of members with name, role and organisation. */
    | 'taskForce'
    /** A plan's milestones: title and due date each. */
    | 'milestones'
    /** Which milestones of the plan in force are done, by their place in the plan. */
    | 'completedMilestones';
  required?: boolean;
  /** For `choice`: the values, labelled `actions.<action>.choices.<value>`. */
  choices?: readonly Choice[];
  /** For `days`: the most the policy allows. */
  max?: number;
  /** Shown, required and sent only while another field has one of these values. */
  showWhen?: { field: string; values: readonly Choice[] };
  /** Shown, required and sent only while this field holds another department than the power list proposes. */
  showWhenNotProposed?: string;
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
      choices: ['accept', 'not_accept', 'forward', 'discipline', 'consultation'],
    },
    { ...reason, showWhen: { field: 'decision', values: ['not_accept', 'forward'] } },
    { name: 'forwardTo', kind: 'text', required: true, showWhen: { field: 'decision', values: ['forward'] } },
    { name: 'concernsBodyHead', kind: 'check', showWhen: { field: 'decision', values: ['discipline'] } },
  ],
  dispatch: [
    { name: 'departmentId', kind: 'department', required: true },
    { name: 'otherDepartmentReason', kind: 'textarea', required: true, showWhenNotProposed: 'departmentId' },
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
  signOffCloseOut: [reason],
  answerLookBack: [decision('holds'), { name: 'comment', kind: 'textarea' }],
  recordLookBackCheck: [decision('holds'), { name: 'finding', kind: 'textarea', required: true }],
  // A message the complainant gave the office by phone or in person, recorded on their behalf.
  addComplainantMessage: [{ name: 'text', kind: 'textarea', required: true }],
  joinOpenCase: [{ name: 'openCaseNumber', kind: 'text', required: true }],
  designateBacklog: [reason, { name: 'flags', kind: 'flags' }],
  updateBacklogFlags: [{ name: 'flags', kind: 'flags' }, reason],
  assignLeader: [{ name: 'leaderId', kind: 'leader', required: true }],
  claimOwnership: [],
  nameTaskForce: [{ name: 'members', kind: 'taskForce', required: true }],
  setResolutionPlan: [
    { name: 'summary', kind: 'textarea', required: true },
    { name: 'milestones', kind: 'milestones', required: true },
  ],
  reportBacklogProgress: [
    { name: 'note', kind: 'textarea', required: true },
    { name: 'completedMilestones', kind: 'completedMilestones' },
  ],
  recordFieldVisit: [
    { name: 'kind', kind: 'choice', required: true, choices: ['visit', 'reception'] },
    { name: 'date', kind: 'date', required: true },
    { name: 'place', kind: 'text', required: true },
    { name: 'met', kind: 'text', required: true },
    { name: 'agreed', kind: 'textarea', required: true },
    { name: 'attachmentIds', kind: 'attachments' },
  ],
  handOver: [{ name: 'toUnitId', kind: 'unit', required: true }, reason],
  // 检举控告: the four ways of disposal, the finding (立案 and sanction where it led there), the urgent flag.
  classifyReport: [
    {
      name: 'disposal',
      kind: 'choice',
      required: true,
      choices: ['talk_inquiry', 'preliminary_verification', 'hold', 'close'],
    },
    reason,
  ],
  concludeReport: [
    {
      name: 'finding',
      kind: 'choice',
      required: true,
      choices: ['substantiated', 'partly_substantiated', 'unsubstantiated'],
    },
    { name: 'summary', kind: 'textarea', required: true },
    {
      name: 'caseOpened',
      kind: 'text',
      showWhen: { field: 'finding', values: ['substantiated', 'partly_substantiated'] },
    },
    {
      name: 'sanction',
      kind: 'choice',
      choices: ['party_discipline', 'administrative', 'organisational', 'judicial'],
      showWhen: { field: 'finding', values: ['substantiated', 'partly_substantiated'] },
    },
  ],
  setReportUrgency: [decision('urgent'), reason],
  answerConsultation: [{ name: 'text', kind: 'textarea', required: true }],
};

/** A form value as the API wants it: text trimmed, dates as YYYY-MM-DD, empty optional text left out. */
function cleaned(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (dayjs.isDayjs(value)) return value.format('YYYY-MM-DD');
  if (Array.isArray(value)) return value.map(cleaned).filter((item) => item !== undefined);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([name, item]) => [name, cleaned(item)] as const);
    return Object.fromEntries(entries.filter(([, item]) => item !== undefined));
  }
  return value ?? undefined;
}

/** The ids of the files that finished uploading. */
const uploadedIds = (files: unknown): string[] =>
  ((files as UploadFile<AttachmentRef>[] | undefined) ?? []).flatMap((file) =>
    file.status === 'done' && file.response ? [file.response.id] : [],
  );

/** What the form holds, as the API wants it. */
export function actionBody(
  fields: readonly FieldSpec[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const spec = fields.find((field) => field.name === name);
    const sent = spec?.kind === 'attachments' ? uploadedIds(value) : cleaned(value);
    if (sent !== undefined) body[name] = sent;
  }
  return body;
}
