import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';
import { maskEmail } from '../domain/mail-address';

export interface MailDeps {
  orm: MikroORM;
  mail: Transporter;
  mailFrom: string;
  /** Where links in e-mails point: the console and the public pages. */
  publicUrl: string;
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

type Outcome = 'sent' | 'already_sent' | 'busy' | { failed: unknown };

/**
 * The outbox: sends an e-mail unless one with the same key was already sent.
 *
 * The row is claimed by key and locked for the send, so two tries of the same
 * activity (one that outlived its time-out, and its retry) never send at the same
 * time. It is marked sent in the same transaction right after the SMTP server
 * accepted the message. A worker that dies mid-send drops its SMTP connection
 * before the server's answer to DATA, and the server discards an unfinished
 * transaction: the retry sends the message once. What is left is the moment
 * between the server's 250 and the commit; the stable Message-ID lets the
 * receiving side drop that rare duplicate. A database that goes away during the
 * send (a restart, a failover) takes the claim with it: the send is then recorded
 * anew, or the retry would send it a second time.
 *
 * Every try counts in `attempts`; a failure is kept in `last_error` and thrown
 * again, so the activity's retry policy backs off and the case page shows it.
 */
export async function sendMailOnce(
  deps: MailDeps,
  mail: OutgoingMail,
  /** A transaction the caller holds: the claim goes through its connection, never a second one from the pool. */
  tx?: EntityManager,
): Promise<'sent' | 'already_sent'> {
  const messageId = messageIdOf(mail.key);
  const accepted: { messageId?: string } = {};
  const run = (em: EntityManager) => sendInTransaction(deps, em, mail, messageId, accepted);
  let outcome: Outcome;
  try {
    outcome = tx ? await run(tx) : await deps.orm.em.fork().transactional(run);
  } catch (error) {
    if (accepted.messageId === undefined || tx) throw error;
    await recordSentAfterLostTransaction(deps, mail, accepted.messageId);
    return 'sent';
  }
  if (outcome === 'busy') throw new MailBusyError(mail.key);
  if (typeof outcome === 'object') throw outcome.failed;
  return outcome;
}

async function sendInTransaction(
  deps: MailDeps,
  em: EntityManager,
  mail: OutgoingMail,
  messageId: string,
  /** Set once the SMTP server has taken the message, whatever happens to the transaction after. */
  accepted: { messageId?: string },
): Promise<Outcome> {
  const connection = em.getConnection();
  const ctx = em.getTransactionContext();
  const run = (sql: string, params: unknown[]) => connection.execute(sql, params, 'run', ctx);
  await run(
    `insert into mail_delivery (key, recipient, subject, case_number, created_at)
     values (?, ?, ?, ?, now()) on conflict (key) do nothing`,
    [mail.key, maskEmail(mail.to), mail.subject, mail.caseNumber ?? null],
  );
  const rows = await connection.execute<{ sent_at: Date | null }[]>(
    'select sent_at from mail_delivery where key = ? for update skip locked',
    [mail.key],
    'all',
    ctx,
  );
  const [row] = rows;
  if (!row) return 'busy';
  if (row.sent_at) return 'already_sent';
  await run('update mail_delivery set attempts = attempts + 1, last_attempt_at = now() where key = ?', [
    mail.key,
  ]);
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
    const message = error instanceof Error ? error.message : String(error);
    await run('update mail_delivery set last_error = ? where key = ?', [message.slice(0, 2000), mail.key]);
    return { failed: error };
  }
  accepted.messageId = answer.messageId || messageId;
  await run('update mail_delivery set sent_at = now(), message_id = ? where key = ?', [
    accepted.messageId,
    mail.key,
  ]);
  return 'sent';
}

/**
 * The SMTP server took the message but its transaction was lost with the database
 * connection: the row is written again on a fresh connection, waiting out a short
 * restart. Only if the database stays away does the activity fail (and send again).
 */
async function recordSentAfterLostTransaction(deps: MailDeps, mail: OutgoingMail, messageId: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.orm.em
        .fork()
        .getConnection()
        .execute(
          `insert into mail_delivery
             (key, recipient, subject, case_number, created_at, attempts, last_attempt_at, sent_at, message_id)
           values (?, ?, ?, ?, now(), 1, now(), now(), ?)
           on conflict (key) do update set sent_at = coalesce(mail_delivery.sent_at, now()), message_id = ?`,
          [mail.key, maskEmail(mail.to), mail.subject, mail.caseNumber ?? null, messageId, messageId],
        );
      return;
    } catch (error) {
      if (attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
