import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffRole } from '../domain/actor';
import type { ClockName, EscalationTarget } from '../domain/policy';
import { Escalation, StaffMember, Unit } from '../db/entities';
import type { EscalationRecipient } from '../db/entities/escalation';
import { decryptIdentity, identityKeyring } from '../db/identity-encryption';
import { projectEvent, type RecordedEvent } from './ledger';
import { sendMailOnce, type MailDeps } from './mail';
import { complainantMail, languageOf, type ComplainantNotice } from './mail-templates/complainant';
import { clockLabel } from './mail-texts';
import { sendSmsOnce } from './notices/sms';
import type { SmsParams } from './notices/sms-texts';
import { dialable } from '../domain/phone';
import type { NoticeChannels } from '../domain/petition';

export interface DeadlineAlarm {
  event: RecordedEvent;
  clock: ClockName;
  dueDate: string;
  responsibleUnitId: number;
  /** The owning leader, for a backlog case's plan and progress clocks. */
  responsibleStaffId?: number;
}

export interface EscalationRequest extends DeadlineAlarm {
  target: EscalationTarget;
}

async function staffOf(
  em: EntityManager,
  unitId: number,
  roles: StaffRole[],
): Promise<EscalationRecipient[]> {
  const members = await em.find(
    StaffMember,
    { unit: unitId, roles: { $overlap: roles }, active: true },
    { orderBy: { id: 'asc' } },
  );
  return members.map((m) => ({ staffId: m.id, name: m.name, email: m.email, role: m.role }));
}

/**
 * The superior of the leader who owns a backlog case (or, before anyone owns it, of
 * the case's unit leaders): the leaders and supervisors of the level above.
 */
async function leaderSuperiors(em: EntityManager, unitId: number, leaderId: number | undefined) {
  const leader = leaderId === undefined ? null : await em.findOne(StaffMember, { id: leaderId });
  const unit = await em.findOneOrFail(Unit, { id: leader?.unit.id ?? unitId }, { populate: ['parent'] });
  const above = unit.parent?.id ?? unit.id;
  return { toUnitId: above, recipients: await staffOf(em, above, ['leader', 'supervisor', 'office_head']) };
}

/** Where a breach goes, and to whom (逐级督办): the next level up, or the unit's own head or leader. */
async function escalationAddressees(
  em: EntityManager,
  target: EscalationTarget,
  unitId: number,
  leaderId: number | undefined,
) {
  if (target === 'leader_superior') return leaderSuperiors(em, unitId, leaderId);
  if (target === 'office_head')
    return { toUnitId: unitId, recipients: await staffOf(em, unitId, ['office_head']) };
  if (target === 'unit_leader')
    return { toUnitId: unitId, recipients: await staffOf(em, unitId, ['leader']) };
  const unit = await em.findOneOrFail(Unit, { id: unitId }, { populate: ['parent'] });
  const above = unit.parent?.id ?? unit.id;
  const recipients = [
    ...(await staffOf(em, above, ['office_head', 'supervisor'])),
    ...(await staffOf(em, unitId, ['leader'])),
  ];
  return { toUnitId: above, recipients };
}

type ChannelOutcome = 'sent' | 'already_sent' | 'failed' | 'not_chosen';

/** What each channel of a complainant's notice came to. */
export interface ComplainantDelivery {
  email: ChannelOutcome;
  sms: ChannelOutcome;
}

/** An SMS carries identifiers only: the case number, and the open case a petition joined. */
const smsParams = (notice: ComplainantNotice): SmsParams => ({
  caseNumber: notice.caseNumber,
  ...(typeof notice.details.openCaseNumber === 'string'
    ? { openCaseNumber: notice.details.openCaseNumber }
    : {}),
});

/** The office's e-mails of one alarm, sent on their own after the alarm is on the timeline. */
export interface OfficeMail {
  caseNumber: string;
  seq: number;
  kind: 'warning' | 'breach' | 'escalation';
  clock: ClockName;
  dueDate: string;
  recipients: { name: string; email: string }[];
}

const officeSubjects: Record<
  OfficeMail['kind'],
  (caseNumber: string, label: string, dueDate: string) => string
> = {
  warning: (n, label, due) => `【临期预警】${n} ${label}将于 ${due} 到期`,
  breach: (n, label, due) => `【已超期】${n} ${label}已于 ${due} 到期`,
  escalation: (n, label) => `【超期督办】${n} ${label}已超期`,
};

/**
 * Deadline warnings, escalations and the complainant's notices, each with its
 * timeline event. E-mails are keyed by (case, event, recipient) and go out once.
 */
export function createNotificationActivities(deps: MailDeps) {
  const caseLink = (caseNumber: string) => `${deps.publicUrl}/console/cases/${caseNumber}`;

  const officeText = (mail: OfficeMail, name: string, label: string) =>
    mail.kind === 'escalation'
      ? `${name}：\n\n案件 ${mail.caseNumber} 的“${label}”已于 ${mail.dueDate} 到期未办结，现提请督办。\n查看案件：${caseLink(mail.caseNumber)}\n`
      : `${name}：\n\n案件 ${mail.caseNumber} 的“${label}”时限为 ${mail.dueDate}。\n请及时办理：${caseLink(mail.caseNumber)}\n`;

  /** Each recipient's e-mail of an alarm, keyed by (case, event, recipient) as ever. */
  async function mailOffice(mail: OfficeMail): Promise<void> {
    const label = clockLabel(mail.clock);
    for (const r of mail.recipients) {
      await sendMailOnce(deps, {
        key: `${mail.caseNumber}/${mail.seq}/${r.email}`,
        to: r.email,
        subject: officeSubjects[mail.kind](mail.caseNumber, label, mail.dueDate),
        text: officeText(mail, r.name, label),
        caseNumber: mail.caseNumber,
      });
    }
  }

  /** 预警 or breach on the timeline, with the office's people it goes to. */
  async function recordOfficeAlarm(
    alarm: DeadlineAlarm & { kind: 'warning' | 'breach' },
  ): Promise<OfficeMail> {
    const em = deps.orm.em.fork();
    const recipients = await staffOf(em, alarm.responsibleUnitId, ['clerk', 'office_head']);
    alarm.event.data = { ...alarm.event.data, recipients: recipients.map((r) => r.name) };
    await em.transactional((tx) => projectEvent(tx, alarm.event));
    return {
      caseNumber: alarm.event.caseNumber,
      seq: alarm.event.seq,
      kind: alarm.kind,
      clock: alarm.clock,
      dueDate: alarm.dueDate,
      recipients: recipients.map((r) => ({ name: r.name, email: r.email })),
    };
  }

  /** 超期督办 on the timeline and in the receiving office's queue, with the people it goes to. */
  async function recordEscalation(
    request: EscalationRequest,
  ): Promise<{ toUnitId: number; recipients: EscalationRecipient[]; mail: OfficeMail }> {
    const em = deps.orm.em.fork();
    const { toUnitId, recipients } = await escalationAddressees(
      em,
      request.target,
      request.responsibleUnitId,
      request.responsibleStaffId,
    );
    const { event } = request;
    event.snapshot = { ...event.snapshot, escalatedToUnitId: toUnitId, escalatedAt: event.occurredAt };
    event.data = { ...event.data, toUnitId, recipients: recipients.map((r) => `${r.name}（${r.role}）`) };
    await em.transactional(async (tx) => {
      await projectEvent(tx, event);
      await tx
        .createQueryBuilder(Escalation)
        .insert({
          caseNumber: event.caseNumber,
          seq: event.seq,
          clock: request.clock,
          target: request.target,
          fromUnitId: request.responsibleUnitId,
          toUnitId,
          recipients,
          escalatedAt: new Date(event.occurredAt),
        })
        .onConflict(['case_number', 'seq'])
        .ignore()
        .execute();
    });
    const mail: OfficeMail = {
      caseNumber: event.caseNumber,
      seq: event.seq,
      kind: 'escalation',
      clock: request.clock,
      dueDate: request.dueDate,
      recipients: recipients.map((r) => ({ name: r.name, email: r.email })),
    };
    return { toUnitId, recipients, mail };
  }

  return {
    recordOfficeAlarm,
    recordEscalation,
    mailOffice,

    /** 预警 before a deadline, or the office told its deadline has passed, mailed in the same activity (cases before notices went their own way). */
    async warnOffice(alarm: DeadlineAlarm & { kind: 'warning' | 'breach' }): Promise<void> {
      await mailOffice(await recordOfficeAlarm(alarm));
    },

    /** 超期督办 and its e-mails in one activity (cases before notices went their own way). */
    async escalate(
      request: EscalationRequest,
    ): Promise<{ toUnitId: number; recipients: EscalationRecipient[] }> {
      const { toUnitId, recipients, mail } = await recordEscalation(request);
      await mailOffice(mail);
      return { toUnitId, recipients };
    },

    /**
     * Tells the complainant (告知) as they chose: by SMS to their phone, by e-mail, or
     * both. Each channel goes through the outbox on its own key, so when one channel is
     * down the other is not held up, and its retry sends only what is still unsent.
     * Anonymous complainants follow the status page, or the office delivers by hand.
     */
    async notifyComplainant(notice: ComplainantNotice): Promise<ComplainantDelivery> {
      // Read where the e-mail is written: the language the petition was brought in.
      const [row] = await deps.orm.em
        .fork()
        .getConnection()
        .execute<
          {
            email: string | null;
            phone: string | null;
            anonymous: boolean;
            language: string | null;
            notify_by: NoticeChannels;
          }[]
        >(
          `select complainant_email as email, complainant_phone as phone, anonymous,
                  complainant_language as language, notify_by
           from petition_case where case_number = ?`,
          [notice.caseNumber],
        );
      const outcome: ComplainantDelivery = { email: 'not_chosen', sms: 'not_chosen' };
      if (!row || row.anonymous) return outcome;
      const keyring = identityKeyring(deps.orm.em);
      const failures: unknown[] = [];
      if (row.email && row.notify_by !== 'sms') {
        const to = decryptIdentity(keyring, 'complainant_email', row.email);
        const mail = complainantMail(notice, `${deps.publicUrl}/status`, languageOf(row.language));
        outcome.email = await sendMailOnce(deps, {
          key: `${notice.caseNumber}/${notice.seq}/complainant`,
          to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          caseNumber: notice.caseNumber,
        }).catch((error: unknown) => {
          failures.push(error);
          return 'failed' as const;
        });
      }
      if (row.phone && row.notify_by !== 'email' && deps.sms) {
        outcome.sms = await sendSmsOnce(
          { orm: deps.orm, sms: deps.sms },
          {
            key: `${notice.caseNumber}/${notice.seq}/complainant/sms`,
            to: dialable(decryptIdentity(keyring, 'complainant_phone', row.phone)),
            template: notice.kind,
            params: smsParams(notice),
            caseNumber: notice.caseNumber,
          },
        ).catch((error: unknown) => {
          failures.push(error);
          return 'failed' as const;
        });
      }
      if (failures.length > 0) throw failures[0];
      return outcome;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
