import { patched } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { openStatuses } from '../../domain/case';
import type { CaseCommandName } from '../../domain/case-commands';
import { nextRevisitAt, type LookBackRound } from '../../domain/close-out';
import { processRulesFor, type ClockName, type ReportingPolicy } from '../../domain/policy';
import { now, type CaseProcess, type Step } from './process';

/**
 * The end of a case and what follows it: the leader's reasoned sign-off, the
 * strike-off (销号) the weekly close-out gives, and the look-back revisits (回头看)
 * after it. A recurrence, a new petition on the matter or the office's finding
 * brings the case back into handling, in this same workflow and with its history.
 */

const system: Actor = { kind: 'system' };
const dayMs = 86_400_000;

/** Cases that closed out before look-backs existed end at close-out, as they ran. */
export const lookBackRules = () => patched('look-back');

const reporting = (p: CaseProcess): ReportingPolicy => processRulesFor(p.state.policyVersion).reporting;

const signOffCloseOut: Step<'signOffCloseOut'> = async (p, actor, input) => {
  if (actor.kind !== 'staff') return;
  p.state.closeOutSignOff = { staffId: actor.staffId, name: actor.name, reason: input.reason, at: now() };
  await p.record('close_out_signed_off', actor, { reason: input.reason, leader: actor.name });
};

const closeOut: Step<'closeOut'> = async (p, actor, input) => {
  const s = p.state;
  s.status = 'closed_out';
  s.closedAt = now();
  s.closedOutWeek = input.week ?? null;
  if (lookBackRules()) {
    const { revisitDays, listenDays } = reporting(p).lookBack;
    const lastRevisit = Math.max(0, ...revisitDays);
    s.lookBack = {
      roundsAsked: 0,
      roundsHeld: 0,
      open: null,
      listensUntil: new Date(Date.parse(s.closedAt) + (lastRevisit + listenDays) * dayMs).toISOString(),
    };
  }
  await p.record(
    'closed_out',
    actor,
    { week: input.week, note: input.note },
    { stop: Object.keys(s.deadlines) as ClockName[] },
  );
};

async function ask(p: CaseProcess, round: LookBackRound, data: Record<string, unknown>): Promise<void> {
  const s = p.state;
  s.lookBack!.open = round;
  const event = await p.record('look_back_asked', system, {
    round: round.round,
    campaignId: round.campaignId,
    ...data,
  });
  await p.tellComplainant('look_back', event.seq, { closedAt: s.closedAt ?? '' });
}

/** 回头看: one of the policy's revisits falls due; the complainant is asked whether the matter holds. */
export async function askRevisit(p: CaseProcess): Promise<void> {
  const lookBack = p.state.lookBack!;
  lookBack.roundsAsked += 1;
  const days = reporting(p).lookBack.revisitDays[lookBack.roundsAsked - 1];
  await ask(p, { round: lookBack.roundsAsked, askedAt: now() }, { afterDays: days });
}

const startLookBack: Step<'startLookBack'> = (p, _actor, input) =>
  ask(p, { round: 0, campaignId: input.campaignId, askedAt: now() }, { title: input.title });

/** The round holds: after the policy's last revisit, the case is archived (it can still come back). */
async function roundHolds(p: CaseProcess): Promise<void> {
  const s = p.state;
  const lookBack = s.lookBack!;
  const round = lookBack.open;
  lookBack.open = null;
  if (!round || round.round === 0) return;
  lookBack.roundsHeld = Math.max(lookBack.roundsHeld, round.round);
  if (round.round === reporting(p).lookBack.revisitDays.length && s.status === 'closed_out') {
    s.status = 'archived';
    await p.record('archived', system, { roundsHeld: lookBack.roundsHeld });
  }
}

/** The matter came back: the case is handled again by its department (or dispatched again), against a rectification deadline. */
export async function reopen(
  p: CaseProcess,
  actor: Actor,
  source: 'recurrence' | 'office_finding' | 'repeat_petition',
  reason: string,
): Promise<void> {
  const s = p.state;
  const department = s.handlingDepartment;
  const campaignId = s.lookBack?.open?.campaignId;
  s.status = department ? 'in_handling' : 'accepted';
  s.closedAt = null;
  s.closedOutWeek = null;
  s.closeOutSignOff = null;
  s.evaluation = null;
  s.replyDelivered = false;
  s.lookBack = null;
  s.reopenedCount = (s.reopenedCount ?? 0) + 1;
  const event = await p.record(
    'reopened',
    actor,
    { source, reason, campaignId, department: department?.name ?? null },
    { start: [{ clock: department ? 'rectification' : 'dispatch', from: now() }] },
  );
  // Cases reopened before the complainant was told of it replay without the mail.
  if (patched('reopen-mail')) await p.tellComplainant('reopened', event.seq, { reason });
}

const answerLookBack: Step<'answerLookBack'> = async (p, actor, input) => {
  const round = p.state.lookBack!.open!;
  round.complainantAnswer = { holds: input.holds, comment: input.comment, at: now() };
  await p.record('look_back_answered', actor, {
    holds: input.holds,
    comment: input.comment,
    round: round.round,
    campaignId: round.campaignId,
  });
  if (input.holds) await roundHolds(p);
  else await reopen(p, actor, 'recurrence', input.comment ?? '');
};

const recordLookBackCheck: Step<'recordLookBackCheck'> = async (p, actor, input) => {
  const round = p.state.lookBack?.open ?? null;
  if (round) round.officeCheck = { holds: input.holds, finding: input.finding, by: actor.kind, at: now() };
  await p.record('look_back_checked', actor, {
    holds: input.holds,
    finding: input.finding,
    round: round?.round ?? null,
    campaignId: round?.campaignId,
  });
  if (!input.holds) await reopen(p, actor, 'office_finding', input.finding);
  else if (round) await roundHolds(p);
};

export const closeOutSteps = {
  signOffCloseOut,
  closeOut,
  startLookBack,
  answerLookBack,
  recordLookBackCheck,
} satisfies { [C in CaseCommandName]?: Step<C> };

/**
 * After close-out the case waits: for the next revisit, for anything that brings
 * it back, or until it stops listening. `waitForStep` returns when a step ran or
 * the time passed.
 */
export async function followUp(
  p: CaseProcess,
  waitForStep: (timeoutMs: number) => Promise<void>,
): Promise<'reopened' | 'ended'> {
  for (;;) {
    const s = p.state;
    if (openStatuses.includes(s.status)) return 'reopened';
    if (!s.lookBack || Date.now() >= Date.parse(s.lookBack.listensUntil)) return 'ended';
    const revisit = nextRevisitAt(s);
    if (revisit !== null && Date.now() >= revisit) {
      await p.exclusive(() => askRevisit(p));
      continue;
    }
    const until = Math.min(revisit ?? Infinity, Date.parse(s.lookBack.listensUntil));
    await waitForStep(Math.max(until - Date.now(), 0));
  }
}
