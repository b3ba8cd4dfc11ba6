import dayjs from 'dayjs';
import type { CaseAction, CaseDetail } from '../../api';

/**
 * What a backlog action's form starts with: what the case already has, so that a
 * change is an edit (a new plan version starts from the one in force).
 */
export function actionDefaults(action: CaseAction, detail: CaseDetail): Record<string, unknown> {
  const backlog = detail.case.backlog;
  switch (action) {
    case 'updateBacklogFlags':
      return backlog ? { flags: backlog.flags } : {};
    case 'nameTaskForce':
      return { members: backlog?.taskForce.length ? backlog.taskForce : [{}] };
    case 'setResolutionPlan': {
      const plan = backlog?.plan;
      if (!plan) return { milestones: [{}] };
      return {
        summary: plan.summary,
        milestones: plan.milestones.map(({ title, dueDate }) => ({ title, dueDate: dayjs(dueDate) })),
      };
    }
    case 'recordFieldVisit':
      return { kind: 'visit', date: dayjs() };
    // 权力清单: the department the power list proposes comes chosen.
    case 'dispatch':
      return detail.proposedDepartmentId === null ? {} : { departmentId: detail.proposedDepartmentId };
    default:
      return {};
  }
}
