import { Migration } from '@mikro-orm/migrations';

/**
 * A tamper-evident timeline (全程留痕，防篡改): every case event carries the SHA-256 of its
 * own content and of the event before it on the same case, so changing or removing an
 * event breaks the chain at that point, and the case row keeps the chain's length and
 * head so removing the newest event shows too (`npm run verify-timeline`).
 *
 * The chain is made by the database as rows arrive, not by the workflow: a deadline
 * alarm and a command can be projected by different activities in either order, so
 * the chain follows the order events were written (`chain_pos`), under the case row's lock.
 * jsonb's text form is canonical (keys sorted, spacing fixed), so the content hashes
 * the same way on every server.
 */
export class Migration20261121180300TimelineChain extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "case_event"
      add column "chain_pos" int null,
      add column "prev_hash" char(64) null,
      add column "hash" char(64) null;`);
    this.addSql(`alter table "petition_case"
      add column "timeline_length" int not null default 0,
      add column "timeline_head" char(64) null;`);
    this.addSql(`create unique index "case_event_chain_index" on "case_event" ("case_number", "chain_pos");`);

    this.addSql(`create function "case_event_hash"(prev_hash text, e case_event) returns text
      language sql immutable as $$
        select encode(sha256(convert_to(concat_ws('|',
          coalesce(prev_hash, ''), e.case_number, e.seq::text, e.type,
          to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor, e.data::text, e.policy_version,
          coalesce(e.status_after, ''), coalesce(e.overdue_after::text, ''),
          coalesce(e.escalated_after::text, ''), coalesce(e.backlog_after::text, '')), 'UTF8')), 'hex')
      $$;`);

    this.addSql(`create function "case_event_chain"() returns trigger language plpgsql as $$
      declare
        previous record;
      begin
        -- One writer per case at a time, so two events never claim the same place. The case
        -- row's lock, not an advisory lock: a bulk load of many cases in one transaction
        -- would run out of the shared lock table.
        perform 1 from petition_case where case_number = new.case_number for update;
        -- A retried projection of an event already written: let ON CONFLICT … DO NOTHING hold
        -- without moving the case's chain head.
        if exists (select 1 from case_event where case_number = new.case_number and seq = new.seq) then
          return null;
        end if;
        select chain_pos, hash into previous from case_event
          where case_number = new.case_number order by chain_pos desc limit 1;
        new.chain_pos := coalesce(previous.chain_pos, 0) + 1;
        new.prev_hash := previous.hash;
        new.hash := case_event_hash(previous.hash, new);
        update petition_case set timeline_length = new.chain_pos, timeline_head = new.hash
          where case_number = new.case_number;
        return new;
      end $$;`);

    // Events written before the chain are chained in the order they were numbered.
    this.addSql(`alter table "case_event" disable trigger "case_event_append_only";`);
    this.addSql(`do $$
      declare
        e case_event;
        previous_case text := null;
        previous_hash text;
        position int;
      begin
        for e in select * from case_event order by case_number, seq loop
          if previous_case is distinct from e.case_number then
            previous_case := e.case_number; previous_hash := null; position := 0;
          end if;
          position := position + 1;
          e.chain_pos := position;
          update case_event set chain_pos = position, prev_hash = previous_hash,
                 hash = case_event_hash(previous_hash, e)
            where id = e.id returning hash into previous_hash;
          update petition_case set timeline_length = position, timeline_head = previous_hash
            where case_number = e.case_number;
        end loop;
      end $$;`);
    this.addSql(`alter table "case_event" enable trigger "case_event_append_only";`);
    this.addSql(
      `alter table "case_event" alter column "chain_pos" set not null, alter column "hash" set not null;`,
    );
    this.addSql(`create trigger "case_event_chain" before insert on "case_event"
      for each row execute function "case_event_chain"();`);
  }
}
