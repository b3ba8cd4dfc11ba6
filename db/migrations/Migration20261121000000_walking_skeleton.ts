import { Migration } from '@mikro-orm/migrations';

/** Units, staff, the case ledger, its append-only timeline and receipts. */
export class Migration20261121000000WalkingSkeleton extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "unit" ("id" serial primary key, "code" varchar(32) not null, "name" varchar(100) not null, "level" varchar(16) not null, "parent_id" int null, "path" varchar(255) not null);`,
    );
    this.addSql(`alter table "unit" add constraint "unit_code_unique" unique ("code");`);
    this.addSql(`create index "unit_path_index" on "unit" ("path" varchar_pattern_ops);`);
    this.addSql(
      `alter table "unit" add constraint "unit_parent_id_foreign" foreign key ("parent_id") references "unit" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `create table "department" ("id" serial primary key, "unit_id" int not null, "code" varchar(48) not null, "name" varchar(100) not null, "kind" varchar(32) not null);`,
    );
    this.addSql(`alter table "department" add constraint "department_code_unique" unique ("code");`);
    this.addSql(
      `alter table "department" add constraint "department_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade;`,
    );

    this.addSql(
      `create table "staff_member" ("id" serial primary key, "unit_id" int not null, "department_id" int null, "name" varchar(64) not null, "title" varchar(64) not null, "role" varchar(16) not null, "email" varchar(254) not null);`,
    );
    this.addSql(`alter table "staff_member" add constraint "staff_member_email_unique" unique ("email");`);
    this.addSql(
      `alter table "staff_member" add constraint "staff_member_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "staff_member" add constraint "staff_member_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`,
    );

    this.addSql(`create sequence "case_number_seq";`);
    this.addSql(
      `create table "petition_case" ("case_number" varchar(32) not null, "unit_id" int not null, "channel" varchar(16) not null, "category" varchar(32) not null, "place" varchar(200) not null, "summary" text not null, "request" text not null, "anonymous" boolean not null, "complainant_name" varchar(64) null, "complainant_phone" varchar(32) null, "complainant_email" varchar(254) null, "status" varchar(32) not null, "policy_version" varchar(32) not null, "received_at" timestamptz not null, "registered_at" timestamptz not null, "last_event_seq" int not null, "updated_at" timestamptz not null, constraint "petition_case_pkey" primary key ("case_number"));`,
    );
    this.addSql(
      `create index "petition_case_status_received_at_index" on "petition_case" ("status", "received_at");`,
    );
    this.addSql(
      `create index "petition_case_unit_id_received_at_index" on "petition_case" ("unit_id", "received_at");`,
    );
    this.addSql(
      `alter table "petition_case" add constraint "petition_case_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade;`,
    );

    this.addSql(
      `create table "case_event" ("id" bigserial primary key, "case_number" varchar(32) not null, "seq" int not null, "type" varchar(48) not null, "occurred_at" timestamptz not null, "actor" varchar(64) not null, "data" jsonb not null, "policy_version" varchar(32) not null);`,
    );
    this.addSql(
      `alter table "case_event" add constraint "case_event_case_number_seq_unique" unique ("case_number", "seq");`,
    );
    this.addSql(
      `alter table "case_event" add constraint "case_event_case_number_foreign" foreign key ("case_number") references "petition_case" ("case_number");`,
    );
    // The timeline is a record of what happened (全程留痕): it may only grow.
    this.addSql(`create function "case_event_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'case_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(
      `create trigger "case_event_append_only" before update or delete on "case_event" for each row execute function "case_event_append_only"();`,
    );

    this.addSql(
      `create table "receipt" ("case_number" varchar(32) not null, "submission_key_hash" varchar(64) not null, "content_hash" varchar(64) not null, "access_code_hash" varchar(255) not null, "issued_at" timestamptz not null, constraint "receipt_pkey" primary key ("case_number"));`,
    );
    this.addSql(
      `alter table "receipt" add constraint "receipt_submission_key_hash_unique" unique ("submission_key_hash");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "receipt";`);
    this.addSql(`drop table "case_event";`);
    this.addSql(`drop function "case_event_append_only"();`);
    this.addSql(`drop table "petition_case";`);
    this.addSql(`drop sequence "case_number_seq";`);
    this.addSql(`drop table "staff_member";`);
    this.addSql(`drop table "department";`);
    this.addSql(`drop table "unit";`);
  }
}
