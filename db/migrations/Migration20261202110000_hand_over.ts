import { Migration } from '@mikro-orm/migrations';

/**
 * 上报/移交: each time a case is handed to another unit, the unit it leaves is
 * recorded with the timeline event that moved it. The offices of that unit keep
 * reading what they did on the case (the timeline up to that event); the ledger row
 * itself moves to the new unit. One row per hand-over event: a projection retried
 * writes nothing twice.
 */
export class Migration20261202110000HandOver extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "case_hand_over" (
      "case_number" varchar(32) not null references "petition_case" ("case_number"),
      "seq" int not null,
      "from_unit_id" int not null references "unit" ("id"),
      "from_unit_path" varchar(255) not null,
      "to_unit_id" int not null references "unit" ("id"),
      "reason" text not null,
      "handed_over_at" timestamptz not null,
      primary key ("case_number", "seq"));`);
    this.addSql(
      `create index "case_hand_over_from_path_index" on "case_hand_over" ("from_unit_path" varchar_pattern_ops);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "case_hand_over";`);
  }
}
