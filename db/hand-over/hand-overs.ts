import type { EntityManager } from '@mikro-orm/postgresql';

/** What a hand-over event carries for the ledger (see workflows/case/hand-over.ts). */
interface HandOverData {
  fromUnitId: number;
  fromUnitPath: string;
  toUnitId: number;
  toUnitPath: string;
  reason: string;
  /** Handed to a discipline body by triage: the case is a report (检举控告) from here on. */
  kind?: 'report';
}

/**
 * 上报/移交 in the ledger: the row moves to the new unit (unless a later event was
 * projected already), and the unit it left is recorded for its read access.
 */
export async function projectHandOver(
  tx: EntityManager,
  event: { caseNumber: string; seq: number; occurredAt: string; data: Record<string, unknown> },
): Promise<void> {
  const data = event.data as unknown as HandOverData;
  await tx.execute(
    'update petition_case set unit_id = ?, unit_path = ? where case_number = ? and last_event_seq < ?',
    [data.toUnitId, data.toUnitPath, event.caseNumber, event.seq],
  );
  if (data.kind) {
    await tx.execute('update petition_case set kind = ? where case_number = ?', [
      data.kind,
      event.caseNumber,
    ]);
  }
  await tx.execute(
    `insert into case_hand_over (case_number, seq, from_unit_id, from_unit_path, to_unit_id, reason, handed_over_at)
     values (?, ?, ?, ?, ?, ?, ?) on conflict (case_number, seq) do nothing`,
    [
      event.caseNumber,
      event.seq,
      data.fromUnitId,
      data.fromUnitPath,
      data.toUnitId,
      data.reason,
      event.occurredAt,
    ],
  );
}

/** A unit the case left, as its former holders read it. */
export interface FormerHolding {
  /** The hand-over event: the former holders read the timeline up to and including it. */
  seq: number;
  toUnitName: string;
  handedOverAt: Date;
}

/**
 * Whether the case once belonged to a unit within this person's jurisdiction and was
 * handed on from it: the last such hand-over, or null.
 */
export async function formerHolding(
  em: EntityManager,
  caseNumber: string,
  jurisdictionPath: string,
): Promise<FormerHolding | null> {
  const [row] = await em.execute<{ seq: number; to_unit_name: string; handed_over_at: Date }[]>(
    `select h.seq, u.name as to_unit_name, h.handed_over_at from case_hand_over h
       join unit u on u.id = h.to_unit_id
     where h.case_number = ? and h.from_unit_path like ?
     order by h.seq desc limit 1`,
    [caseNumber, `${jurisdictionPath.replace(/[\\%_]/g, '\\$&')}%`],
  );
  return row
    ? { seq: row.seq, toUnitName: row.to_unit_name, handedOverAt: new Date(row.handed_over_at) }
    : null;
}
