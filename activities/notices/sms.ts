import type { MikroORM } from '@mikro-orm/postgresql';
import { identityKeyring, phoneMatch } from '../../db/identity-encryption';
import { claimDelivery, recordFailure, recordSent, type OutboxEntry } from '../../db/notices/outbox';
import { maskPhone } from '../../domain/phone';
import type { DeliveryReceipt, SmsGateway } from './sms-gateway';
import { renderSms, type SmsParams, type SmsTemplate } from './sms-texts';

/** How many SMS one number may get (a fault or a loop must never flood a phone). */
export interface SmsLimits {
  perHour: number;
  perDay: number;
}

export interface SmsSender {
  gateway: SmsGateway;
  /** The office's signature (短信签名), e.g. 东湖县信访局. */
  signName: string;
  /** Each template's code at the provider. */
  templateCodes: Record<SmsTemplate, string>;
  limits: SmsLimits;
}

export interface SmsDeps {
  orm: MikroORM;
  sms: SmsSender;
}

export interface OutgoingSms {
  /** What caused it, e.g. `QL2026-000001/7/complainant/sms`: the same key is sent once. */
  key: string;
  to: string;
  template: SmsTemplate;
  params: SmsParams;
  caseNumber?: string | undefined;
}

/** Another try holds the message's row, or the number had its share for now: Temporal retries later. */
export class SmsNotNowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsNotNowError';
  }
}

/**
 * Sends one SMS through the outbox (db/notices/outbox.ts): once per key, with no
 * database transaction open while it is on the wire, within the number's limits per
 * hour and per day. A refusal or an outage is kept on the row and thrown, so the
 * activity's retries back off; the provider's message id is kept for its receipt.
 */
export async function sendSmsOnce(deps: SmsDeps, sms: OutgoingSms): Promise<'sent' | 'already_sent'> {
  const { sender, entry } = { sender: deps.sms, entry: outboxEntry(deps, sms) };
  const claim = await claimDelivery(deps.orm, entry);
  if (claim === 'already_sent') return claim;
  if (claim === 'busy') throw new SmsNotNowError(`the SMS ${sms.key} is being sent by another attempt`);
  const over = await overLimit(deps, entry.recipientHash!, sender.limits);
  if (over) {
    const error = new SmsNotNowError(`per-number limit reached (${over}); sent when the window allows`);
    await recordFailure(deps.orm, sms.key, error);
    throw error;
  }
  let messageId: string;
  try {
    ({ messageId } = await sender.gateway.submit({
      to: sms.to,
      text: renderSms(sms.template, sms.params, sender.signName),
      templateCode: sender.templateCodes[sms.template],
      params: Object.fromEntries(Object.entries(sms.params).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >,
      signName: sender.signName,
    }));
  } catch (error) {
    await recordFailure(deps.orm, sms.key, error);
    throw error;
  }
  await recordSent(deps.orm, entry, messageId);
  return 'sent';
}

function outboxEntry(deps: SmsDeps, sms: OutgoingSms): OutboxEntry {
  return {
    key: sms.key,
    channel: 'sms',
    recipient: maskPhone(sms.to),
    recipientHash: phoneMatch(identityKeyring(deps.orm.em), sms.to) ?? maskPhone(sms.to),
    subject: `sms:${sms.template}`,
    caseNumber: sms.caseNumber,
  };
}

async function overLimit(deps: SmsDeps, recipientHash: string, limits: SmsLimits): Promise<string | null> {
  const [row] = await deps.orm.em
    .fork()
    .getConnection()
    .execute<{ hour: number; day: number }[]>(
      `select count(*) filter (where sent_at > now() - interval '1 hour')::int as hour,
              count(*)::int as day
         from mail_delivery
        where recipient_hash = ? and channel = 'sms' and sent_at > now() - interval '1 day'`,
      [recipientHash],
    );
  if ((row?.hour ?? 0) >= limits.perHour) return `${limits.perHour} per hour`;
  if ((row?.day ?? 0) >= limits.perDay) return `${limits.perDay} per day`;
  return null;
}

/**
 * A delivery receipt marks its row. It may come before the acceptance is written
 * (the centre is quick): then it is tried again for a few seconds.
 */
export async function recordDeliveryReceipt(orm: MikroORM, receipt: DeliveryReceipt): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<{ key: string }[]>(
        `update mail_delivery set receipt_status = ?, receipt_at = now()
          where channel = 'sms' and message_id = ? returning key`,
        [receipt.status.slice(0, 16), receipt.providerMessageId],
      );
    if (rows.length > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
