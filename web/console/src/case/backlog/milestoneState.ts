import type { ResolutionPlan } from '../../api';

export type MilestoneState = 'done' | 'next' | 'overdue' | 'pending';

/**
 * Where each milestone of a plan stands on `today` (YYYY-MM-DD): done, past its date,
 * the next one to do (the earliest not done and not yet past), or later.
 */
export function milestoneStates(plan: ResolutionPlan, today: string): MilestoneState[] {
  const open = plan.milestones
    .map((milestone, index) => ({ milestone, index }))
    .filter(({ milestone }) => !milestone.doneAt && milestone.dueDate >= today)
    .sort((a, b) => a.milestone.dueDate.localeCompare(b.milestone.dueDate));
  const next = open[0]?.index;
  return plan.milestones.map((milestone, index) => {
    if (milestone.doneAt) return 'done';
    if (milestone.dueDate < today) return 'overdue';
    return index === next ? 'next' : 'pending';
  });
}
