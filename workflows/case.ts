import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { DeadlineAlarm, EscalationRequest } from '../activities/notifications';
import type { Actor } from '../domain/actor';
import { openStatuses, type CaseStart } from '../domain/case';
import {
  caseCommandNames,
  refusalOf,
  type CaseCommandName,
  type CaseState,
  type Refusal,
} from '../domain/case-commands';
import { processRulesFor } from '../domain/policy';
import { dueAlarms, nextAlarmTime, type Alarm } from './case/alarms';
import { ledger, notify } from './case/activities';
import { designateWhenLongOpen, designateWhenOverdue, longOpenAlarm, registerImported } from './case/backlog';
import {
  calendarLoadedSignal,
  caseCommandUpdate,
  caseStateQuery,
  commandRefusedType,
  type AnyCommandRequest,
} from './case/messages';
import { followUp, lookBackRules } from './case/close-out';
import { noticesOnTheirOwn } from './case/notices';
import { CaseProcess, now, type ClockStart } from './case/process';
import { caseSteps } from './case/steps';
import { reportClocks } from './case/discipline';

const system: Actor = { kind: 'system' };
/** Well below Temporal's own limits; the server's suggestion usually comes first. */
const defaultHistoryEventLimit = 10_000;

const refused = (refusal: Refusal) =>
  ApplicationFailure.create({
    type: commandRefusedType,
    message: refusal.code,
    details: [refusal],
    nonRetryable: true,
  });

/**
 * One petition case (信访事项), from receipt to close-out. The workflow is the
 * source of truth for where the case is and what is due when; every step is
 * projected to the ledger. `carried` is the state brought over a continue-as-new.
 */
export async function petitionCase(start: CaseStart, carried?: CaseState): Promise<CaseState> {
  // Decided once, before anything else: cases that started earlier replay as they ran.
  const handOverRules = patched('hand-over');
  // Decided at the start as well, not at each event: asked first between two local
  // activities, its marker did not replay where a slow activity split that workflow task.
  const projectsState = patched('state-projection');
  let process: CaseProcess | undefined = carried ? new CaseProcess(carried, projectsState) : undefined;
  let calendarReloaded = false;
  let changed = false;

  setHandler(caseStateQuery, () => process?.state ?? null);
  setHandler(calendarLoadedSignal, () => {
    calendarReloaded = true;
  });
  for (const command of caseCommandNames) acceptCommand(command);

  function acceptCommand(command: CaseCommandName) {
    const refusalFor = (request: AnyCommandRequest) =>
      process ? refusalOf(process.state, command, request.actor, request.input) : null;
    setHandler(
      caseCommandUpdate(command),
      async (request) => {
        await condition(() => process !== undefined);
        const p = process!;
        return p.exclusive(async () => {
          // Checked again in turn: a step that ran while this one waited may have changed the answer.
          const refusal = refusalFor(request);
          if (refusal && !acceptedUnderEarlierRules(command)) throw refused(refusal);
          await (
            caseSteps[command] as (p: CaseProcess, a: Actor, i: AnyCommandRequest['input']) => Promise<void>
          )(p, request.actor, request.input);
          changed = true;
          return p.state;
        });
      },
      {
        // Synchronous, so a refusal reaches the caller before anything is written to history.
        // Before registration has finished there is nothing to judge yet: the handler waits and judges then.
        validator: (request) => {
          const refusal = refusalFor(request);
          if (refusal) throw refused(refusal);
        },
      },
    );
  }

  if (!process) {
    const registered = new CaseProcess(
      await register(start, { handOverRules, projectsState }),
      projectsState,
    );
    if (start.imported) {
      const imported = start.imported;
      await registered.exclusive(() => registerImported(registered, start.enteredBy ?? system, imported));
    }
    process = registered;
    sendReceipt(start, registered);
  }
  const p = process;
  if (handOverRules) p.state.handOverRules = true;

  const waitForStep = async (timeoutMs: number | undefined) => {
    changed = false;
    await condition(() => changed || calendarReloaded, timeoutMs);
  };
  const continueIfLong = async () => {
    // A notice still on its way belongs to this run: the case continues as new after it went.
    if (!historyIsLong(start) || p.notices.unsent.length > 0) return;
    await condition(() => allHandlersFinished() && !p.isBusy);
    await continueAsNew<typeof petitionCase>(start, p.state);
  };

  for (;;) {
    // Wait for the next step or the next deadline alarm, whichever comes first.
    while (openStatuses.includes(p.state.status)) {
      const alarmAt = earliest(nextAlarmTime(p.state), backlogRules() ? longOpenAlarm(p) : null);
      await waitForStep(alarmAt === null ? undefined : Math.max(alarmAt - Date.now(), 0));
      if (calendarReloaded) {
        calendarReloaded = false;
        await p.exclusive(() => recomputeProvisional(p));
      }
      await p.exclusive(() => soundAlarms(p));
      if (backlogRules()) await p.exclusive(() => designateWhenLongOpen(p));
      await continueIfLong();
    }
    // 销号 and after: look-back revisits (回头看) until the case stops listening, unless it comes back.
    if (p.state.status === 'closed' || !lookBackRules()) break;
    const outcome = await followUp(p, async (timeoutMs) => {
      await waitForStep(timeoutMs);
      await continueIfLong();
    });
    if (outcome === 'ended') break;
  }
  await condition(allHandlersFinished);
  await p.notices.allSent();
  return p.state;
}

/**
 * 回执: a complainant who gave an e-mail hears that the petition arrived (never with
 * the access code). It goes its own way: the office's work and the deadlines do not
 * wait for a mail server. Cases registered before the receipt existed replay without it.
 */
function sendReceipt(start: CaseStart, p: CaseProcess): void {
  const { petition } = start;
  if (start.imported || petition.anonymous) return;
  if (noticesOnTheirOwn()) {
    // Registration is always event 1: the notice is keyed by it.
    p.notices.send({
      complainant: { caseNumber: p.state.caseNumber, seq: 1, kind: 'received', details: {} },
    });
    return;
  }
  const hasEmail = Boolean(petition.complainant?.email);
  if (!hasEmail || !patched('receipt-mail')) return;
  // Registration is always event 1: the mail is keyed by it.
  p.tellComplainant('received', 1, {}).catch(() => {
    // Mail activities retry until they succeed; a cancellation (the case continuing as new) leaves it to the outbox row.
  });
}

/**
 * Before the weekly close-out, an office head closed a case out by hand; those
 * histories replay as they were accepted then (only the close-out's rule changed).
 */
const acceptedUnderEarlierRules = (command: CaseCommandName) =>
  command === 'closeOut' && !patched('weekly-close-out');

/** Cases that started before backlog cases existed replay without the rules that designate them. */
const backlogRules = () => patched('backlog-cases');

const earliest = (...times: (number | null)[]): number | null => {
  const known = times.filter((t): t is number => t !== null);
  return known.length === 0 ? null : Math.min(...known);
};

const historyIsLong = (start: CaseStart) =>
  workflowInfo().continueAsNewSuggested ||
  workflowInfo().historyLength > (start.historyEventLimit ?? defaultHistoryEventLimit);

/** 登记: the case enters the ledger; the same-day dispatch, routing and notice clocks start. */
async function register(
  start: CaseStart,
  { handOverRules, projectsState }: { handOverRules: boolean; projectsState: boolean },
): Promise<CaseState> {
  const unit = await ledger().unitForCase(start.petition.unitCode);
  const { petition } = start;
  // A published version's extension limit comes with the start; this file's versions hold their own.
  const extension = start.extension ?? processRulesFor(start.policyVersion).extension;
  const state: CaseState = {
    caseNumber: start.caseNumber,
    policyVersion: start.policyVersion,
    unit,
    realName: !petition.anonymous,
    complainantHasEmail: Boolean(petition.complainant?.email),
    category: petition.category,
    receivedAt: start.receivedAt,
    status: 'registered',
    seq: 0,
    handlingDepartment: null,
    forwardedTo: null,
    objections: 0,
    extension: null,
    extensionsGranted: 0,
    maxExtensionDays: extension.maxDays,
    maxExtensions: extension.maxCount,
    replyDelivered: false,
    evaluation: null,
    reviewUnit: null,
    reReviewUnit: null,
    deadlines: {},
    escalation: null,
    acceptedAt: null,
    repliedAt: null,
    closedAt: null,
    // Set from the start, so the state that registration's event projects is the state the workflow holds.
    ...(handOverRules ? { handOverRules: true } : {}),
  };
  // Cases from before the kinds were asked at the door are petitions and replay as they ran.
  if (patched('discipline-reports')) {
    state.kind = petition.kind ?? 'petition';
    if (state.kind === 'report')
      state.report = { disposal: null, disposalReason: null, conclusion: null, urgent: false };
  }
  const p = new CaseProcess(state, projectsState);
  const registeredAt = now();
  for (const d of await p.schedule(firstClocks(start, state, registeredAt))) {
    // An imported case's warnings that fell due before it came to Qingling are history, not news.
    if (start.imported) d.warningsSent = d.warnAt.filter((w) => Date.parse(w) <= Date.now()).length;
    state.deadlines[d.clock] = d;
  }
  const imported = start.imported;
  const event = p.prepare(
    'registered',
    start.enteredBy ?? { kind: 'complainant' },
    {
      channel: petition.channel,
      unitCode: petition.unitCode,
      ...(imported
        ? {
            imported: {
              batchId: imported.batchId,
              line: imported.line,
              externalRef: imported.externalRef,
              acceptedAt: imported.acceptedAt ?? null,
              department: imported.department?.name ?? null,
            },
          }
        : {}),
    },
    [],
  );
  await ledger().registerCase({ start, unit, event });
  return state;
}

/**
 * The clocks a case starts with. A new petition waits for same-day dispatch, routing
 * and the acceptance notice; a case imported from an old ledger takes up where its
 * real history left it, its clocks counted from the real dates (so they may already
 * be breached: they sound at once).
 */
function firstClocks(start: CaseStart, state: CaseState, registeredAt: string): ClockStart[] {
  const imported = start.imported;
  if (state.kind === 'report' && !imported) return reportClocks(start);
  // 咨询: answered and closed without the petition clocks.
  if (state.kind === 'consultation') return [];
  if (imported?.acceptedAt) {
    state.acceptedAt = imported.acceptedAt;
    if (imported.department) {
      state.status = 'in_handling';
      state.handlingDepartment = imported.department;
      return [{ clock: 'handling', from: imported.acceptedAt }];
    }
    state.status = 'accepted';
    return [
      { clock: 'handling', from: imported.acceptedAt },
      { clock: 'dispatch', from: imported.acceptedAt },
    ];
  }
  return [
    { clock: 'dispatch', from: imported ? start.receivedAt : registeredAt },
    { clock: 'routing', from: start.receivedAt },
    { clock: 'acceptanceNotice', from: start.receivedAt },
  ];
}

/** Warnings, breaches and escalations that are due, in the order they fell due. */
async function soundAlarms(p: CaseProcess): Promise<void> {
  for (;;) {
    const [alarm] = dueAlarms(p.state, Date.now());
    if (!alarm) return;
    await sound(p, alarm);
    if (alarm.kind === 'breach' && backlogRules()) await designateWhenOverdue(p, alarm.deadline.clock);
  }
}

async function sound(p: CaseProcess, alarm: Alarm): Promise<void> {
  const d = alarm.deadline;
  const base = {
    clock: d.clock,
    dueDate: d.dueDate,
    responsibleUnitId: d.responsibleUnitId,
    ...(d.responsibleStaffId !== undefined ? { responsibleStaffId: d.responsibleStaffId } : {}),
  };
  if (alarm.kind === 'warning') {
    d.warningsSent += 1;
    const event = p.prepare('deadline_warning', system, { clock: d.clock, dueDate: d.dueDate }, []);
    await warnOffice(p, { ...base, event, kind: 'warning' });
    return;
  }
  if (alarm.kind === 'breach' && d.escalateTo === null) {
    await lapse(p, d.clock);
    return;
  }
  d.breachedAt ??= now();
  d.warningsSent = d.warnAt.length;
  if (d.escalateAt && Date.parse(d.escalateAt) <= Date.now()) {
    d.escalatedAt = now();
    p.state.escalation = { clock: d.clock, toUnitId: d.responsibleUnitId, at: d.escalatedAt };
    const event = p.prepare(
      'deadline_escalated',
      system,
      { clock: d.clock, dueDate: d.dueDate, target: d.escalateTo },
      [],
    );
    const { toUnitId } = await escalate(p, { ...base, event, target: d.escalateTo! });
    p.state.escalation = { clock: d.clock, toUnitId, at: d.escalatedAt };
    return;
  }
  // Breached, with a grace before it escalates (the dispatch clock): the office is told first.
  const event = p.prepare(
    'deadline_warning',
    system,
    { clock: d.clock, dueDate: d.dueDate, breached: true },
    [],
  );
  await warnOffice(p, { ...base, event, kind: 'breach' });
}

/** The alarm goes on the timeline in the case's lock; its e-mails go their own way. */
async function warnOffice(p: CaseProcess, alarm: DeadlineAlarm & { kind: 'warning' | 'breach' }) {
  if (!noticesOnTheirOwn()) return notify.warnOffice(alarm);
  p.notices.send({ office: await notify.recordOfficeAlarm(alarm) });
}

async function escalate(p: CaseProcess, request: EscalationRequest): Promise<{ toUnitId: number }> {
  if (!noticesOnTheirOwn()) return notify.escalate(request);
  const { toUnitId, mail } = await notify.recordEscalation(request);
  p.notices.send({ office: mail });
  return { toUnitId };
}

/** A window the complainant or a department did not use closes; what follows depends on the window. */
async function lapse(p: CaseProcess, clock: Alarm['deadline']['clock']): Promise<void> {
  const s = p.state;
  // No review asked for in time: the reply stands and the case waits for close-out.
  if (clock === 'reviewRequest' || clock === 'reReviewRequest') s.status = 'close_out_pending';
  await p.record('deadline_lapsed', system, { clock }, { stop: [clock], stoppedAs: 'lapsed' });
}

/** A year's holiday calendar arrived: provisional deadlines are counted again over the real calendar. */
async function recomputeProvisional(p: CaseProcess): Promise<void> {
  const provisional = Object.values(p.state.deadlines).filter((d) => d.provisional);
  if (provisional.length === 0) return;
  const recounted = await p.schedule(
    provisional.map((d) => ({
      clock: d.clock,
      from: d.startedAt,
      responsibleUnitId: d.responsibleUnitId,
      ...(d.extendedByDays ? { extendByDays: d.extendedByDays } : {}),
    })),
  );
  const changes = recounted.map((fresh) => {
    const old = p.state.deadlines[fresh.clock]!;
    p.state.deadlines[fresh.clock] = {
      ...fresh,
      warningsSent: Math.min(old.warningsSent, fresh.warnAt.length),
      breachedAt: old.breachedAt,
      escalatedAt: old.escalatedAt,
    };
    return { clock: fresh.clock, from: old.dueDate, to: fresh.dueDate, provisional: fresh.provisional };
  });
  await p.record('deadlines_recomputed', system, { changes });
}
