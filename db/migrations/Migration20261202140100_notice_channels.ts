import { Migration } from '@mikro-orm/migrations';

/**
 * How the complainant chose to hear of the case (告知方式): `sms`, `email` or `both`.
 * Cases from before SMS existed were told by e-mail, and stay so.
 */
export class Migration20261202140100NoticeChannels extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "petition_case" add column "notify_by" varchar(8) not null default 'email';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "petition_case" drop column "notify_by";`);
  }
}
