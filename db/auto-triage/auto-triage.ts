import type { EntityManager } from '@mikro-orm/postgresql';
import type { CaseStatus } from '../../domain/case';
import type { PetitionKind } from '../../domain/petition';
import { likelyRepeats, subtreePattern } from '../likely-repeats';

/**
 * 自动研判: what the ledger already knows about a newly registered case, shown to the
 * office beside it and never deciding anything: other reports naming the same person
 * (by the blind index of the name, never the name), other cases accusing the same unit,
 * earlier petitions of the same complainant (by the blind indexes of phone and e-mail),
 * and open cases whose place and matter look alike (the likely-repeats search). Only
 * cases the viewer may open: within their jurisdiction, and none that accuses their own
 * unit or department (条例 Art. 30).
 */

/** Who looks: their jurisdiction, and the unit and department no case may accuse. */
export interface Viewer {
  unitPath: string;
  unitId: number;
  departmentId: number | null;
}

export type AutoTriageSignal = 'same_person' | 'same_unit' | 'same_complainant' | 'similar_matter';

export interface RelatedCase {
  caseNumber: string;
  kind: PetitionKind;
  unit: { code: string; name: string };
  status: CaseStatus;
  receivedAt: Date;
  category: string;
  signals: AutoTriageSignal[];
}

/** The most related cases listed: the office reads them, it does not page through them. */
const relatedLimit = 60;

/** The viewer's reach as SQL on `c`: their subtree, and nothing accusing them (Art. 30). */
export const reachSql = `c.unit_path like ?
   and c.accused_unit_id is distinct from ?
   and (?::int is null or c.accused_department_id is distinct from ?)`;
export const reachParams = (viewer: Viewer) => [
  subtreePattern(viewer.unitPath),
  viewer.unitId,
  viewer.departmentId,
  viewer.departmentId,
];

interface Row {
  case_number: string;
  kind: PetitionKind;
  unit_code: string;
  unit_name: string;
  status: CaseStatus;
  received_ms: number;
  category: string;
  same_person: boolean;
  same_unit: boolean;
  same_complainant: boolean;
}

/**
 * Other cases sharing the accused person, the accused unit or the complainant with the
 * target, compared column to column in PostgreSQL: the blind indexes never leave it.
 */
const relatedSql = `
  with target as (
    select case_number, accused_name_index, accused_unit_id, phone_match, email_match
      from petition_case where case_number = ?
  ),
  related as (
    select c.*, (c.accused_name_index = t.accused_name_index) is true as same_person,
           (c.accused_unit_id = t.accused_unit_id) is true as same_unit,
           (c.phone_match = t.phone_match or c.email_match = t.email_match) is true as same_complainant
      from target t join petition_case c on c.case_number <> t.case_number
     where (c.accused_name_index = t.accused_name_index
            or c.accused_unit_id = t.accused_unit_id
            or c.phone_match = t.phone_match
            or c.email_match = t.email_match)
       and ${reachSql}
  )
  select r.case_number, r.kind, u.code as unit_code, u.name as unit_name, r.status,
         (extract(epoch from r.received_at) * 1000)::float8 as received_ms, r.category,
         r.same_person, r.same_unit, r.same_complainant
    from related r join unit u on u.id = r.unit_id
   order by r.same_person desc, r.same_unit desc, r.received_at desc, r.case_number
   limit ?`;

const signalsOf = (row: Row): AutoTriageSignal[] => [
  ...(row.same_person ? (['same_person'] as const) : []),
  ...(row.same_unit ? (['same_unit'] as const) : []),
  ...(row.same_complainant ? (['same_complainant'] as const) : []),
];

/** The cases related to `caseNumber` as this viewer may see them, each with why. */
export async function relatedCases(
  em: EntityManager,
  caseNumber: string,
  viewer: Viewer,
): Promise<RelatedCase[]> {
  const rows = await em
    .getConnection()
    .execute<Row[]>(relatedSql, [caseNumber, ...reachParams(viewer), relatedLimit]);
  const related: RelatedCase[] = rows.map((row) => ({
    caseNumber: row.case_number,
    kind: row.kind,
    unit: { code: row.unit_code, name: row.unit_name },
    status: row.status,
    receivedAt: new Date(row.received_ms),
    category: row.category,
    signals: signalsOf(row),
  }));
  const similar = await similarMatters(em, caseNumber, viewer);
  for (const match of similar) {
    const known = related.find((r) => r.caseNumber === match.caseNumber);
    if (known) known.signals.push('similar_matter');
    else related.push(match);
  }
  return related;
}

/** Open cases whose place and matter look alike (the likely-repeats search), none accusing the viewer. */
async function similarMatters(em: EntityManager, caseNumber: string, viewer: Viewer): Promise<RelatedCase[]> {
  const candidates = await likelyRepeats(em, caseNumber, viewer.unitPath);
  if (candidates.length === 0) return [];
  const visible = await em
    .getConnection()
    .execute<{ case_number: string; kind: PetitionKind }[]>(
      `select c.case_number, c.kind from petition_case c where c.case_number = any(?::text[]) and ${reachSql}`,
      [`{${candidates.map((c) => c.caseNumber).join(',')}}`, ...reachParams(viewer)],
    );
  const kinds = new Map(visible.map((v) => [v.case_number, v.kind]));
  return candidates.flatMap((c) => {
    const kind = kinds.get(c.caseNumber);
    return kind
      ? [
          {
            caseNumber: c.caseNumber,
            kind,
            unit: c.unit,
            status: c.status,
            receivedAt: c.receivedAt,
            category: c.category,
            signals: ['similar_matter' as const],
          },
        ]
      : [];
  });
}
