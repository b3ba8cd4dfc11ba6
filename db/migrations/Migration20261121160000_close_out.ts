import { Migration } from '@mikro-orm/migrations';

/**
 * Weekly close-out (一周一销号), the monthly bulletin (一月一通报) and look-back
 * revisits (回头看).
 *
 * - Each timeline event now carries what the case was after it (status, overdue,
 *   escalated, backlog): a report counts "open at the end of the week" from the
 *   last event of each case before that instant, so a past week counted again
 *   gives the same numbers, whatever the cases did since.
 * - `close_out_week`: one row per unit and week, written once (the weekly run and an
 *   office's early close are idempotent on the unique key) and never changed.
 * - `monthly_bulletin`: one per unit with children and month.
 * - `look_back_campaign` and its cases: a campaign-wide look-back over a subtree.
 * - The ledger row knows since when a case meets the close-out rule, and how often
 *   it was reopened.
 */
export class Migration20261121160000CloseOut extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "case_event"
      add column "status_after" varchar(32) null,
      add column "overdue_after" boolean null,
      add column "escalated_after" boolean null,
      add column "backlog_after" boolean null;`);
    this.addSql(`create index "case_event_occurred_at_index" on "case_event" ("occurred_at");`);
    this.addSql(`create index "case_event_type_occurred_at_index" on "case_event" ("type", "occurred_at");`);
    // Which cases a close-out week struck off (its report and the next run read it per unit).
    this.addSql(`create index "case_event_closed_out_week_index" on "case_event" ((data->>'week'))
      where "type" = 'closed_out';`);

    // Every event of a case resolves its open escalations: found by case, not by reading the table.
    this.addSql(
      `create index "escalation_case_open_index" on "escalation" ("case_number") where "resolved_at" is null;`,
    );
    this.addSql(`alter table "petition_case"
      add column "close_out_ready_at" timestamptz null,
      add column "reopened_count" int not null default 0,
      add column "look_back_due_at" timestamptz null;`);
    this
      .addSql(`create index "petition_case_close_out_ready_index" on "petition_case" ("unit_id", "close_out_ready_at")
      where "status" = 'close_out_pending';`);

    this.addSql(`create function "written_once"() returns trigger language plpgsql as $$
      begin
        raise exception '% is written once: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create table "close_out_week" (
      "id" bigserial primary key,
      "unit_id" int not null references "unit" ("id"),
      "week" date not null,
      "period_from" timestamptz not null,
      "period_to" timestamptz not null,
      "run_by" varchar(64) not null,
      "closed_at" timestamptz not null,
      "figures" jsonb not null,
      "struck_off" jsonb not null,
      constraint "close_out_week_unit_week_unique" unique ("unit_id", "week"));`);
    this.addSql(`create index "close_out_week_week_index" on "close_out_week" ("week");`);
    this.addSql(`create trigger "close_out_week_immutable" before update or delete on "close_out_week"
      for each row execute function "written_once"();`);

    this.addSql(`create table "monthly_bulletin" (
      "id" bigserial primary key,
      "unit_id" int not null references "unit" ("id"),
      "month" char(7) not null,
      "period_from" timestamptz not null,
      "period_to" timestamptz not null,
      "published_at" timestamptz not null,
      "content" jsonb not null,
      constraint "monthly_bulletin_unit_month_unique" unique ("unit_id", "month"));`);
    this.addSql(`create trigger "monthly_bulletin_immutable" before update or delete on "monthly_bulletin"
      for each row execute function "written_once"();`);

    this.addSql(`create table "look_back_campaign" (
      "id" bigserial primary key,
      "unit_id" int not null references "unit" ("id"),
      "title" varchar(200) not null,
      "closed_from" date not null,
      "closed_to" date not null,
      "started_by_id" int not null references "staff_member" ("id"),
      "started_at" timestamptz not null,
      "workflow_id" varchar(100) not null);`);
    this.addSql(`create table "look_back_campaign_case" (
      "campaign_id" bigint not null references "look_back_campaign" ("id"),
      "case_number" varchar(32) not null references "petition_case" ("case_number"),
      "state" varchar(16) not null,
      "updated_at" timestamptz not null,
      primary key ("campaign_id", "case_number"));`);
  }
}
