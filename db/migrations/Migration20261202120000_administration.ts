import { Migration } from '@mikro-orm/migrations';

/**
 * Administration (系统管理): several roles per person, units and departments that can be
 * switched off, one-time set-password links, and the append-only log of every change an
 * administrator makes.
 */
export class Migration20261202120000Administration extends Migration {
  override async up(): Promise<void> {
    // Several roles per person, held in the person's unit; `role` stays the first of them for
    // readers that show one (and for the actors stored in running workflows).
    this.addSql(`alter table "staff_member" add column "roles" text[] not null default '{}';`);
    this.addSql(`update "staff_member" set "roles" = array["role"];`);
    this.addSql(`create index "staff_member_roles_index" on "staff_member" using gin ("roles");`);

    this.addSql(`alter table "unit" add column "active" boolean not null default true;`);
    this.addSql(`alter table "department" add column "active" boolean not null default true;`);

    // A one-time link to set a password: only the SHA-256 of its token is kept.
    this.addSql(`create table "staff_invitation" (
      "id" bigserial primary key,
      "staff_member_id" int not null constraint "staff_invitation_staff_member_id_foreign" references "staff_member" ("id") on update cascade,
      "purpose" varchar(16) not null,
      "token_hash" char(64) not null constraint "staff_invitation_token_hash_unique" unique,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "used_at" timestamptz null);`);
    this.addSql(`create index "staff_invitation_staff_index" on "staff_invitation" ("staff_member_id");`);

    // Who changed what in the organisation, before and after: it may only grow. The unit is
    // named, not referenced: a unit created by mistake and deleted keeps its lines.
    this.addSql(`create table "admin_change" (
      "id" bigserial primary key,
      "at" timestamptz not null,
      "actor_id" int null constraint "admin_change_actor_id_foreign" references "staff_member" ("id") on update cascade,
      "actor_name" varchar(64) not null,
      "unit_id" int not null,
      "unit_name" varchar(100) not null,
      "unit_path" varchar(255) not null,
      "action" varchar(48) not null,
      "entity" varchar(32) not null,
      "entity_id" varchar(64) not null,
      "before" jsonb null,
      "after" jsonb null);`);
    this.addSql(
      `create index "admin_change_unit_path_index" on "admin_change" ("unit_path" text_pattern_ops, "at" desc);`,
    );
    this.addSql(`create trigger "admin_change_append_only" before update or delete on "admin_change"
      for each row execute function "written_once"();`);
  }
}
