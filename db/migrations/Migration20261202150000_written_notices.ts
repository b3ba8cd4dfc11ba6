import { Migration } from '@mikro-orm/migrations';

/**
 * The written notices (文书) a case gets, numbered per issuing unit and year (文号), the
 * bodies each unit's administrators set for them, and their delivery (送达).
 *
 * - `written_notice_sequence`: the last number a unit gave in a year; taken under the
 *   row's lock in the transaction that stores the notice, so two clerks never get the
 *   same number and a refused insert gives its number back.
 * - `written_notice`: one row per (case, kind, revision); a corrected notice is a new
 *   revision with a new number. Its title, body and addressee kind are fixed when it is
 *   issued (the complainant's name is read from the case, encrypted there, when printed).
 * - `written_notice_template`: a unit's own body for a kind; without one the default applies.
 * - `written_notice_setting`: a unit's prefix (机关代字) in its document numbers.
 */
export class Migration20261202150000WrittenNotices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "written_notice_sequence" (
      "unit_id" int not null references "unit" ("id"),
      "year" int not null,
      "last_serial" int not null,
      primary key ("unit_id", "year"));`);
    this.addSql(`create table "written_notice" (
      "id" serial primary key,
      "case_number" varchar(32) not null references "petition_case" ("case_number"),
      "kind" varchar(32) not null,
      "revision" int not null,
      "unit_id" int not null references "unit" ("id"),
      "year" int not null,
      "serial" int not null,
      "document_number" varchar(64) not null,
      "issuing_office" varchar(100) not null,
      "title" varchar(100) not null,
      "addressee_kind" varchar(16) not null,
      "recipient" varchar(200) null,
      "body" text not null,
      "issued_on" date not null,
      "issued_at" timestamptz not null,
      "issued_by" int not null references "staff_member" ("id"),
      "timeline_seq" int null,
      "delivery_method" varchar(16) null,
      "delivered_on" date null,
      "delivered_by" varchar(100) null,
      "delivery_recorded_by" int null references "staff_member" ("id"),
      constraint "written_notice_revision_unique" unique ("case_number", "kind", "revision"),
      constraint "written_notice_serial_unique" unique ("unit_id", "year", "serial"));`);
    this.addSql(`create table "written_notice_template" (
      "unit_id" int not null references "unit" ("id"),
      "kind" varchar(32) not null,
      "body" text not null,
      "updated_at" timestamptz not null,
      "updated_by" int not null references "staff_member" ("id"),
      primary key ("unit_id", "kind"));`);
    this.addSql(`create table "written_notice_setting" (
      "unit_id" int primary key references "unit" ("id"),
      "prefix" varchar(16) not null,
      "updated_at" timestamptz not null,
      "updated_by" int not null references "staff_member" ("id"));`);
  }
}
