import { condition, patched, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities, OfficeMail } from '../../activities/notifications';
import type { ComplainantNotice } from '../../activities/mail-templates/complainant';

/**
 * Notices (告知) go their own way. A step records what happened and queues its notice;
 * the notice is sent by its own activity, which nobody in the case's lock awaits, so
 * the step answers at once and the case's other commands and deadline alarms go on
 * while a mail server or an SMS centre is away. Each notice is keyed by (case, event,
 * recipient, channel) in the outbox, so a retry goes out once.
 */
export type Notice = { complainant: ComplainantNotice } | { office: OfficeMail };

/** Cases that ran before notices went their own way replay with the notice awaited in the step. */
export const noticesOnTheirOwn = () => patched('notices-on-their-own');

/** Retried until it goes: an outage delays a notice, it never drops one. */
const send = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const keyOf = (notice: Notice): string =>
  'complainant' in notice
    ? `${notice.complainant.caseNumber}/${notice.complainant.seq}/complainant`
    : `${notice.office.caseNumber}/${notice.office.seq}/office`;

/** The notices of one case still on their way. */
export class NoticeQueue {
  private readonly pending = new Map<string, Notice>();

  /** `busy`: whether the case is in a step; a notice leaves once the step that queued it has ended. */
  constructor(private readonly busy: () => boolean) {}

  /** Sends a notice without waiting for it; the same notice queued twice goes once. */
  send(notice: Notice): void {
    const key = keyOf(notice);
    if (this.pending.has(key)) return;
    this.pending.set(key, notice);
    condition(() => !this.busy())
      .then(async () => {
        if ('complainant' in notice) await send.notifyComplainant(notice.complainant);
        else await send.mailOffice(notice.office);
      })
      .then(() => this.pending.delete(key))
      // Retried until it goes; only the case's cancellation ends it unsent.
      .catch(() => undefined);
  }

  /** What is still on its way: the case neither ends nor continues as new before it went. */
  get unsent(): Notice[] {
    return [...this.pending.values()];
  }

  /** Waits until every queued notice went out: a case does not end with a notice unsent. */
  async allSent(): Promise<void> {
    await condition(() => this.pending.size === 0);
  }
}
