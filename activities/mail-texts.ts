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

export interface ComplainantNotice {
  caseNumber: string;
  seq: number;
  kind:
    | 'accepted'
    | 'not_accepted'
    | 'forwarded'
    | 'extension_approved'
    | 'replied'
    | 'review_decided'
    | 're_review_decided'
    | 'joined_open_case'
    | 'look_back';
  details: Record<string, string | number | boolean>;
}

const bodies: Record<ComplainantNotice['kind'], (d: ComplainantNotice['details']) => [string, string]> = {
  accepted: () => ['已受理', '您反映的事项已经受理，将依法按时办理。'],
  not_accepted: (d) => ['不予受理告知', `您反映的事项不予受理。理由：${String(d.reason)}`],
  forwarded: (d) => [
    '转送告知',
    `您反映的事项不属于本机关职权范围，已转送${String(d.forwardTo)}办理。理由：${String(d.reason)}`,
  ],
  extension_approved: (d) => [
    '延期办理告知',
    `因${String(d.reason)}，您反映事项的办理期限延长 ${String(d.days)} 日，至 ${String(d.dueDate)}。`,
  ],
  replied: (d) => [
    '办理结果答复',
    `您反映的事项已办理完毕，书面答复意见如下：\n\n${String(d.text)}\n\n您可以在查询页面对办理结果作出评价；如不服，可自收到答复之日起 30 日内请求复查。`,
  ],
  review_decided: (d) => [
    '复查意见',
    `${d.upheld ? '复查维持原处理意见' : '复查认为原处理意见需要纠正，已责成重新办理'}：${String(d.opinion)}${d.upheld ? '\n\n如不服，可自收到复查意见之日起 30 日内请求复核。' : ''}`,
  ],
  joined_open_case: (d) => [
    '重复信访并案告知',
    `您反映的事项与正在办理的信访事项 ${String(d.openCaseNumber)} 属同一事项，已并入该事项一并办理，不再另行立案。请以事项编号 ${String(d.openCaseNumber)} 了解办理情况。`,
  ],
  look_back: () => [
    '回头看回访',
    '您反映的事项已办结销号。为巩固化解成效，请在查询页面告诉我们问题是否已经解决、有无反复；如有反复，我们将重新启动办理。',
  ],
  re_review_decided: (d) => [
    '复核意见',
    `${d.upheld ? '复核维持复查意见' : '复核认为需要纠正，已责成重新办理'}：${String(d.opinion)}`,
  ],
};

/**
 * The complainant's e-mail: what happened and where to follow the case. Never the
 * access code: the status page asks for it.
 */
export function complainantMail(notice: ComplainantNotice, statusPageUrl: string) {
  const [title, body] = bodies[notice.kind](notice.details);
  return {
    subject: `【信访事项${title}】${notice.caseNumber}`,
    text: `您好：\n\n${body}\n\n查询办理进展：${statusPageUrl}（请使用案件编号和您保存的查询码）\n`,
  };
}
