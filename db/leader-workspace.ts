import type { EntityManager, Loaded } from '@mikro-orm/postgresql';
import { openStatuses } from '../domain/case';
import { Escalation, PetitionCase, StaffMember } from './entities';
import { notAccused } from './ledger';

/** The clocks a backlog case's owner answers for: their breaches are what the superior sees. */
const leaderClocks = ['ownership', 'resolutionPlan', 'weeklyProgress'] as const;
const workspaceLimit = 200;
/** The complainant's identity and the full request stay out of the workspace list. */
const listExclude = ['complainantName', 'complainantPhone', 'complainantEmail', 'request'] as const;
export type WorkspaceCase = Loaded<PetitionCase, 'unit', '*', (typeof listExclude)[number]>;

/**
 * What a leader works from (我的包案): the backlog cases they own, the ones in their
 * reach that nobody owns yet, and the breaches of their own clocks that went to their
 * superior. The campaign they are measured against is db/administration/campaigns.ts's.
 */
export class LeaderWorkspaceRepository {
  constructor(private readonly em: EntityManager) {}

  /** Owned open cases, the most urgent first: overdue, then the nearest deadline, then the nearest milestone. */
  async ownedCases(leaderId: number): Promise<WorkspaceCase[]> {
    // Art. 30 holds even for a case owned before it was known to complain about the leader's unit.
    const leader = await this.em.findOneOrFail(StaffMember, leaderId, { populate: ['unit'] });
    return this.em.find(
      PetitionCase,
      {
        $and: [
          { ownerLeader: leaderId, status: { $in: [...openStatuses] } },
          ...notAccused(leader.unit.path),
        ],
      },
      {
        populate: ['unit'],
        exclude: listExclude,
        orderBy: { nextDueAt: 'asc', nextMilestoneDate: 'asc', caseNumber: 'asc' },
        limit: workspaceLimit,
      },
    );
  }

  async unownedCases(jurisdictionPath: string): Promise<WorkspaceCase[]> {
    return this.em.find(
      PetitionCase,
      {
        $and: [
          {
            unitPath: { $like: `${jurisdictionPath}%` },
            backlogAt: { $ne: null },
            ownerLeader: null,
            status: { $in: [...openStatuses] },
          },
          ...notAccused(jurisdictionPath),
        ],
      },
      {
        populate: ['unit'],
        exclude: listExclude,
        orderBy: { backlogAt: 'asc' },
        limit: workspaceLimit,
      },
    );
  }

  /** Breaches of the leader's clocks on cases they own, newest first. */
  async escalationsOf(caseNumbers: string[]): Promise<Escalation[]> {
    if (caseNumbers.length === 0) return [];
    return this.em.find(
      Escalation,
      { caseNumber: { $in: caseNumbers }, clock: { $in: [...leaderClocks] } },
      { orderBy: { escalatedAt: 'desc' }, limit: workspaceLimit },
    );
  }
}
