import { Migration } from '@mikro-orm/migrations';

/**
 * Putting Qingling into service (issue 16), the administrator's half that is data the
 * cases read: deadline policy versions drafted and published in the console, the power
 * list (权力清单) dispatch proposes departments from, and who made a campaign (专项活动).
 *
 * A published policy version is history: cases received under it count their clocks by
 * it for life, so the database refuses to change or remove it. Drafts can change.
 */
export class Migration20261202130000PolicyPowerListCampaigns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "policy_version" (
      "id" serial primary key,
      "version" varchar(32) not null unique,
      "based_on" varchar(32) not null,
      "body" jsonb not null,
      "effective_from" date null,
      "created_by" varchar(200) not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "published_at" timestamptz null,
      "published_by" varchar(200) null,
      constraint "policy_version_published_whole" check (
        ("published_at" is null) = ("effective_from" is null) and ("published_at" is null) = ("published_by" is null)));`);
    this.addSql(
      `create index "policy_version_effective_index" on "policy_version" ("effective_from") where "published_at" is not null;`,
    );
    this.addSql(`create function "policy_version_immutable"() returns trigger language plpgsql as $$
      begin
        if old.published_at is not null then
          raise exception 'policy version % was published and cannot change', old.version
            using errcode = 'integrity_constraint_violation';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$;`);
    this.addSql(`create trigger "policy_version_immutable" before update or delete on "policy_version"
      for each row execute function "policy_version_immutable"();`);

    this.addSql(`create table "power_list_entry" (
      "id" serial primary key,
      "unit_id" int not null references "unit" ("id"),
      "category" varchar(32) not null,
      "department_id" int not null references "department" ("id"),
      "updated_by" varchar(200) not null,
      "updated_at" timestamptz not null default now(),
      constraint "power_list_entry_unit_category_unique" unique ("unit_id", "category"));`);

    this.addSql(`alter table "campaign"
      add column "created_by" varchar(200) null,
      add column "created_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "campaign" drop column "created_by", drop column "created_at";`);
    this.addSql(`drop table "power_list_entry";`);
    this.addSql(`drop table "policy_version";`);
    this.addSql(`drop function "policy_version_immutable"();`);
  }
}
