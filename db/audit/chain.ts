import type { EntityManager } from '@mikro-orm/postgresql';

/** What the verifier found wrong at one place in the audit trail. */
export interface AuditBreak {
  /** The row's place in the chain; null for a break at the chain's end. */
  chainPos: number | null;
  problem:
    | 'altered' // the row's content no longer gives its hash
    | 'link_broken' // its "previous hash" is not the hash of the row before it: a row removed or replaced
    | 'position_missing' // a place in the chain has no row: removed
    | 'start_unexplained' // the oldest rows are gone and no checkpoint of retention accounts for them
    | 'head_missing'; // the chain is shorter than, or ends elsewhere than, its head says: cut off
}

export interface AuditVerification {
  rowsChecked: number;
  /** Rows removed by retention, as the newest checkpoint accounts for them. */
  rowsRemovedByRetention: number;
  breaks: AuditBreak[];
}

/**
 * Recomputes every row's hash with the database's own function (the one the insert trigger
 * used, see Migration20261204120000_audit_trail), walks the chain and compares its end with
 * `audit_chain`. The oldest remaining row may follow rows retention removed when a checkpoint
 * row names the last of them (its place and hash).
 */
export async function verifyAuditTrail(em: EntityManager, limit = 1000): Promise<AuditVerification> {
  const rowBreaks = await em.execute<{ chain_pos: string; problem: AuditBreak['problem'] }[]>(
    `with walked as (
       select e.chain_pos, e.prev_hash,
              e.hash <> audit_event_hash(e.prev_hash, e) as altered,
              lag(e.chain_pos) over chain as before_pos,
              lag(e.hash) over chain as before_hash
         from audit_event e
       window chain as (order by e.chain_pos)),
     judged as (
       select chain_pos, altered,
              before_pos is not null and chain_pos <> before_pos + 1 as position_missing,
              before_pos is not null and prev_hash is distinct from before_hash as link_broken,
              before_pos is null and not (
                (chain_pos = 1 and prev_hash is null)
                or exists (select 1 from audit_event k
                            where k.action = 'audit_checkpoint'
                              and (k.detail ->> 'lastRemovedPos')::bigint = walked.chain_pos - 1
                              and k.detail ->> 'lastRemovedHash' = walked.prev_hash)) as start_unexplained
         from walked)
     select chain_pos,
            case when altered then 'altered' when position_missing then 'position_missing'
                 when start_unexplained then 'start_unexplained' else 'link_broken' end as problem
       from judged where altered or position_missing or link_broken or start_unexplained
      order by chain_pos limit ${limit}`,
  );
  const [head] = await em.execute<{ ends_elsewhere: boolean; rows: string; removed: string | null }[]>(
    `select c.length <> coalesce(last.chain_pos, 0) or c.head is distinct from last.hash as ends_elsewhere,
            (select count(*) from audit_event) as rows,
            (select max((k.detail ->> 'lastRemovedPos')::bigint) from audit_event k
              where k.action = 'audit_checkpoint') as removed
       from audit_chain c
       left join lateral (select chain_pos, hash from audit_event order by chain_pos desc limit 1) last on true`,
  );
  return {
    rowsChecked: Number(head?.rows ?? 0),
    rowsRemovedByRetention: Number(head?.removed ?? 0),
    breaks: [
      ...rowBreaks.map((b) => ({ chainPos: Number(b.chain_pos), problem: b.problem })),
      ...(head?.ends_elsewhere ? [{ chainPos: null, problem: 'head_missing' as const }] : []),
    ],
  };
}
