import type { CaseCommandName } from '../../domain/case-commands';
import type { Step } from './process';

/**
 * Written notices (文书) on the timeline: the API numbers and stores a notice, then
 * the case records that it was issued and, later, that it was delivered (送达).
 * Delivering the acceptance notice meets the acceptance-notice clock (条例 Art. 23);
 * delivering the handling opinion is the reply's delivery, which starts the window to
 * ask for review.
 */
export function writtenNoticeSteps(recordReplyDelivery: Step<'recordReplyDelivery'>) {
  const recordWrittenNotice: Step<'recordWrittenNotice'> = async (p, actor, input) => {
    const issued = (p.state.writtenNotices ??= []);
    // A retried record after a lost answer: the notice is on the timeline already.
    if (issued.some((n) => n.noticeId === input.noticeId)) return;
    issued.push({ ...input, delivered: false });
    await p.record('written_notice_issued', actor, { ...input });
  };

  const recordNoticeDelivery: Step<'recordNoticeDelivery'> = async (p, actor, input) => {
    const notice = p.state.writtenNotices?.find((n) => n.noticeId === input.noticeId);
    if (notice) notice.delivered = true;
    await p.record(
      'written_notice_delivered',
      actor,
      { ...input },
      input.kind === 'acceptance' ? { stop: ['acceptanceNotice'] } : {},
    );
    const s = p.state;
    if (input.kind === 'handling_opinion' && s.status === 'replied' && !s.replyDelivered) {
      await recordReplyDelivery(p, actor, { method: input.method });
    }
  };

  return { recordWrittenNotice, recordNoticeDelivery } satisfies { [C in CaseCommandName]?: Step<C> };
}
