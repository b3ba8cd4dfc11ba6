import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TFunction } from 'i18next';
import { sendMailOnce, type MailDeps } from '../../activities/mail';
import { StaffInvitation, type InvitationPurpose } from '../../db/administration/entities';
import { StaffMember } from '../../db/entities';
import { passwordProblems } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { endSessionsOf } from '../auth/staff';
import { ApiError } from '../errors';

/** How long a link stays good: a week-end for an invitation, a day for the first administrator and a reset. */
export const linkValidityHours = { invitation: 72, firstAdmin: 24, reset: 24 } as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The console page that takes the token; it travels in the fragment, which no server or proxy logs. */
export const setPasswordUrl = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/$/, '')}/console/set-password#token=${token}`;

export interface IssuedLink {
  invitationId: string;
  url: string;
  expiresAt: Date;
}

/**
 * A new one-time set-password link for a person, in the caller's unit of work (flush to
 * keep it). Links issued to them before and not yet used stop working: only the newest counts.
 */
export async function issueSetPasswordLink(
  em: EntityManager,
  member: StaffMember,
  options: { purpose: InvitationPurpose; validHours: number; publicUrl: string },
): Promise<IssuedLink> {
  const now = new Date();
  await em.nativeUpdate(
    StaffInvitation,
    { staffMember: member.id, usedAt: null, expiresAt: { $gt: now } },
    { expiresAt: now },
  );
  const token = randomBytes(32).toString('base64url');
  const invitation = Object.assign(new StaffInvitation(), {
    staffMember: member,
    purpose: options.purpose,
    tokenHash: sha256(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + options.validHours * 3600_000),
    usedAt: null,
  });
  em.persist(invitation);
  await em.flush();
  return {
    invitationId: String(invitation.id),
    url: setPasswordUrl(options.publicUrl, token),
    expiresAt: invitation.expiresAt,
  };
}

/** The e-mail carrying a link, in the person's office language (zh-CN) with English below. */
function linkMail(member: StaffMember, link: IssuedLink, purpose: InvitationPurpose, t: TFunction) {
  const params = {
    name: member.name,
    url: link.url,
    hours: Math.round((link.expiresAt.getTime() - Date.now()) / 3600_000),
  };
  const zh = t(`administration.mail.${purpose}.text`, { ...params, lng: 'zh-CN' });
  const en = t(`administration.mail.${purpose}.text`, { ...params, lng: 'en' });
  return {
    key: `staff-link/${link.invitationId}`,
    to: member.email,
    subject: `${t(`administration.mail.${purpose}.subject`, { lng: 'zh-CN' })} / ${t(`administration.mail.${purpose}.subject`, { lng: 'en' })}`,
    text: `${zh}\n\n----\n\n${en}`,
  };
}

/**
 * Invites a person, or sends them a reset link: issues the link (its own transaction),
 * then e-mails it once, outside any transaction (the outbox keys it by the link, so a
 * retry never mails twice). Answers the link so a caller with no mail can show it.
 */
export async function sendSetPasswordLink(
  deps: MailDeps,
  member: StaffMember,
  purpose: InvitationPurpose,
  t: TFunction,
): Promise<IssuedLink> {
  const link = await issueSetPasswordLink(deps.orm.em.fork(), member, {
    purpose,
    validHours: purpose === 'invitation' ? linkValidityHours.invitation : linkValidityHours.reset,
    publicUrl: deps.publicUrl,
  });
  await sendMailOnce(deps, linkMail(member, link, purpose, t));
  return link;
}

/** Invites a new member of staff by e-mail (邀请): a one-time link valid 72 hours to set their password. */
export const inviteStaff = (deps: MailDeps, member: StaffMember, t: TFunction) =>
  sendSetPasswordLink(deps, member, 'invitation', t);

/** A link that is good now, with its person; otherwise a 410 the person can act on. */
async function usableLink(em: EntityManager, token: string): Promise<StaffInvitation> {
  const invitation = await em.findOne(
    StaffInvitation,
    { tokenHash: sha256(token) },
    { populate: ['staffMember'] },
  );
  if (!invitation || !invitation.staffMember.active) {
    throw new ApiError(410, 'link_unknown', 'administration.errors.linkUnknown');
  }
  if (invitation.usedAt) throw new ApiError(410, 'link_used', 'administration.errors.linkUsed');
  if (invitation.expiresAt.getTime() <= Date.now()) {
    throw new ApiError(410, 'link_expired', 'administration.errors.linkExpired');
  }
  return invitation;
}

/** Who a link is for, so the page can greet them and check the password against their name. */
export async function linkHolder(em: EntityManager, token: string) {
  const { staffMember, purpose, expiresAt } = await usableLink(em, token);
  return { name: staffMember.name, email: staffMember.email, purpose, expiresAt: expiresAt.toISOString() };
}

/**
 * Sets the password a link was for and spends the link (once only, even when two
 * requests race: the row is locked). Every other session of the person ends; the
 * lock from wrong passwords is lifted. Answers the person's id to sign them in.
 */
export async function redeemSetPasswordLink(
  em: EntityManager,
  token: string,
  password: string,
  t: TFunction,
): Promise<number> {
  const staffId = await em.transactional(async (tx) => {
    const invitation = await usableLink(tx, token);
    await tx
      .getConnection()
      .execute(
        'select 1 from staff_invitation where id = ? and used_at is null for update',
        [invitation.id],
        'all',
        tx.getTransactionContext(),
      );
    await tx.refresh(invitation);
    if (invitation.usedAt) throw new ApiError(410, 'link_used', 'administration.errors.linkUsed');
    const member = invitation.staffMember;
    const problems = passwordProblems(password, member);
    if (problems.length > 0) {
      throw new ApiError(
        422,
        'validation_failed',
        'errors.validation',
        {},
        problems.map((p) => ({ field: 'password', message: t(p.key, p.params) })),
      );
    }
    invitation.usedAt = new Date();
    await tx.nativeUpdate(
      StaffMember,
      { id: member.id },
      {
        passwordHash: await hashPassword(password),
        failedSignIns: 0,
        failedSignInsSince: null,
        lockedUntil: null,
      },
    );
    return member.id;
  });
  await endSessionsOf(em.fork(), staffId);
  return staffId;
}
