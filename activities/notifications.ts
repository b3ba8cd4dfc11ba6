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

/**
 * Deadline warnings, escalations and the complainant's notices, each with its
 * timeline event. E-mails are keyed by (case, event, recipient) and go out once.
 */
export function createNotificationActivities(deps: MailDeps) {
  const caseLink = (caseNumber: string) => `${deps.publicUrl}/console/cases/${caseNumber}`;

  return {
    /** 预警 before a deadline, or the office told its deadline has passed: to the responsible office. */
    async warnOffice(alarm: DeadlineAlarm & { kind: 'warning' | 'breach' }): Promise<void> {
      const em = deps.orm.em.fork();
      const recipients = await staffOf(em, alarm.responsibleUnitId, ['clerk', 'office_head']);
      alarm.event.data = { ...alarm.event.data, recipients: recipients.map((r) => r.name) };
      await em.transactional((tx) => projectEvent(tx, alarm.event));
      const label = clockLabel(alarm.clock);
      const subject =
        alarm.kind === 'warning'
          ? `【临期预警】${alarm.event.caseNumber} ${label}将于 ${alarm.dueDate} 到期`
          : `【已超期】${alarm.event.caseNumber} ${label}已于 ${alarm.dueDate} 到期`;
      for (const r of recipients) {
        await sendMailOnce(deps, {
          key: `${alarm.event.caseNumber}/${alarm.event.seq}/${r.email}`,
          to: r.email,
          subject,
          text: `${r.name}：\n\n案件 ${alarm.event.caseNumber} 的“${label}”时限为 ${alarm.dueDate}。\n请及时办理：${caseLink(alarm.event.caseNumber)}\n`,
          caseNumber: alarm.event.caseNumber,
        });
      }
    },

    /** 超期督办: the breach goes up; it sits in the receiving office's queue and reaches its people by e-mail. */
    async escalate(
      request: EscalationRequest,
    ): Promise<{ toUnitId: number; recipients: EscalationRecipient[] }> {
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
      const label = clockLabel(request.clock);
      for (const r of recipients) {
        await sendMailOnce(deps, {
          key: `${event.caseNumber}/${event.seq}/${r.email}`,
          to: r.email,
          subject: `【超期督办】${event.caseNumber} ${label}已超期`,
          text: `${r.name}：\n\n案件 ${event.caseNumber} 的“${label}”已于 ${request.dueDate} 到期未办结，现提请督办。\n查看案件：${caseLink(event.caseNumber)}\n`,
          caseNumber: event.caseNumber,
        });
      }
      return { toUnitId, recipients };
    },

    /**
     * Tells the complainant by e-mail where one was given (告知). Anonymous complainants
     * and those without e-mail follow the status page, or the office delivers by hand.
     */
    async notifyComplainant(notice: ComplainantNotice): Promise<'sent' | 'already_sent' | 'no_email'> {
      // Read where the e-mail is written: the language the petition was brought in.
      const [row] = await deps.orm.em
        .fork()
        .getConnection()
        .execute<{ email: string | null; anonymous: boolean; language: string | null }[]>(
          `select complainant_email as email, anonymous, complainant_language as language
           from petition_case where case_number = ?`,
          [notice.caseNumber],
        );
      if (!row?.email || row.anonymous) return 'no_email';
      const to = decryptIdentity(identityKeyring(deps.orm.em), 'complainant_email', row.email);
      const mail = complainantMail(notice, `${deps.publicUrl}/status`, languageOf(row.language));
      return sendMailOnce(deps, {
        key: `${notice.caseNumber}/${notice.seq}/complainant`,
        to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        caseNumber: notice.caseNumber,
      });
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
