import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Env } from '../../config/env';
import { recordDeliveryReceipt, type SmsSender } from './sms';
import { createSmsGateway } from './sms-gateway';
import { templateCodes, type SmsTemplate } from './sms-texts';

/** The worker's SMS sender from its settings, its delivery receipts written to the outbox; none without SMS_URL. */
export function createSmsSender(env: Env, orm: MikroORM, log: Logger): SmsSender | undefined {
  if (!env.SMS_URL) return undefined;
  const gateway = createSmsGateway(env.SMS_URL, (receipt) => {
    recordDeliveryReceipt(orm, receipt)
      .then((found) => {
        if (!found) log.warn({ receipt }, 'delivery receipt for no SMS the outbox knows');
      })
      .catch((error: unknown) => log.warn({ error }, 'delivery receipt not recorded'));
  });
  return {
    gateway,
    signName: env.SMS_SIGNATURE,
    templateCodes: templateCodes(
      env.SMS_TEMPLATES ? (JSON.parse(env.SMS_TEMPLATES) as Partial<Record<SmsTemplate, string>>) : {},
    ),
    limits: { perHour: env.SMS_LIMIT_PER_HOUR, perDay: env.SMS_LIMIT_PER_DAY },
  };
}
