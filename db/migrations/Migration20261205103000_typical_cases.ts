import { Migration } from '@mikro-orm/migrations';

/**
 * 典型案例: an office's anonymised summary of a concluded case, written as a draft,
 * submitted for review, published by a different person (the office head) and perhaps
 * withdrawn. The source case stays internal: the public pages never show its number.
 */
export class Migration20261205103000TypicalCases extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "typical_case" (
      "id" serial primary key,
      "unit_id" int not null references "unit" ("id"),
      "case_number" varchar(32) not null references "petition_case" ("case_number"),
      "title" varchar(100) not null,
      "summary" text not null,
      "category" varchar(32) not null,
      "concluded_month" varchar(7) not null,
      "status" varchar(16) not null default 'draft'
        check ("status" in ('draft', 'submitted', 'published', 'withdrawn')),
      "written_by" int not null references "staff_member" ("id"),
      "written_at" timestamptz not null,
      "submitted_at" timestamptz null,
      "reviewed_by" int null references "staff_member" ("id"),
      "reviewed_at" timestamptz null,
      "review_note" text null,
      "published_at" timestamptz null,
      "withdrawn_by" int null references "staff_member" ("id"),
      "withdrawn_at" timestamptz null,
      "withdrawal_reason" text null,
      "updated_at" timestamptz not null);`);
    this.addSql(
      `create index "typical_case_unit_status_index" on "typical_case" ("unit_id", "status", "published_at");`,
    );
  }
}
