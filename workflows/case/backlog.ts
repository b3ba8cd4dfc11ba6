import type { Actor } from '../../domain/actor';
import type {
  BacklogFlags,
  BacklogReason,
  ImportedHistory,
  LeaderRef,
  Milestone,
} from '../../domain/backlog';
import {
  combineFlags,
  longOpenAt,
  overdueRuleFires,
  repeatRules,
  screenFlags,
} from '../../domain/backlog-rules';
import { closedOutStatuses } from '../../domain/case';
import type { CaseCommandName } from '../../domain/case-commands';
import { processRulesFor, type ClockName } from '../../domain/policy';
import { now, type CaseProcess, type Step, type ClockStart } from './process';
import { intakeClocks } from './clocks';
import { reopen } from './close-out';

/**
 * Backlog cases (积案) inside the case's own workflow: designation by the policy's
 * rules or by the office, one owning leader (包案), the task force, the versioned
 * resolution plan, weekly progress and field visits; and repeat petitions that
 * join the open case instead of opening another.
 */

const system: Actor = { kind: 'system' };
const backlogPolicy = (p: CaseProcess) => processRulesFor(p.state.policyVersion).backlog;

/** 认定为积案: the ownership clock starts; whoever owns the case next answers for a plan. */
export async function designate(
  p: CaseProcess,
  actor: Actor,
  reasons: BacklogReason[],
  stated: { note?: string | undefined; flags?: Partial<BacklogFlags> | undefined } = {},
): Promise<void> {
  const s = p.state;
  const designatedAt = now();
  const flags = combineFlags(screenFlags(s, backlogPolicy(p), designatedAt), stated.flags);
  s.backlog = {
    designatedAt,
    reasons,
    flags,
    owner: null,
    ownedAt: null,
    taskForce: [],
    plan: null,
    lastProgressAt: null,
    visits: 0,
  };
  await p.record(
    'designated_backlog',
    actor,
    { reasons, flags, ...(stated.note ? { reason: stated.note } : {}) },
    { start: [{ clock: 'ownership', from: designatedAt }] },
  );
}

/** A breach of a clock that makes the case overdue (超期未办结) designates it, once. */
export async function designateWhenOverdue(p: CaseProcess, clock: ClockName): Promise<void> {
  if (p.state.backlog || !overdueRuleFires(backlogPolicy(p), clock)) return;
  await designate(p, system, ['overdue']);
}

/** Open longer than the policy allows (久拖未结). */
export async function designateWhenLongOpen(p: CaseProcess): Promise<void> {
  const at = longOpenAt(p.state, backlogPolicy(p));
  if (at === null || at > Date.now()) return;
  await designate(p, system, ['long_open']);
}

export const longOpenAlarm = (p: CaseProcess): number | null => longOpenAt(p.state, backlogPolicy(p));

/** A case from a campaign screening is a backlog case from its first day in Qingling, with what the old ledger said. */
export async function registerImported(
  p: CaseProcess,
  actor: Actor,
  imported: ImportedHistory,
): Promise<void> {
  if (imported.repeatCount > 0) {
    p.state.repeats = { count: imported.repeatCount, caseNumbers: [], unitIds: [], levels: [] };
  }
  await designate(p, actor, ['campaign_screening'], { note: imported.reason, flags: imported.flags });
  if (imported.leader) await takeOwnership(p, actor, imported.leader, 'leader_assigned');
}

/** The clocks a leader answers for, started again under a new owner from when they started. */
function clocksOwnedBy(p: CaseProcess, leader: LeaderRef): ClockStart[] {
  return (['resolutionPlan', 'weeklyProgress'] as const)
    .map((clock) => p.state.deadlines[clock])
    .filter((d) => d !== undefined)
    .map((d) => ({
      clock: d.clock,
      from: d.startedAt,
      responsibleUnitId: leader.unitId,
      responsibleStaffId: leader.staffId,
    }));
}

async function takeOwnership(
  p: CaseProcess,
  actor: Actor,
  leader: LeaderRef,
  type: 'leader_assigned' | 'ownership_claimed',
): Promise<void> {
  const backlog = p.state.backlog!;
  const previous = backlog.owner;
  backlog.owner = leader;
  backlog.ownedAt = now();
  const leaderData = { staffId: leader.staffId, name: leader.name };
  await p.record(
    type,
    actor,
    {
      leader: leaderData,
      ...(previous ? { previous: { staffId: previous.staffId, name: previous.name } } : {}),
    },
    {
      stop: ['ownership'],
      start: backlog.plan
        ? clocksOwnedBy(p, leader)
        : [
            {
              clock: 'resolutionPlan',
              from: backlog.ownedAt,
              responsibleUnitId: leader.unitId,
              responsibleStaffId: leader.staffId,
            },
          ],
    },
  );
}

/** The weekly progress clock runs from the plan and from each progress entry, owed by the owning leader. */
const weeklyProgressFrom = (p: CaseProcess, from: string): ClockStart => {
  const owner = p.state.backlog!.owner!;
  return {
    clock: 'weeklyProgress',
    from,
    responsibleUnitId: owner.unitId,
    responsibleStaffId: owner.staffId,
  };
};

const designateBacklog: Step<'designateBacklog'> = (p, actor, input) =>
  designate(p, actor, ['office_decision'], { note: input.reason, flags: input.flags });

const updateBacklogFlags: Step<'updateBacklogFlags'> = async (p, actor, input) => {
  p.state.backlog!.flags = input.flags;
  await p.record('backlog_flags_updated', actor, { flags: input.flags, reason: input.reason });
};

const assignLeader: Step<'assignLeader'> = (p, actor, input) =>
  takeOwnership(p, actor, input.leader, 'leader_assigned');

const claimOwnership: Step<'claimOwnership'> = (p, actor) => {
  if (actor.kind !== 'staff') throw new Error('only a leader claims a case');
  const leader: LeaderRef = {
    staffId: actor.staffId,
    name: actor.name,
    unitId: actor.unitId,
    unitPath: actor.unitPath,
  };
  return takeOwnership(p, actor, leader, 'ownership_claimed');
};

const nameTaskForce: Step<'nameTaskForce'> = async (p, actor, input) => {
  p.state.backlog!.taskForce = input.members;
  await p.record('task_force_named', actor, { members: input.members });
};

/** Milestones already done stay done in the next version of the plan. */
function carryDone(previous: Milestone[], next: Milestone[]): Milestone[] {
  return next.map((m) => {
    const same = previous.find((o) => o.title === m.title && o.dueDate === m.dueDate);
    return { title: m.title, dueDate: m.dueDate, doneAt: same?.doneAt ?? null };
  });
}

const setResolutionPlan: Step<'setResolutionPlan'> = async (p, actor, input) => {
  const backlog = p.state.backlog!;
  const first = backlog.plan === null;
  const setAt = now();
  backlog.plan = {
    version: (backlog.plan?.version ?? 0) + 1,
    summary: input.summary,
    milestones: carryDone(backlog.plan?.milestones ?? [], input.milestones),
    setAt,
  };
  await p.record(
    'plan_set',
    actor,
    { version: backlog.plan.version, summary: backlog.plan.summary, milestones: backlog.plan.milestones },
    first ? { stop: ['resolutionPlan'], start: [weeklyProgressFrom(p, setAt)] } : {},
  );
};

const reportBacklogProgress: Step<'reportBacklogProgress'> = async (p, actor, input) => {
  const backlog = p.state.backlog!;
  const at = now();
  backlog.lastProgressAt = at;
  const done = (input.completedMilestones ?? []).filter((i) => backlog.plan?.milestones[i] !== undefined);
  for (const i of done) backlog.plan!.milestones[i]!.doneAt ??= at;
  await p.record(
    'backlog_progress_reported',
    actor,
    {
      note: input.note,
      completedMilestones: done.map((i) => backlog.plan!.milestones[i]!.title),
    },
    // Each entry starts the next week; before there is a plan the plan's own clock is what runs.
    backlog.plan && backlog.owner ? { start: [weeklyProgressFrom(p, at)] } : {},
  );
};

const recordFieldVisit: Step<'recordFieldVisit'> = async (p, actor, input) => {
  p.state.backlog!.visits += 1;
  await p.record('field_visit_recorded', actor, { ...input });
};

/** 并入: this petition repeats an open case; it ends here and the complainant is told which case it joined. */
const joinOpenCase: Step<'joinOpenCase'> = async (p, actor, input) => {
  const s = p.state;
  s.status = 'closed';
  s.closedAt = now();
  s.joinedCaseNumber = input.openCaseNumber;
  const event = await p.record(
    'joined_open_case',
    actor,
    { openCaseNumber: input.openCaseNumber },
    { stop: intakeClocks, stoppedAs: 'stopped' },
  );
  await p.tellComplainant('joined_open_case', event.seq, { openCaseNumber: input.openCaseNumber });
};

/** 重复信访: the open case counts the repeat, and the policy may now make it a backlog case. */
const linkRepeatPetition: Step<'linkRepeatPetition'> = async (p, actor, input) => {
  const s = p.state;
  const repeats = s.repeats ?? { count: 0, caseNumbers: [], unitIds: [], levels: [] };
  repeats.count += 1;
  repeats.caseNumbers.push(input.caseNumber);
  if (!repeats.unitIds.includes(input.unit.id)) repeats.unitIds.push(input.unit.id);
  if (!repeats.levels.includes(input.unit.level)) repeats.levels.push(input.unit.level);
  s.repeats = repeats;
  await p.record('repeat_petition_linked', actor, {
    caseNumber: input.caseNumber,
    unit: { code: input.unit.code, name: input.unit.name },
    receivedAt: input.receivedAt,
    summary: input.summary,
    count: repeats.count,
  });
  // A new petition on a matter already closed out brings the case back (回头看).
  if (closedOutStatuses.includes(s.status)) {
    await reopen(p, actor, 'repeat_petition', input.summary);
    return;
  }
  const reasons = repeatRules(s, backlogPolicy(p), input.unit);
  if (!s.backlog && reasons.length > 0) await designate(p, system, reasons);
};

export const backlogSteps = {
  joinOpenCase,
  linkRepeatPetition,
  designateBacklog,
  updateBacklogFlags,
  assignLeader,
  claimOwnership,
  nameTaskForce,
  setResolutionPlan,
  reportBacklogProgress,
  recordFieldVisit,
} satisfies { [C in CaseCommandName]?: Step<C> };
