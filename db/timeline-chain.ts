import type { EntityManager } from '@mikro-orm/postgresql';

/** What the verifier found wrong at one place on a case's timeline. */
export interface TimelineBreak {
  caseNumber: string;
  /** The event's number on the case (`seq`), where an event is there to name. */
  seq: number | null;
  /** Its place in the chain (the order it was written). */
  chainPos: number | null;
  problem:
    | 'altered' // the event's content no longer gives its hash
    | 'link_broken' // its "previous hash" is not the hash of the event before it: an event removed or replaced
    | 'position_missing' // a place in the chain has no event: removed
    | 'head_missing'; // the case's chain is shorter than, or ends elsewhere than, the case row says
}

export interface TimelineVerification {
  casesChecked: number;
  eventsChecked: number;
  breaks: TimelineBreak[];
}

/**
 * Recomputes every event's hash with the database's own function (the one the insert
 * trigger used, see Migration20261121180300_timeline_chain) and walks each case's chain.
 * A case number narrows it to one case.
 */
export async function verifyTimelines(
  em: EntityManager,
  options: { caseNumber?: string; limit?: number } = {},
): Promise<TimelineVerification> {
  const where = options.caseNumber ? 'where e.case_number = ?' : '';
  const caseWhere = options.caseNumber ? 'where c.case_number = ?' : '';
  const params = options.caseNumber ? [options.caseNumber] : [];
  const limit = options.limit ?? 1000;
  const eventBreaks = await em.execute<
    { case_number: string; seq: number; chain_pos: number; problem: string }[]
  >(
    `with walked as (
       select e.case_number, e.seq, e.chain_pos, e.hash,
              e.hash <> case_event_hash(e.prev_hash, e) as altered,
              e.prev_hash is distinct from lag(e.hash) over chain as link_broken,
              e.chain_pos <> coalesce(lag(e.chain_pos) over chain, 0) + 1 as position_missing
         from case_event e ${where}
       window chain as (partition by e.case_number order by e.chain_pos))
     select case_number, seq, chain_pos,
            case when altered then 'altered' when position_missing then 'position_missing'
                 else 'link_broken' end as problem
       from walked where altered or link_broken or position_missing
      order by case_number, chain_pos limit ${limit}`,
    params,
  );
  const headBreaks = await em.execute<{ case_number: string }[]>(
    `select c.case_number from petition_case c
       left join lateral (select chain_pos, hash from case_event e where e.case_number = c.case_number
                           order by chain_pos desc limit 1) last on true
      ${caseWhere} ${caseWhere ? 'and' : 'where'} (c.timeline_length <> coalesce(last.chain_pos, 0)
         or c.timeline_head is distinct from last.hash)
      order by c.case_number limit ${limit}`,
    params,
  );
  const [counts] = await em.execute<{ cases: string; events: string }[]>(
    `select (select count(*) from petition_case c ${caseWhere}) as cases,
            (select count(*) from case_event e ${where}) as events`,
    [...params, ...params],
  );
  return {
    casesChecked: Number(counts?.cases ?? 0),
    eventsChecked: Number(counts?.events ?? 0),
    breaks: [
      ...eventBreaks.map((b) => ({
        caseNumber: b.case_number,
        seq: b.seq,
        chainPos: b.chain_pos,
        problem: b.problem as TimelineBreak['problem'],
      })),
      ...headBreaks.map((b) => ({
        caseNumber: b.case_number,
        seq: null,
        chainPos: null,
        problem: 'head_missing' as const,
      })),
    ],
  };
}
