import { Migration } from '@mikro-orm/migrations';

/**
 * What the ledger's totals and case-number search need on 100k cases (measured with
 * `npm run bench`; the page itself already comes from the received_at index in < 1 ms):
 * - every total counted the matching cases from the table, ~25–40 ms for a province, a
 *   category or a summary. One narrow index with the subtree path and the filters offices
 *   combine most lets PostgreSQL count from the index alone; B-tree deduplication keeps it
 *   small (1 MB against a 33 MB table), so a province count or summary takes ~10–17 ms
 *   and a category ~1 ms;
 * - "any part of the case number" is LIKE '%…%', which no B-tree can serve; a trigram
 *   index answers it for three or more characters (~30 ms down to under 1 ms).
 */
export class Migration20261121130000LedgerIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "petition_case_unit_path_status_category_channel_index" on "petition_case" ("unit_path" varchar_pattern_ops, "status", "category", "channel");`,
    );
    // Deployments create the extension as superuser beforehand (deploy/postgres/initdb); then this is a no-op.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create index "petition_case_case_number_trgm_index" on "petition_case" using gin ("case_number" gin_trgm_ops);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "petition_case_case_number_trgm_index";`);
    this.addSql(`drop index "petition_case_unit_path_status_category_channel_index";`);
  }
}
