import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { isWithin, unitIdsOnPath } from '../../domain/actor';
import { isAccusedParty, type IdentityCase } from '../../domain/identity-access';
import { closeOutGaps } from '../../domain/close-out';
import { allowedCommands, type CaseState } from '../../domain/case-commands';
import { CaseDeadline, CaseEvent, Department, StaffMember } from '../../db/entities';
import { actorOf, signedIn, type SignedInStaff } from '../auth/staff';
import { caseActionSchemas, isCaseAction, type CaseActionBody } from '../case-command-schemas';
import {
  caseHeldBefore,
  caseInJurisdiction,
  caseStateToRead,
  commandInput,
  giveCommand,
  identityCaseOf,
} from '../case-commands';
import { ApiError } from '../errors';
import { handedOverError, handOverTargets } from '../hand-over/hand-over';
import { toLedgerEntry } from '../ledger-entry';
import { caseNumberSchema } from '../schemas';
import { joinsOpenCase, linkAsRepeat } from '../repeat-linking';
import { parseOrThrow } from '../validation';
import { identityCard } from './identity';
import { proposedDepartment } from '../../db/administration/power-list';
import { reportView } from '../discipline/report-view';
import type { CasePage } from '../case-page-schema';

/** The case's timeline; up to `untilSeq` for an office the case was handed on from. */
async function timelineOf(em: EntityManager, caseNumber: string, untilSeq?: number) {
  const events = await em.find(
    CaseEvent,
    untilSeq === undefined ? { caseNumber } : { caseNumber, seq: { $lte: untilSeq } },
    { orderBy: { seq: 'asc' } },
  );
  const staffIds = [
    ...new Set(events.filter((e) => e.actor.startsWith('staff:')).map((e) => Number(e.actor.slice(6)))),
  ];
  const people = new Map(
    (await em.find(StaffMember, { id: { $in: staffIds } })).map((m) => [m.id, m] as const),
  );
  return events.map((e) => {
    const person = e.actor.startsWith('staff:') ? people.get(Number(e.actor.slice(6))) : undefined;
    return {
      seq: e.seq,
      type: e.type,
      occurredAt: e.occurredAt.toISOString(),
      actor: person
        ? { kind: 'staff' as const, name: person.name, role: person.role }
        : { kind: e.actor === 'complainant' ? ('complainant' as const) : ('system' as const) },
      data: e.data,
    };
  });
}

/** Art. 30: a department, or a leader, of the accused unit (or the accused department itself). */
const accused = (matter: IdentityCase, unitId: number, departmentId: number | null = null) =>
  isAccusedParty({ unitId, departmentId }, matter);

/**
 * Departments a case may go to: those of its own unit and the units above it, within the
 * person's reach (going above it is a hand-over, 上报/移交), never the accused.
 */
async function dispatchTargets(em: EntityManager, matter: IdentityCase, staff: SignedInStaff) {
  const ids = unitIdsOnPath(matter.unitPath);
  const departments = await em.find(
    Department,
    { kind: { $ne: 'petition_office' }, active: true, unit: { id: { $in: ids } } },
    { populate: ['unit'], orderBy: { unit: { path: 'desc' }, id: 'asc' } },
  );
  return departments
    .filter((d) => isWithin(d.unit.path, staff.unitPath) && !accused(matter, d.unit.id, d.id))
    .map((d) => ({ id: d.id, name: d.name, kind: d.kind, unit: { code: d.unit.code, name: d.unit.name } }));
}

/** Leaders who may own the case: at its unit or above, within the person's own reach, never of the accused unit. */
async function ownerCandidates(em: EntityManager, matter: IdentityCase, staff: SignedInStaff) {
  const leaders = await em.find(
    StaffMember,
    { roles: { $contains: ['leader'] }, active: true, unit: { id: { $in: unitIdsOnPath(matter.unitPath) } } },
    { populate: ['unit'], orderBy: { unit: { path: 'desc' }, id: 'asc' } },
  );
  return leaders
    .filter((l) => isWithin(l.unit.path, staff.unitPath) && !accused(matter, l.unit.id))
    .map((l) => ({ id: l.id, name: l.name, title: l.title, unit: { code: l.unit.code, name: l.unit.name } }));
}

/** What the case page shows of a backlog case: its owner by name, not the jurisdiction details the workflow keeps. */
function backlogView(state: CaseState | null) {
  const backlog = state?.backlog;
  if (!backlog) return null;
  return {
    ...backlog,
    owner: backlog.owner ? { staffId: backlog.owner.staffId, name: backlog.owner.name } : null,
  };
}

/** Art. 30: the case never goes to the accused unit or department, nor to a leader of the accused unit. */
async function refuseAccusedAssignee(em: EntityManager, matter: IdentityCase, action: string, body: unknown) {
  if (action === 'dispatch') {
    const { departmentId } = body as CaseActionBody<'dispatch'>;
    const department = await em.findOne(Department, { id: departmentId }, { populate: ['unit'] });
    if (department && accused(matter, department.unit.id, department.id)) {
      throw new ApiError(422, 'accused_assignee', 'errors.accusedAssignee');
    }
  }
  if (action === 'assignLeader') {
    const { leaderId } = body as CaseActionBody<'assignLeader'>;
    const leader = await em.findOne(StaffMember, { id: leaderId }, { populate: ['unit'] });
    if (leader && accused(matter, leader.unit.id)) {
      throw new ApiError(422, 'accused_assignee', 'errors.accusedAssignee');
    }
  }
}

/**
 * The case as this person may open it: in their jurisdiction, or once held by their
 * office and handed on (上报/移交: `holding` says when and to whom). Otherwise 404.
 */
async function openCase(em: EntityManager, caseNumber: string, staff: SignedInStaff) {
  try {
    return { row: await caseInJurisdiction(em, caseNumber, staff), holding: null };
  } catch (error) {
    const formerly = error instanceof ApiError && error.status === 404;
    const held = formerly ? await caseHeldBefore(em, caseNumber, staff) : null;
    if (!held) throw error;
    return held;
  }
}

/** The staff side of a case: its page, and every action on it as a workflow Update. */
export function staffCaseRoutes(deps: { em: () => EntityManager; temporal: Client }): Router {
  const router = Router();

  router.get('/api/v1/staff/cases/:caseNumber', async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const em = deps.em();
    const { row, holding } = await openCase(em, caseNumber, staff);
    const matter = identityCaseOf(row);
    // An office the case has left reads its own steps, up to the hand-over, and nothing that came after.
    const [state, deadlines, timeline, identity] = await Promise.all([
      holding ? null : caseStateToRead(em.fork(), deps.temporal, caseNumber),
      holding ? [] : em.find(CaseDeadline, { caseNumber }, { orderBy: { dueAt: 'asc' } }),
      timelineOf(em, caseNumber, holding?.seq),
      identityCard(em.fork(), row, staff),
    ]);
    const report = await reportView(em.fork(), row, state);
    const allowedActions = state ? allowedCommands(state, staff) : [];
    res.set('Cache-Control', 'no-store').json({
      case: {
        ...toLedgerEntry(row, new Date()),
        place: row.place,
        summary: row.summary,
        request: row.request,
        policyVersion: row.policyVersion,
        forwardedTo: state?.forwardedTo ?? null,
        extension: state?.extension ?? null,
        evaluation: state?.evaluation ?? null,
        backlog: backlogView(state),
        // 销号: what the case still lacks for the weekly close-out, and the look-back (回头看) after it.
        closeOut: state
          ? {
              gaps: closeOutGaps(state),
              readyAt: state.closeOutReadyAt ?? null,
              signOff: state.closeOutSignOff ?? null,
              week: state.closedOutWeek ?? null,
              reopenedCount: state.reopenedCount ?? 0,
            }
          : null,
        lookBack: state?.lookBack ?? null,
        repeats: { count: row.repeatCount, caseNumbers: state?.repeats?.caseNumbers ?? [] },
        joinedCaseNumber: row.joinedCaseNumber ?? null,
        externalRef: row.externalRef ?? null,
        // 码上举报: the unit whose QR code the petition came through.
        qrUnitCode: row.qrUnitCode ?? null,
        // 上报/移交: this person's office handed the case on; they read, they no longer act.
        handedOver: holding
          ? { toUnit: holding.toUnitName, at: holding.handedOverAt.toISOString(), seq: holding.seq }
          : null,
        // Never inline: the identity is asked for with a reason and recorded (POST …/identity).
        identity,
        // 检举控告: the accused and the disposal.
        report,
      },
      deadlines: deadlines.map((d) => ({
        clock: d.clock,
        startedAt: d.startedAt.toISOString(),
        dueDate: d.dueDate,
        dueAt: d.dueAt.toISOString(),
        provisional: d.provisional,
        state: d.state,
        escalateTo: d.escalateTo ?? null,
      })),
      timeline,
      allowedActions,
      dispatchTargets: allowedActions.includes('dispatch') ? await dispatchTargets(em, matter, staff) : [],
      // 权力清单: the department the power list proposes; the clerk may choose another, with a reason.
      proposedDepartmentId: allowedActions.includes('dispatch')
        ? ((await proposedDepartment(em, row.unitPath, row.category))?.id ?? null)
        : null,
      leaders: allowedActions.includes('assignLeader') ? await ownerCandidates(em, matter, staff) : [],
      handOverTargets: allowedActions.includes('handOver') ? await handOverTargets(em, matter) : [],
    } satisfies CasePage);
  });

  router.post('/api/v1/staff/cases/:caseNumber/actions/:action', async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const action = String(req.params.action);
    if (!isCaseAction(action)) throw new ApiError(404, 'unknown_action', 'errors.unknownAction', { action });
    const body = parseOrThrow(caseActionSchemas[action], req.body ?? {}, req.t);
    const em = deps.em();
    const { row, holding } = await openCase(em, caseNumber, staff);
    if (holding) throw handedOverError(caseNumber, holding);
    await refuseAccusedAssignee(em, identityCaseOf(row), action, body);
    if (joinsOpenCase(action)) {
      const join = body as CaseActionBody<'joinOpenCase'>;
      res.json(await linkAsRepeat({ em, temporal: deps.temporal }, staff, row, join, req.t));
      return;
    }
    const input = await commandInput(em, action, body, row);
    const state: CaseState = await giveCommand(
      deps.temporal,
      caseNumber,
      action,
      actorOf(staff),
      input,
      req.t,
    );
    res.json({ status: state.status, allowedActions: allowedCommands(state, staff) });
  });

  return router;
}
