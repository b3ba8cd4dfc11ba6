import { Migration } from '@mikro-orm/migrations';

/**
 * Finding the open case a new petition repeats (重复信访, db/likely-repeats.ts), in
 * PostgreSQL and fast on 100k cases.
 *
 * - `text_bigrams`: Chinese has no spaces and most of its words are two characters, while
 *   pg_trgm compares runs of three characters within a word, which a paraphrase seldom
 *   keeps ("修路占用了我家承包地" and "修村道把我家承包地占了" share almost none). The text
 *   is rewritten as its overlapping character pairs, separated by spaces, without
 *   punctuation and without the few function characters every petition is full of
 *   (的了我们…); pg_trgm's similarity then counts shared words (and, a little, shared
 *   characters). On the labelled test set a paraphrase of the same matter scores 0.12–0.40,
 *   another matter mostly under 0.11; plain pg_trgm gives a paraphrase 0.04.
 * - the complainant's phone and e-mail as keys: digits only, the last 11 (so +86 and
 *   hyphens do not matter), and the e-mail trimmed and lower-cased.
 * - indexes on those three expressions, only over cases that can still be joined (not
 *   closed, not already joined elsewhere): in a mature ledger four cases in five are
 *   closed. The GIN trigram index answers "similar matter" (the `%` operator) and the two
 *   B-trees "same complainant"; PostgreSQL ORs the three bitmaps, so the query reads only
 *   the cases that could match instead of every open case in the subtree (a county holds
 *   thousands), and computes the scores on those. Measured with `npm run bench` (likely
 *   repeats): on 100k cases a petition takes ~10–20 ms; the slowest, which share words
 *   with the bench ledger's few repeated texts, recheck thousands of cases and take a few
 *   hundred ms.
 */
export class Migration20261121150000RepeatMatching extends Migration {
  override async up(): Promise<void> {
    // Each character c becomes "c c": "abcd" reads "a ab bc cd d", every pair once, in order.
    this.addSql(`create function "text_bigrams"(t text) returns text
      language sql immutable parallel safe
      return regexp_replace(
        lower(regexp_replace(coalesce(t, ''), '[^[:alnum:]]|[的了我们在是有和就都也还被把这那一不个说要]', '', 'g')),
        '(.)', '\\1 \\1', 'g');`);
    this.addSql(`create function "complainant_phone_key"(phone text) returns text
      language sql immutable parallel safe
      return case when length(regexp_replace(phone, '\\D', '', 'g')) >= 7
                  then right(regexp_replace(phone, '\\D', '', 'g'), 11) end;`);
    this.addSql(`create function "complainant_email_key"(email text) returns text
      language sql immutable parallel safe
      return nullif(lower(btrim(email)), '');`);

    const joinable = `"status" not in ('closed', 'closed_out') and "joined_case_number" is null`;
    this.addSql(
      `create index "petition_case_matter_trgm_index" on "petition_case" using gin (text_bigrams("summary" || ' ' || "request") gin_trgm_ops) where ${joinable};`,
    );
    this.addSql(
      `create index "petition_case_phone_key_index" on "petition_case" (complainant_phone_key("complainant_phone")) where ${joinable} and complainant_phone_key("complainant_phone") is not null;`,
    );
    this.addSql(
      `create index "petition_case_email_key_index" on "petition_case" (complainant_email_key("complainant_email")) where ${joinable} and complainant_email_key("complainant_email") is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "petition_case_email_key_index";`);
    this.addSql(`drop index "petition_case_phone_key_index";`);
    this.addSql(`drop index "petition_case_matter_trgm_index";`);
    this.addSql(`drop function "complainant_email_key"(text);`);
    this.addSql(`drop function "complainant_phone_key"(text);`);
    this.addSql(`drop function "text_bigrams"(text);`);
  }
}
