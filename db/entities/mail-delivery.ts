import { EntitySchema } from '@mikro-orm/core';

/**
 * One e-mail, keyed by what caused it (case, event, recipient): a retried activity
 * finds the row already sent and does not send again.
 */
export class MailDelivery {
  key!: string;
  /** Masked (`w***@example.cn`): the outbox needs the key, not the address. */
  recipient!: string;
  subject!: string;
  caseNumber?: string | null;
  createdAt!: Date;
  sentAt?: Date | null;
}

export const MailDeliverySchema = new EntitySchema<MailDelivery>({
  class: MailDelivery,
  tableName: 'mail_delivery',
  properties: {
    key: { type: 'string', length: 160, primary: true },
    recipient: { type: 'string', length: 254 },
    subject: { type: 'string', length: 255 },
    caseNumber: { type: 'string', length: 32, nullable: true },
    createdAt: { type: 'datetime' },
    sentAt: { type: 'datetime', nullable: true },
  },
});
