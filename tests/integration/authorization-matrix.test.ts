import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { caseState } from '../../api/case-commands';
import { CaseEvent, Department, PetitionCase, StaffMember, Unit } from '../../db/entities';
import type { StaffRole } from '../../domain/actor';
import type { CaseEventType, CaseStatus } from '../../domain/case';
import { caseWorkflowId } from '../../domain/case';
import {
  staffActionNames,
  type CaseCommandName,
  type CaseCommands,
  type StaffActionName,
} from '../../domain/case-commands';
import { caseCommandUpdate } from '../../workflows/case/messages';
import { eventually, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';
import { anAdministrator } from '../helpers/administrators';
import { orgChartCsv, staffRow, unitRow } from '../helpers/org-chart';

/**
 * Who may do what, from where: every staff endpoint and every case action, for
 * every role at every position relative to the case's unit. The expectations are
 * written out by hand from the rules (domain/case-commands.ts, api/app.ts), never
 * computed from them, so a wrong rule makes a cell fail.
 *
 * The case sits in the township 城关镇 (990101001) and is dispatched to its
 * 综治中心 (990101001-zz). Positions, relative to that unit:
 *   own      城关镇 990101001 (handler: 990101001-zz, the department the case goes to)
 *   above    东湖县 990101 (handler: 990101-zj; supervisor: 清源市 990100; admin: 示范省 990000)
 *   below    新桥村 990101001002 (a village: clerk, office head and leader only)
 *   sideways 柳溪乡 990101002 (handler: 990101002-zz)
 */
interface Person {
  session: StaffSession;
  staffId: number;
}

interface MatrixContext extends StackContext {
  people: Map<string, Person>;
  /** 城关镇综治中心 (990101001-zz): where every case here is dispatched. */
  departmentId: number;
  /** An open case that repeat petitions join. */
  openCaseNumber: string;
  /** 东湖县: where a case is handed up to (上报/移交). */
  countyUnitId: number;
}

const test = anyTest as TestFn<MatrixContext>;

useTestStack(test);

const township = '990101001'; // 城关镇, the case's unit
const county = '990101'; // 东湖县
const village = '990101001002'; // 新桥村
const sideTownship = '990101002'; // 柳溪乡
const city = '990100'; // 清源市
const province = '990000'; // 示范省

const positions = ['own', 'above', 'below', 'sideways'] as const;
type Position = (typeof positions)[number];
const roles = [
  'clerk',
  'office_head',
  'handler',
  'leader',
  'supervisor',
  'admin',
] as const satisfies StaffRole[];
type Role = (typeof roles)[number];

const unitAt: Record<Position, string> = {
  own: township,
  above: county,
  below: village,
  sideways: sideTownship,
};

/** The demo account at a position, or null where the demo tree has no such person. */
function accountOf(role: Role, position: Position): string | null {
  switch (role) {
    case 'clerk':
      return demoAccount.clerk(unitAt[position]);
    case 'office_head':
      return demoAccount.officeHead(unitAt[position]);
    case 'leader':
      return demoAccount.leader(unitAt[position]);
    case 'handler':
      return {
        own: demoAccount.handler(`${township}-zz`),
        above: demoAccount.handler(`${county}-zj`),
        below: null, // villages have no handling department
        sideways: demoAccount.handler(`${sideTownship}-zz`),
      }[position];
    case 'supervisor':
      return position === 'above' ? demoAccount.supervisor(city) : null;
    case 'admin':
      return position === 'above' ? demoAccount.admin(province) : null;
  }
}

/** Cells beyond the grid, where a rule reaches further up than 东湖县. */
const extraAccounts = { 'office_head@city': demoAccount.officeHead(city) } as const;
type ExtraCell = keyof typeof extraAccounts;

// ---------------------------------------------------------------------------
// What a cell expects.

type Expect =
  /** Case actions: 200 and the action took effect. Other endpoints: their success answer. */
  | { kind: 'allow' }
  /** 200, and the case is in the list. */
  | { kind: 'listed' }
  /** 200, and the case is not in the list. */
  | { kind: 'unlisted' }
  | { kind: 'refuse'; status: 401 | 403 | 404 | 422; codes: string[] }
  /** No such person at this position in the demo tree: skipped. */
  | { kind: 'none' };

type Refuse = Extract<Expect, { kind: 'refuse' }>;

const ALLOW: Expect = { kind: 'allow' };
const LISTED: Expect = { kind: 'listed' };
const UNLISTED: Expect = { kind: 'unlisted' };
/** 404: the case is outside the person's jurisdiction, as if it did not exist. */
const HIDDEN: Refuse = { kind: 'refuse', status: 404, codes: ['case_not_found'] };
/** 403: the person's role may not. */
const ROLE: Refuse = { kind: 'refuse', status: 403, codes: ['role_not_allowed'] };
/** 403: a handler of a department the case was not dispatched to. */
const NOT_ASSIGNED: Refuse = { kind: 'refuse', status: 403, codes: ['not_assigned_department'] };
/** 403: not the unit that decides the review (复查) or re-review (复核). */
const NOT_REVIEWER: Refuse = { kind: 'refuse', status: 403, codes: ['not_reviewing_unit'] };
/** 403: the unit is outside the person's reach (intake), or not strictly above the case (督办). */
const OUTSIDE: Refuse = { kind: 'refuse', status: 403, codes: ['out_of_jurisdiction'] };
/** 403: a leader who does not own the backlog case. */
const NOT_OWNER: Refuse = { kind: 'refuse', status: 403, codes: ['not_owner'] };
/** 403: neither the role nor the position would do; either reason is a fair answer. */
const ROLE_OR_OUTSIDE: Refuse = {
  kind: 'refuse',
  status: 403,
  codes: ['role_not_allowed', 'out_of_jurisdiction'],
};
const NONE: Expect = { kind: 'none' };
const SIGNED_OUT: Refuse = { kind: 'refuse', status: 401, codes: ['sign_in_required'] };

/** Columns: own, above, below, sideways. */
type Table = Record<Role, readonly [Expect, Expect, Expect, Expect]>;

interface Cell {
  cell: string;
  expect: Expect;
  person: Person;
}

/**
 * One endpoint's matrix: what each cell expects, in words, and what it got. The
 * test compares the two maps at once, so a failure lists every disagreeing cell
 * by name (`role@position`).
 */
interface Matrix {
  cells: Cell[];
  expected: Record<string, string>;
  actual: Record<string, string>;
}

/** What a cell is expected to answer, in the words `outcome` uses. */
function words(expect: Expect): string {
  switch (expect.kind) {
    case 'allow':
      return 'allowed';
    case 'listed':
      return '200, listed';
    case 'unlisted':
      return '200, not listed';
    case 'refuse':
      return `${expect.status} ${expect.codes.join(' or ')}`;
    case 'none':
      return 'n/a (no such person)';
  }
}

/**
 * The table's cells with their people. The table must skip (NONE) exactly the
 * people the demo tree lacks: a skip where someone exists is a disagreement too.
 */
function matrixOf(
  t: ExecutionContext<MatrixContext>,
  table: Table,
  extra: Partial<Record<ExtraCell, Expect>> = {},
): Matrix {
  const matrix: Matrix = { cells: [], expected: {}, actual: {} };
  const add = (cell: string, expect: Expect) => {
    const person = t.context.people.get(cell);
    matrix.expected[cell] = words(expect);
    if (person && expect.kind !== 'none') matrix.cells.push({ cell, expect, person });
    else if (person) matrix.actual[cell] = 'this person exists: the table must say what they get';
    else matrix.actual[cell] = words(NONE);
  };
  for (const role of roles) positions.forEach((position, i) => add(`${role}@${position}`, table[role][i]!));
  for (const [cell, expect] of Object.entries(extra)) add(cell, expect);
  return matrix;
}

interface Answer {
  status: number;
  json: unknown;
}

const codeLike = /\{\{|\b(?:refusals|errors|commands|roles|status|validation)\.[a-zA-Z_]/;

/**
 * A refusal in the table's words: status and code, plus a complaint when the
 * message is not a worded sentence in Chinese (empty, English, or a bare key).
 */
function refusal(answer: Answer, expect: Expect): string {
  const error = (answer.json as { error?: { code?: string; message?: string } } | undefined)?.error;
  const code = error?.code ?? '(no code)';
  const codes = expect.kind === 'refuse' && expect.codes.includes(code) ? expect.codes.join(' or ') : code;
  const message = error?.message ?? '';
  const worded = /\p{Script=Han}/u.test(message) && !codeLike.test(message);
  return `${answer.status} ${codes}${worded ? '' : `, but the message is ${JSON.stringify(message)}`}`;
}

const isRefusal = (answer: Answer) => answer.status >= 400;

// ---------------------------------------------------------------------------
// Bringing a fresh case to the status an action needs, through the API.

type Stage =
  | 'registered'
  | 'accepted'
  | 'forwarded'
  | 'in_handling'
  | 'extension_requested'
  | 'replied'
  | 'unsatisfied'
  | 'close_out_pending'
  | 'under_review'
  | 'review_decided'
  | 'under_re_review'
  /** In handling and designated a backlog case (积案) by the township's clerk. */
  | 'backlog'
  /** A backlog case owned by the township's leader (包案). */
  | 'owned'
  /** Struck off (销号) by the weekly close-out: the command it gives, given here. */
  | 'closed_out'
  /** Closed out, and a look-back (回头看) asked the complainant whether the matter holds. */
  | 'look_back_asked'
  /** Found at triage to be a request for information (咨询) by the township's clerk. */
  | 'consultation';

/** Named with e-mail: the reply is delivered by mail. Without e-mail: the office must deliver it. */
type Complainant = 'with_email' | 'without_email';

const headers = { 'accept-language': 'zh-CN' };

async function submit(t: ExecutionContext<MatrixContext>, complainant: Complainant): Promise<string> {
  const { app } = t.context;
  const petition = aPetition({
    unitCode: township,
    place: '东湖县城关镇',
    complainant:
      complainant === 'with_email'
        ? { name: '王明', phone: '13800000000', email: 'wangming@example.cn' }
        : { name: '李华', phone: '13900000000' },
  });
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, petition, headers);
  if (answer.status !== 201) throw new Error(`petition refused: ${answer.status} ${answer.text}`);
  const caseNumber = answer.json.caseNumber as string;
  // The ledger row is written while the workflow registers the case; it takes commands once it has.
  await eventually(
    async () => ((await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined),
    60_000,
  );
  await eventually(async () => {
    const state = await caseState(app.temporal, caseNumber);
    if (state?.status === 'registered') return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return undefined;
  }, 60_000);
  return caseNumber;
}

/** One step of the way there, by a person the rules allow; anything else stops the test. */
async function step(
  t: ExecutionContext<MatrixContext>,
  caseNumber: string,
  cell: string,
  action: CaseCommandName,
  body: Record<string, unknown>,
  status: CaseStatus,
): Promise<string> {
  const answer = await t.context.people.get(cell)!.session.act(caseNumber, action, body);
  if (answer.status !== 200 || answer.json.status !== status) {
    throw new Error(`preparing ${caseNumber}: ${action} by ${cell} answered ${answer.status} ${answer.text}`);
  }
  return caseNumber;
}

async function bring(
  t: ExecutionContext<MatrixContext>,
  stage: Stage,
  complainant: Complainant = 'with_email',
): Promise<string> {
  const by = (from: Stage) => bring(t, from, complainant);
  switch (stage) {
    case 'registered':
      return submit(t, complainant);
    case 'accepted':
      return step(t, await by('registered'), 'clerk@own', 'triage', { decision: 'accept' }, 'accepted');
    case 'forwarded':
      return step(
        t,
        await by('registered'),
        'clerk@own',
        'triage',
        { decision: 'forward', reason: '属于法院受理范围', forwardTo: '东湖县人民法院' },
        'forwarded',
      );
    case 'in_handling':
      return step(
        t,
        await by('accepted'),
        'clerk@own',
        'dispatch',
        { departmentId: t.context.departmentId },
        'in_handling',
      );
    case 'extension_requested':
      return step(
        t,
        await by('in_handling'),
        'handler@own',
        'requestExtension',
        { days: 15, reason: '需要现场测量' },
        'in_handling',
      );
    case 'replied':
      return step(
        t,
        await by('in_handling'),
        'handler@own',
        'reply',
        { text: '经核实，补偿款已于本月发放到位。' },
        'replied',
      );
    case 'unsatisfied':
      return step(t, await by('replied'), 'clerk@own', 'evaluate', { satisfied: false }, 'unsatisfied');
    case 'close_out_pending':
      return step(t, await by('replied'), 'clerk@own', 'evaluate', { satisfied: true }, 'close_out_pending');
    case 'under_review':
      return step(
        t,
        await by('replied'),
        'clerk@own',
        'requestReview',
        { reason: '对答复不服，请求复查' },
        'under_review',
      );
    case 'review_decided':
      // The review unit is the level above the handling department's unit: 东湖县.
      return step(
        t,
        await by('under_review'),
        'office_head@above',
        'decideReview',
        { upheld: true, opinion: '维持原处理意见' },
        'review_decided',
      );
    case 'under_re_review':
      return step(
        t,
        await by('review_decided'),
        'clerk@own',
        'requestReReview',
        { reason: '对复查意见不服，请求复核' },
        'under_re_review',
      );
    case 'backlog':
      return step(
        t,
        await by('in_handling'),
        'clerk@own',
        'designateBacklog',
        { reason: '群众反复反映' },
        'in_handling',
      );
    case 'owned':
      return step(t, await by('backlog'), 'leader@own', 'claimOwnership', {}, 'in_handling');
    case 'closed_out':
      return given(t, await by('close_out_pending'), 'closeOut', { week: '2026-11-23' });
    case 'look_back_asked':
      return given(t, await by('closed_out'), 'startLookBack', { campaignId: 0, title: '集中回头看' });
    case 'consultation':
      return step(
        t,
        await by('registered'),
        'clerk@own',
        'triage',
        { decision: 'consultation' },
        'registered',
      );
  }
}

/** A command Qingling gives itself (the weekly close-out, a campaign), through the workflow's Update. */
async function given<C extends 'closeOut' | 'startLookBack'>(
  t: ExecutionContext<MatrixContext>,
  caseNumber: string,
  command: C,
  input: CaseCommands[C],
): Promise<string> {
  await t.context.app.temporal.workflow
    .getHandle(caseWorkflowId(caseNumber))
    .executeUpdate(caseCommandUpdate(command), { args: [{ actor: { kind: 'system' }, input }] });
  return caseNumber;
}

const eventsOf = (t: ExecutionContext<MatrixContext>, caseNumber: string) =>
  t.context.app.orm.em.fork().find(CaseEvent, { caseNumber }, { orderBy: { seq: 'asc' } });

const statusOf = async (t: ExecutionContext<MatrixContext>, caseNumber: string) =>
  (await t.context.app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber })).status;

// ---------------------------------------------------------------------------
// Sign everyone in once.

test.serial.before(async (t) => {
  const { app } = t.context;
  const wanted: [string, string][] = [];
  for (const role of roles) {
    for (const position of positions) {
      const email = accountOf(role, position);
      if (email) wanted.push([`${role}@${position}`, email]);
    }
  }
  wanted.push(...Object.entries(extraAccounts));
  const people = await Promise.all(
    wanted.map(async ([cell, email]) => {
      const session = await signIn(app.baseUrl, email);
      const me = await session.get('/api/v1/session');
      if (me.status !== 200) throw new Error(`${cell} (${email}) is not signed in: ${me.status}`);
      return [cell, { session, staffId: me.json.staff.id as number }] as const;
    }),
  );
  t.context.people = new Map(people);
  const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  t.context.departmentId = department.id;
  t.context.countyUnitId = (await app.orm.em.fork().findOneOrFail(Unit, { code: county })).id;
  t.context.openCaseNumber = await bring(t, 'in_handling');
});

/** A request with no session at all. */
async function signedOut(
  t: ExecutionContext<MatrixContext>,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${t.context.app.baseUrl}${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

// ---------------------------------------------------------------------------
// The case actions. Columns: own, above, below, sideways; NONE = no such person there.

interface ActionSpec {
  action: StaffActionName;
  title: string;
  /** Where a fresh case must stand for the action. */
  stage: Stage;
  complainant?: Complainant;
  body: (t: ExecutionContext<MatrixContext>) => Record<string, unknown>;
  /** What an allowed call leaves: the case's status and the event it wrote. */
  effect: { status: CaseStatus; event: CaseEventType };
  table: Table;
  extra?: Partial<Record<ExtraCell, Expect>>;
}

const actionSpecs: ActionSpec[] = [
  {
    action: 'triage',
    title: "triage: clerk and office head of the case's unit or above may triage; others are refused",
    stage: 'registered',
    body: () => ({ decision: 'accept' }),
    effect: { status: 'accepted', event: 'accepted' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'dispatch',
    title: "dispatch: clerk and office head of the case's unit or above may dispatch; others are refused",
    stage: 'accepted',
    body: (t) => ({ departmentId: t.context.departmentId }),
    effect: { status: 'in_handling', event: 'dispatched' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'recordForwardFeedback',
    title:
      "recordForwardFeedback: clerk and office head of the case's unit or above may record the feedback on a forwarded case; others are refused",
    stage: 'forwarded',
    body: () => ({ feedback: '东湖县人民法院已立案受理' }),
    // The receiving body's feedback stands as the written reply: the case waits for evaluation.
    effect: { status: 'replied', event: 'forward_feedback' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'acknowledgeAssignment',
    title:
      'acknowledgeAssignment: only a handler of the department the case was dispatched to may acknowledge it; others are refused',
    stage: 'in_handling',
    body: () => ({}),
    effect: { status: 'in_handling', event: 'assignment_acknowledged' },
    // prettier-ignore
    table: {
      //            own      above          below    sideways
      clerk:       [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      office_head: [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      handler:     [ALLOW,   NOT_ASSIGNED,  NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,          NONE,    NONE],
      admin:       [NONE,    ROLE,          NONE,    NONE],
    },
  },
  {
    action: 'objectToAssignment',
    title:
      'objectToAssignment: only a handler of the department the case was dispatched to may object to it; others are refused',
    stage: 'in_handling',
    body: () => ({ reason: '不属于本单位职责范围' }),
    effect: { status: 'accepted', event: 'assignment_objected' },
    // prettier-ignore
    table: {
      //            own      above          below    sideways
      clerk:       [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      office_head: [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      handler:     [ALLOW,   NOT_ASSIGNED,  NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,          NONE,    NONE],
      admin:       [NONE,    ROLE,          NONE,    NONE],
    },
  },
  {
    action: 'reportProgress',
    title:
      "reportProgress: the assigned department's handler, and clerk and office head of the case's unit or above, may report progress; others are refused",
    stage: 'in_handling',
    body: () => ({ note: '已约谈相关责任人' }),
    effect: { status: 'in_handling', event: 'progress_reported' },
    // prettier-ignore
    table: {
      //            own      above          below    sideways
      clerk:       [ALLOW,   ALLOW,         HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,         HIDDEN,  HIDDEN],
      handler:     [ALLOW,   NOT_ASSIGNED,  NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,          NONE,    NONE],
      admin:       [NONE,    ROLE,          NONE,    NONE],
    },
  },
  {
    action: 'requestExtension',
    title:
      'requestExtension: only a handler of the department the case was dispatched to may ask for an extension; others are refused',
    stage: 'in_handling',
    body: () => ({ days: 20, reason: '需要现场测量' }),
    effect: { status: 'in_handling', event: 'extension_requested' },
    // prettier-ignore
    table: {
      //            own      above          below    sideways
      clerk:       [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      office_head: [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      handler:     [ALLOW,   NOT_ASSIGNED,  NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,          NONE,    NONE],
      admin:       [NONE,    ROLE,          NONE,    NONE],
    },
  },
  {
    action: 'decideExtension',
    title:
      "decideExtension: only the office head of the case's unit or above may decide an extension; others are refused",
    stage: 'extension_requested',
    body: () => ({ approve: true, reason: '同意延期' }),
    effect: { status: 'in_handling', event: 'extension_approved' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'reply',
    title:
      "reply: the assigned department's handler, and the office head of the case's unit or above, may reply; others are refused",
    stage: 'in_handling',
    body: () => ({ text: '经核实，补偿款已于本月发放到位。' }),
    effect: { status: 'replied', event: 'replied' },
    // prettier-ignore
    table: {
      //            own      above          below    sideways
      clerk:       [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,         HIDDEN,  HIDDEN],
      handler:     [ALLOW,   NOT_ASSIGNED,  NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,          HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,          NONE,    NONE],
      admin:       [NONE,    ROLE,          NONE,    NONE],
    },
  },
  {
    action: 'recordReplyDelivery',
    title:
      "recordReplyDelivery: clerk and office head of the case's unit or above may record that the reply was delivered; others are refused",
    stage: 'replied',
    complainant: 'without_email',
    body: () => ({ method: 'post' }),
    effect: { status: 'replied', event: 'reply_delivered' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'evaluate',
    title:
      "evaluate: clerk and office head of the case's unit or above may record the complainant's evaluation; others are refused",
    stage: 'replied',
    body: () => ({ satisfied: true }),
    effect: { status: 'close_out_pending', event: 'evaluated' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'orderReSupervision',
    title:
      "orderReSupervision: only the office head of the case's unit or above may order re-supervision; others are refused",
    stage: 'unsatisfied',
    body: () => ({ reason: '信访人不满意，重新督办', days: 15 }),
    effect: { status: 'in_handling', event: 're_supervision_ordered' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'requestReview',
    title:
      "requestReview: clerk and office head of the case's unit or above may file a review request; others are refused",
    stage: 'replied',
    body: () => ({ reason: '对答复不服，请求复查' }),
    effect: { status: 'under_review', event: 'review_requested' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'decideReview',
    title:
      'decideReview: only an office head or supervisor at or above the review unit (东湖县) may decide the review; others are refused',
    stage: 'under_review',
    body: () => ({ upheld: true, opinion: '维持原处理意见' }),
    effect: { status: 'review_decided', event: 'review_decided' },
    // The review unit is 东湖县, the level above 城关镇 whose department handled the case.
    // prettier-ignore
    table: {
      //            own           above    below    sideways
      clerk:       [ROLE,         ROLE,    HIDDEN,  HIDDEN],
      office_head: [NOT_REVIEWER, ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,         ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,         ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,         ALLOW,   NONE,    NONE],
      admin:       [NONE,         ROLE,    NONE,    NONE],
    },
    extra: { 'office_head@city': ALLOW },
  },
  {
    action: 'requestReReview',
    title:
      "requestReReview: clerk and office head of the case's unit or above may file a re-review request; others are refused",
    stage: 'review_decided',
    body: () => ({ reason: '对复查意见不服，请求复核' }),
    effect: { status: 'under_re_review', event: 're_review_requested' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'decideReReview',
    title:
      'decideReReview: only an office head or supervisor at or above the re-review unit (清源市) may decide the re-review; others are refused',
    stage: 'under_re_review',
    body: () => ({ upheld: true, opinion: '复核维持复查意见' }),
    effect: { status: 'close_out_pending', event: 're_review_decided' },
    // The re-review unit is 清源市, the level above the review unit 东湖县.
    // prettier-ignore
    table: {
      //            own           above         below    sideways
      clerk:       [ROLE,         ROLE,         HIDDEN,  HIDDEN],
      office_head: [NOT_REVIEWER, NOT_REVIEWER, HIDDEN,  HIDDEN],
      handler:     [ROLE,         ROLE,         NONE,    HIDDEN],
      leader:      [ROLE,         ROLE,         HIDDEN,  HIDDEN],
      supervisor:  [NONE,         ALLOW,        NONE,    NONE],
      admin:       [NONE,         ROLE,         NONE,    NONE],
    },
    extra: { 'office_head@city': ALLOW },
  },
  {
    action: 'issueSupervisionOrder',
    title:
      "issueSupervisionOrder: only an office head or supervisor strictly above the case's unit may issue a supervision order; others are refused",
    stage: 'in_handling',
    body: () => ({ instructions: '限期十日内办结并报告', days: 10 }),
    effect: { status: 'in_handling', event: 'supervision_order_issued' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      office_head: [OUTSIDE, ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ALLOW,   NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'signOffCloseOut',
    title:
      "signOffCloseOut: the office head or a leader of the case's unit or above may sign the close-out off with reasons; others are refused",
    stage: 'close_out_pending',
    body: () => ({ reason: '答复意见成立，同意销号' }),
    effect: { status: 'close_out_pending', event: 'close_out_signed_off' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'recordLookBackCheck',
    title:
      "recordLookBackCheck: clerk and office head of the case's unit or above may record the look-back check of a closed-out case; others are refused",
    stage: 'closed_out',
    body: () => ({ holds: true, finding: '回访核实，问题已解决，未反复' }),
    effect: { status: 'closed_out', event: 'look_back_checked' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'answerLookBack',
    title:
      "answerLookBack: clerk and office head of the case's unit or above may record the complainant's look-back answer; others are refused",
    stage: 'look_back_asked',
    body: () => ({ holds: true }),
    effect: { status: 'closed_out', event: 'look_back_answered' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'addComplainantMessage',
    title:
      "addComplainantMessage: clerk and office head of the case's unit or above may record what the complainant brought; others are refused",
    stage: 'in_handling',
    body: () => ({ text: '信访人来电补充：补偿款发放名单有误', attachmentIds: [] }),
    effect: { status: 'in_handling', event: 'complainant_message' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'joinOpenCase',
    title:
      "joinOpenCase: clerk and office head of the case's unit or above may join a repeat petition to the open case; others are refused",
    stage: 'registered',
    body: (t) => ({ openCaseNumber: t.context.openCaseNumber }),
    effect: { status: 'closed', event: 'joined_open_case' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'designateBacklog',
    title:
      "designateBacklog: clerk and office head of the case's unit or above may designate a backlog case; others are refused",
    stage: 'in_handling',
    body: () => ({ reason: '群众反复反映，久拖未决', flags: { manyYears: true } }),
    effect: { status: 'in_handling', event: 'designated_backlog' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'updateBacklogFlags',
    title:
      "updateBacklogFlags: clerk and office head of the case's unit or above may change the «三多» flags; others are refused",
    stage: 'backlog',
    body: () => ({
      flags: { manyYears: true, manyLevels: false, manyOffices: true },
      reason: '经核查，涉及多个部门',
    }),
    effect: { status: 'in_handling', event: 'backlog_flags_updated' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'assignLeader',
    title:
      "assignLeader: only the office head of the case's unit or above, or an administrator above it handing a leaver's cases over, may assign the owning leader; others are refused",
    stage: 'backlog',
    body: (t) => ({ leaderId: t.context.people.get('leader@own')!.staffId }),
    effect: { status: 'in_handling', event: 'leader_assigned' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ALLOW,   NONE,    NONE],
    },
  },
  {
    action: 'claimOwnership',
    title:
      "claimOwnership: a leader of the case's unit or above may take ownership of a backlog case; others are refused",
    stage: 'backlog',
    body: () => ({}),
    effect: { status: 'in_handling', event: 'ownership_claimed' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      office_head: [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'nameTaskForce',
    title: 'nameTaskForce: only the owning leader names the task force; others are refused',
    stage: 'owned',
    body: () => ({ members: [{ name: '李强', role: '牵头', organisation: '城关镇信访办' }] }),
    effect: { status: 'in_handling', event: 'task_force_named' },
    // prettier-ignore
    table: {
      //            own      above      below    sideways
      clerk:       [ROLE,    ROLE,      HIDDEN,  HIDDEN],
      office_head: [ROLE,    ROLE,      HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,      NONE,    HIDDEN],
      leader:      [ALLOW,   NOT_OWNER, HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,      NONE,    NONE],
      admin:       [NONE,    ROLE,      NONE,    NONE],
    },
  },
  {
    action: 'setResolutionPlan',
    title: 'setResolutionPlan: only the owning leader sets the resolution plan; others are refused',
    stage: 'owned',
    body: () => ({
      summary: '核实补偿标准，协调发放',
      milestones: [{ title: '核实占地面积', dueDate: '2030-01-10' }],
    }),
    effect: { status: 'in_handling', event: 'plan_set' },
    // prettier-ignore
    table: {
      //            own      above      below    sideways
      clerk:       [ROLE,    ROLE,      HIDDEN,  HIDDEN],
      office_head: [ROLE,    ROLE,      HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,      NONE,    HIDDEN],
      leader:      [ALLOW,   NOT_OWNER, HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,      NONE,    NONE],
      admin:       [NONE,    ROLE,      NONE,    NONE],
    },
  },
  {
    action: 'reportBacklogProgress',
    title:
      "reportBacklogProgress: the owning leader, and clerk and office head of the case's unit or above, may report progress; others are refused",
    stage: 'owned',
    body: () => ({ note: '已与信访人面谈' }),
    effect: { status: 'in_handling', event: 'backlog_progress_reported' },
    // prettier-ignore
    table: {
      //            own      above      below    sideways
      clerk:       [ALLOW,   ALLOW,     HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,     HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,      NONE,    HIDDEN],
      leader:      [ALLOW,   NOT_OWNER, HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,      NONE,    NONE],
      admin:       [NONE,    ROLE,      NONE,    NONE],
    },
  },
  {
    action: 'recordFieldVisit',
    title:
      "recordFieldVisit: the owning leader, and clerk and office head of the case's unit or above, may record a field visit; others are refused",
    stage: 'owned',
    body: () => ({
      kind: 'reception',
      date: '2026-11-20',
      place: '城关镇便民服务中心',
      met: '信访人王明',
      agreed: '下周再次面谈',
    }),
    effect: { status: 'in_handling', event: 'field_visit_recorded' },
    // prettier-ignore
    table: {
      //            own      above      below    sideways
      clerk:       [ALLOW,   ALLOW,     HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,     HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,      NONE,    HIDDEN],
      leader:      [ALLOW,   NOT_OWNER, HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,      NONE,    NONE],
      admin:       [NONE,    ROLE,      NONE,    NONE],
    },
  },
  {
    action: 'answerConsultation',
    title:
      "answerConsultation: clerk and office head of the case's unit or above may answer a consultation (咨询) and close it; others are refused",
    stage: 'consultation',
    body: () => ({ text: '门诊报销比例为50%，可到镇卫生院医保窗口办理。' }),
    effect: { status: 'closed', event: 'consultation_answered' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
  {
    action: 'handOver',
    title:
      "handOver: clerk and office head of the case's unit or above may hand the case up to the county (上报/移交); others are refused",
    stage: 'accepted',
    body: (t) => ({ toUnitId: t.context.countyUnitId, reason: '公交线路停运属县交通运输部门职权' }),
    // The county office dispatches it anew.
    effect: { status: 'accepted', event: 'handed_over' },
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
      handler:     [ROLE,    ROLE,    NONE,    HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,  HIDDEN],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
  },
];

test('the matrix has a table for every case action', (t) => {
  t.deepEqual(
    [...actionSpecs.map((s) => s.action), ...reportActionSpecs.map((s) => s.action)].sort(),
    [...staffActionNames].sort(),
  );
});

for (const spec of actionSpecs) {
  test(spec.title, async (t) => {
    const { action, effect } = spec;
    const body = spec.body(t);
    const matrix = matrixOf(t, spec.table, spec.extra);
    const allowed = matrix.cells.filter((c) => c.expect.kind === 'allow');
    const refused = matrix.cells.filter((c) => c.expect.kind === 'refuse');
    t.true(allowed.length > 0, `${action}: someone may do it`);

    // A fresh case per allowed person: an allowed call changes it. The first one
    // takes every refusal first (a refusal changes nothing), then its own allowed call.
    const cases = await Promise.all(allowed.map(() => bring(t, spec.stage, spec.complainant)));
    let first = cases[0]!;
    const statusBefore = await statusOf(t, first);
    const eventsBefore = (await eventsOf(t, first)).length;

    // The case page offers the action to exactly those who may take it.
    const offered: Record<string, string> = {};
    const offeredExpected: Record<string, string> = {};
    for (const { cell, expect, person } of matrix.cells) {
      offeredExpected[cell] =
        expect.kind === 'refuse' && expect.status === 404
          ? 'no page (404)'
          : expect.kind === 'allow'
            ? 'offered'
            : 'not offered';
      const page = await person.session.get(`/api/v1/staff/cases/${first}`);
      offered[cell] =
        page.status === 404
          ? 'no page (404)'
          : page.status !== 200
            ? `page answered ${page.status}`
            : (page.json.allowedActions as string[]).includes(action)
              ? 'offered'
              : 'not offered';
    }

    let refusalsChangedNothing = true;
    for (const { cell, expect, person } of refused) {
      const answer = await person.session.act(first, action, body);
      if (isRefusal(answer)) {
        matrix.actual[cell] = refusal(answer, expect);
        continue;
      }
      matrix.actual[cell] = `${answer.status}, the case is now ${String(answer.json.status)}`;
      // Wrongly let through: the next cells get a case in the right state again.
      refusalsChangedNothing = false;
      first = cases[0] = await bring(t, spec.stage, spec.complainant);
    }
    matrix.expected['signed out'] = words(SIGNED_OUT);
    const anonymous = await signedOut(t, 'POST', `/api/v1/staff/cases/${first}/actions/${action}`, body);
    matrix.actual['signed out'] = refusal(anonymous, SIGNED_OUT);
    const unchanged =
      refusalsChangedNothing &&
      (await statusOf(t, first)) === statusBefore &&
      (await eventsOf(t, first)).length === eventsBefore;

    await Promise.all(
      allowed.map(async ({ cell, expect, person }, i) => {
        const caseNumber = cases[i]!;
        const lastSeq = (await eventsOf(t, caseNumber)).at(-1)?.seq ?? 0;
        const answer = await person.session.act(caseNumber, action, body);
        if (isRefusal(answer)) {
          matrix.actual[cell] = refusal(answer, expect);
          return;
        }
        const ledgerStatus = await statusOf(t, caseNumber);
        const written = (await eventsOf(t, caseNumber)).filter((e) => e.seq > lastSeq);
        const byThem = written.some((e) => e.type === effect.event && e.actor === `staff:${person.staffId}`);
        matrix.actual[cell] =
          answer.status !== 200
            ? `${answer.status}`
            : answer.json.status !== effect.status || ledgerStatus !== effect.status
              ? `200, but the case is ${String(answer.json.status)} (ledger: ${ledgerStatus}), not ${effect.status}`
              : !byThem
                ? `200, but no '${effect.event}' by them on the timeline (${written.map((e) => e.type).join(', ')})`
                : 'allowed';
      }),
    );

    t.deepEqual(matrix.actual, matrix.expected, `${action}: allowed and refused, by role@position`);
    t.deepEqual(offered, offeredExpected, `${action}: offered on the case page, by role@position`);
    t.true(unchanged, `${action}: refusals leave the case as it was (status and timeline)`);
  });
}

// ---------------------------------------------------------------------------
// The other staff endpoints. Columns: own, above, below, sideways.

/** Lists read by everyone signed in: is the case in the list each person gets? */
async function listMatrix(
  t: ExecutionContext<MatrixContext>,
  table: Table,
  path: string,
  caseNumber: string,
) {
  const matrix = matrixOf(t, table);
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      const answer = await person.session.get(path);
      const items = answer.json?.items as { caseNumber: string }[] | undefined;
      matrix.actual[cell] = isRefusal(answer)
        ? refusal(answer, expect)
        : !Array.isArray(items)
          ? `${answer.status}, no list`
          : `${answer.status}, ${items.some((c) => c.caseNumber === caseNumber) ? 'listed' : 'not listed'}`;
    }),
  );
  matrix.expected['signed out'] = words(SIGNED_OUT);
  matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', path), SIGNED_OUT);
  return matrix;
}

// prettier-ignore
const ledgerTable: Table = {
  //            own      above    below      sideways
  clerk:       [LISTED,  LISTED,  UNLISTED,  UNLISTED],
  office_head: [LISTED,  LISTED,  UNLISTED,  UNLISTED],
  handler:     [LISTED,  LISTED,  NONE,      UNLISTED],
  leader:      [LISTED,  LISTED,  UNLISTED,  UNLISTED],
  supervisor:  [NONE,    LISTED,  NONE,      NONE],
  admin:       [NONE,    LISTED,  NONE,      NONE],
};

test('ledger: everyone signed in may read it, but the case is listed only for its own unit and above', async (t) => {
  const caseNumber = await bring(t, 'registered');
  const matrix = await listMatrix(t, ledgerTable, `/api/v1/ledger?caseNumber=${caseNumber}`, caseNumber);
  t.deepEqual(matrix.actual, matrix.expected, 'ledger, by role@position');
});

// prettier-ignore
const casePageTable: Table = {
  //            own      above    below    sideways
  clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
  office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
  handler:     [ALLOW,   ALLOW,   NONE,    HIDDEN],
  leader:      [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
  supervisor:  [NONE,    ALLOW,   NONE,    NONE],
  admin:       [NONE,    ALLOW,   NONE,    NONE],
};

test("case page: anyone of the case's unit or above may open it; below and sideways it does not exist (404)", async (t) => {
  const caseNumber = await bring(t, 'registered');
  const path = `/api/v1/staff/cases/${caseNumber}`;
  const matrix = matrixOf(t, casePageTable);
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      const answer = await person.session.get(path);
      matrix.actual[cell] = isRefusal(answer)
        ? refusal(answer, expect)
        : answer.json?.case?.caseNumber === caseNumber
          ? 'allowed'
          : `${answer.status}, without the case`;
    }),
  );
  matrix.expected['signed out'] = words(SIGNED_OUT);
  matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', path), SIGNED_OUT);
  t.deepEqual(matrix.actual, matrix.expected, 'case page, by role@position');
});

// prettier-ignore
const intakeTable: Table = {
  //            own      above    below            sideways
  clerk:       [ALLOW,   ALLOW,   OUTSIDE,         OUTSIDE],
  office_head: [ALLOW,   ALLOW,   OUTSIDE,         OUTSIDE],
  handler:     [ROLE,    ROLE,    NONE,            ROLE_OR_OUTSIDE],
  leader:      [ROLE,    ROLE,    ROLE_OR_OUTSIDE, ROLE_OR_OUTSIDE],
  supervisor:  [NONE,    ROLE,    NONE,            NONE],
  admin:       [NONE,    ROLE,    NONE,            NONE],
};

test('office intake: only clerk and office head may register a visit, letter or call, and only for their unit or below (城关镇 here); others are refused', async (t) => {
  const petition = () => ({ channel: 'visit', ...aPetition({ unitCode: township, place: '东湖县城关镇' }) });
  const matrix = matrixOf(t, intakeTable);
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      const answer = await person.session.post('/api/v1/staff/petitions', petition());
      matrix.actual[cell] = isRefusal(answer)
        ? refusal(answer, expect)
        : answer.status === 201 && /^QL\d{4}-\d{6,}$/.test(String(answer.json.caseNumber))
          ? 'allowed'
          : `${answer.status} ${answer.text}`;
    }),
  );
  matrix.expected['signed out'] = words(SIGNED_OUT);
  matrix.actual['signed out'] = refusal(
    await signedOut(t, 'POST', '/api/v1/staff/petitions', petition()),
    SIGNED_OUT,
  );
  t.deepEqual(matrix.actual, matrix.expected, 'office intake, by role@position');
});

// prettier-ignore
const departmentQueueTable: Table = {
  //            own       above     below     sideways
  clerk:       [UNLISTED, UNLISTED, UNLISTED, UNLISTED],
  office_head: [UNLISTED, UNLISTED, UNLISTED, UNLISTED],
  handler:     [LISTED,   UNLISTED, NONE,     UNLISTED],
  leader:      [UNLISTED, UNLISTED, UNLISTED, UNLISTED],
  supervisor:  [NONE,     UNLISTED, NONE,     NONE],
  admin:       [NONE,     UNLISTED, NONE,     NONE],
};

test('department queue: everyone signed in may read theirs; the case is listed only for the department it was dispatched to', async (t) => {
  const caseNumber = await bring(t, 'in_handling');
  const matrix = await listMatrix(t, departmentQueueTable, '/api/v1/queues/department', caseNumber);
  t.deepEqual(matrix.actual, matrix.expected, 'department queue, by role@position');
});

// prettier-ignore
const escalationQueueTable: Table = {
  //            own       above     below     sideways
  clerk:       [UNLISTED, UNLISTED, UNLISTED, UNLISTED],
  office_head: [UNLISTED, UNLISTED, UNLISTED, UNLISTED],
  handler:     [UNLISTED, UNLISTED, NONE,     UNLISTED],
  leader:      [UNLISTED, UNLISTED, UNLISTED, UNLISTED],
  supervisor:  [NONE,     UNLISTED, NONE,     NONE],
  admin:       [NONE,     UNLISTED, NONE,     NONE],
};

test("escalation queue: everyone signed in may read their unit's (a fresh case has escalated nowhere)", async (t) => {
  const caseNumber = await bring(t, 'registered');
  const matrix = await listMatrix(t, escalationQueueTable, '/api/v1/queues/escalations', caseNumber);
  t.deepEqual(matrix.actual, matrix.expected, 'escalation queue, by role@position');
});

// prettier-ignore
const adminCalendarTable: Table = {
  //            own      above    below    sideways
  clerk:       [ROLE,    ROLE,    ROLE,    ROLE],
  office_head: [ROLE,    ROLE,    ROLE,    ROLE],
  handler:     [ROLE,    ROLE,    NONE,    ROLE],
  leader:      [ROLE,    ROLE,    ROLE,    ROLE],
  supervisor:  [NONE,    ROLE,    NONE,    NONE],
  admin:       [NONE,    ALLOW,   NONE,    NONE],
};

test('admin calendar: only the administrator may open it; everyone else is refused (403)', async (t) => {
  const path = '/api/v1/admin/calendar';
  const matrix = matrixOf(t, adminCalendarTable, { 'office_head@city': ROLE });
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      const answer = await person.session.get(path);
      matrix.actual[cell] = isRefusal(answer)
        ? refusal(answer, expect)
        : Array.isArray(answer.json?.years)
          ? 'allowed'
          : `${answer.status}, without the years`;
    }),
  );
  matrix.expected['signed out'] = words(SIGNED_OUT);
  matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', path), SIGNED_OUT);
  t.deepEqual(matrix.actual, matrix.expected, 'admin calendar, by role@position');
});

// prettier-ignore
const autoTriageTable: Table = {
  //            own      above    below    sideways
  clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
  office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
  handler:     [ROLE,    ROLE,    NONE,    ROLE],
  leader:      [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
  supervisor:  [NONE,    ALLOW,   NONE,    NONE],
  admin:       [NONE,    ROLE,    NONE,    NONE],
};

test("automatic triage (自动研判): the offices, leaders and supervisor of the case's unit or above read it; departments and the administrator are refused (403); below and sideways the case does not exist (404)", async (t) => {
  const caseNumber = await bring(t, 'registered');
  const path = `/api/v1/staff/cases/${caseNumber}/auto-triage`;
  const matrix = matrixOf(t, autoTriageTable);
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      const answer = await person.session.get(path);
      matrix.actual[cell] = isRefusal(answer)
        ? refusal(answer, expect)
        : Array.isArray(answer.json?.related)
          ? 'allowed'
          : `${answer.status}, without the related cases`;
    }),
  );
  matrix.expected['signed out'] = words(SIGNED_OUT);
  matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', path), SIGNED_OUT);
  t.deepEqual(matrix.actual, matrix.expected, 'automatic triage, by role@position');
});

// prettier-ignore
const clustersTable: Table = {
  //            own      above    below    sideways
  clerk:       [ALLOW,   ALLOW,   ALLOW,   ALLOW],
  office_head: [ALLOW,   ALLOW,   ALLOW,   ALLOW],
  handler:     [ROLE,    ROLE,    NONE,    ROLE],
  leader:      [ALLOW,   ALLOW,   ALLOW,   ALLOW],
  supervisor:  [NONE,    ALLOW,   NONE,    NONE],
  admin:       [NONE,    ROLE,    NONE,    NONE],
};

test('report clusters (线索聚类): the offices, leaders and supervisors read those of their own jurisdiction; departments and the administrator are refused (403)', async (t) => {
  const path = '/api/v1/staff/auto-triage/clusters';
  const matrix = matrixOf(t, clustersTable);
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      const answer = await person.session.get(path);
      matrix.actual[cell] = isRefusal(answer)
        ? refusal(answer, expect)
        : Array.isArray(answer.json?.people) && Array.isArray(answer.json?.units)
          ? 'allowed'
          : `${answer.status}, without clusters`;
    }),
  );
  matrix.expected['signed out'] = words(SIGNED_OUT);
  matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', path), SIGNED_OUT);
  t.deepEqual(matrix.actual, matrix.expected, 'report clusters, by role@position');
});

// ---------------------------------------------------------------------------
// Written notices (文书): the petition office's clerk and head of the case's unit or
// above; the case does not exist below or sideways; every other role is refused.

// prettier-ignore
const writtenNoticesTable: Table = {
  //            own      above    below    sideways
  clerk:       [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
  office_head: [ALLOW,   ALLOW,   HIDDEN,  HIDDEN],
  handler:     [ROLE,    ROLE,    NONE,    ROLE],
  leader:      [ROLE,    ROLE,    ROLE,    ROLE],
  supervisor:  [NONE,    ROLE,    NONE,    NONE],
  admin:       [NONE,    ROLE,    NONE,    NONE],
};

/** An accepted case with its acceptance notice issued by the township's clerk: the notice's path. */
async function withAcceptanceNotice(
  t: ExecutionContext<MatrixContext>,
): Promise<{ caseNumber: string; id: number }> {
  const caseNumber = await bring(t, 'accepted', 'without_email');
  const issued = await t.context.people
    .get('clerk@own')!
    .session.post(`/api/v1/staff/cases/${caseNumber}/written-notices/acceptance`, {});
  if (issued.status !== 201) throw new Error(`issuing: ${issued.status} ${issued.text}`);
  return { caseNumber, id: issued.json.id as number };
}

test("written notices: the clerk and office head of the case's unit or above list, issue (one number for everyone) and download them; below and sideways the case does not exist; other roles are refused", async (t) => {
  const caseNumber = await bring(t, 'accepted');
  const base = `/api/v1/staff/cases/${caseNumber}/written-notices`;
  const numbers = new Set<string>();
  const matrix = matrixOf(t, writtenNoticesTable);
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      const listed = await person.session.get(base);
      const issued = await person.session.post(`${base}/acceptance`, {});
      if (isRefusal(listed) || isRefusal(issued)) {
        const first = isRefusal(listed) ? listed : issued;
        const same = listed.status === issued.status;
        matrix.actual[cell] =
          `${refusal(first, expect)}${same ? '' : ` (list ${listed.status}, issue ${issued.status})`}`;
        return;
      }
      numbers.add(String(issued.json.documentNumber));
      const file = await person.session.fetch(`${base}/${String(issued.json.id)}/pdf`);
      matrix.actual[cell] =
        Array.isArray(listed.json?.available) && file.status === 200
          ? 'allowed'
          : `list ${listed.status}, download ${file.status}`;
    }),
  );
  matrix.expected['signed out'] = words(SIGNED_OUT);
  matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', base), SIGNED_OUT);
  t.deepEqual(matrix.actual, matrix.expected, 'written notices, by role@position');
  t.is(numbers.size, 1, `one document number for the case's acceptance notice: ${[...numbers].join(', ')}`);
});

test("written notice delivery: the clerk and office head of the case's unit or above record it; below and sideways the case does not exist; other roles are refused", async (t) => {
  const shared = await withAcceptanceNotice(t);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const matrix = matrixOf(t, writtenNoticesTable);
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      // Each allowed person delivers a notice of their own: a delivery is recorded once.
      const { caseNumber, id } = expect.kind === 'allow' ? await withAcceptanceNotice(t) : shared;
      const answer = await person.session.post(
        `/api/v1/staff/cases/${caseNumber}/written-notices/${id}/delivery`,
        { method: 'post', deliveredOn: today },
      );
      matrix.actual[cell] = isRefusal(answer)
        ? refusal(answer, expect)
        : (answer.json.delivery as { method?: string } | null)?.method === 'post'
          ? 'allowed'
          : `${answer.status} ${answer.text}`;
    }),
  );
  t.deepEqual(matrix.actual, matrix.expected, 'written notice delivery, by role@position');
  const untouched = await t.context.people
    .get('clerk@own')!
    .session.get(`/api/v1/staff/cases/${shared.caseNumber}/written-notices`);
  t.is(untouched.json.notices[0].delivery, null, 'refusals record no delivery');
});

test('written notice templates: only the administrator may read and save them; everyone else is refused (403)', async (t) => {
  const path = '/api/v1/admin/written-notices/templates';
  const body = { body: '{{caseNumber}}：因{{reason}}，延长{{extensionDays}}日。' };
  const matrix = matrixOf(t, adminCalendarTable, { 'office_head@city': ROLE });
  await Promise.all(
    matrix.cells.map(async ({ cell, expect, person }) => {
      const read = await person.session.get(path);
      const saved = await person.session.put(`${path}/extension`, body);
      matrix.actual[cell] = isRefusal(read)
        ? `${refusal(read, expect)}${saved.status === read.status ? '' : ` (save ${saved.status})`}`
        : Array.isArray(read.json?.templates) && saved.status === 200
          ? 'allowed'
          : `read ${read.status}, save ${saved.status}`;
    }),
  );
  matrix.expected['signed out'] = words(SIGNED_OUT);
  matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', path), SIGNED_OUT);
  t.deepEqual(matrix.actual, matrix.expected, 'written notice templates, by role@position');
  await t.context.people.get('admin@above')!.session.delete(`${path}/extension`);
});

// ---------------------------------------------------------------------------
// Administration (系统管理): the unit tree, departments, staff and the log. Only
// administrators, and only within their own subtree; a switched-off one at once not at all.

/** Every administration endpoint with a body that would be valid, aimed at `target` (a unit id, a department id, a person id). */
const administrationWrites = (target: { unitId: number; departmentId: number; staffId: number }) =>
  [
    [
      'POST',
      '/api/v1/admin/units',
      { parentId: target.unitId, code: '990199', name: '新县', level: 'county' },
    ],
    ['PATCH', `/api/v1/admin/units/${target.unitId}`, { name: '改名' }],
    ['POST', `/api/v1/admin/units/${target.unitId}/move`, { parentId: target.unitId }],
    ['POST', `/api/v1/admin/units/${target.unitId}/deactivate`, {}],
    ['DELETE', `/api/v1/admin/units/${target.unitId}`, undefined],
    ['POST', `/api/v1/admin/units/${target.unitId}/departments`, { code: 'xx', name: '新部门' }],
    ['PATCH', `/api/v1/admin/departments/${target.departmentId}`, { name: '改名' }],
    ['POST', `/api/v1/admin/departments/${target.departmentId}/deactivate`, {}],
    [
      'POST',
      '/api/v1/admin/staff',
      { email: 'new@example.cn', name: '新人', unitId: target.unitId, roles: ['clerk'] },
    ],
    ['PUT', `/api/v1/admin/staff/${target.staffId}/roles`, { roles: ['clerk'] }],
    ['POST', `/api/v1/admin/staff/${target.staffId}/reset-password`, {}],
    ['POST', `/api/v1/admin/staff/${target.staffId}/unlock`, {}],
    ['POST', `/api/v1/admin/staff/${target.staffId}/deactivate`, {}],
  ] as const;
const administrationReads = [
  '/api/v1/admin/units',
  '/api/v1/admin/staff',
  '/api/v1/admin/log',
  '/api/v1/admin/log.xlsx',
  '/api/v1/admin/audit',
  '/api/v1/admin/audit.xlsx',
  '/api/v1/admin/audit.csv',
];

/** A request of any method as `session` makes it. */
async function asPerson(
  app: TestApp,
  session: StaffSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'accept-language': 'zh-CN',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

test('administration: only an administrator reads the unit tree, the staff, the log and the audit trail; everyone else is refused (403)', async (t) => {
  for (const path of administrationReads) {
    const matrix = matrixOf(t, adminCalendarTable, { 'office_head@city': ROLE });
    await Promise.all(
      matrix.cells.map(async ({ cell, expect, person }) => {
        const answer = await person.session.fetch(path);
        const json: unknown = answer.headers.get('content-type')?.includes('json')
          ? await answer.json()
          : undefined;
        matrix.actual[cell] = isRefusal(answer)
          ? refusal({ status: answer.status, json }, expect)
          : answer.status === 200
            ? 'allowed'
            : `${answer.status}`;
      }),
    );
    matrix.expected['signed out'] = words(SIGNED_OUT);
    matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', path), SIGNED_OUT);
    t.deepEqual(matrix.actual, matrix.expected, `${path}, by role@position`);
  }
});

test('administration: every change is refused to non-administrators (403), to an administrator for anything outside their subtree (403), and to a switched-off administrator (401)', async (t) => {
  const { app, services } = t.context;
  const em = app.orm.em.fork();
  const cityUnit = await em.findOneOrFail(Unit, { code: city });
  const countyUnit = await em.findOneOrFail(Unit, { code: county });
  const cityHead = await em.findOneOrFail(StaffMember, { email: demoAccount.officeHead(city) });
  const cityDepartment = await em.findOneOrFail(Department, { unit: cityUnit.id });
  const outside = {
    unitId: cityUnit.id,
    departmentId: cityDepartment.id,
    staffId: cityHead.id,
  };

  const refusedAll: Record<string, string> = {};
  for (const [cell, person] of t.context.people) {
    if (cell.startsWith('admin@')) continue;
    for (const [method, path, body] of administrationWrites(outside)) {
      const answer = await asPerson(app, person.session, method, path, body);
      if (answer.status !== 403) refusedAll[`${cell} ${method} ${path}`] = `${answer.status}`;
    }
  }
  t.deepEqual(refusedAll, {}, 'every non-administrator is refused every change');

  // The province's administrator makes an administrator for the county, who reaches nothing above it.
  const province = t.context.people.get('admin@above')!.session;
  const invited = await province.post('/api/v1/admin/staff', {
    email: 'admin.county@example.cn',
    name: '县管理员',
    unitId: countyUnit.id,
    roles: ['admin'],
  });
  t.is(invited.status, 201, invited.text);
  const mail = await eventually(async () =>
    services.smtp.received.find((m) => JSON.stringify(m.to).includes('admin.county@example.cn')),
  );
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
  const accepted = await postJson(`${app.baseUrl}/api/v1/session/link/password`, {
    token,
    password: 'copper-kettle-meadow-sixteen',
  });
  t.is(accepted.status, 200, accepted.text);
  const countyAdmin = await signIn(app.baseUrl, 'admin.county@example.cn', 'copper-kettle-meadow-sixteen');
  const beyond: Record<string, string> = {};
  for (const [method, path, body] of administrationWrites(outside)) {
    const answer = await asPerson(app, countyAdmin, method, path, body);
    const code = (answer.json as { error?: { code?: string } } | undefined)?.error?.code;
    if (answer.status !== 403 || !['outside_subtree', 'own_unit'].includes(code ?? ''))
      beyond[`${method} ${path}`] = `${answer.status} ${code}`;
  }
  t.deepEqual(beyond, {}, "the county's administrator is refused everything about the city above");
  t.is(
    (await countyAdmin.get('/api/v1/admin/units')).json.items.every((u: { code: string }) =>
      u.code.startsWith(county),
    ),
    true,
  );

  const countyAdminId = (await em.findOneOrFail(StaffMember, { email: 'admin.county@example.cn' })).id;
  t.is((await province.post(`/api/v1/admin/staff/${countyAdminId}/deactivate`, {})).status, 204);
  const afterwards: Record<string, number> = {};
  for (const path of administrationReads) afterwards[`GET ${path}`] = (await countyAdmin.fetch(path)).status;
  afterwards['POST /api/v1/admin/units'] = (
    await asPerson(app, countyAdmin, 'POST', '/api/v1/admin/units', {})
  ).status;
  t.deepEqual(
    Object.values(afterwards),
    Object.keys(afterwards).map(() => 401),
    JSON.stringify(afterwards),
  );
  t.is(Object.keys(afterwards).length, administrationReads.length + 1);
});

// ---------------------------------------------------------------------------
// The complainant's identity (信访人身份): who may reveal it, field by field, without
// and with a grant. Its own positions, because identity follows the registering unit,
// the handling department and whom the petition complains about (Art. 30):
//   registering  城关镇, which registered the case (handler: 990101001-ny, not handling it)
//   above        东湖县 and up, as in the grid above
//   below        新桥村
//   sideways     柳溪乡
//   handling     990101001-zz, the department the case is dispatched to
//   accused      城关镇's people again, on a 新桥村 case that complains about 城关镇

const identityPositions = ['registering', 'above', 'below', 'sideways', 'handling', 'accused'] as const;
type IdentityPosition = (typeof identityPositions)[number];
const identityFieldNames = ['name', 'phone', 'email', 'idNumber', 'address'] as const;

/** The identity every case here carries, each field distinct so a leak of any one is seen. */
const complainantIdentity = {
  name: '钱学明',
  phone: '13600000002',
  email: 'qianxueming@example.cn',
  idNumber: '110101198501011234',
  address: '东湖县城关镇新桥村5组8号',
} as const;

type IdentityExpect =
  /** 200 with all five fields. */
  | { kind: 'sees' }
  /** 403: the case is open to them, the identity is not. */
  | { kind: 'not_granted' }
  /** 404: the case does not exist for them (jurisdiction, or Art. 30). */
  | { kind: 'hidden' }
  | { kind: 'none' };

const SEES: IdentityExpect = { kind: 'sees' };
const NOT_GRANTED: IdentityExpect = { kind: 'not_granted' };
const NO_CASE: IdentityExpect = { kind: 'hidden' };
const NOBODY: IdentityExpect = { kind: 'none' };

/** Columns: registering, above, below, sideways, handling, accused. */
type IdentityTable = Record<
  Role,
  readonly [IdentityExpect, IdentityExpect, IdentityExpect, IdentityExpect, IdentityExpect, IdentityExpect]
>;

// prettier-ignore
const identityWithoutGrant: IdentityTable = {
  //            registering   above         below    sideways  handling      accused
  clerk:       [SEES,         NOT_GRANTED,  NO_CASE, NO_CASE,  NOBODY,       NO_CASE],
  office_head: [SEES,         NOT_GRANTED,  NO_CASE, NO_CASE,  NOBODY,       NO_CASE],
  handler:     [NOT_GRANTED,  NOT_GRANTED,  NOBODY,  NO_CASE,  NOT_GRANTED,  NO_CASE],
  leader:      [NOT_GRANTED,  NOT_GRANTED,  NO_CASE, NO_CASE,  NOBODY,       NO_CASE],
  supervisor:  [NOBODY,       NOT_GRANTED,  NOBODY,  NOBODY,   NOBODY,       NOBODY],
  admin:       [NOBODY,       NOT_GRANTED,  NOBODY,  NOBODY,   NOBODY,       NOBODY],
};

/** Each person granted by name (handlers through their department) by the registering office head. */
// prettier-ignore
const identityWithGrant: IdentityTable = {
  //            registering   above         below    sideways  handling      accused
  clerk:       [SEES,         SEES,         NO_CASE, NO_CASE,  NOBODY,       NO_CASE],
  office_head: [SEES,         SEES,         NO_CASE, NO_CASE,  NOBODY,       NO_CASE],
  handler:     [SEES,         SEES,         NOBODY,  NO_CASE,  SEES,         NO_CASE],
  leader:      [SEES,         SEES,         NO_CASE, NO_CASE,  NOBODY,       NO_CASE],
  supervisor:  [NOBODY,       SEES,         NOBODY,  NOBODY,   NOBODY,       NOBODY],
  admin:       [NOBODY,       SEES,         NOBODY,  NOBODY,   NOBODY,       NOBODY],
};

/** The signed-in grid cell standing at an identity position, or the one extra person it needs. */
function identityCellOf(role: Role, position: IdentityPosition): string | null {
  switch (position) {
    case 'registering':
      return role === 'handler' ? 'handler@registering' : `${role}@own`;
    case 'above':
    case 'below':
    case 'sideways':
      return `${role}@${position}`;
    case 'handling':
      return role === 'handler' ? 'handler@own' : null;
    case 'accused':
      return `${role}@own`;
  }
}

/** Cells a table checks: every person it names times every field (NONE cells name nobody). */
const identityCellCount = (table: IdentityTable) =>
  roles.reduce((sum, role) => sum + table[role].filter((e) => e.kind !== 'none').length, 0) *
  identityFieldNames.length;
const identityCells = identityCellCount(identityWithoutGrant) + identityCellCount(identityWithGrant);

/** A named petition with the full identity, registered by an office, optionally naming the accused. */
async function registerWithIdentity(
  t: ExecutionContext<MatrixContext>,
  session: StaffSession,
  unitCode: string,
  accused?: { unitCode: string },
): Promise<string> {
  const answer = await session.post('/api/v1/staff/petitions', {
    channel: 'visit',
    ...aPetition({ unitCode, place: '东湖县城关镇', complainant: complainantIdentity }),
    ...(accused ? { accused } : {}),
  });
  if (answer.status !== 201) throw new Error(`registration refused: ${answer.status} ${answer.text}`);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () => {
    const state = await caseState(t.context.app.temporal, caseNumber);
    return state?.status === 'registered' ? true : undefined;
  }, 60_000);
  return caseNumber;
}

const auditCount = async (t: ExecutionContext<MatrixContext>, caseNumber: string, staffId: number) => {
  const rows = await t.context.app.orm.em
    .fork()
    .getConnection()
    .execute<{ action: string; count: number }[]>(
      'select action, count(*)::int as count from identity_audit where case_number = ? and staff_id = ? group by action',
      [caseNumber, staffId],
    );
  return Object.fromEntries(rows.map((r) => [r.action, r.count])) as Record<string, number>;
};

const identityWords = (expect: IdentityExpect, field: string): string => {
  switch (expect.kind) {
    case 'sees':
      return `${field} shown, one view recorded`;
    case 'not_granted':
      return `403 identity_not_granted, ${field} not shown, one refusal recorded`;
    case 'hidden':
      return `404 case_not_found, ${field} not shown, one refusal recorded`;
    case 'none':
      return 'n/a (no such person)';
  }
};

test(`identity: who may reveal the complainant's identity, by role, position and field, without and with a grant (${identityCells} cells)`, async (t) => {
  const { app } = t.context;
  t.log(`identity matrix: ${identityCells} cells (role × position × field × grant)`);
  const people = new Map(t.context.people);
  const ny = await signIn(app.baseUrl, demoAccount.handler(`${township}-ny`));
  people.set('handler@registering', {
    session: ny,
    staffId: (await ny.get('/api/v1/session')).json.staff.id as number,
  });

  const townshipHead = people.get('office_head@own')!;
  const villageHead = people.get('office_head@below')!;
  const mainCase = await registerWithIdentity(t, people.get('clerk@own')!.session, township);
  await step(t, mainCase, 'clerk@own', 'triage', { decision: 'accept' }, 'accepted');
  await step(t, mainCase, 'clerk@own', 'dispatch', { departmentId: t.context.departmentId }, 'in_handling');
  const accusedCase = await registerWithIdentity(t, people.get('clerk@below')!.session, village, {
    unitCode: township,
  });
  const caseAt = (position: IdentityPosition) => (position === 'accused' ? accusedCase : mainCase);

  const departments = new Map(
    (await app.orm.em.fork().find(StaffMember, {}, { populate: ['department'] })).map(
      (m) => [m.id, m.department?.id ?? null] as const,
    ),
  );

  const run = async (table: IdentityTable, phase: string) => {
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const role of roles) {
      for (const [i, position] of identityPositions.entries()) {
        const expect = table[role][i]!;
        const cell = identityCellOf(role, position);
        const person = cell ? people.get(cell) : undefined;
        const name = `${phase} ${role}@${position}`;
        if (!person || expect.kind === 'none') {
          expected[name] = identityWords(expect, '*');
          actual[name] = person
            ? 'this person exists: the table must say what they get'
            : identityWords(NOBODY, '*');
          continue;
        }
        const caseNumber = caseAt(position);
        const before = await auditCount(t, caseNumber, person.staffId);
        const answer = await person.session.post(`/api/v1/staff/cases/${caseNumber}/identity`, {
          reason: '核实信访人身份',
        });
        const after = await auditCount(t, caseNumber, person.staffId);
        const views = (after.identity_view ?? 0) - (before.identity_view ?? 0);
        const refusals = (after.identity_view_refused ?? 0) - (before.identity_view_refused ?? 0);
        const shown = (answer.json?.identity ?? {}) as Record<string, string | null>;
        const leaked = (value: string) => answer.text.includes(value);
        for (const field of identityFieldNames) {
          expected[`${name} ${field}`] = identityWords(expect, field);
          const recorded =
            views === 1 && refusals === 0
              ? 'one view recorded'
              : views === 0 && refusals === 1
                ? 'one refusal recorded'
                : `${views} views and ${refusals} refusals recorded`;
          actual[`${name} ${field}`] =
            answer.status === 200
              ? shown[field] === complainantIdentity[field]
                ? `${field} shown, ${recorded}`
                : `200, but ${field} is ${JSON.stringify(shown[field])}`
              : `${refusal(answer, { kind: 'refuse', status: 403, codes: [] })}, ${
                  leaked(complainantIdentity[field]) ? `${field} LEAKED` : `${field} not shown`
                }, ${recorded}`;
        }
      }
    }
    return { expected, actual };
  };

  const without = await run(identityWithoutGrant, 'no grant');
  t.deepEqual(without.actual, without.expected, 'identity without a grant, by role@position and field');

  // Grant everyone we can name; the accused and those outside the case are refused the grant itself.
  const grantAnswers: Record<string, string> = {};
  const grantExpected: Record<string, string> = {};
  for (const role of roles) {
    for (const [i, position] of identityPositions.entries()) {
      const cell = identityCellOf(role, position);
      const person = cell ? people.get(cell) : undefined;
      const expect = identityWithGrant[role][i]!;
      if (!person || expect.kind === 'none') continue;
      const grantor = position === 'accused' ? villageHead : townshipHead;
      const departmentId = role === 'handler' ? departments.get(person.staffId) : undefined;
      const answer = await grantor.session.post(
        `/api/v1/staff/cases/${caseAt(position)}/identity-grants`,
        departmentId
          ? { departmentId, reason: '工作需要联系信访人' }
          : { staffId: person.staffId, reason: '工作需要联系信访人' },
      );
      grantAnswers[`${role}@${position}`] = `${answer.status} ${answer.json?.error?.code ?? ''}`.trim();
      grantExpected[`${role}@${position}`] = expect.kind === 'hidden' ? '422 grantee_out_of_reach' : '201';
    }
  }
  t.deepEqual(grantAnswers, grantExpected, 'grants: only people who can open the case, never the accused');

  const withGrant = await run(identityWithGrant, 'granted');
  t.deepEqual(withGrant.actual, withGrant.expected, 'identity with a grant, by role@position and field');
});

// ---------------------------------------------------------------------------
// 系统管理 (issue 16): deadline policy versions, the power list, the org chart import
// (administrators), clearance campaigns (office heads). Beside the grid: an administrator
// of another subtree (柳溪乡, sideways) and a deactivated administrator of the top unit.

/** 403: the deadline policy is drafted by the top unit's administrators only. */
const TOP_ONLY: Refuse = { kind: 'refuse', status: 403, codes: ['policy_top_level_only'] };
/** 403: the unit is outside the administrator's subtree. */
const OUTSIDE_SUBTREE: Refuse = { kind: 'refuse', status: 403, codes: ['out_of_jurisdiction'] };
/** 422: a file naming units outside the administrator's subtree imports nothing. */
const ROWS_OUTSIDE: Refuse = { kind: 'refuse', status: 422, codes: ['import_rows_invalid'] };

interface AdministrationCells {
  /** 柳溪乡's administrator: another subtree than 城关镇's. */
  sidewaysAdmin: StaffSession;
  /** The province's second administrator, switched off after signing in. */
  deactivatedAdmin: StaffSession;
}

let administrationCells: Promise<AdministrationCells> | undefined;

/** The two administrators beside the grid, made once for the tests below. */
function administrators(t: ExecutionContext<MatrixContext>): Promise<AdministrationCells> {
  administrationCells ??= (async () => {
    const { app } = t.context;
    const sideways = await anAdministrator(app, sideTownship, 'admin.sideways@test.qingling.local');
    const deactivated = await anAdministrator(app, province, 'admin.deactivated@test.qingling.local');
    const cells = {
      sidewaysAdmin: await signIn(app.baseUrl, sideways),
      deactivatedAdmin: await signIn(app.baseUrl, deactivated),
    };
    await app.orm.em.fork().nativeUpdate(StaffMember, { email: deactivated }, { active: false });
    return cells;
  })();
  return administrationCells;
}

interface AdministrationSpec {
  title: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** The request each cell sends: a fresh body per call where a body must be unique. */
  send: (session: StaffSession, i: number) => Promise<Answer>;
  /** What an allowed answer must show. */
  allowed: (answer: Answer) => boolean;
  table: Table;
  sidewaysAdmin: Expect;
  extra?: Partial<Record<ExtraCell, Expect>>;
}

const adminOnly = (admin: Expect): Table => ({
  clerk: [ROLE, ROLE, ROLE, ROLE],
  office_head: [ROLE, ROLE, ROLE, ROLE],
  handler: [ROLE, ROLE, NONE, ROLE],
  leader: [ROLE, ROLE, ROLE, ROLE],
  supervisor: [NONE, ROLE, NONE, NONE],
  admin: [NONE, admin, NONE, NONE],
});

const json = (answer: Answer) => (answer.json ?? {}) as Record<string, unknown>;
const orgChartFile = orgChartCsv([
  unitRow('990101001009', '矩阵村', township, '村'),
  staffRow('matrix.clerk@test.qingling.local', '矩阵', '990101001009', '信访干部'),
]);

const administrationSpecs: AdministrationSpec[] = [
  {
    title: 'policy versions: every administrator reads them; others are refused',
    method: 'GET',
    path: '/api/v1/admin/policies',
    send: (s) => s.get('/api/v1/admin/policies'),
    allowed: (a) => Array.isArray(json(a).policies),
    table: adminOnly(ALLOW),
    sidewaysAdmin: ALLOW,
  },
  {
    title:
      'policy drafts: only an administrator of the top unit drafts; another subtree’s administrator and others are refused',
    method: 'POST',
    path: '/api/v1/admin/policy-drafts',
    send: (s, i) => s.post('/api/v1/admin/policy-drafts', { version: `matrix-${Date.now()}-${i}` }),
    allowed: (a) => a.status === 201,
    table: adminOnly(ALLOW),
    sidewaysAdmin: TOP_ONLY,
  },
  {
    title:
      'power list: administrators of 城关镇’s subtree read it; another subtree’s administrator and others are refused',
    method: 'GET',
    path: `/api/v1/admin/power-list/${township}`,
    send: (s) => s.get(`/api/v1/admin/power-list/${township}`),
    allowed: (a) => Array.isArray(json(a).targets),
    table: adminOnly(ALLOW),
    sidewaysAdmin: OUTSIDE_SUBTREE,
  },
  {
    title:
      'power list: administrators of 城关镇’s subtree change it; another subtree’s administrator and others are refused',
    method: 'PUT',
    path: `/api/v1/admin/power-list/${township}`,
    send: (s) => s.put(`/api/v1/admin/power-list/${township}`, { entries: [] }),
    allowed: (a) => Array.isArray(json(a).entries),
    table: adminOnly(ALLOW),
    sidewaysAdmin: OUTSIDE_SUBTREE,
  },
  {
    title: 'org chart template: administrators download it; others are refused',
    method: 'GET',
    path: '/api/v1/admin/org-chart/import-template?format=csv',
    send: async (s) => {
      const response = await s.fetch('/api/v1/admin/org-chart/import-template?format=csv');
      const text = await response.text();
      return { status: response.status, json: response.ok ? { text } : JSON.parse(text) };
    },
    allowed: (a) => String(json(a).text).includes('类型'),
    table: adminOnly(ALLOW),
    sidewaysAdmin: ALLOW,
  },
  {
    title:
      'org chart import: administrators import within their subtree; another subtree’s administrator imports nothing; others are refused',
    method: 'POST',
    path: '/api/v1/admin/org-chart/imports',
    send: (s) =>
      s.upload('/api/v1/admin/org-chart/imports', 'file', { name: 'matrix.csv', content: orgChartFile }),
    allowed: (a) => a.status === 201 || a.status === 200,
    table: adminOnly(ALLOW),
    sidewaysAdmin: ROWS_OUTSIDE,
  },
  {
    title: 'campaigns: office heads read those around their unit; others are refused',
    method: 'GET',
    path: '/api/v1/staff/campaigns',
    send: (s) => s.get('/api/v1/staff/campaigns'),
    allowed: (a) => Array.isArray(json(a).campaigns),
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ROLE,    ROLE,    ROLE,    ROLE],
      office_head: [ALLOW,   ALLOW,   ALLOW,   ALLOW],
      handler:     [ROLE,    ROLE,    NONE,    ROLE],
      leader:      [ROLE,    ROLE,    ROLE,    ROLE],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
    sidewaysAdmin: ROLE,
    extra: { 'office_head@city': ALLOW },
  },
  {
    title: 'campaigns: office heads start one for their subtree; others are refused',
    method: 'POST',
    path: '/api/v1/staff/campaigns',
    send: (s) =>
      s.post('/api/v1/staff/campaigns', {
        name: '矩阵清零',
        targetDate: new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10),
      }),
    allowed: (a) => a.status === 201,
    // prettier-ignore
    table: {
      //            own      above    below    sideways
      clerk:       [ROLE,    ROLE,    ROLE,    ROLE],
      office_head: [ALLOW,   ALLOW,   ALLOW,   ALLOW],
      handler:     [ROLE,    ROLE,    NONE,    ROLE],
      leader:      [ROLE,    ROLE,    ROLE,    ROLE],
      supervisor:  [NONE,    ROLE,    NONE,    NONE],
      admin:       [NONE,    ROLE,    NONE,    NONE],
    },
    sidewaysAdmin: ROLE,
    extra: { 'office_head@city': ALLOW },
  },
];

for (const spec of administrationSpecs) {
  test(spec.title, async (t) => {
    const { sidewaysAdmin, deactivatedAdmin } = await administrators(t);
    const matrix = matrixOf(t, spec.table, spec.extra);
    const outcome = (answer: Answer, expect: Expect) =>
      isRefusal(answer)
        ? refusal(answer, expect)
        : spec.allowed(answer)
          ? 'allowed'
          : `${answer.status}, not what it should show`;
    await Promise.all(
      matrix.cells.map(async ({ cell, expect, person }, i) => {
        matrix.actual[cell] = outcome(await spec.send(person.session, i), expect);
      }),
    );
    matrix.expected['admin of another subtree'] = words(spec.sidewaysAdmin);
    matrix.actual['admin of another subtree'] = outcome(
      await spec.send(sidewaysAdmin, 900),
      spec.sidewaysAdmin,
    );
    matrix.expected['deactivated admin'] = words(SIGNED_OUT);
    matrix.actual['deactivated admin'] = outcome(await spec.send(deactivatedAdmin, 901), SIGNED_OUT);
    if (spec.method === 'GET') {
      matrix.expected['signed out'] = words(SIGNED_OUT);
      matrix.actual['signed out'] = refusal(await signedOut(t, 'GET', spec.path), SIGNED_OUT);
    }
    t.deepEqual(matrix.actual, matrix.expected, `${spec.method} ${spec.path}, by role@position`);
  });
}
// The discipline channel (检举控告). A report against 城关镇 is registered with 东湖县纪委监委
// (990101-jw). Positions, relative to that body:
//   body        东湖县纪委监委 990101-jw, the body that holds the report
//   above       清源市纪委监委 990100-jw
//   stationed   its 派驻组 at the housing bureau, 990101-jw-zj (below the body, not holding it)
//   accused     城关镇 990101001, the accused township
//   government  东湖县 990101, the county's own government offices

const disciplinePositions = ['body', 'above', 'stationed', 'accused', 'government'] as const;
type DisciplinePosition = (typeof disciplinePositions)[number];
const disciplineRoles = ['clerk', 'office_head', 'leader'] as const;
type DisciplineRole = (typeof disciplineRoles)[number];
const disciplineUnitAt: Record<DisciplinePosition, string> = {
  body: '990101-jw',
  above: '990100-jw',
  stationed: '990101-jw-zj',
  accused: township,
  government: county,
};
/** Columns: body, above, stationed, accused, government. */
type DisciplineTable = Record<DisciplineRole, readonly [Expect, Expect, Expect, Expect, Expect]>;

const disciplineAccount = (role: DisciplineRole, position: DisciplinePosition) =>
  role === 'clerk'
    ? demoAccount.clerk(disciplineUnitAt[position])
    : role === 'office_head'
      ? demoAccount.officeHead(disciplineUnitAt[position])
      : demoAccount.leader(disciplineUnitAt[position]);

const disciplinePeople = new Map<string, StaffSession>();
async function disciplinePerson(
  t: ExecutionContext<MatrixContext>,
  role: DisciplineRole,
  position: DisciplinePosition,
) {
  const cell = `${role}@${position}`;
  if (!disciplinePeople.has(cell)) {
    disciplinePeople.set(cell, await signIn(t.context.app.baseUrl, disciplineAccount(role, position)));
  }
  return disciplinePeople.get(cell)!;
}

type ReportStage = 'registered' | 'accepted' | 'classified';

/** A named report against 城关镇 through the public API, brought to a stage by the body's own office. */
async function bringReport(t: ExecutionContext<MatrixContext>, stage: ReportStage): Promise<string> {
  const { app } = t.context;
  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    {
      ...aPetition({ unitCode: township, place: '东湖县城关镇', kind: 'report', category: 'discipline' }),
      accused: { name: '李建国', position: '党委副书记' },
    },
    headers,
  );
  if (answer.status !== 201) throw new Error(`report refused: ${answer.status} ${answer.text}`);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () => {
    const state = await caseState(app.temporal, caseNumber);
    if (state?.status === 'registered') return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return undefined;
  }, 60_000);
  if (stage === 'registered') return caseNumber;
  const clerk = await disciplinePerson(t, 'clerk', 'body');
  const accepted = await clerk.act(caseNumber, 'triage', { decision: 'accept' });
  if (accepted.status !== 200) throw new Error(`accepting ${caseNumber}: ${accepted.text}`);
  if (stage === 'accepted') return caseNumber;
  const classified = await clerk.act(caseNumber, 'classifyReport', {
    disposal: 'preliminary_verification',
    reason: '反映问题具体',
  });
  if (classified.status !== 200) throw new Error(`classifying ${caseNumber}: ${classified.text}`);
  return caseNumber;
}

/** Every cell of a discipline table, run against its own fresh report where the cell may act. */
async function disciplineMatrix(
  t: ExecutionContext<MatrixContext>,
  table: DisciplineTable,
  probe: (who: StaffSession, caseNumber: string) => Promise<Answer & { text?: string }>,
  fresh: () => Promise<string>,
) {
  const expected: Record<string, string> = {};
  const actual: Record<string, string> = {};
  const shared = await fresh();
  for (const role of disciplineRoles) {
    for (const [i, position] of disciplinePositions.entries()) {
      const expect = table[role][i]!;
      const cell = `${role}@${position}`;
      expected[cell] = words(expect);
      const who = await disciplinePerson(t, role, position);
      const answer = await probe(who, expect.kind === 'allow' ? await fresh() : shared);
      actual[cell] = isRefusal(answer)
        ? refusal(answer, expect)
        : answer.status === 200
          ? 'allowed'
          : `${answer.status}`;
    }
  }
  return { expected, actual };
}

const reportActionSpecs: {
  action: StaffActionName;
  title: string;
  stage: ReportStage;
  body: Record<string, unknown>;
  table: DisciplineTable;
}[] = [
  {
    action: 'classifyReport',
    title:
      'classifyReport: clerk and office head of the discipline body holding the report, or the body above, choose the way of disposal; the accused township and the government never find it',
    stage: 'accepted',
    body: { disposal: 'preliminary_verification', reason: '反映问题具体，具有可查性' },
    // prettier-ignore
    table: {
      //            body     above    stationed  accused  government
      clerk:       [ALLOW,   ALLOW,   HIDDEN,    HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,    HIDDEN,  HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,    HIDDEN,  HIDDEN],
    },
  },
  {
    action: 'concludeReport',
    title:
      'concludeReport: only the office head of the discipline body (or the body above) concludes a report; the accused township and the government never find it',
    stage: 'classified',
    body: { finding: 'substantiated', summary: '经初步核实，反映问题属实', caseOpened: '东纪立〔2026〕1号' },
    // prettier-ignore
    table: {
      //            body     above    stationed  accused  government
      clerk:       [ROLE,    ROLE,    HIDDEN,    HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,    HIDDEN,  HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,    HIDDEN,  HIDDEN],
    },
  },
  {
    action: 'setReportUrgency',
    title:
      'setReportUrgency: clerk and office head of the discipline body (or the body above) mark a report urgent; the accused township and the government never find it',
    stage: 'registered',
    body: { urgent: true, reason: '群众反映强烈' },
    // prettier-ignore
    table: {
      //            body     above    stationed  accused  government
      clerk:       [ALLOW,   ALLOW,   HIDDEN,    HIDDEN,  HIDDEN],
      office_head: [ALLOW,   ALLOW,   HIDDEN,    HIDDEN,  HIDDEN],
      leader:      [ROLE,    ROLE,    HIDDEN,    HIDDEN,  HIDDEN],
    },
  },
];

for (const spec of reportActionSpecs) {
  test(spec.title, async (t) => {
    const { expected, actual } = await disciplineMatrix(
      t,
      spec.table,
      (who, caseNumber) => who.act(caseNumber, spec.action, spec.body),
      () => bringReport(t, spec.stage),
    );
    t.deepEqual(actual, expected, `${spec.action}: by role@position`);
  });
}

test('a petition is not a report: the discipline actions are refused on it (409 not_a_report)', async (t) => {
  const caseNumber = await bring(t, 'in_handling');
  const answer = await t.context.people
    .get('clerk@own')!
    .session.act(caseNumber, 'classifyReport', { disposal: 'close', reason: '没有问题' });
  t.is(refusal(answer, { kind: 'refuse', status: 403, codes: ['not_a_report'] }), '409 not_a_report');
});

// prettier-ignore
const reportPageTable: DisciplineTable = {
  //            body     above    stationed  accused  government
  clerk:       [ALLOW,   ALLOW,   HIDDEN,    HIDDEN,  HIDDEN],
  office_head: [ALLOW,   ALLOW,   HIDDEN,    HIDDEN,  HIDDEN],
  leader:      [ALLOW,   ALLOW,   HIDDEN,    HIDDEN,  HIDDEN],
};

test("report page: the discipline body and the bodies above open it; its 派驻组 below, the accused township and the county's government offices find no such case (404)", async (t) => {
  const caseNumber = await bringReport(t, 'registered');
  const { expected, actual } = await disciplineMatrix(
    t,
    reportPageTable,
    (who) => who.get(`/api/v1/staff/cases/${caseNumber}`),
    async () => caseNumber,
  );
  t.deepEqual(actual, expected, 'report page, by role@position');
});

// prettier-ignore
const reporterIdentityTable: DisciplineTable = {
  //            body                                           above                                          stationed  accused  government
  clerk:       [ALLOW,                                         { kind: 'refuse', status: 403, codes: ['identity_not_granted'] }, HIDDEN, HIDDEN, HIDDEN],
  office_head: [ALLOW,                                         { kind: 'refuse', status: 403, codes: ['identity_not_granted'] }, HIDDEN, HIDDEN, HIDDEN],
  leader:      [{ kind: 'refuse', status: 403, codes: ['identity_not_granted'] }, { kind: 'refuse', status: 403, codes: ['identity_not_granted'] }, HIDDEN, HIDDEN, HIDDEN],
};

test("reporter's identity: the discipline body's office reveals it; above it is not granted; the accused and the government never find the case", async (t) => {
  const caseNumber = await bringReport(t, 'registered');
  const { expected, actual } = await disciplineMatrix(
    t,
    reporterIdentityTable,
    async (who) => {
      const answer = await who.post(`/api/v1/staff/cases/${caseNumber}/identity`, {
        reason: '核实举报人身份',
      });
      // Shown means the name itself came back, never to anyone else.
      if (
        answer.status === 200 &&
        (answer.json as { identity?: { name?: string } } | undefined)?.identity?.name !== '王明'
      )
        return { status: 500, json: answer.json };
      if (answer.status !== 200 && answer.text.includes('13800000000'))
        return { status: 500, json: 'leaked' };
      return answer;
    },
    async () => caseNumber,
  );
  t.deepEqual(actual, expected, "reporter's identity, by role@position");
});
