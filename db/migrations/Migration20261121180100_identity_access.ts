import { Migration } from '@mikro-orm/migrations';

/**
 * Who sees the complainant's identity, and a record of every look.
 *
 * - `petition_case.accused_unit_id` / `accused_department_id`: whom the petition
 *   complains about (被反映人), a whole unit or one department; their people never see
 *   the case (信访工作条例 Art. 30). Only ids: the accused person's name stays in the
 *   workflow's encrypted payload.
 * - `identity_grant`: the registering office lets one person or one department see the
 *   identity (授权查看), with a reason; a revoked grant keeps its row.
 * - `identity_audit`: append-only record of every view, refused view, grant and revocation,
 *   with who (copied as they were then), when, why and from which address.
 */
export class Migration20261121180100IdentityAccess extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "petition_case"
      add column "accused_unit_id" int null references "unit" ("id"),
      add column "accused_department_id" int null references "department" ("id");`);
    this.addSql(`create table "identity_grant" (
      "id" serial primary key,
      "case_number" varchar(32) not null references "petition_case" ("case_number"),
      "staff_id" int null references "staff_member" ("id"),
      "department_id" int null references "department" ("id"),
      "reason" text not null,
      "granted_by" int not null references "staff_member" ("id"),
      "granted_at" timestamptz not null,
      "revoked_by" int null references "staff_member" ("id"),
      "revoked_at" timestamptz null,
      constraint "identity_grant_names_one" check (("staff_id" is null) <> ("department_id" is null)));`);
    this.addSql(`create index "identity_grant_active_index" on "identity_grant" ("case_number")
      where "revoked_at" is null;`);
    this.addSql(`create table "identity_audit" (
      "id" bigserial primary key,
      "case_number" varchar(32) not null references "petition_case" ("case_number"),
      "action" varchar(32) not null,
      "staff_id" int not null references "staff_member" ("id"),
      "staff_name" varchar(64) not null,
      "staff_role" varchar(16) not null,
      "staff_unit_id" int not null references "unit" ("id"),
      "reason" text not null,
      "ip" varchar(64) null,
      "grant_id" int null references "identity_grant" ("id"),
      "at" timestamptz not null);`);
    this.addSql(`create index "identity_audit_case_index" on "identity_audit" ("case_number", "at" desc);`);
    this.addSql(`create index "identity_audit_at_index" on "identity_audit" ("at" desc);`);
    // The log of who looked is worth nothing if the looker can tidy it afterwards.
    this.addSql(`create trigger "identity_audit_append_only" before update or delete on "identity_audit"
      for each row execute function "written_once"();`);
  }
}
