import { zhNames } from '../../domain/vocabulary/names';
import type { NoticeKind } from '../mail-templates/complainant';

/**
 * What an SMS says (短信模板): short and neutral, one segment (70 UCS-2 characters)
 * with the signature: the case number and where to look, never the petition's
 * content, a name or the access code. Each provider knows a template by its own code
 * (SMS_TEMPLATES); the SMS centre gets the text itself.
 */
export type SmsTemplate = NoticeKind | 'verification_code';

const { status } = zhNames;

/** A status named in a text is the status page's own word (domain/vocabulary). */
export const smsTexts: Record<SmsTemplate, string> = {
  received: `您的信访事项{caseNumber}${status.received}，请凭查询码登录查询办理进展。`,
  accepted: `您的信访事项{caseNumber}${status.accepted}，请凭查询码登录查询。`,
  not_accepted: '您的信访事项{caseNumber}不予受理，理由请凭查询码登录查看。',
  forwarded: `您的信访事项{caseNumber}${status.forwarded}有权机关办理，请凭查询码登录查询。`,
  extension_approved: '您的信访事项{caseNumber}办理期限已延长，请凭查询码登录查看。',
  replied: `您的信访事项{caseNumber}${status.replied}，请凭查询码登录查看并评价。`,
  review_decided: '您的信访事项{caseNumber}复查意见已作出，请凭查询码登录查看。',
  re_review_decided: '您的信访事项{caseNumber}复核意见已作出，请凭查询码登录查看。',
  joined_open_case: '您的信访事项{caseNumber}已并入在办事项{openCaseNumber}，请凭查询码登录查询。',
  look_back: '您的信访事项{caseNumber}正在回访，请凭查询码登录告诉我们问题是否解决。',
  reopened: '您的信访事项{caseNumber}已重新办理，请凭查询码登录查询。',
  handed_over: '您的信访事项{caseNumber}已移交有权机关继续办理，请凭查询码登录查询。',
  // A reporter (检举控告) is told that there is a result, never what it was.
  report_concluded: '您反映的事项{caseNumber}已有处理结果，请凭查询码登录查看。',
  consultation_answered: '您的咨询{caseNumber}已答复，请凭查询码登录查看。',
  verification_code: '您的验证码为{code}，10分钟内有效，仅用于重新获取查询码。',
};

/** One SMS segment of UCS-2 text (Chinese): longer ones are split and cost more. */
export const segmentLength = 70;

/** The values a template may carry: identifiers only. */
export type SmsParams = Partial<Record<'caseNumber' | 'openCaseNumber' | 'code', string>>;

/** The text as the SMS centre sends it: `【signature】` and the template with its values. */
export function renderSms(template: SmsTemplate, params: SmsParams, signName: string): string {
  const body = smsTexts[template].replace(
    /\{(\w+)\}/g,
    (_, name: string) => params[name as keyof SmsParams] ?? '',
  );
  return `【${signName}】${body}`;
}

/** A provider's template codes: the configured ones, else `QL_<TEMPLATE>`. */
export function templateCodes(
  configured: Partial<Record<SmsTemplate, string>> = {},
): Record<SmsTemplate, string> {
  return Object.fromEntries(
    (Object.keys(smsTexts) as SmsTemplate[]).map((t) => [t, configured[t] ?? `QL_${t.toUpperCase()}`]),
  ) as Record<SmsTemplate, string>;
}
