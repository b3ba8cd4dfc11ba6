import type { MikroORM } from '@mikro-orm/postgresql';
import { outboxClaimSeconds } from '../../config/env';

/**
 * The outbox of notices (告知): one row per message, keyed by what caused it (case,
 * event, recipient, channel), in `mail_delivery` for e-mail and SMS alike.
 *
 * A try claims the row for a while (a lease written and committed before the
 * message goes out), sends with no transaction open, and then records the
 * provider's acceptance. Two tries of the same message (one that outlived its
 * time-out, and its retry) never send at the same time: the second finds the row
 * claimed and is retried later. A worker that dies mid-send leaves its claim to
 * run out; the lease is longer than any send can take with the transports'
 * time-outs, so the retry sends once.
 */
export type Channel = 'email' | 'sms';

export interface OutboxEntry {
  key: string;
  channel: Channel;
  /** Masked: the outbox needs the key, not the address or the number. */
  recipient: string;
  /** What the message is: the e-mail's subject, or the SMS template's name. */
  subject: string;
  caseNumber?: string | undefined;
  /** For SMS: a keyed hash of the number, to count what one phone received. */
  recipientHash?: string | undefined;
}

/**
 * Longer than a send can take: connect, greeting and socket time-outs of every transport, with
 * room (75 s; OUTBOX_CLAIM_SECONDS, read once here, lets a test that kills a worker mid-send
 * wait less for the claim to run out).
 */
export const claimSeconds = outboxClaimSeconds();

export type Claim = 'claimed' | 'already_sent' | 'busy';

/** Writes the row if it is new, then claims it for one try. */
export async function claimDelivery(orm: MikroORM, entry: OutboxEntry): Promise<Claim> {
  const connection = orm.em.fork().getConnection();
  await connection.execute(
    `insert into mail_delivery (key, channel, recipient, recipient_hash, subject, case_number, created_at)
     values (?, ?, ?, ?, ?, ?, now()) on conflict (key) do nothing`,
    [
      entry.key,
      entry.channel,
      entry.recipient,
      entry.recipientHash ?? null,
      entry.subject,
      entry.caseNumber ?? null,
    ],
  );
  const claimed = await connection.execute<{ key: string }[]>(
    `update mail_delivery
        set attempts = attempts + 1, last_attempt_at = now(),
            claimed_until = now() + make_interval(secs => ?)
      where key = ? and sent_at is null and (claimed_until is null or claimed_until < now())
      returning key`,
    [claimSeconds, entry.key],
  );
  if (claimed.length > 0) return 'claimed';
  const [row] = await connection.execute<{ sent_at: Date | null }[]>(
    'select sent_at from mail_delivery where key = ?',
    [entry.key],
  );
  return row?.sent_at ? 'already_sent' : 'busy';
}

/** The try failed before the provider took the message: the error is kept and the claim let go. */
export async function recordFailure(orm: MikroORM, key: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await orm.em
    .fork()
    .getConnection()
    .execute('update mail_delivery set last_error = ?, claimed_until = null where key = ?', [
      message.slice(0, 2000),
      key,
    ]);
}

/**
 * The provider took the message. The acceptance is written on a fresh connection,
 * waiting out a short database restart: only if the database stays away does the
 * try fail (and the message go out again, with the same Message-ID or reference).
 */
export async function recordSent(
  orm: MikroORM,
  entry: OutboxEntry,
  providerMessageId: string,
  retryDelayMs = 1000,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await orm.em
        .fork()
        .getConnection()
        .execute(
          `insert into mail_delivery
             (key, channel, recipient, recipient_hash, subject, case_number, created_at,
              attempts, last_attempt_at, sent_at, message_id)
           values (?, ?, ?, ?, ?, ?, now(), 1, now(), now(), ?)
           on conflict (key) do update
             set sent_at = coalesce(mail_delivery.sent_at, now()), message_id = excluded.message_id,
                 claimed_until = null`,
          [
            entry.key,
            entry.channel,
            entry.recipient,
            entry.recipientHash ?? null,
            entry.subject,
            entry.caseNumber ?? null,
            providerMessageId,
          ],
        );
      return;
    } catch (error) {
      if (attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    }
  }
}
