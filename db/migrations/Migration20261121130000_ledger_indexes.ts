import { Migration } from '@mikro-orm/migrations';

/**
 * What the ledger's counts and case-number search need on 100k cases (measured with
 * `npm run bench`):
 * - the subtree count of a whole province read every row of the table (seq scan, ~30 ms);
 *   a path-only index is tiny, because B-tree deduplication stores each path once, and
 *   counts the subtree from the index alone (~10 ms);
 * - "any part of the case number" is LIKE '%…%', which no B-tree can serve; a trigram
 *   index answers it for three or more characters (~30 ms to under 1 ms).
 */
export class Migration20261121130000LedgerIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "petition_case_unit_path_index" on "petition_case" ("unit_path" varchar_pattern_ops);`,
    );
    // Deployments create the extension as superuser beforehand (deploy/postgres/initdb); then this is a no-op.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create index "petition_case_case_number_trgm_index" on "petition_case" using gin ("case_number" gin_trgm_ops);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "petition_case_case_number_trgm_index";`);
    this.addSql(`drop index "petition_case_unit_path_index";`);
  }
}
