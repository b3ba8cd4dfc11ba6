import { Migration } from '@mikro-orm/migrations';

/**
 * Org chart import (组织机构导入): each accepted file, and an invitation waiting for each
 * person an import created (sent after the import's transaction, exactly once per person).
 */
export class Migration20261202130100OrgChartImport extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "org_chart_import" (
      "id" serial primary key,
      "unit_id" int not null references "unit" ("id"),
      "file_sha256" char(64) not null,
      "file_name" varchar(255) not null,
      "imported_by" varchar(200) not null,
      "imported_at" timestamptz not null default now(),
      "created" jsonb not null);`);
    this.addSql(`create table "org_chart_invitation" (
      "staff_id" int primary key references "staff_member" ("id"),
      "import_id" int not null references "org_chart_import" ("id"),
      "created_at" timestamptz not null default now(),
      "sent_at" timestamptz null);`);
    this.addSql(
      `create index "org_chart_invitation_unsent_index" on "org_chart_invitation" ("import_id") where "sent_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "org_chart_invitation";`);
    this.addSql(`drop table "org_chart_import";`);
  }
}
