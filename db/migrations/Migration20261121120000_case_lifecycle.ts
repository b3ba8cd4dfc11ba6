import { Migration } from '@mikro-orm/migrations';

/**
 * The case lifecycle: staff sign-in and sessions, the ledger's deadline and
 * escalation columns, running deadlines, escalations, the working-day calendar,
 * administrator alerts and the mail log that keeps every e-mail to one sending.
 */
export class Migration20261121120000CaseLifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "staff_member" add column "password_hash" varchar(255) null;`);
    this.addSql(`alter table "staff_member" add column "active" boolean not null default true;`);

    // The layout connect-pg-simple expects.
    this.addSql(
      `create table "staff_session" ("sid" varchar not null primary key, "sess" json not null, "expire" timestamp(6) not null);`,
    );
    this.addSql(`create index "staff_session_expire_index" on "staff_session" ("expire");`);

    this.addSql(`alter table "petition_case" add column "unit_path" varchar(255) not null default '';`);
    this.addSql(
      `update "petition_case" c set "unit_path" = u."path" from "unit" u where u."id" = c."unit_id";`,
    );
    this.addSql(`alter table "petition_case" alter column "unit_path" drop default;`);
    this.addSql(`alter table "petition_case" add column "handling_department_id" int null;`);
    this.addSql(
      `alter table "petition_case" add constraint "petition_case_handling_department_id_foreign" foreign key ("handling_department_id") references "department" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`alter table "petition_case" add column "next_due_at" timestamptz null;`);
    this.addSql(`alter table "petition_case" add column "next_due_clock" varchar(32) null;`);
    this.addSql(
      `alter table "petition_case" add column "deadline_provisional" boolean not null default false;`,
    );
    this.addSql(`alter table "petition_case" add column "escalated_to_unit_id" int null;`);
    this.addSql(
      `alter table "petition_case" add constraint "petition_case_escalated_to_unit_id_foreign" foreign key ("escalated_to_unit_id") references "unit" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`alter table "petition_case" add column "escalated_at" timestamptz null;`);
    this.addSql(`alter table "petition_case" add column "accepted_at" timestamptz null;`);
    this.addSql(`alter table "petition_case" add column "replied_at" timestamptz null;`);
    this.addSql(`alter table "petition_case" add column "closed_at" timestamptz null;`);
    // The ledger filters: a unit subtree (path prefix), status, what is due or overdue.
    this.addSql(
      `create index "petition_case_unit_path_received_at_index" on "petition_case" ("unit_path" varchar_pattern_ops, "received_at" desc);`,
    );
    this.addSql(
      `create index "petition_case_next_due_at_index" on "petition_case" ("next_due_at") where "next_due_at" is not null;`,
    );
    this.addSql(
      `create index "petition_case_escalated_to_unit_id_index" on "petition_case" ("escalated_to_unit_id") where "escalated_to_unit_id" is not null;`,
    );
    this.addSql(
      `create index "petition_case_handling_department_id_index" on "petition_case" ("handling_department_id", "status");`,
    );
    this.addSql(`create index "petition_case_received_at_index" on "petition_case" ("received_at" desc);`);

    this.addSql(
      `create table "case_deadline" ("case_number" varchar(32) not null, "clock" varchar(32) not null, "started_at" timestamptz not null, "due_date" date not null, "due_at" timestamptz not null, "provisional" boolean not null, "state" varchar(16) not null, "responsible_unit_id" int not null, "escalate_to" varchar(16) null, "escalated_at" timestamptz null, "policy_version" varchar(32) not null, "last_event_seq" int not null, constraint "case_deadline_pkey" primary key ("case_number", "clock"));`,
    );
    this.addSql(
      `alter table "case_deadline" add constraint "case_deadline_case_number_foreign" foreign key ("case_number") references "petition_case" ("case_number");`,
    );
    this.addSql(
      `create index "case_deadline_provisional_index" on "case_deadline" ("due_date") where "provisional" and "state" = 'running';`,
    );

    this.addSql(
      `create table "escalation" ("id" bigserial primary key, "case_number" varchar(32) not null, "seq" int not null, "clock" varchar(32) not null, "target" varchar(16) not null, "from_unit_id" int not null, "to_unit_id" int not null, "recipients" jsonb not null, "escalated_at" timestamptz not null, "resolved_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "escalation" add constraint "escalation_case_number_seq_unique" unique ("case_number", "seq");`,
    );
    this.addSql(
      `alter table "escalation" add constraint "escalation_case_number_foreign" foreign key ("case_number") references "petition_case" ("case_number");`,
    );
    this.addSql(
      `create index "escalation_to_unit_id_open_index" on "escalation" ("to_unit_id") where "resolved_at" is null;`,
    );

    this.addSql(
      `create table "calendar_year" ("year" int not null primary key, "source" varchar(200) not null, "loaded_at" timestamptz not null, "loaded_by" varchar(64) not null);`,
    );
    this.addSql(
      `create table "calendar_day" ("day" date not null primary key, "kind" varchar(16) not null, "name" varchar(64) not null);`,
    );

    this.addSql(
      `create table "admin_alert" ("id" serial primary key, "kind" varchar(48) not null, "key" varchar(64) not null, "details" jsonb not null, "raised_at" timestamptz not null, "resolved_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "admin_alert" add constraint "admin_alert_kind_key_unique" unique ("kind", "key");`,
    );

    this.addSql(
      `create table "mail_delivery" ("key" varchar(160) not null primary key, "recipient" varchar(254) not null, "subject" varchar(255) not null, "case_number" varchar(32) null, "created_at" timestamptz not null, "sent_at" timestamptz null);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "mail_delivery";`);
    this.addSql(`drop table "admin_alert";`);
    this.addSql(`drop table "calendar_day";`);
    this.addSql(`drop table "calendar_year";`);
    this.addSql(`drop table "escalation";`);
    this.addSql(`drop table "case_deadline";`);
    for (const column of [
      'closed_at',
      'replied_at',
      'accepted_at',
      'escalated_at',
      'escalated_to_unit_id',
      'deadline_provisional',
      'next_due_clock',
      'next_due_at',
      'handling_department_id',
      'unit_path',
    ]) {
      this.addSql(`alter table "petition_case" drop column "${column}";`);
    }
    this.addSql(`drop table "staff_session";`);
    this.addSql(`alter table "staff_member" drop column "active";`);
    this.addSql(`alter table "staff_member" drop column "password_hash";`);
  }
}
