import i18n from './i18n';

// The codes the server speaks come from the shared domain, so the console cannot drift from it.
import { staffRoles } from '../../../domain/actor';
import { caseStatuses } from '../../../domain/case';
import type { CloseOutGap } from '../../../domain/close-out';
import { staffActionNames as caseActions, type StaffActionName } from '../../../domain/case-commands';
import {
  backlogFlagNames,
  backlogReasons,
  type AttachmentRef,
  type BacklogFlags,
  type FieldVisit,
  type Milestone,
  type TaskForceMember,
} from '../../../domain/backlog';
import { categories, channels, petitionKinds } from '../../../domain/petition';
import { clockNames, type EscalationTarget } from '../../../domain/policy';
import {
  emptyWeekFigures,
  weekMeasures,
  type BulletinRow,
  type CloseOutWeekSnapshot,
  type MonthlyBulletin,
  type OverdueCase,
  type ReportUnit,
  type WeekFigures,
  type WeeklyReport,
  type WeekTrendPoint,
} from '../../../domain/close-out';

export {
  backlogFlagNames,
  backlogReasons,
  caseActions,
  caseStatuses,
  categories,
  channels,
  clockNames,
  petitionKinds,
  staffRoles,
};
export type { EscalationTarget, BacklogFlags };
export type { AttachmentRef, FieldVisit, Milestone, TaskForceMember };

/** The channels an office registers itself (登记来访来信来电). */
export const officeChannels = ['visit', 'letter', 'phone'] as const;

// A newer server may send codes this console has no label for yet; it shows them as they are.
export type CaseStatus = string;
export type ClockName = string;
export type Channel = (typeof channels)[number];
export type OfficeChannel = (typeof officeChannels)[number];
export type Category = (typeof categories)[number];
export type StaffRole = (typeof staffRoles)[number];
export type CaseAction = StaffActionName;
export type BacklogFlag = keyof BacklogFlags;

export interface Unit {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export type UnitRef = Pick<Unit, 'code' | 'name'>;

export interface DepartmentRef {
  id: number;
  name: string;
}

/** The signed-in staff member. */
export interface Me {
  id: number;
  name: string;
  title: string;
  role: StaffRole;
  /** Every role the person holds (a township head may also be its leader). */
  roles: StaffRole[];
  email: string;
  /** `kind`: a government unit or a discipline body (纪委监委, 派驻组). */
  unit: UnitRef & { level: string; kind?: string };
  department: DepartmentRef | null;
}

export interface LedgerEntry {
  caseNumber: string;
  /** 信访诉求 (petition), 检举控告 (report) or 咨询 (consultation, counted apart). */
  kind: string;
  /** A report the discipline office handles first (优先处置). */
  urgent?: boolean;
  unit: UnitRef;
  category: Category;
  channel: Channel;
  status: CaseStatus;
  anonymous: boolean;
  receivedAt: string;
  registeredAt: string | null;
  nextDueAt: string | null;
  nextDueClock: ClockName | null;
  /** Counted over a year whose holiday calendar is not loaded yet: weekdays only. */
  deadlineProvisional: boolean;
  overdue: boolean;
  escalated: boolean;
  handlingDepartment: DepartmentRef | null;
  /** 积案: designated a backlog case, with its «三多» flags and owning leader. */
  backlog: boolean;
  backlogAt: string | null;
  flags: BacklogFlags;
  repeatCount: number;
  owner: { id: number; name: string } | null;
  /** YYYY-MM-DD of the first milestone of the plan not yet done. */
  nextMilestoneDate: string | null;
  /** 0 while there is no plan. */
  planVersion: number;
  joinedCaseNumber: string | null;
}

export interface LedgerPage {
  items: LedgerEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface LedgerFilter {
  status?: CaseStatus;
  unitCode?: string;
  category?: Category;
  channel?: Channel;
  kind?: string;
  caseNumber?: string;
  overdue?: boolean;
  dueWithinDays?: number;
  escalated?: boolean;
  backlog?: boolean;
  /** Comma list of «三多» flags, all required. */
  flags?: string;
  ownerLeaderId?: number;
  unowned?: boolean;
}

export interface StatusCount {
  status: CaseStatus;
  count: number;
}

export interface EscalationItem {
  caseNumber: string;
  unit: UnitRef;
  status: CaseStatus;
  clock: ClockName;
  target: EscalationTarget;
  escalatedAt: string;
  dueAt: string;
}

/** The complainant's identity, shown only on request, with a reason, and recorded. */
export interface Complainant {
  name: string | null;
  phone: string | null;
  email: string | null;
  idNumber: string | null;
  address: string | null;
}

/** A grant to see the identity (授权查看): one person or one department. */
export interface IdentityGrant {
  id: number;
  staff: { id: number; name: string } | null;
  department: { id: number; name: string } | null;
  reason: string;
  grantedBy: string;
  grantedAt: string;
}

/** One look at the identity, or a refused attempt, or a grant given or revoked (身份查看记录). */
export interface IdentityView {
  id: number;
  caseNumber: string;
  action: 'identity_view' | 'identity_view_refused' | 'identity_grant' | 'identity_grant_revoked';
  staff: { id: number; name: string; role: StaffRole; unitName: string };
  reason: string;
  ip: string | null;
  at: string;
}

/** What the case page says about the identity: never the identity itself. */
export interface CaseIdentity {
  anonymous: boolean;
  mayView: boolean;
  mayGrant: boolean;
  grants?: IdentityGrant[];
  grantees?: {
    departments: { id: number; name: string; unit: { code: string; name: string } }[];
    people: { id: number; name: string; role: StaffRole; unit: { code: string; name: string } }[];
  } | null;
  /** The latest looks, for the office head. */
  recentViews?: IdentityView[];
}

export interface ResolutionPlan {
  version: number;
  summary: string;
  milestones: { title: string; dueDate: string; doneAt: string | null }[];
  setAt: string;
}

/** The backlog side of a case (积案): 一案一领导、一个工作专班、一套化解方案. */
export interface CaseBacklog {
  designatedAt: string;
  reasons: string[];
  flags: BacklogFlags;
  owner: { staffId: number; name: string } | null;
  ownedAt: string | null;
  taskForce: { name: string; role: string; organisation?: string }[];
  plan: ResolutionPlan | null;
  lastProgressAt: string | null;
  visits: number;
}

export interface CaseRecord extends Omit<LedgerEntry, 'backlog'> {
  /** 检举控告: whom it accuses (the name only to the discipline body holding it) and how it is disposed of. */
  report?: ReportView | null;
  place: string;
  summary: string;
  request: string;
  policyVersion: string;
  forwardedTo: string | null;
  /** Whether this person may ask to see the complainant's identity, and the office's grants. */
  identity: CaseIdentity;
  extension: { days: number; reason: string; state: 'requested' | 'approved' | 'refused' } | null;
  evaluation: { satisfied: boolean; at: string } | null;
  backlog: CaseBacklog | null;
  /** Repeat petitions on this matter linked to this case (重复信访). */
  repeats: { count: number; caseNumbers: string[] };
  /** The open case this petition joined (并入), if it did. */
  joinedCaseNumber: string | null;
  /** The office's own number for the case in its old ledger (集中排查导入). */
  externalRef: string | null;
  /** The unit whose QR code the petition came through (码上举报), if it did. */
  qrUnitCode: string | null;
  /** 上报/移交: this person's office handed the case on; they read their own steps and act no more. */
  handedOver: { toUnit: string; at: string; seq: number } | null;
  /** 销号: what the case still lacks for the weekly close-out; null when the workflow cannot be asked. */
  closeOut: {
    gaps: CloseOutGap[];
    readyAt: string | null;
    signOff: { name: string; reason: string; at: string } | null;
    week: string | null;
    reopenedCount: number;
  } | null;
  /** 回头看 after close-out. */
  lookBack: {
    roundsAsked: number;
    roundsHeld: number;
    open: { round: number; askedAt: string } | null;
    listensUntil: string;
  } | null;
}

export type DeadlineState = 'running' | 'met' | 'breached' | 'escalated' | 'lapsed' | 'stopped';

export interface CaseDeadline {
  clock: ClockName;
  startedAt: string;
  /** Last day, inclusive (YYYY-MM-DD, Asia/Shanghai). */
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  state: DeadlineState;
  escalateTo: EscalationTarget | null;
}

export interface TimelineEvent {
  seq: number;
  type: string;
  occurredAt: string;
  actor: { kind: 'staff' | 'complainant' | 'system'; name?: string; role?: string };
  data: Record<string, unknown>;
}

export interface DispatchTarget {
  id: number;
  name: string;
  unit: UnitRef;
}

/** A leader the office may put on a backlog case (包案领导). */
export interface LeaderOption {
  id: number;
  name: string;
  title: string;
  unit: UnitRef;
}

export interface CaseDetail {
  case: CaseRecord;
  deadlines: CaseDeadline[];
  timeline: TimelineEvent[];
  allowedActions: string[];
  dispatchTargets: DispatchTarget[];
  /** 权力清单: the department the power list proposes for dispatch, if any. */
  proposedDepartmentId: number | null;
  /** Non-empty when the person may assign a leader. */
  leaders: LeaderOption[];
  /** 上报/移交: the units above the case's, nearest first; non-empty when the person may hand it over. */
  handOverTargets: HandOverTarget[];
}

/** A unit a case may be handed up to. */
export interface HandOverTarget {
  id: number;
  code: string;
  name: string;
  level: string;
}

export interface ActionResult {
  status: CaseStatus;
  allowedActions: string[];
}

/** A report (检举控告) as its case page shows it. */
export interface ReportView {
  accused: {
    name: string | null;
    position: string | null;
    isHead: boolean;
    unit: UnitRef | null;
    department: DepartmentRef | null;
  };
  urgent: boolean;
  disposal: string | null;
  disposalReason: string | null;
  conclusion: {
    finding: string | null;
    caseOpened: string | null;
    sanction: string | null;
    at: string;
  } | null;
}

export const noticeChannels = ['sms', 'email', 'both'] as const;
export type NoticeChannels = (typeof noticeChannels)[number];

export interface OfficePetition {
  /** `report` (检举控告) goes to the discipline body with jurisdiction; a petition by default. */
  /** 信访诉求, 检举控告, or 咨询 (a request for information, answered without the petition clocks). */
  kind?: 'petition' | 'report' | 'consultation';
  unitCode: string;
  channel: OfficeChannel;
  category: Category;
  place: string;
  summary: string;
  request: string;
  anonymous: boolean;
  complainant?: { name: string; phone: string; email?: string; idNumber?: string; address?: string };
  /** How a named complainant hears of each step (告知方式); SMS when not said. */
  notifyBy?: NoticeChannels;
  /** 被反映单位: the unit complained about never sees the case (条例 Art. 30); for a report, the person too. */
  accused?: { unitCode: string; name?: string; position?: string; isHead?: boolean };
  /** Made once per filled-in form: a retried submit finds the same case. */
  submissionKey: string;
}

export interface Registration {
  caseNumber: string;
  /** Shown once: the complainant follows the case with it. */
  accessCode: string;
}

export interface CalendarYearSummary {
  year: number;
  source: string;
  loadedAt: string;
  loadedBy: string;
  holidays: number;
  workdays: number;
}

export interface AdminAlert {
  kind: string;
  key: string;
  details: Record<string, unknown>;
  raisedAt: string;
}

export interface CalendarOverview {
  years: CalendarYearSummary[];
  alerts: AdminAlert[];
}

export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface CalendarYearDays {
  year: number;
  covered: boolean;
  days: CalendarDay[];
}

export type { ClockRule, DeadlinePolicy } from '../../../domain/policy';

export interface FieldProblem {
  field: string;
  message: string;
}

/** A row of an import file that cannot be taken, where and why. */
export interface RowProblem {
  line: number;
  column: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly rows: RowProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let signInRequired: (code: string) => void = () => undefined;

/**
 * The session's CSRF token, from the sign-in answer or `GET /api/v1/session`; every
 * request that changes something sends it back in `X-CSRF-Token`.
 */
let csrfToken: string | undefined;
const readOnlyMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const answeredOnSignIn = new Set(['sign_in_failed', 'second_factor_failed']);

/**
 * Called whenever the server answers that nobody is signed in (the session expired or was
 * ended), with the reason's code: a session still owing its second factor says so.
 */
export function onSignInRequired(handler: (code: string) => void): void {
  signInRequired = handler;
}

type Query = Record<string, string | number | boolean | undefined>;

interface ErrorBody {
  error: { code: string; message: string; details?: FieldProblem[]; rows?: RowProblem[] };
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

function urlWith(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Requests of the capabilities with their own folder (administration/, written-notices/): same session, language, token and errors. */
export const callApi = <T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}) =>
  call<T>(method, path, options);

export async function call<T>(
  method: string,
  path: string,
  options: { query?: Query; body?: unknown; form?: FormData } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken && !readOnlyMethods.has(method)) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(urlWith(path, options.query ?? {}), {
      method,
      headers,
      // A multipart body sets its own Content-Type with the boundary.
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  if (response.status === 204) return undefined as T;
  // A proxy in front of the API may answer with HTML; treat an unreadable body as no body.
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const error = isErrorBody(body)
    ? new ApiError(
        response.status,
        body.error.code,
        body.error.message,
        body.error.details ?? [],
        body.error.rows ?? [],
      )
    : new ApiError(response.status, 'http', i18n.t('errors.http', { status: response.status }));
  // A wrong password or code is an answer to show on the sign-in page, not a lost session.
  if (response.status === 401 && !answeredOnSignIn.has(error.code)) signInRequired(error.code);
  throw error;
}

export const getJson = <T>(path: string, query: Query = {}) => call<T>('GET', path, { query });

/** An answer that starts or shows a session: the person and the token for changes. */
interface SessionAnswer {
  staff: Me;
  csrfToken: string;
}

const keepToken = (answer: SessionAnswer): Me => {
  csrfToken = answer.csrfToken;
  return answer.staff;
};

export async function fetchSession(): Promise<Me> {
  return keepToken(await getJson<SessionAnswer>('/api/v1/session'));
}

/** What a session still owes: the authenticator's code, or enrolling one first (双因素认证). */
export type SecondFactorStep = 'code' | 'enrol';

/** The step a 401 of a session that owes its second factor names; null for any other 401. */
export const pendingStepOf = (code: string): SecondFactorStep | null =>
  code === 'second_factor_required' ? 'code' : code === 'second_factor_enrolment_required' ? 'enrol' : null;

/** Signed in, or the password right and a second factor owed. */
export async function signIn(
  email: string,
  password: string,
): Promise<Me | { secondFactor: SecondFactorStep }> {
  const answer = await call<SessionAnswer | { secondFactor: SecondFactorStep; csrfToken: string }>(
    'POST',
    '/api/v1/session',
    { body: { email, password } },
  );
  if ('secondFactor' in answer) {
    csrfToken = answer.csrfToken;
    return { secondFactor: answer.secondFactor };
  }
  return keepToken(answer);
}

/** The second step of signing in: the authenticator's six digits, or a recovery code. */
export async function giveSecondFactor(code: string): Promise<Me> {
  return keepToken(await call<SessionAnswer>('POST', '/api/v1/session/second-factor', { body: { code } }));
}

/** Whether the signed-in person has an authenticator, and whether their role requires one. */
export async function fetchSecondFactor(): Promise<{ enrolled: boolean; required: boolean }> {
  return (await getJson<{ secondFactor: { enrolled: boolean; required: boolean } }>('/api/v1/session'))
    .secondFactor;
}

export interface EnrolmentOffer {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export const beginEnrolment = () => call<EnrolmentOffer>('POST', '/api/v1/session/second-factor/enrolment');

/** Confirms the authenticator with a code: the session is (re)started, the recovery codes come this once. */
export async function confirmEnrolment(code: string): Promise<{ staff: Me; recoveryCodes: string[] }> {
  const answer = await call<SessionAnswer & { recoveryCodes: string[] }>(
    'PUT',
    '/api/v1/session/second-factor/enrolment',
    { body: { code } },
  );
  return { staff: keepToken(answer), recoveryCodes: answer.recoveryCodes };
}

export async function signOut(): Promise<void> {
  await call<void>('DELETE', '/api/v1/session');
  csrfToken = undefined;
}

/** Ends every session of the signed-in person, on every device, this one included (退出所有设备). */
export async function signOutEverywhere(): Promise<void> {
  await call<void>('DELETE', '/api/v1/session/all');
  csrfToken = undefined;
}

/** Changes the password; the server ends the person's other sessions and renews this one. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<Me> {
  return keepToken(
    await call<SessionAnswer>('PUT', '/api/v1/session/password', { body: { currentPassword, newPassword } }),
  );
}

/** Sets the password with a one-time link (invitation or reset), which signs the person in. */
export async function setPasswordWithLink(token: string, password: string): Promise<Me> {
  return keepToken(
    await call<SessionAnswer>('POST', '/api/v1/session/link/password', { body: { token, password } }),
  );
}

export function fetchLedger(page: number, pageSize: number, filter: LedgerFilter): Promise<LedgerPage> {
  return getJson<LedgerPage>('/api/v1/ledger', { page, pageSize, ...filter });
}

export async function fetchStatusCounts(): Promise<StatusCount[]> {
  return (await getJson<{ byStatus: StatusCount[] }>('/api/v1/ledger/summary')).byStatus;
}

export async function fetchUnits(): Promise<Unit[]> {
  return (await getJson<{ items: Unit[] }>('/api/v1/units')).items;
}

/** 检举控告: the discipline office's open reports, urgent first, then the oldest. */
export async function fetchReportQueue(): Promise<LedgerEntry[]> {
  return (await getJson<{ items: LedgerEntry[] }>('/api/v1/staff/discipline/queue')).items;
}

export async function fetchDepartmentQueue(): Promise<LedgerEntry[]> {
  return (await getJson<{ items: LedgerEntry[] }>('/api/v1/queues/department')).items;
}

export async function fetchEscalationQueue(): Promise<EscalationItem[]> {
  return (await getJson<{ items: EscalationItem[] }>('/api/v1/queues/escalations')).items;
}

const casePath = (caseNumber: string) => `/api/v1/staff/cases/${encodeURIComponent(caseNumber)}`;

export function fetchCase(caseNumber: string): Promise<CaseDetail> {
  return getJson<CaseDetail>(casePath(caseNumber));
}

export function takeAction(
  caseNumber: string,
  action: CaseAction,
  body: Record<string, unknown>,
): Promise<ActionResult> {
  return call<ActionResult>('POST', `${casePath(caseNumber)}/actions/${action}`, { body });
}

export function registerPetition(petition: OfficePetition): Promise<Registration> {
  return call<Registration>('POST', '/api/v1/staff/petitions', { body: petition });
}

export function fetchCalendar(): Promise<CalendarOverview> {
  return getJson<CalendarOverview>('/api/v1/admin/calendar');
}

export function fetchCalendarYear(year: number): Promise<CalendarYearDays> {
  return getJson<CalendarYearDays>(`/api/v1/admin/calendar/${year}`);
}

export function saveCalendarYear(
  year: number,
  source: string,
  days: CalendarDay[],
): Promise<{ year: number; recomputing: number }> {
  return call('PUT', `/api/v1/admin/calendar/${year}`, { body: { source, days } });
}

/** Sends one file as the multipart field `file`. */
export function postFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  return call<T>('POST', path, { form });
}

export const attachmentUrl = (id: string) => `/api/v1/staff/attachments/${encodeURIComponent(id)}`;

export function uploadAttachment(file: File): Promise<AttachmentRef> {
  return postFile<AttachmentRef>('/api/v1/staff/attachments', file);
}

/** An open case this petition may be a repeat of, as the similarity search found it. */
export interface RepeatCandidate {
  caseNumber: string;
  unit: UnitRef;
  status: CaseStatus;
  category: Category;
  place: string;
  summary: string;
  request: string;
  receivedAt: string;
  repeatCount: number;
  backlog: boolean;
  /** The same complainant brought both (by phone or e-mail). */
  sameComplainant: boolean;
  /** What made it a candidate: same_complainant, same_place, similar_matter. */
  reasons: string[];
  /** How sure the match is, 0 to 1. */
  score: number;
}

export async function fetchLikelyRepeats(caseNumber: string): Promise<RepeatCandidate[]> {
  return (await getJson<{ candidates: RepeatCandidate[] }>(`${casePath(caseNumber)}/likely-repeats`))
    .candidates;
}

/** 自动研判: why a case is related to the one on the page. */
export type AutoTriageSignal = 'same_person' | 'same_unit' | 'same_complainant' | 'similar_matter';

export interface RelatedCase {
  caseNumber: string;
  kind: string;
  unit: UnitRef;
  status: CaseStatus;
  receivedAt: string;
  category: string;
  signals: AutoTriageSignal[];
}

export interface AutoTriage {
  related: RelatedCase[];
  counts: Record<AutoTriageSignal, number>;
}

export const fetchAutoTriage = (caseNumber: string) =>
  getJson<AutoTriage>(`${casePath(caseNumber)}/auto-triage`);

/** People (never named here) or a unit reported by several complainants (线索聚类). */
export interface Cluster {
  key: string;
  reports: number;
  complainants: number;
  positions: string[];
  units: UnitRef[];
  caseNumbers: string[];
  firstReceivedAt: string;
  lastReceivedAt: string;
}

export interface Clusters {
  from: string;
  to: string;
  minComplainants: number;
  people: Cluster[];
  units: Cluster[];
}

export const fetchClusters = (query: { from?: string; to?: string; minComplainants?: number }) =>
  getJson<Clusters>('/api/v1/staff/auto-triage/clusters', query);

export const importTemplateUrl = (format: 'csv' | 'xlsx') =>
  `/api/v1/staff/backlog/import-template?format=${format}`;

/** A row of the file and the case it is (or already was) in the ledger. */
export interface ImportedCaseRow {
  line: number;
  externalRef: string;
  caseNumber: string;
}

export interface ImportResult {
  batchId: number;
  /** Cases of this file's batch. */
  imported: number;
  cases: ImportedCaseRow[];
  /** Rows whose case was imported before, from another file. */
  alreadyImported: number;
  skipped?: ImportedCaseRow[];
  /** The same file came before: nothing changed. */
  unchanged?: boolean;
}

/** 集中排查导入: all rows or none; a refusal carries every bad row (`ApiError.rows`). */
export function importBacklog(file: File): Promise<ImportResult> {
  return postFile<ImportResult>('/api/v1/staff/backlog/imports', file);
}

export interface LeaderCase {
  caseNumber: string;
  unit: UnitRef;
  status: CaseStatus;
  category: Category;
  summary: string;
  backlogAt: string | null;
  flags: BacklogFlags;
  nextDue: { clock: ClockName | null; dueAt: string; overdue: boolean } | null;
  nextMilestone: { title: string; dueDate: string } | null;
  /** 0 while there is no plan. */
  planVersion: number;
  lastProgressAt: string | null;
  escalated: boolean;
}

export interface UnownedCase {
  caseNumber: string;
  unit: UnitRef;
  summary: string;
  backlogAt: string | null;
  flags: BacklogFlags;
}

/** What the leader's superior sees about them. */
export interface SuperiorView {
  owned: number;
  withoutPlan: number;
  progressOverdue: number;
  escalations: { caseNumber: string; clock: ClockName; escalatedAt: string; resolved: boolean }[];
}

/** 我的包案: a leader's backlog cases, most urgent first. */
export interface LeaderWorkspace {
  leader: { id: number; name: string; title: string; unit: UnitRef };
  campaign: { name: string; targetDate: string; daysLeft: number } | null;
  cases: LeaderCase[];
  unowned: UnownedCase[];
  superiorView: SuperiorView;
}

export function fetchLeaderWorkspace(): Promise<LeaderWorkspace> {
  return getJson<LeaderWorkspace>('/api/v1/staff/leader/workspace');
}

export type { BulletinRow, CloseOutWeekSnapshot, MonthlyBulletin, OverdueCase, ReportUnit, WeekFigures };
export type { WeeklyReport, WeekTrendPoint };
export { emptyWeekFigures, weekMeasures };

/** One child unit's overdue count over the last weeks, for the board's heat map. */
export interface OverdueHeatRow {
  unit: ReportUnit;
  weeks: { week: string; overdue: number }[];
}

/** 销号看板: 每周一报 of a unit, the trend toward zero (oldest first) and the overdue heat of its children. */
export interface CloseOutBoard {
  report: WeeklyReport;
  trend: WeekTrendPoint[];
  heat: OverdueHeatRow[];
  /** 专项活动: the nearest campaign over the unit, and the days left to its target. */
  campaign: { name: string; targetDate: string; daysLeft: number } | null;
}

export type ReportFormat = 'xlsx' | 'pdf';

/** The closed weeks of a unit (default: the user's), newest first. */
export async function fetchClosedWeeks(unit?: number): Promise<string[]> {
  return (await getJson<{ weeks: string[] }>('/api/v1/staff/close-out/weeks', { unit })).weeks;
}

export function fetchCloseOutBoard(week: string, unit?: number): Promise<CloseOutBoard> {
  return getJson<CloseOutBoard>('/api/v1/staff/close-out/report', { week, unit });
}

// A download is a plain link: the language goes in the address, since a link sends no Accept-Language of ours.
export const closeOutExportUrl = (format: ReportFormat, week: string, unit?: number) =>
  urlWith(`/api/v1/staff/close-out/report.${format}`, { week, unit, lang: i18n.language });

/** 预览本周销号: what the office's close-out would strike off now, and what still waits. */
export interface CloseOutPreview {
  unit: ReportUnit;
  week: string;
  periodFrom: string;
  periodTo: string;
  alreadyClosed: boolean;
  candidates: { caseNumber: string; summary: string; readyAt: string; backlog: boolean }[];
  waiting: { caseNumber: string; summary: string; status: CaseStatus }[];
  figures: WeekFigures;
}

export function fetchCloseOutPreview(): Promise<CloseOutPreview> {
  return getJson<CloseOutPreview>('/api/v1/staff/close-out/preview');
}

/** 立即销号: closes the office's week now; running it again answers the same snapshot. */
export async function runCloseOut(): Promise<CloseOutWeekSnapshot> {
  return (await call<{ snapshot: CloseOutWeekSnapshot }>('POST', '/api/v1/staff/close-out/run', { body: {} }))
    .snapshot;
}

/** The months with a published bulletin, newest first. */
export async function fetchBulletinMonths(unit?: number): Promise<string[]> {
  return (await getJson<{ months: string[] }>('/api/v1/staff/bulletins', { unit })).months;
}

export async function fetchBulletin(month: string, unit?: number): Promise<MonthlyBulletin> {
  return (await getJson<{ bulletin: MonthlyBulletin }>(`/api/v1/staff/bulletins/${month}`, { unit }))
    .bulletin;
}

export const bulletinExportUrl = (format: ReportFormat, month: string, unit?: number) =>
  urlWith(`/api/v1/staff/bulletins/${month}.${format}`, { unit, lang: i18n.language });

/** Where a case of a look-back campaign (回头看) stands. */
export const lookBackStates = ['asked', 'holds', 'reopened', 'unreachable'] as const;
export type LookBackCaseState = (typeof lookBackStates)[number];

export interface LookBackCampaign {
  id: number;
  title: string;
  unit: { id: number; name: string };
  closedFrom: string;
  closedTo: string;
  startedAt: string;
  startedBy: string;
  progress: Record<LookBackCaseState, number> & { total: number };
}

export interface LookBackCampaignCase {
  caseNumber: string;
  summary: string;
  state: LookBackCaseState;
  updatedAt: string;
}

export async function fetchLookBackCampaigns(): Promise<LookBackCampaign[]> {
  return (await getJson<{ campaigns: LookBackCampaign[] }>('/api/v1/staff/look-back-campaigns')).campaigns;
}

export function fetchLookBackCampaign(
  id: number,
): Promise<{ campaign: LookBackCampaign; cases: LookBackCampaignCase[] }> {
  return getJson(`/api/v1/staff/look-back-campaigns/${id}`);
}

/** Starts a campaign over the cases closed out between the two dates (inclusive, office dates). */
export function startLookBackCampaign(campaign: {
  title: string;
  closedFrom: string;
  closedTo: string;
}): Promise<{ id: number }> {
  return call<{ id: number }>('POST', '/api/v1/staff/look-back-campaigns', { body: campaign });
}

/** Reveals the complainant's identity; the API records the look with its reason. */
export async function revealIdentity(caseNumber: string, reason: string): Promise<Complainant> {
  return (
    await call<{ identity: Complainant }>('POST', `${casePath(caseNumber)}/identity`, { body: { reason } })
  ).identity;
}

export function grantIdentity(
  caseNumber: string,
  grant: { staffId?: number; departmentId?: number; reason: string },
): Promise<{ grant: IdentityGrant }> {
  return call('POST', `${casePath(caseNumber)}/identity-grants`, { body: grant });
}

export function revokeIdentityGrant(caseNumber: string, grantId: number): Promise<void> {
  return call<void>('DELETE', `${casePath(caseNumber)}/identity-grants/${grantId}`);
}

export interface IdentityViewFilter {
  caseNumber?: string;
  from?: string;
  to?: string;
}

export function fetchIdentityViews(
  page: number,
  pageSize: number,
  filter: IdentityViewFilter,
): Promise<{ items: IdentityView[]; total: number; page: number; pageSize: number }> {
  return getJson('/api/v1/staff/identity-views', { page, pageSize, ...filter });
}
