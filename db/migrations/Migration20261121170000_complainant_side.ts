import { Migration } from '@mikro-orm/migrations';

/**
 * The complainant's side (码上举报, the two-way status page, outcome e-mails).
 *
 * - `petition_case.complainant_language`: the language the petition was brought in;
 *   e-mails to the complainant are written in it.
 * - `petition_case.qr_unit_code`: the unit whose QR code the petition came through.
 * - `mail_delivery`: the outbox keeps the SMTP message-id, how many tries a message took,
 *   and the last failure, so the case page shows mail that is still being retried.
 * - `attachment.uploaded_by` may be `complainant` (files added with a petition or later).
 * - `case_lookup_guard`: wrong access codes per case, for slowing down and locking
 *   guessing without locking the real complainant out for good.
 */
export class Migration20261121170000ComplainantSide extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "petition_case"
      add column "complainant_language" varchar(8) not null default 'zh-CN',
      add column "qr_unit_code" varchar(32) null;`);
    this.addSql(`alter table "mail_delivery"
      add column "message_id" varchar(255) null,
      add column "attempts" int not null default 0,
      add column "last_error" text null,
      add column "last_attempt_at" timestamptz null;`);
    this.addSql(`create index "mail_delivery_case_number_index" on "mail_delivery" ("case_number");`);
    this.addSql(`create table "case_lookup_guard" (
      "case_number" varchar(32) primary key,
      "failures" int not null default 0,
      "locked_until" timestamptz null,
      "updated_at" timestamptz not null);`);
  }
}
