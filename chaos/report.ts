import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import pMap from 'p-map';
import pg from 'pg';
import { caseWorkflowId } from '../domain/case';
import { drillPolicyVersion, policyFor } from '../domain/policy';
import type { Submission } from './load';
import type { ReceivedMail } from './smtp';

/** What the drill counts; the keys first, then what explains them. */
export interface DrillCounts {
  petitions: number;
  cases_found: number;
  duplicates: number;
  timers_due: number;
  timers_fired: number;
  emails_expected: number;
  emails_received: number;
  stuck_workflows: number;
  lost: number;
  acknowledged: number;
  /** Refused with a 4xx (not lost: the client was told). */
  refused: number;
  /** Never answered before the clients gave up. */
  unanswered: number;
  /** Tries the clients made again: how much of the faults they felt. */
  client_retries: number;
  /** Cases in the ledger no client was given. */
  unacknowledged_cases: number;
  /** The same timer sounding twice on a case's timeline. */
  timer_duplicates: number;
  /** Breaches that fired so late their escalation was due too: one escalation event, no warning. */
  breaches_escalated_at_once: number;
  /** Cases on the real policy whose same-day dispatch ran out at the office's midnight during the drill. */
  calendar_breaches: number;
  /** Copies of an e-mail beyond the first, as the SMTP server accepted them. */
  email_duplicates: number;
  /** E-mails nobody expected (another deadline, another recipient). */
  emails_unexpected: number;
  /** From the receipt to the case in the ledger (the worker's first step), p50 and max. */
  registered_lag_p50_ms: number;
  registered_lag_max_ms: number;
  /** From a drill timer's instant to its event on the timeline, p50 and max. */
  timer_lateness_p50_ms: number;
  timer_lateness_max_ms: number;
}

/** The expectation: every case once, every due timer fired, every e-mail once, nothing stuck or lost. */
export function failures(c: DrillCounts): string[] {
  const problems: string[] = [];
  if (c.lost > 0) problems.push(`${c.lost} lost`);
  if (c.duplicates > 0) problems.push(`${c.duplicates} submission keys with more than one case`);
  if (c.unacknowledged_cases > 0) problems.push(`${c.unacknowledged_cases} cases no client was given`);
  if (c.unanswered > 0 || c.refused > 0)
    problems.push(`${c.unanswered} unanswered, ${c.refused} refused petitions`);
  if (c.timers_fired !== c.timers_due) problems.push(`${c.timers_fired} of ${c.timers_due} due timers fired`);
  if (c.timer_duplicates > 0) problems.push(`${c.timer_duplicates} timers fired twice`);
  if (c.emails_received !== c.emails_expected)
    problems.push(`${c.emails_received} of ${c.emails_expected} e-mails received`);
  if (c.email_duplicates > 0) problems.push(`${c.email_duplicates} e-mails received twice`);
  if (c.emails_unexpected > 0) problems.push(`${c.emails_unexpected} unexpected e-mails`);
  if (c.stuck_workflows > 0) problems.push(`${c.stuck_workflows} stuck workflows`);
  return problems;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface EventRow {
  case_number: string;
  seq: number;
  type: string;
  clock: string | null;
  breached: string | null;
  occurred_at: Date;
}

/** The kind of mail an event sends: a dispatch breach and its escalation are the drill's timers. */
export function kindOf(event: EventRow | undefined): string {
  if (!event) return 'unknown';
  if (event.type === 'deadline_warning' && event.breached === 'true') return `breach:${event.clock}`;
  if (event.type === 'deadline_escalated') return `escalation:${event.clock}`;
  return event.type;
}

export interface CountInput {
  databaseUrl: string;
  submissions: Submission[];
  mails: ReceivedMail[];
  drillMinutes: number;
  /** Asks Temporal about every case; left out while polling for recovery. */
  temporal?: Client;
}

/**
 * Counts what the drill left: the ledger, the timelines, the SMTP server's log and
 * (at the end) every case workflow. Expected e-mails are worked out from the
 * petitions and the drill policy, not from the outbox, so a mail never queued is missed too.
 */
export async function countDrill(input: CountInput): Promise<{ counts: DrillCounts; samples: Samples }> {
  const db = new pg.Client({ connectionString: input.databaseUrl });
  await db.connect();
  try {
    return await countWith(db, input);
  } finally {
    await db.end();
  }
}

async function countWith(
  db: pg.Client,
  input: CountInput,
): Promise<{ counts: DrillCounts; samples: Samples }> {
  const { submissions } = input;
  const acked = submissions.filter((s) => s.caseNumbers.size > 0);
  const ackedNumbers = acked.flatMap((s) => [...s.caseNumbers]);
  const drillNumbers = acked.filter((s) => s.drill).flatMap((s) => [...s.caseNumbers]);

  const receipts = await db.query<{ case_number: string; submission_key_hash: string }>(
    'select case_number, submission_key_hash from receipt',
  );
  const casesByKeyHash = new Map<string, Set<string>>();
  for (const r of receipts.rows) {
    casesByKeyHash.set(
      r.submission_key_hash,
      (casesByKeyHash.get(r.submission_key_hash) ?? new Set()).add(r.case_number),
    );
  }
  const duplicates = submissions.filter(
    (s) => new Set([...s.caseNumbers, ...(casesByKeyHash.get(sha256(s.submissionKey)) ?? [])]).size > 1,
  ).length;

  const ledger = await db.query<{ case_number: string }>('select case_number from petition_case');
  const inLedger = new Set(ledger.rows.map((r) => r.case_number));
  const ackedSet = new Set(ackedNumbers);
  const unacknowledged = [...inLedger].filter((n) => !ackedSet.has(n)).length;

  const workflowFound = input.temporal ? await describeCases(input.temporal, ackedNumbers) : null;
  const found = ackedNumbers.filter((n) => inLedger.has(n) && (workflowFound?.get(n)?.found ?? true));

  const events = await db.query<EventRow>(
    `select case_number, seq, type, data->>'clock' as clock, data->>'breached' as breached, occurred_at
       from case_event where case_number = any($1)`,
    [ackedNumbers],
  );
  const eventAt = new Map(events.rows.map((e) => [`${e.case_number}/${e.seq}`, e]));

  const drillSet = new Set(drillNumbers);
  const otherNumbers = ackedNumbers.filter((n) => !drillSet.has(n));
  const timers = await countTimers(db, input, drillNumbers, otherNumbers, events.rows);
  const mails = countMails(input, acked, eventAt, timers.dueMails);
  const registeredLag = await db.query<{ ms: number }>(
    `select extract(epoch from (c.registered_at - r.issued_at)) * 1000 as ms
       from petition_case c join receipt r using (case_number) where c.case_number = any($1)`,
    [ackedNumbers],
  );

  const counts: DrillCounts = {
    petitions: submissions.length,
    cases_found: found.length,
    duplicates,
    timers_due: timers.due,
    timers_fired: timers.fired,
    emails_expected: mails.expected,
    emails_received: mails.received,
    stuck_workflows: workflowFound ? [...workflowFound.values()].filter((w) => w.found && w.stuck).length : 0,
    lost: acked.length - found.length,
    acknowledged: acked.length,
    refused: submissions.filter((s) => s.refused).length,
    unanswered: submissions.filter((s) => s.caseNumbers.size === 0 && !s.refused).length,
    client_retries: submissions.reduce((sum, s) => sum + s.retries, 0),
    unacknowledged_cases: unacknowledged,
    timer_duplicates: timers.duplicates,
    breaches_escalated_at_once: timers.mergedBreaches,
    calendar_breaches: timers.calendarBreaches,
    email_duplicates: mails.duplicates,
    emails_unexpected: mails.unexpected,
    registered_lag_p50_ms: percentile(
      registeredLag.rows.map((r) => Number(r.ms)),
      0.5,
    ),
    registered_lag_max_ms: percentile(
      registeredLag.rows.map((r) => Number(r.ms)),
      1,
    ),
    timer_lateness_p50_ms: percentile(timers.lateness, 0.5),
    timer_lateness_max_ms: percentile(timers.lateness, 1),
  };
  return { counts, samples: firstFew(mails.samples) };
}

/**
 * Each drill case runs two timers on its dispatch clock: the breach at its due
 * instant and the escalation after the policy's grace. A case whose deadline is not
 * in the ledger yet has both due: it should have registered long ago.
 *
 * The other cases run the real policy, whose same-day dispatch (当日分办) runs out at
 * the office's midnight: a drill that spans it sees each of them breach, and the
 * office's clerk and head are rightly told. Those breaches are not the drill's timers,
 * but their e-mails are expected (`calendar_breaches`).
 */
export async function countTimers(
  db: pg.ClientBase,
  input: Pick<CountInput, 'drillMinutes'>,
  drillNumbers: string[],
  otherNumbers: string[],
  events: EventRow[],
) {
  const graceMs =
    (policyFor(drillPolicyVersion(input.drillMinutes)).clocks.dispatch.escalateAfterWorkingDays ?? 0) *
    60_000;
  const deadlines = await db.query<{ case_number: string; due_at: Date; responsible_unit_id: number }>(
    `select case_number, due_at, responsible_unit_id from case_deadline where clock = 'dispatch' and case_number = any($1)`,
    [[...drillNumbers, ...otherNumbers]],
  );
  const staff = await db.query<{ unit_id: number; role: string; email: string }>(
    'select unit_id, role, lower(email) as email from staff_member where active',
  );
  const staffOf = (unitId: number, roles: string[]) =>
    staff.rows.filter((s) => s.unit_id === unitId && roles.includes(s.role)).map((s) => s.email);
  const deadlineOf = new Map(deadlines.rows.map((d) => [d.case_number, d]));
  const fired = new Map<string, number>();
  const firedAt = new Map<string, number>();
  for (const e of events) {
    const kind = kindOf(e);
    if (kind === 'breach:dispatch' || kind === 'escalation:dispatch') {
      const key = `${e.case_number}|${kind}`;
      fired.set(key, (fired.get(key) ?? 0) + 1);
      firedAt.set(key, e.occurred_at.getTime());
    }
  }
  const lateness: number[] = [];
  const now = Date.now();
  let due = 0;
  let firedDue = 0;
  let mergedBreaches = 0;
  const dueMails: string[] = [];
  for (const caseNumber of drillNumbers) {
    const deadline = deadlineOf.get(caseNumber);
    const timers = [
      {
        kind: 'breach:dispatch',
        at: deadline ? deadline.due_at.getTime() : 0,
        roles: ['clerk', 'office_head'],
      },
      {
        kind: 'escalation:dispatch',
        at: deadline ? deadline.due_at.getTime() + graceMs : 0,
        roles: ['office_head'],
      },
    ];
    // A breach noticed only after its grace ran out escalates at once, without the office's
    // warning (workflows/case.ts `sound`): the escalation event is then the breach's too.
    const escalatedAt = firedAt.get(`${caseNumber}|escalation:dispatch`);
    const breachInEscalation = !fired.has(`${caseNumber}|breach:dispatch`) && escalatedAt !== undefined;
    if (breachInEscalation) mergedBreaches += 1;
    for (const timer of timers.filter((t) => t.at <= now)) {
      due += 1;
      const inEscalation = timer.kind === 'breach:dispatch' && breachInEscalation;
      const at = inEscalation ? escalatedAt : firedAt.get(`${caseNumber}|${timer.kind}`);
      if (at !== undefined) {
        firedDue += 1;
        lateness.push(at - timer.at);
      }
      if (deadline && !inEscalation) {
        for (const email of staffOf(deadline.responsible_unit_id, timer.roles))
          dueMails.push(`${caseNumber}|${timer.kind}|${email}`);
      }
    }
  }
  // The real policy escalates a working day after the breach: never within a drill.
  let calendarBreaches = 0;
  for (const caseNumber of otherNumbers) {
    const deadline = deadlineOf.get(caseNumber);
    if (!deadline || deadline.due_at.getTime() > now || !fired.has(`${caseNumber}|breach:dispatch`)) continue;
    calendarBreaches += 1;
    for (const email of staffOf(deadline.responsible_unit_id, ['clerk', 'office_head']))
      dueMails.push(`${caseNumber}|breach:dispatch|${email}`);
  }
  const duplicates = [...fired.values()].reduce((sum, n) => sum + n - 1, 0);
  return { due, fired: firedDue, duplicates, dueMails, lateness, mergedBreaches, calendarBreaches };
}

/** E-mails by (case, kind, recipient): each acknowledged petition's receipt, and the office's mails of each due timer. */
function countMails(
  input: CountInput,
  acked: Submission[],
  eventAt: Map<string, EventRow>,
  dueMails: string[],
) {
  const expected = new Set(dueMails);
  for (const s of acked) for (const n of s.caseNumbers) expected.add(`${n}|registered|${s.email}`);
  const copies = new Map<string, number[]>();
  for (const mail of input.mails) {
    const [caseNumber, seq] = (mail.key ?? '').split('/');
    const kind = kindOf(eventAt.get(`${caseNumber}/${seq}`));
    for (const to of mail.to) {
      const triple = `${caseNumber}|${kind}|${to}`;
      copies.set(triple, [...(copies.get(triple) ?? []), mail.at]);
    }
  }
  const samples: Samples = { duplicateEmails: [], missingEmails: [], unexpectedEmails: [] };
  let received = 0;
  let unexpected = 0;
  let duplicates = 0;
  for (const [triple, times] of copies) {
    if (expected.has(triple)) received += 1;
    else {
      unexpected += 1;
      samples.unexpectedEmails.push(triple);
    }
    duplicates += times.length - 1;
    if (times.length > 1)
      samples.duplicateEmails.push(`${triple} at ${times.map((t) => new Date(t).toISOString()).join(', ')}`);
  }
  samples.missingEmails = [...expected].filter((triple) => !copies.has(triple));
  return { expected: expected.size, received, duplicates, unexpected, samples };
}

/** Which e-mails went wrong, to look into (the first few of each). */
export interface Samples {
  duplicateEmails: string[];
  missingEmails: string[];
  unexpectedEmails: string[];
}

const firstFew = (samples: Samples): Samples => ({
  duplicateEmails: samples.duplicateEmails.slice(0, 10),
  missingEmails: samples.missingEmails.slice(0, 10),
  unexpectedEmails: samples.unexpectedEmails.slice(0, 10),
});

interface WorkflowCheck {
  found: boolean;
  /** Not running any more, or running with work that keeps failing. */
  stuck: boolean;
}

async function describeCases(temporal: Client, caseNumbers: string[]): Promise<Map<string, WorkflowCheck>> {
  const checks = await pMap(
    caseNumbers,
    async (caseNumber): Promise<[string, WorkflowCheck]> => {
      try {
        const d = await temporal.workflow.getHandle(caseWorkflowId(caseNumber)).describe();
        const failingActivity = (d.raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) > 1);
        const failingTask = (d.raw.pendingWorkflowTask?.attempt ?? 0) > 1;
        return [
          caseNumber,
          { found: true, stuck: d.status.name !== 'RUNNING' || failingActivity || failingTask },
        ];
      } catch {
        return [caseNumber, { found: false, stuck: false }];
      }
    },
    { concurrency: 16 },
  );
  return new Map(checks);
}

const expectations: Partial<Record<keyof DrillCounts, (c: DrillCounts) => number>> = {
  cases_found: (c) => c.acknowledged,
  duplicates: () => 0,
  timers_fired: (c) => c.timers_due,
  emails_received: (c) => c.emails_expected,
  stuck_workflows: () => 0,
  lost: () => 0,
  refused: () => 0,
  unanswered: () => 0,
  unacknowledged_cases: () => 0,
  timer_duplicates: () => 0,
  email_duplicates: () => 0,
  emails_unexpected: () => 0,
};

/** A readable table: each count, what it should be, and a mark where it is not. */
export function formatCounts(c: DrillCounts): string {
  const rows = (Object.keys(c) as (keyof DrillCounts)[]).map((key) => {
    const want = expectations[key]?.(c);
    const mark = want === undefined ? '' : c[key] === want ? 'ok' : `expected ${want}`;
    return [key, String(c[key]), mark] as const;
  });
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([k, v, m]) => `  ${k.padEnd(width)}  ${v.padStart(valueWidth)}  ${m}`).join('\n');
}
