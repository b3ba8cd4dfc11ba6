import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { isWithin, unitIdsOnPath } from '../../domain/actor';
import { closeOutGaps } from '../../domain/close-out';
import { allowedCommands, type CaseState } from '../../domain/case-commands';
import { CaseDeadline, CaseEvent, Department, StaffMember } from '../../db/entities';
import { actorOf, signedIn, type SignedInStaff } from '../auth/staff';
import { caseActionSchemas, isCaseAction, type CaseActionBody } from '../case-command-schemas';
import { caseInJurisdiction, caseState, commandInput, giveCommand } from '../case-commands';
import { ApiError } from '../errors';
import { toLedgerEntry } from '../ledger-entry';
import { caseNumberSchema } from '../schemas';
import { joinsOpenCase, linkAsRepeat } from '../repeat-linking';
import { parseOrThrow } from '../validation';

/** Who may read the complainant's identity on the case page: the petition office only. */
const seesIdentity = (staff: SignedInStaff) => staff.role === 'clerk' || staff.role === 'office_head';

async function timelineOf(em: EntityManager, caseNumber: string) {
  const events = await em.find(CaseEvent, { caseNumber }, { orderBy: { seq: 'asc' } });
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
        ? { kind: 'staff', name: person.name, role: person.role }
        : { kind: e.actor === 'complainant' ? 'complainant' : 'system' },
      data: e.data,
    };
  });
}

/** Departments a case may go to: those of its own unit and the units above it, within the person's reach. */
async function dispatchTargets(em: EntityManager, unitPath: string, staff: SignedInStaff) {
  const ids = unitIdsOnPath(unitPath);
  const departments = await em.find(
    Department,
    { kind: { $ne: 'petition_office' }, unit: { id: { $in: ids } } },
    { populate: ['unit'], orderBy: { unit: { path: 'desc' }, id: 'asc' } },
  );
  return departments
    .filter((d) => isWithin(d.unit.path, staff.unitPath))
    .map((d) => ({ id: d.id, name: d.name, kind: d.kind, unit: { code: d.unit.code, name: d.unit.name } }));
}

/** Leaders who may own the case: at its unit or above, within the person's own reach. */
async function ownerCandidates(em: EntityManager, unitPath: string, staff: SignedInStaff) {
  const leaders = await em.find(
    StaffMember,
    { role: 'leader', active: true, unit: { id: { $in: unitIdsOnPath(unitPath) } } },
    { populate: ['unit'], orderBy: { unit: { path: 'desc' }, id: 'asc' } },
  );
  return leaders
    .filter((l) => isWithin(l.unit.path, staff.unitPath))
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

/** The staff side of a case: its page, and every action on it as a workflow Update. */
export function staffCaseRoutes(deps: { em: () => EntityManager; temporal: Client }): Router {
  const router = Router();

  router.get('/api/v1/staff/cases/:caseNumber', async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const em = deps.em();
    const row = await caseInJurisdiction(em, caseNumber, staff.unitPath);
    const [state, deadlines, timeline] = await Promise.all([
      caseState(deps.temporal, caseNumber),
      em.find(CaseDeadline, { caseNumber }, { orderBy: { dueAt: 'asc' } }),
      timelineOf(em, caseNumber),
    ]);
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
        complainant:
          seesIdentity(staff) && !row.anonymous
            ? { name: row.complainantName, phone: row.complainantPhone, email: row.complainantEmail ?? null }
            : null,
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
      dispatchTargets: allowedActions.includes('dispatch')
        ? await dispatchTargets(em, row.unitPath, staff)
        : [],
      leaders: allowedActions.includes('assignLeader') ? await ownerCandidates(em, row.unitPath, staff) : [],
    });
  });

  router.post('/api/v1/staff/cases/:caseNumber/actions/:action', async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const action = String(req.params.action);
    if (!isCaseAction(action)) throw new ApiError(404, 'unknown_action', 'errors.unknownAction', { action });
    const body = parseOrThrow(caseActionSchemas[action], req.body ?? {}, req.t);
    const em = deps.em();
    const row = await caseInJurisdiction(em, caseNumber, staff.unitPath);
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
