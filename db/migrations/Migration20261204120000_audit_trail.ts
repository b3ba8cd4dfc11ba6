import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail of staff actions (安全审计日志): sign-in and sign-out, passwords, every
 * administration change, identity views and grants, exports and downloads, the Temporal
 * UI's codec. One append-only table, `audit_event`, hash-chained like the case timeline
 * (Migration20261121180300_timeline_chain) but as one chain for the whole system: each row
 * carries the SHA-256 of its content and of the row before it, and `audit_chain` keeps the
 * chain's length and head, so an altered, removed or cut-off row shows (`npm run verify-audit`).
 *
 * The chain is made by the database under `audit_chain`'s row lock, in the order rows are
 * written. Rows are never updated; the only deletion is retention's, which removes the
 * oldest rows in one transaction that says so (`qingling.audit_retention`) and then writes
 * a checkpoint row naming the last row removed, so the verifier can tell retention from
 * tampering.
 *
 * The identity-access log (`identity_audit`) moves in: its rows are copied in their order and
 * `identity_audit` becomes a view over the identity actions, so its readers need no change.
 */
export class Migration20261204120000AuditTrail extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" (
      "id" bigserial primary key,
      "chain_pos" bigint not null,
      "prev_hash" char(64) null,
      "hash" char(64) not null,
      "at" timestamptz not null default clock_timestamp(),
      "staff_id" int null,
      "staff_name" varchar(64) null,
      "staff_role" varchar(16) null,
      "unit_id" int null,
      "unit_name" varchar(100) null,
      "unit_path" varchar(255) null,
      "ip" varchar(64) null,
      "user_agent" varchar(512) null,
      "action" varchar(48) not null,
      "target" varchar(512) null,
      "case_number" varchar(32) null,
      "outcome" varchar(8) not null constraint "audit_event_outcome_check"
        check ("outcome" in ('success', 'failure', 'refused')),
      "reason" text null,
      "detail" jsonb null);`);
    this.addSql(`create unique index "audit_event_chain_index" on "audit_event" ("chain_pos");`);
    this.addSql(
      `create index "audit_event_unit_path_index" on "audit_event" ("unit_path" varchar_pattern_ops, "at" desc);`,
    );
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at");`);
    this.addSql(`create index "audit_event_case_index" on "audit_event" ("case_number", "at" desc)
      where "case_number" is not null;`);
    this.addSql(`create table "audit_chain" (
      "id" boolean primary key default true constraint "audit_chain_single" check ("id"),
      "length" bigint not null,
      "head" char(64) null);`);
    this.addSql(`insert into "audit_chain" ("id", "length", "head") values (true, 0, null);`);

    this.addSql(`create function "audit_event_hash"(prev_hash text, e audit_event) returns text
      language sql immutable as $$
        select encode(sha256(convert_to(concat_ws('|',
          coalesce(prev_hash, ''), e.chain_pos::text,
          to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          coalesce(e.staff_id::text, ''), coalesce(e.staff_name, ''), coalesce(e.staff_role, ''),
          coalesce(e.unit_id::text, ''), coalesce(e.unit_name, ''), coalesce(e.unit_path, ''),
          coalesce(e.ip, ''), coalesce(e.user_agent, ''), e.action, coalesce(e.target, ''),
          coalesce(e.case_number, ''), e.outcome, coalesce(e.reason, ''),
          coalesce(e.detail::text, '')), 'UTF8')), 'hex')
      $$;`);
    this.addSql(`create function "audit_event_chain"() returns trigger language plpgsql as $$
      declare
        chain record;
      begin
        -- One writer at a time: the chain's single row is the lock, held to the end of the
        -- writer's transaction, so two rows never claim the same place.
        select length, head into chain from audit_chain where id for update;
        new.chain_pos := chain.length + 1;
        new.prev_hash := chain.head;
        new.hash := audit_event_hash(chain.head, new);
        update audit_chain set length = new.chain_pos, head = new.hash where id;
        return new;
      end $$;`);
    this.addSql(`create function "audit_event_guard"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and current_setting('qingling.audit_retention', true) = 'on' then
          return old;
        end if;
        raise exception 'audit_event is written once: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    // The chain's head moves only with a new row (the chain trigger, one level down).
    this.addSql(`create function "audit_chain_guard"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and pg_trigger_depth() > 1 then
          return new;
        end if;
        raise exception 'audit_chain moves only with a new audit row: % refused', tg_op
          using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger "audit_event_chain" before insert on "audit_event"
      for each row execute function "audit_event_chain"();`);
    this.addSql(`create trigger "audit_event_append_only" before update or delete on "audit_event"
      for each row execute function "audit_event_guard"();`);
    this.addSql(`create trigger "audit_event_no_truncate" before truncate on "audit_event"
      for each statement execute function "written_once"();`);
    this.addSql(`create trigger "audit_chain_append_only" before update or delete on "audit_chain"
      for each row execute function "audit_chain_guard"();`);
    this.addSql(`create trigger "audit_chain_no_truncate" before truncate on "audit_chain"
      for each statement execute function "written_once"();`);

    // The identity log's rows, oldest first, as who they were then.
    this.addSql(`insert into "audit_event"
        ("at", "staff_id", "staff_name", "staff_role", "unit_id", "unit_name", "unit_path", "ip",
         "action", "target", "case_number", "outcome", "reason", "detail")
      select a.at, a.staff_id, a.staff_name, a.staff_role, a.staff_unit_id, u.name, u.path, a.ip,
             a.action, a.case_number, a.case_number,
             case when a.action = 'identity_view_refused' then 'refused' else 'success' end,
             a.reason,
             case when a.grant_id is null then null else jsonb_build_object('grantId', a.grant_id) end
        from identity_audit a join unit u on u.id = a.staff_unit_id
       order by a.at, a.id;`);
    this.addSql(`drop table "identity_audit";`);
    this.addSql(`create view "identity_audit" as
      select id, case_number, action, staff_id, staff_name, staff_role, unit_id as staff_unit_id,
             reason, ip, (detail ->> 'grantId')::int as grant_id, at
        from audit_event
       where action in ('identity_view', 'identity_view_refused', 'identity_grant', 'identity_grant_revoked');`);
  }
}
