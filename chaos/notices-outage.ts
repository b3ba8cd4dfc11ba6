import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { NoticeKind } from '../activities/mail-templates/complainant';
import { renderSms } from '../activities/notices/sms-texts';
import { drillPolicyHeader } from '../api/intake';
import type { NoticeChannels } from '../domain/petition';
import { drillPolicyVersion, policyFor } from '../domain/policy';
import type { CentreMessage } from '../embedded/sms-centre';
import type { OutageFront, OutageMode } from '../tests/helpers/outage';
import { demoAccount, signIn, type StaffSession } from '../tests/helpers/staff';
import { countTimers, kindOf, percentile, type EventRow } from './report';
import type { ReceivedMail } from './smtp';
import { startChaosStack } from './stack';

/**
 * The notices outage drill (通知通道中断演练): the SMTP server and the SMS centre are
 * down, first refusing connections and then accepting them and never answering,
 * while cases come in and staff triage, dispatch and reply to them through the API.
 * No staff step may wait for a notice, no deadline alarm may wait for one, and once
 * both are back every e-mail and SMS must arrive exactly once.
 */
export interface NoticesOutageOptions {
  /** Cases the staff triage, dispatch and reply to during the outage. */
  cases: number;
  /** Cases on the drill policy nobody touches: their dispatch alarms fall due during the outage. */
  alarmCases: number;
  /** The drill policy's dispatch clock (domain/policy.ts `drillPolicyVersion`). */
  drillMinutes: number;
  /** How long each phase lasts: connections refused, then accepted and never answered. */
  refusingMs: number;
  silentMs: number;
  /** Staff working at once (each case's steps run in order). */
  staffConcurrency: number;
  /** After the outage, how long the notices have to arrive. */
  recoveryMs: number;
}

/** The drill: 200 cases through a five-minute outage of both channels. */
export const fullNoticesOutage: NoticesOutageOptions = {
  cases: 200,
  alarmCases: 40,
  drillMinutes: 1,
  refusingMs: 150_000,
  silentMs: 150_000,
  staffConcurrency: 4,
  recoveryMs: 4 * 60_000,
};

/** The version `npm test` runs: a dozen cases through a minute and a half. */
export const smallNoticesOutage: NoticesOutageOptions = {
  cases: 12,
  alarmCases: 4,
  drillMinutes: 1,
  refusingMs: 40_000,
  silentMs: 50_000,
  staffConcurrency: 3,
  recoveryMs: 3 * 60_000,
};

/** A staff step must answer within this, whatever the mail server and the SMS centre do. */
export const stepLimitMs = 2000;
/** A deadline alarm is on time when its event is on the timeline within this of its instant. */
export const alarmToleranceMs = 30_000;

/** What the drill needs of a running system: its API and database, and the two channels behind their fronts. */
export interface OutageTarget {
  apiUrl: string;
  databaseUrl: string;
  smtpFront: OutageFront;
  smsFront: OutageFront;
  /** What the SMTP server accepted, and the SMS centre took. */
  mails: ReceivedMail[];
  sms: CentreMessage[];
  /** The signature the worker puts on every SMS (SMS_SIGNATURE). */
  smsSignature: string;
}

export interface StepTiming {
  step: 'triage' | 'dispatch' | 'reply';
  caseNumber: string;
  ms: number;
  status: number;
  /** The fronts' mode when the step was taken. */
  during: OutageMode;
}

export interface NoticesOutageCounts {
  cases: number;
  alarm_cases: number;
  outage_ms: number;
  steps: number;
  /** Steps taken while both channels were down. */
  steps_during_outage: number;
  steps_failed: number;
  steps_over_2s: number;
  /** Latency of the steps taken while the channels were down. */
  step_p50_ms: number;
  step_p95_ms: number;
  step_max_ms: number;
  /** The same by phase: connections refused, then accepted and never answered. */
  step_p95_ms_refusing: number;
  step_max_ms_refusing: number;
  step_p95_ms_silent: number;
  step_max_ms_silent: number;
  alarms_due: number;
  /** Alarms whose instant fell while the channels were down. */
  alarms_due_during_outage: number;
  alarms_on_time: number;
  alarms_late: number;
  alarms_unfired: number;
  alarm_lateness_max_ms: number;
  emails_expected: number;
  emails_delivered: number;
  email_duplicates: number;
  emails_lost: number;
  emails_unexpected: number;
  sms_expected: number;
  sms_delivered: number;
  sms_duplicates: number;
  sms_lost: number;
  sms_unexpected: number;
  /** E-mails and SMS that arrived while both channels were down: none, or the outage was not one. */
  notices_during_outage: number;
  /** From the end of the outage until the last expected notice arrived. */
  recovery_ms: number;
}

export interface NoticesOutageResult {
  counts: NoticesOutageCounts;
  problems: string[];
  samples: { slowSteps: string[]; missing: string[]; duplicates: string[]; unexpected: string[] };
}

interface DrillCase {
  index: number;
  alarm: boolean;
  notifyBy: NoticeChannels;
  phone: string;
  email: string;
  caseNumber?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo village 新桥村; its township 城关镇 triages, its 政法委 handles. */
const unitCode = '990101001002';
const township = '990101001';
const departmentCode = `${township}-zz`;

/** Most villagers have only a phone: SMS for half, e-mail for a quarter, both for the rest. */
const channelOf = (index: number): NoticeChannels =>
  index % 4 === 0 ? 'email' : index % 4 === 1 ? 'both' : 'sms';

function makeCases(options: NoticesOutageOptions): DrillCase[] {
  const alarms = Array.from({ length: options.alarmCases }, (_, i) => ({ alarm: true, i }));
  const worked = Array.from({ length: options.cases }, (_, i) => ({ alarm: false, i }));
  return [...alarms, ...worked].map(({ alarm }, index) => ({
    index,
    alarm,
    notifyBy: alarm ? 'both' : channelOf(index),
    phone: `139${String(index).padStart(8, '0')}`,
    email: `outage-${String(index).padStart(5, '0')}@drill.example`,
  }));
}

/** Brings one petition in, as a browser would: the same key on every try, until a case number. */
async function submit(apiUrl: string, c: DrillCase, drillMinutes: number, giveUpAt: number): Promise<void> {
  const body = JSON.stringify({
    unitCode,
    category: 'land',
    place: '东湖县城关镇新桥村',
    summary: `通知中断演练 ${c.index}：村里修路占用了承包地，补偿款至今没有发放。`,
    request: '按标准发放征地补偿款',
    anonymous: false,
    language: 'zh-CN',
    complainant: {
      name: '演练群众',
      phone: c.phone,
      ...(c.notifyBy === 'sms' ? {} : { email: c.email }),
    },
    notifyBy: c.notifyBy,
    submissionKey: randomUUID(),
  });
  for (let attempt = 1; Date.now() < giveUpAt; attempt++) {
    try {
      const response = await fetch(`${apiUrl}/api/v1/petitions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Each complainant is an address of their own: the per-address intake limit is not this drill's subject.
          'x-forwarded-for': `10.9.${c.index & 255}.${(attempt % 250) + 1}`,
          ...(c.alarm ? { [drillPolicyHeader]: drillPolicyVersion(drillMinutes) } : {}),
        },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const json = (await response.json().catch(() => ({}))) as { caseNumber?: string };
      if (response.ok && json.caseNumber) {
        c.caseNumber = json.caseNumber;
        return;
      }
      if (response.status < 500 && response.status !== 429)
        throw new Error(`petition ${c.index} refused: ${response.status} ${JSON.stringify(json)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('petition')) throw error;
    }
    await sleep(500);
  }
  throw new Error(`petition ${c.index} unanswered`);
}

/** A staff step as the console sends it, timed from request to answer. */
async function act(
  apiUrl: string,
  session: StaffSession,
  caseNumber: string,
  action: string,
  body: unknown,
): Promise<{ status: number; ms: number; text: string }> {
  const started = Date.now();
  try {
    const response = await fetch(`${apiUrl}/api/v1/staff/cases/${caseNumber}/actions/${action}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': 'zh-CN',
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, ms: Date.now() - started, text };
  } catch (error) {
    return { status: 0, ms: Date.now() - started, text: String(error) };
  }
}

async function waitRegistered(db: pg.Pool, caseNumber: string, giveUpAt: number): Promise<void> {
  while (Date.now() < giveUpAt) {
    const { rowCount } = await db.query('select 1 from petition_case where case_number = $1', [caseNumber]);
    if (rowCount) return;
    await sleep(300);
  }
  throw new Error(`${caseNumber} never registered`);
}

/**
 * Runs the drill against a running system whose worker sends mail and SMS through
 * the two fronts. The fronts are left up when it returns.
 */
export async function runNoticesOutage(
  target: OutageTarget,
  options: NoticesOutageOptions,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<NoticesOutageResult> {
  const db = new pg.Pool({ connectionString: target.databaseUrl, max: 4 });
  const setBoth = async (mode: OutageMode) => {
    await Promise.all([target.smtpFront.set(mode), target.smsFront.set(mode)]);
  };
  const checkAbort = () => {
    if (signal?.aborted) throw new Error('drill aborted');
  };
  try {
    const [department] = (
      await db.query<{ id: number }>('select id from department where code = $1', [departmentCode])
    ).rows;
    if (!department) throw new Error(`the demo department ${departmentCode} is missing`);
    const clerk = await signIn(target.apiUrl, demoAccount.clerk(township));
    const handler = await signIn(target.apiUrl, demoAccount.handler(departmentCode));

    const cases = makeCases(options);
    const outageMs = options.refusingMs + options.silentMs;
    await setBoth('refusing');
    const outageStart = Date.now();
    log(`SMTP server and SMS centre refuse connections for ${options.refusingMs / 1000} s`);
    const phases = (async () => {
      await sleep(options.refusingMs);
      await setBoth('silent');
      log(`SMTP server and SMS centre accept connections and never answer for ${options.silentMs / 1000} s`);
    })();
    const giveUpAt = outageStart + outageMs + options.recoveryMs;

    // The untouched cases come first, so their alarms fall due while the outage lasts.
    const alarmCases = cases.filter((c) => c.alarm);
    await Promise.all(alarmCases.map((c) => submit(target.apiUrl, c, options.drillMinutes, giveUpAt)));
    log(`${alarmCases.length} cases on a ${options.drillMinutes}-minute drill clock, left for their alarms`);

    // The worked cases arrive evenly over most of the outage, so steps fall in both phases.
    const worked = cases.filter((c) => !c.alarm);
    const interval = (outageMs * 0.8) / Math.max(1, worked.length);
    const steps: StepTiming[] = [];
    let next = 0;
    const staff = async () => {
      while (next < worked.length) {
        checkAbort();
        const c = worked[next++]!;
        const arrival = outageStart + (c.index - alarmCases.length) * interval;
        if (arrival > Date.now()) await sleep(arrival - Date.now());
        await submit(target.apiUrl, c, options.drillMinutes, giveUpAt);
        const caseNumber = c.caseNumber!;
        await waitRegistered(db, caseNumber, giveUpAt);
        const take = async (
          step: StepTiming['step'],
          session: StaffSession,
          action: string,
          body: unknown,
        ): Promise<boolean> => {
          const during = target.smtpFront.mode();
          const answer = await act(target.apiUrl, session, caseNumber, action, body);
          steps.push({ step, caseNumber, ms: answer.ms, status: answer.status, during });
          if (answer.status !== 200)
            log(`${step} of ${caseNumber}: ${answer.status} ${answer.text.slice(0, 200)}`);
          return answer.status === 200;
        };
        if (!(await take('triage', clerk, 'triage', { decision: 'accept' }))) continue;
        if (
          !(await take('dispatch', clerk, 'dispatch', {
            departmentId: department.id,
            instructions: '请依法办理',
          }))
        )
          continue;
        await take('reply', handler, 'reply', { text: '经核实，补偿款已于本月发放到位。' });
        const done = steps.length / 3;
        if (Number.isInteger(done) && done % Math.max(1, Math.round(worked.length / 5)) === 0)
          log(`${done} cases triaged, dispatched and replied`);
      }
    };
    await Promise.all(Array.from({ length: options.staffConcurrency }, staff));
    await phases;
    const outageLeft = outageStart + outageMs - Date.now();
    if (outageLeft > 0) await sleep(outageLeft);
    const outageEnd = Date.now();
    await setBoth('up');
    log('SMTP server and SMS centre are back: waiting for every notice …');

    let lastArrival = outageEnd;
    let tally = await count(db, target, cases, options, { outageStart, outageEnd });
    while (Date.now() < giveUpAt) {
      checkAbort();
      if (tally.complete) {
        lastArrival = tally.lastArrival;
        break;
      }
      await sleep(3000);
      tally = await count(db, target, cases, options, { outageStart, outageEnd });
    }
    // A copy sent twice comes soon after the first: a moment longer to see it.
    await sleep(5000);
    tally = await count(db, target, cases, options, { outageStart, outageEnd });
    if (tally.complete) lastArrival = tally.lastArrival;

    const during = steps.filter((s) => s.during !== 'up');
    // The figures the issue asks for: latency while the channels were down.
    const ms = during.map((s) => s.ms);
    const msWhile = (mode: OutageMode) => steps.filter((s) => s.during === mode).map((s) => s.ms);
    const counts: NoticesOutageCounts = {
      cases: worked.length,
      alarm_cases: alarmCases.length,
      outage_ms: outageEnd - outageStart,
      steps: steps.length,
      steps_during_outage: during.length,
      steps_failed: steps.filter((s) => s.status !== 200).length,
      steps_over_2s: steps.filter((s) => s.ms > stepLimitMs).length,
      step_p50_ms: percentile(ms, 0.5),
      step_p95_ms: percentile(ms, 0.95),
      step_max_ms: percentile(ms, 1),
      step_p95_ms_refusing: percentile(msWhile('refusing'), 0.95),
      step_max_ms_refusing: percentile(msWhile('refusing'), 1),
      step_p95_ms_silent: percentile(msWhile('silent'), 0.95),
      step_max_ms_silent: percentile(msWhile('silent'), 1),
      ...tally.counts,
      recovery_ms: tally.complete ? Math.max(0, lastArrival - outageEnd) : -1,
    };
    const problems = problemsOf(counts, 3 * worked.length);
    return {
      counts,
      problems,
      samples: {
        slowSteps: steps
          .filter((s) => s.ms > stepLimitMs || s.status !== 200)
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 10)
          .map((s) => `${s.caseNumber} ${s.step} ${s.status} in ${s.ms} ms (${s.during})`),
        ...tally.samples,
      },
    };
  } finally {
    await setBoth('up').catch(() => undefined);
    await db.end();
  }
}

function problemsOf(c: NoticesOutageCounts, stepsWanted: number): string[] {
  const problems: string[] = [];
  if (c.steps !== stepsWanted) problems.push(`${c.steps} of ${stepsWanted} staff steps taken`);
  if (c.steps_failed > 0) problems.push(`${c.steps_failed} staff steps failed`);
  if (c.steps_over_2s > 0) problems.push(`${c.steps_over_2s} staff steps took over 2 s`);
  if (c.steps_during_outage === 0) problems.push('no staff step was taken during the outage');
  if (c.alarms_unfired > 0) problems.push(`${c.alarms_unfired} of ${c.alarms_due} due alarms never fired`);
  if (c.alarms_late > 0)
    problems.push(
      `${c.alarms_late} alarms late by over ${alarmToleranceMs / 1000} s (max ${c.alarm_lateness_max_ms} ms)`,
    );
  if (c.alarms_due_during_outage === 0) problems.push('no deadline alarm fell due during the outage');
  if (c.notices_during_outage > 0)
    problems.push(
      `${c.notices_during_outage} notices arrived while the channels were down: the outage leaked`,
    );
  if (c.emails_lost > 0) problems.push(`${c.emails_lost} of ${c.emails_expected} e-mails lost`);
  if (c.email_duplicates > 0) problems.push(`${c.email_duplicates} e-mails arrived twice`);
  if (c.emails_unexpected > 0) problems.push(`${c.emails_unexpected} unexpected e-mails`);
  if (c.sms_lost > 0) problems.push(`${c.sms_lost} of ${c.sms_expected} SMS lost`);
  if (c.sms_duplicates > 0) problems.push(`${c.sms_duplicates} SMS arrived twice`);
  if (c.sms_unexpected > 0) problems.push(`${c.sms_unexpected} unexpected SMS`);
  return problems;
}

/** A notice's kind as the timeline names its event, and the SMS template that tells it. */
const complainantKinds: { event: string; sms: NoticeKind }[] = [
  { event: 'registered', sms: 'received' },
  { event: 'accepted', sms: 'accepted' },
  { event: 'replied', sms: 'replied' },
];

/** One notice as it should arrive, by (case, kind, recipient), with the copies that did. */
interface Tally {
  expected: number;
  delivered: number;
  duplicates: number;
  lost: number;
  unexpected: number;
  missing: string[];
  twice: string[];
  strange: string[];
  last: number;
}

function tally(expected: Set<string>, arrivals: { key: string; at: number }[]): Tally {
  const copies = new Map<string, number>();
  let last = 0;
  for (const a of arrivals) {
    copies.set(a.key, (copies.get(a.key) ?? 0) + 1);
    if (expected.has(a.key)) last = Math.max(last, a.at);
  }
  const missing = [...expected].filter((k) => !copies.has(k));
  const twice = [...copies].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
  const strange = [...copies.keys()].filter((k) => !expected.has(k));
  return {
    expected: expected.size,
    delivered: expected.size - missing.length,
    duplicates: [...copies.values()].reduce((sum, n) => sum + n - 1, 0),
    lost: missing.length,
    unexpected: strange.length,
    missing,
    twice,
    strange,
    last,
  };
}

/**
 * Counts what arrived against what the cases and their chosen channels call for,
 * worked out from the petitions and the policy, not the outbox, so a notice never
 * queued is missed too. Alarms: the untouched cases' dispatch breach and escalation.
 */
async function count(
  db: pg.Pool,
  target: OutageTarget,
  cases: DrillCase[],
  options: NoticesOutageOptions,
  window: { outageStart: number; outageEnd: number },
) {
  const numbered = cases.filter((c) => c.caseNumber);
  const numbers = numbered.map((c) => c.caseNumber!);
  const alarmNumbers = numbered.filter((c) => c.alarm).map((c) => c.caseNumber!);
  const workedNumbers = numbered.filter((c) => !c.alarm).map((c) => c.caseNumber!);
  const events = await db.query<EventRow>(
    `select case_number, seq, type, data->>'clock' as clock, data->>'breached' as breached, occurred_at
       from case_event where case_number = any($1)`,
    [numbers],
  );
  const eventAt = new Map(events.rows.map((e) => [`${e.case_number}/${e.seq}`, e]));
  const client = await db.connect();
  const timers = await countTimers(client, options, alarmNumbers, workedNumbers, events.rows).finally(() =>
    client.release(),
  );

  const emailsWanted = new Set(timers.dueMails);
  const smsWanted = new Set<string>();
  const smsKeyOfText = new Map<string, string>();
  for (const c of numbered) {
    const kinds = c.alarm ? complainantKinds.slice(0, 1) : complainantKinds;
    for (const k of kinds) {
      if (c.notifyBy !== 'sms') emailsWanted.add(`${c.caseNumber}|${k.event}|${c.email}`);
      const smsKey = `${c.caseNumber}|${k.sms}|${c.phone}`;
      smsKeyOfText.set(
        `${c.phone}|${renderSms(k.sms, { caseNumber: c.caseNumber! }, target.smsSignature)}`,
        smsKey,
      );
      if (c.notifyBy !== 'email') smsWanted.add(smsKey);
    }
  }
  const numberSet = new Set(numbers);
  const mailArrivals = target.mails.flatMap((mail) => {
    const [caseNumber, seq] = (mail.key ?? '').split('/');
    if (!numberSet.has(caseNumber ?? '')) return [];
    const kind = kindOf(eventAt.get(`${caseNumber}/${seq}`));
    return mail.to.map((to) => ({ key: `${caseNumber}|${kind}|${to}`, at: mail.at }));
  });
  const smsArrivals = target.sms.map((m) => ({
    key: smsKeyOfText.get(`${m.to}|${m.text}`) ?? `${m.to}|${m.text}`,
    at: m.at,
  }));
  const mails = tally(emailsWanted, mailArrivals);
  const sms = tally(smsWanted, smsArrivals);

  // Each alarm's instant, to know which fell while the channels were down.
  const graceMs =
    (policyFor(drillPolicyVersion(options.drillMinutes)).clocks.dispatch.escalateAfterWorkingDays ?? 0) *
    60_000;
  const deadlines = await db.query<{ due_at: Date }>(
    `select due_at from case_deadline where clock = 'dispatch' and case_number = any($1)`,
    [alarmNumbers],
  );
  const instants = deadlines.rows.flatMap((d) => [d.due_at.getTime(), d.due_at.getTime() + graceMs]);
  const dueDuringOutage = instants.filter(
    (t) => t >= window.outageStart && t <= Math.min(window.outageEnd, Date.now()),
  ).length;
  const onTime = timers.lateness.filter((ms) => ms <= alarmToleranceMs).length;

  const complete =
    mails.lost === 0 &&
    sms.lost === 0 &&
    timers.fired === timers.due &&
    timers.due === 2 * alarmNumbers.length;
  return {
    complete,
    lastArrival: Math.max(mails.last, sms.last),
    counts: {
      alarms_due: timers.due,
      alarms_due_during_outage: dueDuringOutage,
      alarms_on_time: onTime,
      alarms_late: timers.fired - onTime,
      alarms_unfired: timers.due - timers.fired,
      alarm_lateness_max_ms: percentile(timers.lateness, 1),
      emails_expected: mails.expected,
      emails_delivered: mails.delivered,
      email_duplicates: mails.duplicates,
      emails_lost: mails.lost,
      emails_unexpected: mails.unexpected,
      sms_expected: sms.expected,
      sms_delivered: sms.delivered,
      sms_duplicates: sms.duplicates,
      sms_lost: sms.lost,
      sms_unexpected: sms.unexpected,
      notices_during_outage: [...mailArrivals, ...smsArrivals].filter(
        (a) => a.at > window.outageStart && a.at < window.outageEnd,
      ).length,
    },
    samples: {
      missing: [...mails.missing, ...sms.missing].slice(0, 10),
      duplicates: [...mails.twice, ...sms.twice].slice(0, 10),
      unexpected: [...mails.strange, ...sms.strange].slice(0, 10),
    },
  };
}

/**
 * `npm run chaos -- --scenario notices-outage`: the drill on a private stack of real
 * processes (chaos/stack.ts), its worker sending mail and SMS through the fronts.
 * Every process it started is ended before it returns.
 */
export async function runNoticesOutageDrill(
  options: NoticesOutageOptions,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<NoticesOutageResult & { elapsedMs: number }> {
  const started = Date.now();
  const say = (line: string) =>
    log(`[${String(Math.round((Date.now() - started) / 1000)).padStart(3)} s] ${line}`);
  const stack = await startChaosStack(say, signal, { notices: true });
  try {
    const notices = stack.notices!;
    say(
      `notices outage: ${options.cases} cases worked, ${options.alarmCases} left for their alarms, ` +
        `${(options.refusingMs + options.silentMs) / 1000} s without mail or SMS`,
    );
    const result = await runNoticesOutage(
      {
        apiUrl: stack.apiUrl,
        databaseUrl: stack.databaseUrl,
        smtpFront: notices.smtpFront,
        smsFront: notices.smsFront,
        mails: stack.smtp.received,
        sms: notices.sms.received,
        smsSignature: notices.smsSignature,
      },
      options,
      say,
      signal,
    );
    return { ...result, elapsedMs: Date.now() - started };
  } finally {
    say('stopping every process the drill started …');
    await stack.stop();
  }
}

/** A readable table of the counts, with a mark where one misses. */
export function formatOutageCounts(c: NoticesOutageCounts): string {
  const wants: Partial<Record<keyof NoticesOutageCounts, number>> = {
    steps_failed: 0,
    steps_over_2s: 0,
    alarms_late: 0,
    alarms_unfired: 0,
    emails_delivered: c.emails_expected,
    email_duplicates: 0,
    emails_lost: 0,
    emails_unexpected: 0,
    sms_delivered: c.sms_expected,
    sms_duplicates: 0,
    sms_lost: 0,
    sms_unexpected: 0,
    notices_during_outage: 0,
  };
  const rows = (Object.keys(c) as (keyof NoticesOutageCounts)[]).map((key) => {
    const want = wants[key];
    return [key, String(c[key]), want === undefined ? '' : c[key] === want ? 'ok' : `expected ${want}`];
  });
  const width = Math.max(...rows.map((r) => r[0]!.length));
  const valueWidth = Math.max(...rows.map((r) => r[1]!.length));
  return rows.map(([k, v, m]) => `  ${k!.padEnd(width)}  ${v!.padStart(valueWidth)}  ${m}`).join('\n');
}
