import { Migration } from '@mikro-orm/migrations';

const joinable = `"status" not in ('closed', 'closed_out') and "joined_case_number" is null`;

/**
 * The complainant's identity encrypted at rest (db/identity-encryption.ts).
 *
 * - the identity columns become text: an envelope is several times the plaintext's length.
 * - `id_number` (身份证号) and `address`: two more identity values, encrypted the same way.
 * - `phone_match` / `email_match`: keyed blind indexes that take over "same complainant"
 *   from the SQL keys over plaintext; their indexes keep the old ones' predicate, so the
 *   likely-repeats query reads only cases that could still be joined.
 *
 * - `mail_delivery.recipient`: masked, like the outbox writes it from now on.
 *
 * SQL cannot encrypt with the application's keys: rows already here stay plaintext (reads
 * pass them through) until the worker's start-up rotation (db/identity-rotation.ts)
 * encrypts them and fills their blind indexes.
 */
export class Migration20261121180000IdentityEncryption extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "petition_case"
      alter column "complainant_name" type text,
      alter column "complainant_phone" type text,
      alter column "complainant_email" type text,
      add column "id_number" text null,
      add column "address" text null,
      add column "phone_match" text null,
      add column "email_match" text null;`);
    this.addSql(`drop index "petition_case_phone_key_index";`);
    this.addSql(`drop index "petition_case_email_key_index";`);
    // Over ciphertext these would only ever mislead.
    this.addSql(`drop function "complainant_email_key"(text);`);
    this.addSql(`drop function "complainant_phone_key"(text);`);
    this.addSql(
      `create index "petition_case_phone_match_index" on "petition_case" ("phone_match") where ${joinable} and "phone_match" is not null;`,
    );
    this.addSql(
      `create index "petition_case_email_match_index" on "petition_case" ("email_match") where ${joinable} and "email_match" is not null;`,
    );
    // The outbox keeps a masked address from now on (activities/mail.ts); mask what it holds.
    this.addSql(`update "mail_delivery"
      set "recipient" = left("recipient", 1) || '***' || substring("recipient" from '@[^@]*$')
      where "recipient" like '%@%' and "recipient" not like '_***@%';`);
  }

  /** The schema only: values already encrypted stay so (SQL has no key), hence the columns stay text. */
  override async down(): Promise<void> {
    this.addSql(`drop index "petition_case_email_match_index";`);
    this.addSql(`drop index "petition_case_phone_match_index";`);
    this.addSql(`create function "complainant_phone_key"(phone text) returns text
      language sql immutable parallel safe
      return case when length(regexp_replace(phone, '\\D', '', 'g')) >= 7
                  then right(regexp_replace(phone, '\\D', '', 'g'), 11) end;`);
    this.addSql(`create function "complainant_email_key"(email text) returns text
      language sql immutable parallel safe
      return nullif(lower(btrim(email)), '');`);
    this.addSql(
      `create index "petition_case_phone_key_index" on "petition_case" (complainant_phone_key("complainant_phone")) where ${joinable} and complainant_phone_key("complainant_phone") is not null;`,
    );
    this.addSql(
      `create index "petition_case_email_key_index" on "petition_case" (complainant_email_key("complainant_email")) where ${joinable} and complainant_email_key("complainant_email") is not null;`,
    );
    this.addSql(`alter table "petition_case"
      drop column "email_match",
      drop column "phone_match",
      drop column "address",
      drop column "id_number";`);
  }
}
