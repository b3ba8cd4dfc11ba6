import { condition } from '@temporalio/workflow';
import type { CaseSnapshot, ProjectedDeadline, RecordedEvent } from '../../domain/case-events';
import type { ComplainantNotice } from '../../activities/mail-templates/complainant';
import { actorLabel, type Actor } from '../../domain/actor';
import type { CaseEventType, Deadline } from '../../domain/case';
import type { CaseCommandName, CaseCommands, CaseState } from '../../domain/case-commands';
import type { ClockName } from '../../domain/policy';
import { nextMilestone } from '../../domain/backlog';
import { meetsCloseOutRule, nextRevisitAt } from '../../domain/close-out';
import { nextObligation } from './alarms';
import { ledger, notify } from './activities';
import { NoticeQueue, noticesOnTheirOwn } from './notices';

/** One command's step, run after its Update validator accepted it, one at a time. */
export type Step<C extends CaseCommandName> = (
  p: CaseProcess,
  actor: Actor,
  input: CaseCommands[C],
) => Promise<void>;

/** A clock to start: counted from `from` (ISO), owned by the office of `responsibleUnitId`. */
export interface ClockStart {
  clock: ClockName;
  from: string;
  responsibleUnitId?: number;
  /** The owning leader answers for it (a backlog case's plan and weekly progress). */
  responsibleStaffId?: number;
  /** A length set by the person who started it (a supervision order's own days), instead of the policy's. */
  lengthDays?: number;
  extendByDays?: number;
  extendFromDueDate?: string;
}

export type ClockEnd = 'met' | 'stopped' | 'lapsed';

export interface EventChanges {
  start?: ClockStart[];
  stop?: ClockName[];
  /** How the stopped clocks ended; `met` unless said otherwise. */
  stoppedAs?: ClockEnd;
}

/** When the open look-back round was asked, or the next revisit of a closed-out case falls due. */
function lookBackDueAt(s: CaseState): string | null {
  if (s.lookBack?.open) return s.lookBack.open.askedAt;
  const revisit = nextRevisitAt(s);
  return revisit === null ? null : new Date(revisit).toISOString();
}

/** The state as it is now: later steps change the live one, never the one an event carries. */
const copyOf = (s: CaseState): CaseState => JSON.parse(JSON.stringify(s)) as CaseState;

/** Temporal's clock, as ISO: deterministic on replay. */
export const now = (): string => new Date().toISOString();

const projectionState = (d: Deadline): ProjectedDeadline['state'] =>
  d.escalatedAt ? 'escalated' : d.breachedAt ? 'breached' : 'running';

/**
 * The running case: its state, its timeline numbering and its deadlines. One
 * step at a time (`exclusive`): an Update that waits its turn finds the state
 * the previous step left, never a half-made one.
 */
export class CaseProcess {
  private busy = false;

  /** Notices on their way, sent outside the case's lock. */
  readonly notices = new NoticeQueue(() => this.busy);

  /** `projectsState`: each event carries the whole state, for the case page (patched 'state-projection'). */
  constructor(
    readonly state: CaseState,
    private readonly projectsState = false,
  ) {}

  async exclusive<T>(step: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await step();
    } finally {
      this.busy = false;
    }
  }

  get isBusy(): boolean {
    return this.busy;
  }

  /** Deadlines from the case's own policy version, computed by an activity (the calendar is data that changes). */
  async schedule(starts: ClockStart[]): Promise<Deadline[]> {
    if (starts.length === 0) return [];
    return ledger().scheduleDeadlines({
      caseNumber: this.state.caseNumber,
      policyVersion: this.state.policyVersion,
      clocks: starts.map((s) => ({
        clock: s.clock,
        from: s.from,
        responsibleUnitId: s.responsibleUnitId ?? this.state.unit.id,
        ...(s.responsibleStaffId !== undefined ? { responsibleStaffId: s.responsibleStaffId } : {}),
        realNameDiscipline:
          (this.state.category === 'discipline' || this.state.kind === 'report') && this.state.realName,
        ...(s.lengthDays !== undefined ? { lengthDays: s.lengthDays } : {}),
        ...(s.extendByDays !== undefined ? { extendByDays: s.extendByDays } : {}),
        ...(s.extendFromDueDate !== undefined ? { extendFromDueDate: s.extendFromDueDate } : {}),
      })),
    });
  }

  snapshot(): CaseSnapshot {
    const s = this.state;
    const next = nextObligation(s);
    return {
      status: s.status,
      handlingDepartmentId: s.handlingDepartment?.id ?? null,
      nextDueAt: next?.dueAt ?? null,
      nextDueClock: next?.clock ?? null,
      deadlineProvisional: Object.values(s.deadlines).some((d) => d.provisional),
      escalatedToUnitId: s.escalation?.toUnitId ?? null,
      escalatedAt: s.escalation?.at ?? null,
      acceptedAt: s.acceptedAt,
      repliedAt: s.repliedAt,
      closedAt: s.closedAt,
      repeatCount: s.repeats?.count ?? 0,
      overdue: Object.values(s.deadlines).some((d) => d.breachedAt !== undefined),
      closeOutReadyAt: s.closeOutReadyAt ?? null,
      reopenedCount: s.reopenedCount ?? 0,
      lookBackDueAt: lookBackDueAt(s),
      joinedCaseNumber: s.joinedCaseNumber ?? null,
      ...(s.report
        ? {
            report: {
              urgent: s.report.urgent,
              disposal: s.report.disposal,
              finding: s.report.conclusion?.finding ?? null,
            },
          }
        : {}),
      backlog: s.backlog
        ? {
            designatedAt: s.backlog.designatedAt,
            reasons: s.backlog.reasons,
            flags: s.backlog.flags,
            ownerLeaderId: s.backlog.owner?.staffId ?? null,
            ownerSince: s.backlog.ownedAt,
            planVersion: s.backlog.plan?.version ?? 0,
            nextMilestoneDate: nextMilestone(s.backlog.plan)?.dueDate ?? null,
            nextMilestoneTitle: nextMilestone(s.backlog.plan)?.title ?? null,
            lastProgressAt: s.backlog.lastProgressAt,
            visits: s.backlog.visits,
          }
        : null,
    };
  }

  /**
   * Applies clock changes to the state and numbers the event. Synchronous, so
   * the state and the event agree; `record` then projects it.
   */
  prepare(type: CaseEventType, actor: Actor, data: Record<string, unknown>, ended: ProjectedDeadline[]) {
    this.state.seq += 1;
    // Since when the case meets the close-out rule: the weekly close-out strikes off what was ready before it ran.
    this.state.closeOutReadyAt = meetsCloseOutRule(this.state) ? (this.state.closeOutReadyAt ?? now()) : null;
    const touched = new Map<ClockName, ProjectedDeadline>(ended.map((d) => [d.clock, d]));
    // Running clocks win over an ended one of the same name: it was started again.
    for (const d of Object.values(this.state.deadlines))
      touched.set(d.clock, { ...d, state: projectionState(d) });
    const event: RecordedEvent = {
      caseNumber: this.state.caseNumber,
      seq: this.state.seq,
      type,
      occurredAt: now(),
      actor: actorLabel(actor),
      data,
      policyVersion: this.state.policyVersion,
      snapshot: this.snapshot(),
      deadlines: [...touched.values()],
      // The whole state beside the ledger row, so the case page need not ask (and replay) the workflow.
      ...(this.projectsState ? { state: copyOf(this.state) } : {}),
    };
    return event;
  }

  /** Ends clocks: they leave the state and the ledger keeps how they ended. */
  stopClocks(clocks: ClockName[], as: ClockEnd): ProjectedDeadline[] {
    const ended: ProjectedDeadline[] = [];
    for (const clock of clocks) {
      const d = this.state.deadlines[clock];
      if (!d) continue;
      delete this.state.deadlines[clock];
      ended.push({ ...d, state: as === 'met' && d.breachedAt ? 'breached' : as });
    }
    this.refreshEscalation();
    return ended;
  }

  /** The case stays escalated while a deadline that escalated still runs (督办未结). */
  refreshEscalation(): void {
    const escalated = Object.values(this.state.deadlines)
      .filter((d) => d.escalatedAt)
      .sort((a, b) => Date.parse(b.escalatedAt!) - Date.parse(a.escalatedAt!))[0];
    if (!escalated) this.state.escalation = null;
    else if (this.state.escalation?.clock !== escalated.clock) {
      this.state.escalation = {
        clock: escalated.clock,
        toUnitId: this.state.escalation?.toUnitId ?? escalated.responsibleUnitId,
        at: escalated.escalatedAt!,
      };
    }
  }

  /**
   * One step on the timeline: stop and start clocks, write the event and the
   * ledger. New clocks are computed first so the event carries them.
   */
  async record(
    type: CaseEventType,
    actor: Actor,
    data: Record<string, unknown>,
    changes: EventChanges = {},
  ): Promise<RecordedEvent> {
    const started = await this.schedule(changes.start ?? []);
    const ended = this.stopClocks(changes.stop ?? [], changes.stoppedAs ?? 'met');
    for (const d of started) {
      // A clock started again (a new dispatch, a second rectification) replaces the old one.
      this.state.deadlines[d.clock] = d;
    }
    this.refreshEscalation();
    const event = this.prepare(type, actor, data, ended);
    await ledger().recordEvent(event);
    return event;
  }

  /**
   * Tells the complainant, as they chose to hear; the seq ties the notice to its event.
   * The notice goes its own way: the step does not wait for it.
   */
  async tellComplainant(kind: ComplainantNotice['kind'], seq: number, details: ComplainantNotice['details']) {
    const notice = { caseNumber: this.state.caseNumber, seq, kind, details };
    if (noticesOnTheirOwn()) this.notices.send({ complainant: notice });
    else await notify.notifyComplainant(notice);
  }
}
