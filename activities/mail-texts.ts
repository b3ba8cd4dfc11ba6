import type { ClockName } from '../domain/policy';

/** What the e-mails call each clock; offices read these, so they are in Chinese. */
const clockLabels: Record<ClockName, string> = {
  dispatch: '当日分办',
  routing: '登记转送交办',
  acceptanceNotice: '书面告知是否受理',
  forwardFeedback: '转送事项反馈',
  assignmentObjection: '交办异议',
  disciplineAcceptance: '纪检监察机关受理或转办',
  handling: '办理',
  replyDelivery: '办理结果反馈',
  reviewRequest: '申请复查',
  reviewDecision: '复查办理',
  reReviewRequest: '申请复核',
  reReviewDecision: '复核办理',
  rectification: '督办整改',
  ownership: '积案包案',
  resolutionPlan: '制定化解方案',
  weeklyProgress: '每周化解进展',
};

export const clockLabel = (clock: ClockName): string => clockLabels[clock];
