import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { campaignCountdown } from '../../db/administration/campaigns';
import { LeaderWorkspaceRepository, type WorkspaceCase } from '../../db/leader-workspace';
import { officeDate } from '../../domain/working-days';
import { signedIn } from '../auth/staff';
import type { leaderWorkspaceSchema } from '../work-queue-schemas';
import type { z } from 'zod';

const flagsOf = (row: WorkspaceCase) => ({
  manyYears: row.flagManyYears,
  manyLevels: row.flagManyLevels,
  manyOffices: row.flagManyOffices,
});

/** GET /api/v1/staff/leader/workspace: a leader's backlog cases (我的包案) and what their superior sees of them. */
export function leaderWorkspaceRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.get('/api/v1/staff/leader/workspace', async (req, res) => {
    const staff = signedIn(req);
    const repository = new LeaderWorkspaceRepository(deps.em());
    const now = new Date();
    const today = officeDate(now);
    const [owned, unowned, campaign] = await Promise.all([
      repository.ownedCases(staff.staffId),
      repository.unownedCases(staff.unitPath),
      // 专项活动: the same countdown the close-out board shows.
      campaignCountdown(deps.em(), staff.unitPath, today),
    ]);
    const escalations = await repository.escalationsOf(owned.map((c) => c.caseNumber));
    const overdue = (row: WorkspaceCase) => (row.nextDueAt ? row.nextDueAt.getTime() < now.getTime() : false);
    // Overdue first; within each, the nearest deadline (the query's order) stays.
    const cases = [...owned].sort((a, b) => Number(overdue(b)) - Number(overdue(a)));
    res.set('Cache-Control', 'no-store').json({
      leader: {
        id: staff.staffId,
        name: staff.name,
        title: staff.title,
        unit: { code: staff.unit.code, name: staff.unit.name },
      },
      campaign,
      cases: cases.map((row) => ({
        caseNumber: row.caseNumber,
        unit: { code: row.unit.code, name: row.unit.name },
        status: row.status,
        category: row.category,
        summary: row.summary,
        backlogAt: row.backlogAt?.toISOString() ?? null,
        flags: flagsOf(row),
        nextDue: row.nextDueAt
          ? { clock: row.nextDueClock ?? null, dueAt: row.nextDueAt.toISOString(), overdue: overdue(row) }
          : null,
        nextMilestone: row.nextMilestoneDate
          ? { title: row.nextMilestoneTitle ?? '', dueDate: row.nextMilestoneDate }
          : null,
        planVersion: row.planVersion,
        lastProgressAt: row.lastProgressAt?.toISOString() ?? null,
        escalated: Boolean(row.escalatedToUnit),
      })),
      unowned: unowned.map((row) => ({
        caseNumber: row.caseNumber,
        unit: { code: row.unit.code, name: row.unit.name },
        summary: row.summary,
        backlogAt: row.backlogAt?.toISOString() ?? null,
        flags: flagsOf(row),
      })),
      superiorView: {
        owned: owned.length,
        withoutPlan: owned.filter((row) => row.planVersion === 0).length,
        progressOverdue: owned.filter((row) => overdue(row) && row.nextDueClock === 'weeklyProgress').length,
        escalations: escalations.map((e) => ({
          caseNumber: e.caseNumber,
          clock: e.clock,
          escalatedAt: e.escalatedAt.toISOString(),
          resolved: Boolean(e.resolvedAt),
        })),
      },
    } satisfies z.infer<typeof leaderWorkspaceSchema>);
  });
  return router;
}
