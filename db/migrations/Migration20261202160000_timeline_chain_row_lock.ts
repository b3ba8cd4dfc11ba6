import { Migration } from '@mikro-orm/migrations';

/**
 * Puts every database's timeline-chain trigger function in one state. The function of
 * Migration20261121180300_timeline_chain was changed after that migration had run in some
 * databases (a per-case advisory lock became the case row's lock), so those databases kept
 * the old body; this recreates it as that migration now defines it, wherever it ran first.
 */
export class Migration20261202160000TimelineChainRowLock extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function "case_event_chain"() returns trigger language plpgsql as $$
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
  }
}
