import type { CaseEventType } from './case';

/**
 * The written notices the regulations require (文书), their placeholders and default
 * bodies, and which kinds a case can have given its timeline. Plain data and pure
 * functions: workflow code imports the types.
 */
export const writtenNoticeKinds = [
  /** 受理告知书 (条例 Art. 23). */
  'acceptance',
  /** 不予受理告知书 (条例 Art. 23). */
  'not_accepted',
  /** 转送/交办函: to the body the case goes to. */
  'forward_letter',
  /** 延期告知书 (条例 Art. 34). */
  'extension',
  /** 信访处理意见书 (条例 Art. 32). */
  'handling_opinion',
  /** 复查意见书 (条例 Art. 35). */
  'review_opinion',
  /** 复核意见书 (条例 Art. 36). */
  're_review_opinion',
] as const;
export type WrittenNoticeKind = (typeof writtenNoticeKinds)[number];

/** How a notice reached its addressee (送达方式). */
export const deliveryMethods = ['sms', 'email', 'post', 'in_person', 'collected'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];

/** The titles as printed (GB/T 9704: the title names the kind of document). */
export const writtenNoticeTitles: Record<WrittenNoticeKind, string> = {
  acceptance: '信访事项受理告知书',
  not_accepted: '信访事项不予受理告知书',
  forward_letter: '信访事项转送交办函',
  extension: '信访事项延期办理告知书',
  handling_opinion: '信访事项处理意见书',
  review_opinion: '信访事项复查意见书',
  re_review_opinion: '信访事项复核意见书',
};

/** Notices addressed to the complainant: they may download these from the status page. */
export const complainantNoticeKinds: readonly WrittenNoticeKind[] = writtenNoticeKinds.filter(
  (k) => k !== 'forward_letter',
);

/** Placeholders every kind may use. */
const commonPlaceholders = ['caseNumber', 'receivedDate', 'unitName', 'summary', 'issuedDate'] as const;

/** What each kind may name in its body, and what it must name (the fact the notice exists to tell). */
export const placeholderRules: Record<WrittenNoticeKind, { allowed: string[]; required: string[] }> = {
  acceptance: { allowed: [...commonPlaceholders, 'acceptedDate'], required: ['caseNumber', 'acceptedDate'] },
  not_accepted: { allowed: [...commonPlaceholders, 'reason'], required: ['caseNumber', 'reason'] },
  forward_letter: {
    allowed: [...commonPlaceholders, 'recipient', 'instructions'],
    // The recipient is the letter's addressee already.
    required: ['caseNumber'],
  },
  extension: {
    allowed: [...commonPlaceholders, 'extensionDays', 'reason', 'newDueDate'],
    required: ['caseNumber', 'extensionDays', 'reason'],
  },
  handling_opinion: {
    allowed: [...commonPlaceholders, 'repliedDate', 'replyText'],
    required: ['caseNumber', 'replyText'],
  },
  review_opinion: {
    allowed: [...commonPlaceholders, 'decision', 'opinion'],
    required: ['caseNumber', 'opinion'],
  },
  re_review_opinion: {
    allowed: [...commonPlaceholders, 'decision', 'opinion'],
    required: ['caseNumber', 'opinion'],
  },
};

/** The bodies a new installation starts with; an administrator overrides them per unit. */
export const defaultTemplates: Record<WrittenNoticeKind, string> = {
  acceptance:
    '你（你们）于{{receivedDate}}提出的信访事项（编号{{caseNumber}}）已收悉。' +
    '经审查，该事项符合受理条件，本机关已于{{acceptedDate}}依法受理，' +
    '将自受理之日起六十日内办结（情况复杂的，经批准可适当延长，但延长期限不得超过三十日）。\n' +
    '根据《信访工作条例》第二十三条的规定，特此告知。',
  not_accepted:
    '你（你们）于{{receivedDate}}提出的信访事项（编号{{caseNumber}}）已收悉。' +
    '经审查，该事项不予受理，理由如下：{{reason}}\n' +
    '根据《信访工作条例》第二十三条的规定，特此告知。',
  forward_letter:
    '现将{{receivedDate}}收到的信访事项（编号{{caseNumber}}）转送（交办）你单位，' +
    '请依照《信访工作条例》的规定及时办理，并将办理结果反馈本机关。{{instructions}}',
  extension:
    '你（你们）的信访事项（编号{{caseNumber}}），因{{reason}}，' +
    '经批准，办理期限延长{{extensionDays}}日，延长后的办结期限为{{newDueDate}}。\n' +
    '根据《信访工作条例》第三十四条的规定，特此告知。',
  handling_opinion:
    '你（你们）于{{receivedDate}}提出的信访事项（编号{{caseNumber}}），本机关已办理完毕，处理意见如下：\n' +
    '{{replyText}}\n' +
    '如对本处理意见不服，可以自收到本意见书之日起三十日内请求原办理机关的上一级机关复查。',
  review_opinion:
    '你（你们）对信访事项（编号{{caseNumber}}）处理意见提出的复查请求，本机关已复查完毕。' +
    '复查结论：{{decision}}。复查意见如下：\n{{opinion}}\n' +
    '如对复查意见不服，可以自收到本意见书之日起三十日内向复查机关的上一级机关请求复核。',
  re_review_opinion:
    '你（你们）对信访事项（编号{{caseNumber}}）复查意见提出的复核请求，本机关已复核完毕。' +
    '复核结论：{{decision}}。复核意见如下：\n{{opinion}}\n' +
    '根据《信访工作条例》第三十六条的规定，信访人对复核意见不服，仍以同一事实和理由提出信访请求的，不再受理。',
};

const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A template's placeholders as written, in order, each once. */
export const placeholdersOf = (body: string): string[] => [
  ...new Set([...body.matchAll(placeholderPattern)].map((m) => m[1] ?? '')),
];

/** What is wrong with a template: placeholders it may not use, and ones it must use but does not. */
export function templateProblems(
  kind: WrittenNoticeKind,
  body: string,
): { unknown: string[]; missing: string[] } {
  const used = placeholdersOf(body);
  const rule = placeholderRules[kind];
  return {
    unknown: used.filter((name) => !rule.allowed.includes(name)),
    missing: rule.required.filter((name) => !used.includes(name)),
  };
}

/** The body with every placeholder replaced by its value (an absent value prints as nothing). */
export const fillTemplate = (body: string, values: Record<string, string>): string =>
  body.replace(placeholderPattern, (_all, name: string) => values[name] ?? '');

/** The timeline events that make a kind possible: the latest one gives the notice its facts. */
export const sourceEventTypes: Record<WrittenNoticeKind, readonly CaseEventType[]> = {
  acceptance: ['accepted', 'routed_to_discipline'],
  not_accepted: ['not_accepted'],
  forward_letter: ['forwarded', 'dispatched'],
  extension: ['extension_approved'],
  handling_opinion: ['replied', 'forward_feedback'],
  review_opinion: ['review_decided'],
  re_review_opinion: ['re_review_decided'],
};

/** The kinds a case with these timeline events can have now (a 受理告知书 only after acceptance, …). */
export const availableKinds = (eventTypes: readonly string[]): WrittenNoticeKind[] =>
  writtenNoticeKinds.filter((kind) => sourceEventTypes[kind].some((type) => eventTypes.includes(type)));

const chineseDigits = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–31 as printed in a date: 十, 十二, 二十, 三十一. */
function chineseNumber(n: number): string {
  if (n < 10) return chineseDigits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : chineseDigits[tens]}十${ones === 0 ? '' : chineseDigits[ones]}`;
}

/** An office date (YYYY-MM-DD) in Chinese numerals, as the issuing date of a document: 二〇二六年十二月二日. */
export function chineseDate(date: string): string {
  const [year = '', month = '1', day = '1'] = date.split('-');
  const yearText = [...year].map((d) => chineseDigits[Number(d)]).join('');
  return `${yearText}年${chineseNumber(Number(month))}月${chineseNumber(Number(day))}日`;
}

/** An office date in Arabic numerals as the body text uses it: 2026年12月2日. */
export const bodyDate = (date: string): string => {
  const [year, month, day] = date.split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
};

/** 文号: the office's prefix, the year in 〔〕, the number of the year, 号 (GB/T 9704). */
export const documentNumber = (prefix: string, year: number, serial: number): string =>
  `${prefix}〔${year}〕${serial}号`;

/** The prefix (机关代字) a unit starts with: its name without the level word, then 信访. */
export const defaultPrefix = (unitName: string): string =>
  `${unitName.replace(/(省|市|州|县|区|镇|乡|街道|村|社区)$/u, '').slice(0, 4)}信访`;
