import { Migration } from '@mikro-orm/migrations';

/**
 * Every ledger total carries the Art. 30 condition (never the accused unit's or department's
 * own cases), and neither accused column was in the ledger's count index: PostgreSQL read the
 * whole table instead (a province's total 267 ms, a county's 66 ms on 100k cases). The same
 * index keys with both accused columns carried along let the count stay an index-only scan
 * (23 ms and 12 ms). It replaces the old one, whose keys it repeats.
 *
 * CONCURRENTLY, so building it on a live ledger does not block intake; it cannot run in a
 * transaction. Should a build be interrupted, drop the invalid index it leaves and migrate again.
 */
export class Migration20261203120000LedgerCountAccused extends Migration {
  override isTransactional(): boolean {
    return false;
  }

  override async up(): Promise<void> {
    this.addSql(
      `create index concurrently "petition_case_ledger_count_index" on "petition_case" ("unit_path" varchar_pattern_ops, "status", "category", "channel") include ("accused_unit_id", "accused_department_id");`,
    );
    this.addSql(`drop index concurrently "petition_case_unit_path_status_category_channel_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `create index concurrently "petition_case_unit_path_status_category_channel_index" on "petition_case" ("unit_path" varchar_pattern_ops, "status", "category", "channel");`,
    );
    this.addSql(`drop index concurrently "petition_case_ledger_count_index";`);
  }
}
