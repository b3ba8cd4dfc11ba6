import { Migration } from '@mikro-orm/migrations';

/**
 * 双因素登录: a person's TOTP authenticator and their recovery codes.
 *
 * - `staff_second_factor`: one row per person who began enrolling. `secret` is the
 *   identity-grade envelope (AES-256-GCM, key id inside, column name as additional data);
 *   `enrolled_at` is null until a first code confirmed it; `last_time_step` is the TOTP
 *   time step last accepted, so a code is never taken twice.
 * - `staff_recovery_code`: ten argon2id hashes per enrolment, each spent once.
 */
export class Migration20261204110000SecondFactor extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "staff_second_factor" (
      "staff_id" int not null references "staff_member" ("id") on delete cascade,
      "secret" text not null,
      "created_at" timestamptz not null,
      "enrolled_at" timestamptz null,
      "last_time_step" bigint null,
      constraint "staff_second_factor_pkey" primary key ("staff_id"));`);
    this.addSql(`create table "staff_recovery_code" (
      "id" serial primary key,
      "staff_id" int not null references "staff_member" ("id") on delete cascade,
      "code_hash" varchar(255) not null,
      "spent_at" timestamptz null);`);
    this.addSql(`create index "staff_recovery_code_staff_id_index" on "staff_recovery_code" ("staff_id");`);
  }
}
