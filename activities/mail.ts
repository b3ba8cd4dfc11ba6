import type { MikroORM } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';
import { claimDelivery, recordFailure, recordSent, type OutboxEntry } from '../db/notices/outbox';
import { maskEmail } from '../domain/mail-address';
import type { SmsSender } from './notices/sms';

export interface MailDeps {
  orm: MikroORM;
  mail: Transporter;
  mailFrom: string;
  /** Where links in e-mails point: the console and the public pages. */
  publicUrl: string;
  /** The SMS gateway and its settings; without it, complainants are told by e-mail only. */
  sms?: SmsSender | undefined;
}

export interface OutgoingMail {
  /** What caused this e-mail, e.g. `QL2026-000001/7/head.990101@…`: the same key is sent once. */
  key: string;
  to: string;
  subject: string;
  text: string;
  /** The same message as HTML; mail clients show it, the text part stays for those that do not. */
  html?: string | undefined;
  caseNumber?: string | undefined;
  attachments?: { filename: string; content: Buffer; contentType: string }[] | undefined;
}

/** The Message-ID of a key: the same on every try, so a receiving server can drop a re-send. */
export const messageIdOf = (key: string) => `<${Buffer.from(key).toString('base64url')}@qingling>`;

/** Another try holds the message's row: it may be sending right now. Temporal retries later. */
export class MailBusyError extends Error {
  constructor(key: string) {
    super(`the e-mail ${key} is being sent by another attempt`);
    this.name = 'MailBusyError';
  }
}

/**
 * The outbox (db/notices/outbox.ts): sends an e-mail unless one with the same key was
 * already sent, with no database transaction open while it is on the wire.
 *
 * The row is claimed by key for the send, so two tries of the same activity (one
 * that outlived its time-out, and its retry) never send at the same time. It is
 * marked sent right after the SMTP server accepted the message. A worker that dies
 * mid-send drops its SMTP connection before the server's answer to DATA, and the
 * server discards an unfinished transaction: the retry, once the claim has run out,
 * sends the message once. What is left is the moment between the server's 250 and
 * the write; the stable Message-ID lets the receiving side drop that rare duplicate.
 * A database that goes away during the send is waited for, so the acceptance is
 * remembered and the retry does not send it a second time.
 *
 * Every try counts in `attempts`; a failure is kept in `last_error` and thrown
 * again, so the activity's retry policy backs off and the case page shows it.
 */
export async function sendMailOnce(deps: MailDeps, mail: OutgoingMail): Promise<'sent' | 'already_sent'> {
  const messageId = messageIdOf(mail.key);
  const entry: OutboxEntry = {
    key: mail.key,
    channel: 'email',
    recipient: maskEmail(mail.to),
    subject: mail.subject,
    caseNumber: mail.caseNumber,
  };
  const claim = await claimDelivery(deps.orm, entry);
  if (claim === 'already_sent') return claim;
  if (claim === 'busy') throw new MailBusyError(mail.key);
  let answer: { messageId?: string };
  try {
    answer = (await deps.mail.sendMail({
      from: deps.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.attachments ? { attachments: mail.attachments } : {}),
      messageId,
    })) as { messageId?: string };
  } catch (error) {
    await recordFailure(deps.orm, mail.key, error);
    throw error;
  }
  await recordSent(deps.orm, entry, answer.messageId || messageId);
  return 'sent';
}
