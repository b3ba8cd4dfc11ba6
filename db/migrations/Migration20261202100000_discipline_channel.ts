import { Migration } from '@mikro-orm/migrations';

/**
 * The discipline channel (检举控告), told apart from petitions at the door.
 *
 * - `unit.kind`: a government unit, or a discipline body (纪委监委, 派驻纪检监察组) in a
 *   tree of its own beside the government tree; `oversees_unit_id` /
 *   `oversees_department_id` name what a discipline body has jurisdiction over (a
 *   commission its government unit, a 派驻组 the department it is stationed at).
 * - `discipline_jurisdiction`: the administrator's overrides of that default (管辖),
 *   one row per government unit or department.
 * - `petition_case.kind`: `petition` (信访诉求), `report` (检举控告) or `consultation`
 *   (咨询). For a report: the accused person's name, encrypted like the complainant's
 *   identity, with a keyed blind index for matching; their position; whether they head
 *   the accused unit; the office's urgent flag and the disposal's ledger columns.
 */
export class Migration20261202100000DisciplineChannel extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "unit"
      add column "kind" varchar(16) not null default 'government',
      add column "oversees_unit_id" int null constraint "unit_oversees_unit_id_foreign" references "unit" ("id") on update cascade on delete set null,
      add column "oversees_department_id" int null constraint "unit_oversees_department_id_foreign" references "department" ("id") on update cascade on delete set null,
      add constraint "unit_kind_check" check ("kind" in ('government', 'discipline'));`);
    this.addSql(`create table "discipline_jurisdiction" (
      "id" serial primary key,
      "unit_id" int null references "unit" ("id"),
      "department_id" int null references "department" ("id"),
      "discipline_unit_id" int not null references "unit" ("id"),
      "updated_at" timestamptz not null,
      constraint "discipline_jurisdiction_names_one" check (("unit_id" is null) <> ("department_id" is null)));`);
    this.addSql(
      'create unique index "discipline_jurisdiction_unit" on "discipline_jurisdiction" ("unit_id") where "unit_id" is not null;',
    );
    this.addSql(
      'create unique index "discipline_jurisdiction_department" on "discipline_jurisdiction" ("department_id") where "department_id" is not null;',
    );
    this.addSql(`alter table "petition_case"
      add column "kind" varchar(16) not null default 'petition',
      add column "accused_name" text null,
      add column "accused_name_index" text null,
      add column "accused_position" varchar(64) null,
      add column "accused_is_head" boolean not null default false,
      add column "urgent" boolean not null default false,
      add column "disposal" varchar(32) null,
      add column "finding" varchar(32) null,
      add constraint "petition_case_kind_check" check ("kind" in ('petition', 'report', 'consultation'));`);
    this.addSql(
      'create index "petition_case_accused_name_index" on "petition_case" ("accused_name_index") where "accused_name_index" is not null;',
    );
  }
}
