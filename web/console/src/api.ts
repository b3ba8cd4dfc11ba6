import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/api-schema';
import i18n from './i18n';

// The codes the server speaks come from the shared domain, so the console cannot drift from it.
import { staffRoles } from '../../../domain/actor';
import { caseStatuses } from '../../../domain/case';
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
// Pure functions over the figures; the figures themselves are typed from the document below.
import { emptyWeekFigures, weekMeasures } from '../../../domain/close-out';

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

/** The shapes the API answers with, from its OpenAPI document (`npm run generate:api`), never copied by hand. */
type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';
/** The JSON body a route answers with, for one status (200 unless said). */
export type Answer<
  P extends keyof paths,
  M extends Method,
  Status extends number = 200,
> = paths[P][M] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Unit = Schemas['UnitList']['items'][number];
export type UnitRef = Pick<Unit, 'code' | 'name'>;

/** The signed-in staff member; `kind`: a government unit or a discipline body (纪委监委, 派驻组). */
export type Me = Schemas['SessionStaff'];
export type DepartmentRef = NonNullable<Me['department']>;

export type LedgerEntry = Schemas['LedgerEntry'];
export type LedgerPage = Schemas['LedgerPage'];

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

export type StatusCount = Schemas['LedgerSummary']['byStatus'][number];
export type EscalationItem = Schemas['EscalationQueueItem'];

/** The complainant's identity, shown only on request, with a reason, and recorded. */
export type Complainant = Schemas['ComplainantIdentity'];
/** A grant to see the identity (授权查看): one person or one department. */
export type IdentityGrant = Schemas['IdentityGrant'];
/** One look at the identity, or a refused attempt, or a grant given or revoked (身份查看记录). */
export type IdentityView = Schemas['IdentityView'];

export type CaseDetail = Schemas['CasePage'];
export type CaseRecord = CaseDetail['case'];
/** What the case page says about the identity: never the identity itself. */
export type CaseIdentity = CaseRecord['identity'];
/** The backlog side of a case (积案): 一案一领导、一个工作专班、一套化解方案. */
export type CaseBacklog = NonNullable<CaseRecord['backlog']>;
export type ResolutionPlan = NonNullable<CaseBacklog['plan']>;
export type CaseDeadline = CaseDetail['deadlines'][number];
export type DeadlineState = CaseDeadline['state'];
export type TimelineEvent = CaseDetail['timeline'][number];
export type DispatchTarget = CaseDetail['dispatchTargets'][number];
/** A leader the office may put on a backlog case (包案领导). */
export type LeaderOption = CaseDetail['leaders'][number];
/** A unit a case may be handed up to (上报/移交). */
export type HandOverTarget = CaseDetail['handOverTargets'][number];
/** A report (检举控告) as its case page shows it. */
export type ReportView = NonNullable<CaseRecord['report']>;
export type ActionResult = Schemas['CommandAnswer'];

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

/** The case number and, shown once, the access code the complainant follows the case with. */
/** The office's own intake answers the receipt without the status link the complainant's form gives. */
export type Registration = Omit<Schemas['Receipt'], 'statusUrl'>;

export type CalendarOverview = Answer<'/api/v1/admin/calendar', 'get'>;
export type CalendarYearSummary = CalendarOverview['years'][number];
export type AdminAlert = CalendarOverview['alerts'][number];
export type CalendarYearDays = Answer<'/api/v1/admin/calendar/{year}', 'get'>;
export type CalendarDay = CalendarYearDays['days'][number];

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

/** A query string without the values left empty (an unset filter). */
function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  return params.toString();
}

function urlWith(path: string, query: Query): string {
  const search = queryString(query);
  return search ? `${path}?${search}` : path;
}

/** Every request speaks the person's language and, when it changes something, carries the session's token. */
const sessionHeaders: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept', 'application/json');
    request.headers.set('Accept-Language', i18n.language);
    if (csrfToken && !readOnlyMethods.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** The API, typed from its OpenAPI document: a path, a parameter or a body the server does not take fails the typecheck. */
export const api = createClient<paths>({ querySerializer: queryString });
api.use(sessionHeaders);

/** The API's refusal as an ApiError with its message; a 401 (other than a wrong password or code) asks for sign-in. */
function refusal(status: number, body: unknown): ApiError {
  const error = isErrorBody(body)
    ? new ApiError(
        status,
        body.error.code,
        body.error.message,
        body.error.details ?? [],
        body.error.rows ?? [],
      )
    : new ApiError(status, 'http', i18n.t('errors.http', { status }));
  // A wrong password or code is an answer to show on the sign-in page, not a lost session.
  if (status === 401 && !answeredOnSignIn.has(error.code)) signInRequired(error.code);
  return error;
}

/** What a request of `api` answered: its body, or the API's refusal thrown as an ApiError. */
export async function answer<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: Awaited<typeof request>;
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  if (result.response.ok) return result.data as T;
  throw refusal(result.response.status, result.error);
}

/** One file as the multipart field `file`; the browser sets the Content-Type with its boundary. */
export function fileForm(file: File): { file: string } {
  const form = new FormData();
  form.append('file', file);
  // The document describes the field as a binary string; the form is what goes on the wire.
  return form as unknown as { file: string };
}
const asIs = (body: unknown) => body as FormData;

type SessionAnswer = Schemas['SessionAnswer'];

const keepToken = (session: SessionAnswer): Me => {
  csrfToken = session.csrfToken;
  return session.staff;
};

export async function fetchSession(): Promise<Me> {
  return keepToken(await answer(api.GET('/api/v1/session')));
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
  const signedIn = await answer(api.POST('/api/v1/session', { body: { email, password } }));
  if ('secondFactor' in signedIn) {
    csrfToken = signedIn.csrfToken;
    return { secondFactor: signedIn.secondFactor };
  }
  return keepToken(signedIn);
}

/** The second step of signing in: the authenticator's six digits, or a recovery code. */
export async function giveSecondFactor(code: string): Promise<Me> {
  return keepToken(await answer(api.POST('/api/v1/session/second-factor', { body: { code } })));
}

/** Whether the signed-in person has an authenticator, and whether their role requires one. */
export async function fetchSecondFactor(): Promise<Schemas['SessionView']['secondFactor']> {
  return (await answer(api.GET('/api/v1/session'))).secondFactor;
}

export type EnrolmentOffer = Answer<'/api/v1/session/second-factor/enrolment', 'post'>;

export const beginEnrolment = () => answer(api.POST('/api/v1/session/second-factor/enrolment'));

/** Confirms the authenticator with a code: the session is (re)started, the recovery codes come this once. */
export async function confirmEnrolment(code: string): Promise<{ staff: Me; recoveryCodes: string[] }> {
  const enrolled = await answer(api.PUT('/api/v1/session/second-factor/enrolment', { body: { code } }));
  return { staff: keepToken(enrolled), recoveryCodes: enrolled.recoveryCodes };
}

export async function signOut(): Promise<void> {
  await answer(api.DELETE('/api/v1/session'));
  csrfToken = undefined;
}

/** Ends every session of the signed-in person, on every device, this one included (退出所有设备). */
export async function signOutEverywhere(): Promise<void> {
  await answer(api.DELETE('/api/v1/session/all'));
  csrfToken = undefined;
}

/** Changes the password; the server ends the person's other sessions and renews this one. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<Me> {
  return keepToken(
    await answer(api.PUT('/api/v1/session/password', { body: { currentPassword, newPassword } })),
  );
}

/** Sets the password with a one-time link (invitation or reset), which signs the person in. */
export async function setPasswordWithLink(token: string, password: string): Promise<Me> {
  return keepToken(await answer(api.POST('/api/v1/session/link/password', { body: { token, password } })));
}

export function fetchLedger(page: number, pageSize: number, filter: LedgerFilter): Promise<LedgerPage> {
  return answer(api.GET('/api/v1/ledger', { params: { query: { page, pageSize, ...filter } as never } }));
}

export async function fetchStatusCounts(): Promise<StatusCount[]> {
  return (await answer(api.GET('/api/v1/ledger/summary'))).byStatus;
}

export async function fetchUnits(): Promise<Unit[]> {
  return (await answer(api.GET('/api/v1/units'))).items;
}

/** 检举控告: the discipline office's open reports, urgent first, then the oldest. */
export async function fetchReportQueue(): Promise<LedgerEntry[]> {
  return (await answer(api.GET('/api/v1/staff/discipline/queue'))).items;
}

export async function fetchDepartmentQueue(): Promise<LedgerEntry[]> {
  return (await answer(api.GET('/api/v1/queues/department'))).items;
}

export async function fetchEscalationQueue(): Promise<EscalationItem[]> {
  return (await answer(api.GET('/api/v1/queues/escalations'))).items;
}

const onCase = (caseNumber: string) => ({ params: { path: { caseNumber } } });

export function fetchCase(caseNumber: string): Promise<CaseDetail> {
  return answer(api.GET('/api/v1/staff/cases/{caseNumber}', onCase(caseNumber)));
}

export function takeAction(
  caseNumber: string,
  action: CaseAction,
  body: Record<string, unknown>,
): Promise<ActionResult> {
  const path = `/api/v1/staff/cases/{caseNumber}/actions/${action}` as const;
  // Each action has its own route and body; the action forms build the body from the same field list.
  return answer(api.POST(path, { ...onCase(caseNumber), body: body as never }));
}

export function registerPetition(petition: OfficePetition): Promise<Registration> {
  return answer(api.POST('/api/v1/staff/petitions', { body: petition }));
}

export function fetchCalendar(): Promise<CalendarOverview> {
  return answer(api.GET('/api/v1/admin/calendar'));
}

export function fetchCalendarYear(year: number): Promise<CalendarYearDays> {
  return answer(api.GET('/api/v1/admin/calendar/{year}', { params: { path: { year } } }));
}

export function saveCalendarYear(
  year: number,
  source: string,
  days: CalendarDay[],
): Promise<Answer<'/api/v1/admin/calendar/{year}', 'put'>> {
  return answer(
    api.PUT('/api/v1/admin/calendar/{year}', { params: { path: { year } }, body: { source, days } }),
  );
}

export const attachmentUrl = (id: string) => `/api/v1/staff/attachments/${encodeURIComponent(id)}`;

export function uploadAttachment(file: File): Promise<AttachmentRef> {
  return answer(api.POST('/api/v1/staff/attachments', { body: fileForm(file), bodySerializer: asIs }));
}

/** An open case this petition may be a repeat of, as the similarity search found it. */
export type RepeatCandidate = Schemas['LikelyRepeats']['candidates'][number];

export async function fetchLikelyRepeats(caseNumber: string): Promise<RepeatCandidate[]> {
  return (await answer(api.GET('/api/v1/staff/cases/{caseNumber}/likely-repeats', onCase(caseNumber))))
    .candidates;
}

/** 自动研判: the cases related to the one on the page, and why. */
export type AutoTriage = Schemas['AutoTriage'];
export type RelatedCase = AutoTriage['related'][number];
export type AutoTriageSignal = RelatedCase['signals'][number];

export const fetchAutoTriage = (caseNumber: string) =>
  answer(api.GET('/api/v1/staff/cases/{caseNumber}/auto-triage', onCase(caseNumber)));

/** People (never named here) or units reported by several complainants (线索聚类). */
export type Clusters = Schemas['Clusters'];
export type Cluster = Clusters['people'][number];

export const fetchClusters = (query: { from?: string; to?: string; minComplainants?: number }) =>
  answer(api.GET('/api/v1/staff/auto-triage/clusters', { params: { query } }));

export const importTemplateUrl = (format: 'csv' | 'xlsx') =>
  `/api/v1/staff/backlog/import-template?format=${format}`;

export type ImportResult = Schemas['BacklogImportResult'];
/** A row of the file and the case it is (or already was) in the ledger. */
export type ImportedCaseRow = ImportResult['cases'][number];

/** 集中排查导入: all rows or none; a refusal carries every bad row (`ApiError.rows`). */
export function importBacklog(file: File): Promise<ImportResult> {
  return answer(api.POST('/api/v1/staff/backlog/imports', { body: fileForm(file), bodySerializer: asIs }));
}

/** 我的包案: a leader's backlog cases, most urgent first. */
export type LeaderWorkspace = Schemas['LeaderWorkspace'];
export type LeaderCase = LeaderWorkspace['cases'][number];
export type UnownedCase = LeaderWorkspace['unowned'][number];
/** What the leader's superior sees about them. */
export type SuperiorView = LeaderWorkspace['superiorView'];

export function fetchLeaderWorkspace(): Promise<LeaderWorkspace> {
  return answer(api.GET('/api/v1/staff/leader/workspace'));
}

export { emptyWeekFigures, weekMeasures };

export type ReportUnit = Schemas['ReportUnit'];
export type WeekFigures = Schemas['WeekFigures'];
export type CloseOutWeekSnapshot = Schemas['CloseOutWeekSnapshot'];
/** 每周一报: a unit's week with its subtree rolled up, and who below has not closed the week yet. */
export type WeeklyReport = Schemas['WeeklyReport'];
export type WeekTrendPoint = Schemas['WeekTrendPoint'];
/** One child unit's overdue count over the last weeks, for the board's heat map. */
export type OverdueHeatRow = Schemas['OverdueHeatRow'];
/** 销号看板: 每周一报 of a unit, the trend toward zero (oldest first), the overdue heat of its children, the campaign. */
export type CloseOutBoard = Schemas['CloseOutBoard'];
/** 一月一通报: the child units ranked, the overdue cases named, last month beside. */
export type MonthlyBulletin = Schemas['MonthlyBulletin'];
export type BulletinRow = Schemas['BulletinRow'];
export type OverdueCase = Schemas['OverdueCase'];

export type ReportFormat = 'xlsx' | 'pdf';

/** The closed weeks of a unit (default: the user's), newest first. */
export async function fetchClosedWeeks(unit?: number): Promise<string[]> {
  return (await answer(api.GET('/api/v1/staff/close-out/weeks', { params: { query: { unit } } }))).weeks;
}

export function fetchCloseOutBoard(week: string, unit?: number): Promise<CloseOutBoard> {
  return answer(api.GET('/api/v1/staff/close-out/report', { params: { query: { week, unit } } }));
}

// A download is a plain link: the language goes in the address, since a link sends no Accept-Language of ours.
export const closeOutExportUrl = (format: ReportFormat, week: string, unit?: number) =>
  urlWith(`/api/v1/staff/close-out/report.${format}`, { week, unit, lang: i18n.language });

/** 预览本周销号: what the office's close-out would strike off now, and what still waits. */
export type CloseOutPreview = Schemas['CloseOutPreview'];

export function fetchCloseOutPreview(): Promise<CloseOutPreview> {
  return answer(api.GET('/api/v1/staff/close-out/preview'));
}

/** 立即销号: closes the office's week now; running it again answers the same snapshot. */
export async function runCloseOut(): Promise<Schemas['CloseOutWeekSnapshot']> {
  return (await answer(api.POST('/api/v1/staff/close-out/run'))).snapshot;
}

/** The months with a published bulletin, newest first. */
export async function fetchBulletinMonths(unit?: number): Promise<string[]> {
  return (await answer(api.GET('/api/v1/staff/bulletins', { params: { query: { unit } } }))).months;
}

export async function fetchBulletin(month: string, unit?: number): Promise<MonthlyBulletin> {
  const { bulletin } = await answer(
    api.GET('/api/v1/staff/bulletins/{month}', { params: { path: { month }, query: { unit } } }),
  );
  return bulletin;
}

export const bulletinExportUrl = (format: ReportFormat, month: string, unit?: number) =>
  urlWith(`/api/v1/staff/bulletins/${month}.${format}`, { unit, lang: i18n.language });

/** Where a case of a look-back campaign (回头看) stands. */
export const lookBackStates = ['asked', 'holds', 'reopened', 'unreachable'] as const;
export type LookBackCaseState = (typeof lookBackStates)[number];

export type LookBackCampaign = Schemas['LookBackCampaign'];
export type LookBackCampaignCase = Answer<'/api/v1/staff/look-back-campaigns/{id}', 'get'>['cases'][number];

export async function fetchLookBackCampaigns(): Promise<LookBackCampaign[]> {
  return (await answer(api.GET('/api/v1/staff/look-back-campaigns'))).campaigns;
}

export function fetchLookBackCampaign(id: number) {
  return answer(api.GET('/api/v1/staff/look-back-campaigns/{id}', { params: { path: { id } } }));
}

/** Starts a campaign over the cases closed out between the two dates (inclusive, office dates). */
export function startLookBackCampaign(campaign: { title: string; closedFrom: string; closedTo: string }) {
  return answer(api.POST('/api/v1/staff/look-back-campaigns', { body: campaign }));
}

/** Reveals the complainant's identity; the API records the look with its reason. */
export async function revealIdentity(caseNumber: string, reason: string): Promise<Complainant> {
  return (
    await answer(
      api.POST('/api/v1/staff/cases/{caseNumber}/identity', { ...onCase(caseNumber), body: { reason } }),
    )
  ).identity;
}

export function grantIdentity(
  caseNumber: string,
  grant: { staffId?: number; departmentId?: number; reason: string },
): Promise<{ grant: IdentityGrant }> {
  return answer(
    api.POST('/api/v1/staff/cases/{caseNumber}/identity-grants', { ...onCase(caseNumber), body: grant }),
  );
}

export async function revokeIdentityGrant(caseNumber: string, grantId: number): Promise<void> {
  await answer(
    api.DELETE('/api/v1/staff/cases/{caseNumber}/identity-grants/{grantId}', {
      params: { path: { caseNumber, grantId } },
    }),
  );
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
): Promise<Schemas['IdentityLogPage']> {
  return answer(
    api.GET('/api/v1/staff/identity-views', { params: { query: { page, pageSize, ...filter } } }),
  );
}
