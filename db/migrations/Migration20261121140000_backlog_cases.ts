import { Migration } from '@mikro-orm/migrations';

/**
 * Backlog cases (积案) and who owns them: the ledger's backlog columns, campaign
 * screenings (集中排查) by import, attachments of field visits, and campaigns with
 * their target dates.
 */
export class Migration20261121140000BacklogCases extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "petition_case"
      add column "backlog_at" timestamptz null,
      add column "backlog_reasons" jsonb null,
      add column "flag_many_years" boolean not null default false,
      add column "flag_many_levels" boolean not null default false,
      add column "flag_many_offices" boolean not null default false,
      add column "repeat_count" int not null default 0,
      add column "joined_case_number" varchar(32) null,
      add column "owner_leader_id" int null,
      add column "owner_since" timestamptz null,
      add column "plan_version" int not null default 0,
      add column "next_milestone_date" date null,
      add column "next_milestone_title" varchar(200) null,
      add column "last_progress_at" timestamptz null,
      add column "visit_count" int not null default 0,
      add column "external_ref" varchar(64) null;`);
    this.addSql(
      `alter table "petition_case" add constraint "petition_case_owner_leader_id_foreign" foreign key ("owner_leader_id") references "staff_member" ("id") on update cascade on delete set null;`,
    );
    // The backlog view of a subtree, and a leader's own cases.
    this.addSql(
      `create index "petition_case_backlog_index" on "petition_case" ("unit_path" varchar_pattern_ops, "backlog_at") where "backlog_at" is not null;`,
    );
    this.addSql(
      `create index "petition_case_owner_leader_id_index" on "petition_case" ("owner_leader_id") where "owner_leader_id" is not null;`,
    );

    this.addSql(`create table "import_batch" (
      "id" serial primary key,
      "unit_id" int not null references "unit" ("id") on update cascade,
      "file_sha256" varchar(64) not null,
      "file_name" varchar(255) not null,
      "format" varchar(8) not null,
      "row_count" int not null,
      "imported_by_id" int not null references "staff_member" ("id") on update cascade,
      "started_at" timestamptz not null,
      "finished_at" timestamptz null,
      constraint "import_batch_unit_id_file_sha256_unique" unique ("unit_id", "file_sha256"));`);
    this.addSql(`create table "imported_case" (
      "unit_id" int not null references "unit" ("id") on update cascade,
      "external_ref" varchar(64) not null,
      "case_number" varchar(32) not null,
      "batch_id" int not null references "import_batch" ("id") on update cascade,
      "line" int not null,
      constraint "imported_case_pkey" primary key ("unit_id", "external_ref"),
      constraint "imported_case_case_number_unique" unique ("case_number"));`);

    this.addSql(`create table "attachment" (
      "id" uuid primary key,
      "sha256" varchar(64) not null,
      "file_name" varchar(255) not null,
      "media_type" varchar(100) not null,
      "size" int not null,
      "content" bytea not null,
      "uploaded_by" varchar(64) not null,
      "uploaded_at" timestamptz not null,
      "case_number" varchar(32) null references "petition_case" ("case_number"));`);
    this.addSql(`create index "attachment_case_number_index" on "attachment" ("case_number");`);

    this.addSql(`create table "campaign" (
      "id" serial primary key,
      "unit_id" int not null references "unit" ("id") on update cascade,
      "name" varchar(100) not null,
      "starts_on" date not null,
      "target_date" date not null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "campaign";`);
    this.addSql(`drop table "attachment";`);
    this.addSql(`drop table "imported_case";`);
    this.addSql(`drop table "import_batch";`);
    this.addSql(`drop index "petition_case_owner_leader_id_index";`);
    this.addSql(`drop index "petition_case_backlog_index";`);
    this.addSql(`alter table "petition_case" drop constraint "petition_case_owner_leader_id_foreign";`);
    this.addSql(`alter table "petition_case" drop column "backlog_at", drop column "backlog_reasons",
      drop column "flag_many_years", drop column "flag_many_levels", drop column "flag_many_offices",
      drop column "repeat_count", drop column "joined_case_number", drop column "owner_leader_id",
      drop column "owner_since", drop column "plan_version", drop column "next_milestone_date", drop column "next_milestone_title",
      drop column "last_progress_at", drop column "visit_count", drop column "external_ref";`);
  }
}
