import type { EntityManager } from '@mikro-orm/postgresql';
import { reachParams, reachSql, type Viewer } from './auto-triage';

/**
 * Clusters (线索聚类): people and units reported by several complainants in a period —
 * several villagers reporting the same village secretary. People are grouped by the
 * blind index of their name, so no name is decrypted to group them and none is shown:
 * a cluster reads as the position and unit the reports give and its case numbers, and
 * each case page shows the name to whoever may see it. Only cases the viewer may open.
 */

export interface ClusterQuery {
  /** Received on or after this instant, before `until`. */
  since: Date;
  until: Date;
  /** Distinct complainants a cluster needs (anonymous reports count one each). */
  minComplainants: number;
}

export interface Cluster {
  /** The earliest case of the cluster: a stable handle that says nothing about the person. */
  key: string;
  reports: number;
  complainants: number;
  /** The positions (职务) the reports give, as written. */
  positions: string[];
  /** The accused units the reports name. */
  units: { code: string; name: string }[];
  caseNumbers: string[];
  firstReceivedAt: Date;
  lastReceivedAt: Date;
}

interface Row {
  case_numbers: string[];
  reports: number;
  complainants: number;
  positions: string[] | null;
  units: { code: string; name: string }[] | null;
  first_ms: number;
  last_ms: number;
}

/** Distinct complainants: the same phone or e-mail is one person; an anonymous report is its own. */
const complainantSql = 'coalesce(c.phone_match, c.email_match, c.case_number)';

const clusterSql = (groupBy: string, where: string) => `
  select array_agg(c.case_number order by c.received_at, c.case_number) as case_numbers,
         count(*)::int as reports,
         count(distinct ${complainantSql})::int as complainants,
         array_remove(array_agg(distinct c.accused_position), null) as positions,
         coalesce(jsonb_agg(distinct jsonb_build_object('code', u.code, 'name', u.name))
                    filter (where u.id is not null), '[]') as units,
         (extract(epoch from min(c.received_at)) * 1000)::float8 as first_ms,
         (extract(epoch from max(c.received_at)) * 1000)::float8 as last_ms
    from petition_case c left join unit u on u.id = c.accused_unit_id
   where ${where} and c.received_at >= ? and c.received_at < ? and ${reachSql}
   group by ${groupBy}
  having count(distinct ${complainantSql}) >= ?
   order by count(distinct ${complainantSql}) desc, min(c.received_at)`;

const toCluster = (row: Row): Cluster => ({
  key: row.case_numbers[0]!,
  reports: row.reports,
  complainants: row.complainants,
  positions: row.positions ?? [],
  units: row.units ?? [],
  caseNumbers: row.case_numbers,
  firstReceivedAt: new Date(row.first_ms),
  lastReceivedAt: new Date(row.last_ms),
});

async function clustersBy(
  em: EntityManager,
  groupBy: string,
  where: string,
  viewer: Viewer,
  query: ClusterQuery,
): Promise<Cluster[]> {
  const rows = await em
    .getConnection()
    .execute<Row[]>(clusterSql(groupBy, where), [
      query.since,
      query.until,
      ...reachParams(viewer),
      query.minComplainants,
    ]);
  return rows.map(toCluster);
}

/** People (by the blind index of the name) and units reported by at least `minComplainants` complainants. */
export async function clusters(em: EntityManager, viewer: Viewer, query: ClusterQuery) {
  const [people, units] = await Promise.all([
    clustersBy(em, 'c.accused_name_index', 'c.accused_name_index is not null', viewer, query),
    clustersBy(em, 'c.accused_unit_id', 'c.accused_unit_id is not null', viewer, query),
  ]);
  return { people, units };
}
