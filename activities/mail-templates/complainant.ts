import escapeHtml from 'escape-html';
import type { ComplainantLanguage } from '../../domain/petition';
import { vocabulary } from '../../domain/vocabulary/names';

/** What the workflow tells the complainant (告知), one e-mail per event. */
export interface ComplainantNotice {
  caseNumber: string;
  seq: number;
  kind:
    | 'received'
    | 'accepted'
    | 'not_accepted'
    | 'forwarded'
    | 'handed_over'
    | 'consultation_answered'
    | 'extension_approved'
    | 'replied'
    | 'review_decided'
    | 're_review_decided'
    | 'joined_open_case'
    | 'look_back'
    | 'reopened'
    | 'report_concluded';
  details: Record<string, string | number | boolean>;
}

export type NoticeKind = ComplainantNotice['kind'];
export type NoticeDetails = ComplainantNotice['details'];

/** A paragraph, or a quoted block (the office's own words, kept as written). */
type Block = string | { quote: string };

interface Content {
  title: string;
  blocks: Block[];
}

/** A detail as text; a missing one reads as nothing, never as `undefined`. */
const str = (d: NoticeDetails, name: string): string => {
  const value = d[name];
  return value === undefined || value === null ? '' : String(value);
};

/**
 * A report's outcome told to the reporter in neutral words (检举控告的处理结果反馈): how far
 * the report held, never the person, the sanction or the case number.
 */
const reportOutcome: Record<ComplainantLanguage, Record<string, string>> = {
  'zh-CN': {
    substantiated: '您反映的问题已核查办结，反映的问题属实，已依规依纪依法处理。',
    partly_substantiated: '您反映的问题已核查办结，反映的问题部分属实，已依规依纪依法处理。',
    unsubstantiated: '您反映的问题已核查办结，经核查，反映的问题不属实。',
    closed: '您反映的问题已依规办结。',
  },
  en: {
    substantiated:
      'Your report has been looked into and concluded: it was found true and has been dealt with under the rules.',
    partly_substantiated:
      'Your report has been looked into and concluded: it was found partly true and has been dealt with under the rules.',
    unsubstantiated: 'Your report has been looked into and concluded: it was not found true.',
    closed: 'Your report has been concluded under the rules.',
  },
};

const zh: Record<NoticeKind, (d: NoticeDetails, caseNumber: string) => Content> = {
  received: (_d, n) => ({
    title: vocabulary['zh-CN'].status.received,
    blocks: [
      `您的信访事项已收到，事项编号为 ${n}。我们将在规定期限内告知您是否受理。`,
      '您可以在查询页面凭事项编号和提交时页面上显示的查询码了解办理进展。查询码不会通过邮件发送，请妥善保管。',
    ],
  }),
  accepted: () => ({
    title: vocabulary['zh-CN'].status.accepted,
    blocks: ['您反映的事项已经受理，将依法按时办理。'],
  }),
  not_accepted: (d) => ({
    title: '不予受理告知',
    blocks: ['您反映的事项不予受理。理由：', { quote: str(d, 'reason') }],
  }),
  forwarded: (d) => ({
    title: '转送告知',
    blocks: [
      `您反映的事项不属于本机关职权范围，已转送${str(d, 'forwardTo')}办理。理由：`,
      { quote: str(d, 'reason') },
    ],
  }),
  handed_over: (d) => ({
    title: '移交办理告知',
    blocks: [
      `您反映的事项已移交${str(d, 'toUnit')}继续办理，办理期限连续计算。`,
      ...(str(d, 'reason') ? ['理由：', { quote: str(d, 'reason') }] : []),
    ],
  }),
  consultation_answered: (d) => ({
    title: '咨询答复',
    blocks: ['您咨询的事项答复如下：', { quote: str(d, 'text') }, '如仍有问题，可以再次咨询或提出信访事项。'],
  }),
  extension_approved: (d) => ({
    title: '延期办理告知',
    blocks: [
      `您反映事项的办理期限延长 ${str(d, 'days')} 日，新的办理期限至 ${str(d, 'dueDate')}。延期理由：`,
      { quote: str(d, 'reason') },
    ],
  }),
  replied: (d) => ({
    title: '办理结果答复',
    blocks: [
      '您反映的事项已办理完毕，书面答复意见如下：',
      { quote: str(d, 'text') },
      '请在查询页面对办理结果作出评价。如对答复意见不服，可自收到答复之日起 30 日内在查询页面请求复查。',
    ],
  }),
  review_decided: (d) => ({
    title: '复查意见',
    blocks: [
      d.upheld ? '复查维持原处理意见：' : '复查认为原处理意见需要纠正，已责成重新办理：',
      { quote: str(d, 'opinion') },
      ...(d.upheld ? ['如不服，可自收到复查意见之日起 30 日内请求复核。'] : []),
    ],
  }),
  re_review_decided: (d) => ({
    title: '复核意见',
    blocks: [
      d.upheld ? '复核维持复查意见：' : '复核认为需要纠正，已责成重新办理：',
      { quote: str(d, 'opinion') },
    ],
  }),
  joined_open_case: (d) => ({
    title: '重复信访并案告知',
    blocks: [
      `您反映的事项与正在办理的信访事项 ${str(d, 'openCaseNumber')} 属同一事项，已并入该事项一并办理，不再另行立案。请以事项编号 ${str(d, 'openCaseNumber')} 了解办理情况。`,
    ],
  }),
  look_back: () => ({
    title: '回头看回访',
    blocks: [
      '您反映的事项已办结销号。为巩固化解成效，请问：您反映的问题是否已经解决、有无反复？',
      '请在查询页面告诉我们；如有反复，我们将重新启动办理。',
    ],
  }),
  reopened: (d) => ({
    title: '重新办理告知',
    blocks: [
      '您反映的事项已重新启动办理，我们将依法按时办理并告知结果。',
      ...(str(d, 'reason') ? ['原因：', { quote: str(d, 'reason') }] : []),
    ],
  }),
  report_concluded: (d) => ({
    title: '办理结果告知',
    blocks: [reportOutcome['zh-CN'][str(d, 'finding')] ?? reportOutcome['zh-CN'].closed!],
  }),
};

const en: Record<NoticeKind, (d: NoticeDetails, caseNumber: string) => Content> = {
  received: (_d, n) => ({
    title: vocabulary.en.status.received,
    blocks: [
      `We have received your petition. Its case number is ${n}. We will tell you within the set time whether it is accepted.`,
      'You can follow it on the status page with the case number and the access code shown when you submitted it. The access code is never sent by e-mail: please keep it safe.',
    ],
  }),
  accepted: () => ({
    title: vocabulary.en.status.accepted,
    blocks: ['Your petition has been accepted and will be handled within the time the law sets.'],
  }),
  not_accepted: (d) => ({
    title: 'Not accepted',
    blocks: ['Your petition has not been accepted. Reason:', { quote: str(d, 'reason') }],
  }),
  forwarded: (d) => ({
    title: 'Forwarded',
    blocks: [
      `Your petition is outside this office's remit and has been forwarded to ${str(d, 'forwardTo')}. Reason:`,
      { quote: str(d, 'reason') },
    ],
  }),
  handed_over: (d) => ({
    title: 'Handed over',
    blocks: [
      `Your petition has been handed over to ${str(d, 'toUnit')}, which handles it from here; the time limits run on.`,
      ...(str(d, 'reason') ? ['Reason:', { quote: str(d, 'reason') }] : []),
    ],
  }),
  consultation_answered: (d) => ({
    title: 'Answer to your enquiry',
    blocks: [
      'Here is the answer to your enquiry:',
      { quote: str(d, 'text') },
      'If anything is still unclear, you may ask again or bring a petition.',
    ],
  }),
  extension_approved: (d) => ({
    title: 'Handling time extended',
    blocks: [
      `The time for handling your petition has been extended by ${str(d, 'days')} days, to ${str(d, 'dueDate')}. Reason:`,
      { quote: str(d, 'reason') },
    ],
  }),
  replied: (d) => ({
    title: 'Reply',
    blocks: [
      'Your petition has been handled. The written reply reads:',
      { quote: str(d, 'text') },
      'Please rate the outcome on the status page. If you disagree with the reply, you may request a review on the status page within 30 days of receiving it.',
    ],
  }),
  review_decided: (d) => ({
    title: 'Review decision',
    blocks: [
      d.upheld
        ? 'The review upholds the original decision:'
        : 'The review found that the original decision must be corrected; the matter will be handled again:',
      { quote: str(d, 'opinion') },
      ...(d.upheld
        ? ['If you disagree, you may request a re-review within 30 days of receiving this decision.']
        : []),
    ],
  }),
  re_review_decided: (d) => ({
    title: 'Re-review decision',
    blocks: [
      d.upheld
        ? 'The re-review upholds the review decision:'
        : 'The re-review found that the decision must be corrected; the matter will be handled again:',
      { quote: str(d, 'opinion') },
    ],
  }),
  joined_open_case: (d) => ({
    title: 'Joined to an open case',
    blocks: [
      `Your petition concerns the same matter as case ${str(d, 'openCaseNumber')}, which is being handled. It has been joined to that case and will not be registered separately. Please follow case ${str(d, 'openCaseNumber')}.`,
    ],
  }),
  look_back: () => ({
    title: 'Follow-up',
    blocks: [
      'Your petition has been closed. To make sure it stays resolved: has the problem been solved, and has it come back?',
      'Please tell us on the status page; if it has come back, we will take the matter up again.',
    ],
  }),
  reopened: (d) => ({
    title: 'Case reopened',
    blocks: [
      'Your petition is being handled again. We will tell you the outcome.',
      ...(str(d, 'reason') ? ['Reason:', { quote: str(d, 'reason') }] : []),
    ],
  }),
  report_concluded: (d) => ({
    title: 'Outcome',
    blocks: [reportOutcome.en[str(d, 'finding')] ?? reportOutcome.en.closed!],
  }),
};

const chrome = {
  'zh-CN': {
    subject: (title: string, n: string) => `【信访事项${title}】${n}`,
    greeting: '您好：',
    follow: '查询办理进展（请使用事项编号和您保存的查询码）：',
    footer: '本邮件由系统发送，请勿直接回复。',
  },
  en: {
    subject: (title: string, n: string) => `[Petition ${n}] ${title}`,
    greeting: 'Hello,',
    follow: 'Follow your case (with the case number and the access code you kept):',
    footer: 'This e-mail was sent automatically; please do not reply to it.',
  },
} as const;

/** `zh-CN` unless the case was brought in English. */
export const languageOf = (value: string | null | undefined): ComplainantLanguage =>
  value === 'en' ? 'en' : 'zh-CN';

const blockText = (block: Block) =>
  typeof block === 'string'
    ? block
    : block.quote
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n');

const style = {
  body: 'margin:0;padding:16px;background:#f5f5f5;font-family:-apple-system,"PingFang SC","Microsoft YaHei",Arial,sans-serif;font-size:15px;line-height:1.6;color:#1f1f1f',
  card: 'max-width:560px;margin:0 auto;padding:20px;background:#ffffff;border:1px solid #e8e8e8;border-radius:6px',
  h1: 'margin:0 0 16px;font-size:18px;font-weight:600',
  p: 'margin:0 0 12px',
  quote:
    'margin:0 0 12px;padding:8px 12px;border-left:3px solid #d9d9d9;background:#fafafa;white-space:pre-wrap',
  link: 'color:#1677ff;word-break:break-all',
  footer: 'margin:16px 0 0;font-size:12px;color:#8c8c8c',
};

const blockHtml = (block: Block) =>
  typeof block === 'string'
    ? `<p style="${style.p}">${escapeHtml(block)}</p>`
    : `<blockquote style="${style.quote}">${escapeHtml(block.quote)}</blockquote>`;

/**
 * The complainant's e-mail in their language: subject, plain text and HTML.
 * It says what happened and where to follow the case. It takes no access code and
 * so can never carry one: the status page asks for it.
 */
export function complainantMail(
  notice: Pick<ComplainantNotice, 'caseNumber' | 'kind' | 'details'>,
  statusPageUrl: string,
  language: ComplainantLanguage = 'zh-CN',
): { subject: string; text: string; html: string } {
  const words = chrome[language];
  const { title, blocks } = (language === 'en' ? en : zh)[notice.kind](notice.details, notice.caseNumber);
  const subject = words.subject(title, notice.caseNumber);
  const text = [
    words.greeting,
    ...blocks.map(blockText),
    `${words.follow}\n${statusPageUrl}`,
    `-- \n${words.footer}`,
  ].join('\n\n');
  const html = [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="${style.body}"><div style="${style.card}">`,
    `<h1 style="${style.h1}">${escapeHtml(subject)}</h1>`,
    `<p style="${style.p}">${escapeHtml(words.greeting)}</p>`,
    ...blocks.map(blockHtml),
    `<p style="${style.p}">${escapeHtml(words.follow)}<br><a href="${escapeHtml(statusPageUrl)}" style="${style.link}">${escapeHtml(statusPageUrl)}</a></p>`,
    `<p style="${style.footer}">${escapeHtml(words.footer)}</p>`,
    '</div></body></html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html };
}
