import { Migration } from '@mikro-orm/migrations';

/**
 * Staff sign-in hardening.
 *
 * - `failed_sign_ins` / `failed_sign_ins_since`: wrong passwords within the current
 *   window; `locked_until`: while in the future, sign-in to the account is refused.
 * - `sessions_valid_after`: a session begun before this instant is no longer honoured
 *   ("sign out everywhere", a password change, a deactivation).
 */
export class Migration20261121180200SessionHardening extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "staff_member"
      add column "failed_sign_ins" int not null default 0,
      add column "failed_sign_ins_since" timestamptz null,
      add column "locked_until" timestamptz null,
      add column "sessions_valid_after" timestamptz null;`);
  }
}
