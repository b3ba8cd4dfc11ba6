import type { EntityManager } from '@mikro-orm/postgresql';
import { openStatuses, type CaseStatus } from '../domain/case';
import type { Category } from '../domain/petition';
import { PetitionCase } from './entities';
import {
  emailMatchKey,
  identityKeyring,
  matchHashesUnderEveryKey,
  phoneMatchKey,
} from './identity-encryption';
import { InvalidUnitPathError } from './ledger';

/**
 * Repeat petitions (重复信访): the open cases a new petition is likely the same matter
 * as, so the office links it instead of opening a second case. Two signals, both in
 * PostgreSQL (see Migration20261121150000_repeat_matching for the text measure and the
 * indexes): the same complainant by phone or e-mail, and the matter's text similarity.
 * The same complainant alone is not enough: people bring more than one matter.
 */

/**
 * Tuned on the labelled test set (tests/fixtures/repeat-petitions.ts): a paraphrase by
 * the same complainant scores ≥ 0.12 against their open case, another matter of theirs
 * ≤ 0.10; a neighbour's paraphrase ≥ 0.17 with places ≥ 0.39 alike, while another matter
 * in the same place stays ≤ 0.12 and the same kind of matter in another place of the
 * township has places ≤ 0.33 alike. Eight pairs written after the tuning got two wrong,
 * both within 0.01 of a threshold.
 */
export const repeatMatching = {
  /** Matter similarity enough when the complainant is the same person. */
  sameComplainantMatter: 0.11,
  /** Matter similarity needed from anyone else, with the same category and a like place. */
  otherComplainantMatter: 0.14,
  /** How alike two places must be to count as the same place. */
  samePlace: 0.35,
  limit: 5,
} as const;

export type RepeatReason = 'same_complainant' | 'same_place' | 'similar_matter';

export interface LikelyRepeat {
  caseNumber: string;
  unit: { code: string; name: string };
  status: CaseStatus;
  receivedAt: Date;
  category: Category;
  place: string;
  summary: string;
  request: string;
  repeatCount: number;
  backlog: boolean;
  /** 0–1: how sure the match is; the list is ordered by it. */
  score: number;
  reasons: RepeatReason[];
  sameComplainant: boolean;
}

interface Row {
  case_number: string;
  unit_code: string;
  unit_name: string;
  status: CaseStatus;
  /** Milliseconds since the epoch: MikroORM's driver hands timestamps back as text. */
  received_ms: number;
  category: Category;
  place: string;
  summary: string;
  request: string;
  repeat_count: number;
  backlog: boolean;
  same_complainant: boolean;
  place_alike: number;
  score: number;
}

/**
 * Open cases in the person's jurisdiction, at the case's unit, below it or above it,
 * found through the indexes on identity and matter text, then scored: the same person
 * counts most, then the matter, then the place. The first condition on `c` repeats the
 * indexes' predicate word for word so PostgreSQL can use them; the status list after it
 * is the domain's definition of open. `%` is pg_trgm's similarity at least the threshold
 * set for the transaction. The identity is compared by blind index (the target's phone
 * and e-mail hashed under every listed key, as parameters), never as plaintext.
 */
const candidatesSql = `
  with target as (
    select case_number, unit_path, category,
           text_bigrams(summary || ' ' || request) as matter,
           text_bigrams(place) as place
      from petition_case where case_number = ?
  ),
  found as (
    select c.*, t.category = c.category as same_category,
           (c.phone_match = any(?::text[]) or c.email_match = any(?::text[])) is true as same_complainant,
           similarity(text_bigrams(c.summary || ' ' || c.request), t.matter) as matter,
           greatest(similarity(text_bigrams(c.place), t.place),
                    word_similarity(text_bigrams(c.place), t.place),
                    word_similarity(t.place, text_bigrams(c.place))) as place_alike
      from target t join petition_case c
        on c.case_number <> t.case_number
       and (text_bigrams(c.summary || ' ' || c.request) % t.matter
            or c.phone_match = any(?::text[])
            or c.email_match = any(?::text[]))
     where c.status not in ('closed', 'closed_out') and c.joined_case_number is null
       and c.status in (?)
       and c.unit_path like ?
       and (c.unit_path like t.unit_path || '%' or t.unit_path like c.unit_path || '%')
  ),
  matching as (
    select f.*, least(1, case when f.same_complainant then 0.3 else 0 end
                         + 0.5 * least(1, 2 * f.matter) + 0.2 * f.place_alike) as score
      from found f
     where (f.same_complainant and f.matter >= ?)
        or (not f.same_complainant and f.same_category and f.place_alike >= ? and f.matter >= ?)
  )
  select m.case_number, u.code as unit_code, u.name as unit_name, m.status,
         (extract(epoch from m.received_at) * 1000)::float8 as received_ms, m.category,
         m.place, m.summary, m.request, m.repeat_count, m.backlog_at is not null as backlog,
         m.same_complainant, m.place_alike, m.score
    from matching m join unit u on u.id = m.unit_id
   order by m.score desc, m.received_at desc, m.case_number
   limit ?`;

/**
 * The case's phone and e-mail blind indexes under every listed key: during a rotation,
 * other cases' indexes are under the old key or the new one.
 */
async function identityMatchesOf(
  em: EntityManager,
  caseNumber: string,
): Promise<{ phones: string; emails: string }> {
  const target = await em.findOne(
    PetitionCase,
    { caseNumber },
    { fields: ['complainantPhone', 'complainantEmail'], disableIdentityMap: true },
  );
  const keyring = identityKeyring(em);
  // A PostgreSQL array literal: the query builder would spread a JS array into a list.
  const literal = (hashes: string[]) => `{${hashes.map((h) => `"${h}"`).join(',')}}`;
  return {
    phones: literal(matchHashesUnderEveryKey(keyring, 'phone', phoneMatchKey(target?.complainantPhone))),
    emails: literal(matchHashesUnderEveryKey(keyring, 'email', emailMatchKey(target?.complainantEmail))),
  };
}

/** A unit path '/1/4/9/' as a LIKE prefix; anything else would widen the subtree to everything. */
export function subtreePattern(path: string): string {
  if (!/^\/(\d+\/)+$/.test(path)) throw new InvalidUnitPathError(path);
  return `${path}%`;
}

function reasonsOf(row: Row): RepeatReason[] {
  const reasons: RepeatReason[] = [];
  if (row.same_complainant) reasons.push('same_complainant');
  if (row.place_alike >= repeatMatching.samePlace) reasons.push('same_place');
  reasons.push('similar_matter');
  return reasons;
}

/**
 * The open cases `caseNumber` is most likely a repeat of, best first, seen from
 * `jurisdictionPath`. The case itself, closed cases and cases that already joined
 * another are never proposed.
 */
export async function likelyRepeats(
  em: EntityManager,
  caseNumber: string,
  jurisdictionPath: string,
): Promise<LikelyRepeat[]> {
  const { phones, emails } = await identityMatchesOf(em, caseNumber);
  const rows = await em.transactional(async (tx) => {
    // What `%` means for the text index: the least similarity a candidate without the same complainant needs.
    await tx.execute(`set local pg_trgm.similarity_threshold = ${repeatMatching.otherComplainantMatter}`);
    return tx.execute<Row[]>(candidatesSql, [
      caseNumber,
      phones,
      emails,
      phones,
      emails,
      [...openStatuses],
      subtreePattern(jurisdictionPath),
      repeatMatching.sameComplainantMatter,
      repeatMatching.samePlace,
      repeatMatching.otherComplainantMatter,
      repeatMatching.limit,
    ]);
  });
  return rows.map((row) => ({
    caseNumber: row.case_number,
    unit: { code: row.unit_code, name: row.unit_name },
    status: row.status,
    receivedAt: new Date(row.received_ms),
    category: row.category,
    place: row.place,
    summary: row.summary,
    request: row.request,
    repeatCount: row.repeat_count,
    backlog: row.backlog,
    score: Math.round(Number(row.score) * 100) / 100,
    reasons: reasonsOf(row),
    sameComplainant: row.same_complainant,
  }));
}
