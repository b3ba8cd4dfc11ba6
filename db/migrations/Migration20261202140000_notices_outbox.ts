import { Migration } from '@mikro-orm/migrations';

/**
 * Notices (告知) by e-mail and SMS through one outbox.
 *
 * - `channel`: `email` or `sms`; one row per (case, event, recipient, channel).
 * - `claimed_until`: a try's lease on the row while its message is on the wire; no
 *   transaction stays open across a send.
 * - `recipient_hash`: a keyed hash of an SMS number, to count what one phone received.
 * - `receipt_status` / `receipt_at`: the delivery receipt an SMS centre reports.
 */
export class Migration20261202140000NoticesOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mail_delivery"
      add column "channel" varchar(8) not null default 'email',
      add column "claimed_until" timestamptz null,
      add column "recipient_hash" varchar(64) null,
      add column "receipt_status" varchar(16) null,
      add column "receipt_at" timestamptz null;`);
    this.addSql(
      `create index "mail_delivery_recipient_hash_index" on "mail_delivery" ("recipient_hash", "sent_at") where "recipient_hash" is not null;`,
    );
    this.addSql(
      `create index "mail_delivery_message_id_index" on "mail_delivery" ("channel", "message_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "mail_delivery_message_id_index";`);
    this.addSql(`drop index "mail_delivery_recipient_hash_index";`);
    this.addSql(`alter table "mail_delivery"
      drop column "channel", drop column "claimed_until", drop column "recipient_hash",
      drop column "receipt_status", drop column "receipt_at";`);
  }
}
