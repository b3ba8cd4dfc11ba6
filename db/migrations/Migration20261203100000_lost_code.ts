import { Migration } from '@mikro-orm/migrations';

/**
 * 找回查询码: one row per request for a new access code, with the typed phone's blind
 * index and the one-time code's keyed hash (never the code or the number). The rows are
 * the re-issue log and what the per-case and per-phone limits count.
 */
export class Migration20261203100000LostCode extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "lost_code_request" (
      "id" varchar(36) not null,
      "case_number" varchar(32) not null,
      "phone_match" text not null,
      "phone_on_record" boolean not null,
      "key_id" varchar(16) not null,
      "code_hash" varchar(64) not null,
      "attempts" int not null default 0,
      "requested_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "reissued_at" timestamptz null,
      constraint "lost_code_request_pkey" primary key ("id"));`);
    this.addSql(
      `create index "lost_code_request_case_number_requested_at_index" on "lost_code_request" ("case_number", "requested_at");`,
    );
    this.addSql(
      `create index "lost_code_request_phone_match_requested_at_index" on "lost_code_request" ("phone_match", "requested_at");`,
    );
  }
}
