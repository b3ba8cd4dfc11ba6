import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';

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
  caseNumber?: string | undefined;
  attachments?: { filename: string; content: Buffer; contentType: string }[] | undefined;
}

/**
 * Sends an e-mail unless one with the same key was already sent. The row is
 * claimed before sending and marked after; a crash between the two re-sends on
 * retry (at-least-once), never a second time once marked.
 */
export async function sendMailOnce(
  deps: MailDeps,
  mail: OutgoingMail,
  /** A transaction the caller holds: the claim goes through its connection, never a second one from the pool. */
  tx?: EntityManager,
): Promise<'sent' | 'already_sent'> {
  const connection = (tx ?? deps.orm.em).getConnection();
  const inTx = tx?.getTransactionContext();
  await connection.execute(
    `insert into mail_delivery (key, recipient, subject, case_number, created_at)
     values (?, ?, ?, ?, now()) on conflict (key) do nothing`,
    [mail.key, mail.to, mail.subject, mail.caseNumber ?? null],
    'run',
    inTx,
  );
  const [row] = await connection.execute<{ sent_at: Date | null }[]>(
    'select sent_at from mail_delivery where key = ?',
    [mail.key],
    'all',
    inTx,
  );
  if (row?.sent_at) return 'already_sent';
  await deps.mail.sendMail({
    from: deps.mailFrom,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
    // A stable id lets a receiving server drop the duplicate of a re-send after a crash.
    messageId: `<${Buffer.from(mail.key).toString('base64url')}@qingling>`,
  });
  await connection.execute('update mail_delivery set sent_at = now() where key = ?', [mail.key], 'run', inTx);
  return 'sent';
}
