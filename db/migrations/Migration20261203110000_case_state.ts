import { Migration } from '@mikro-orm/migrations';

/**
 * The case workflow's state beside its ledger row (case_state), for the staff case page.
 * A case whose workflow run started before it has none (until the run continues as new):
 * the page asks that workflow, as it always did.
 */
export class Migration20261203110000CaseState extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "case_state" ("case_number" varchar(32) not null, "seq" int not null, "state" jsonb not null, constraint "case_state_pkey" primary key ("case_number"));`,
    );
    this.addSql(
      `alter table "case_state" add constraint "case_state_case_number_foreign" foreign key ("case_number") references "petition_case" ("case_number");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "case_state";`);
  }
}
