import type { EntityManager } from '@mikro-orm/postgresql';

/** 咨询 in the ledger: a case found at triage to be a request for information is counted as one from then on. */
export async function projectConsultation(
  tx: EntityManager,
  event: { caseNumber: string; type: string },
): Promise<void> {
  if (event.type !== 'reclassified_as_consultation') return;
  await tx.execute(`update petition_case set kind = 'consultation' where case_number = ?`, [
    event.caseNumber,
  ]);
}

/** A unit's consultations over `[from, to)`: those registered, and those answered. */
export interface ConsultationCounts {
  consultations: number;
  consultationsAnswered: number;
}

/**
 * Consultations counted apart from petitions (the petition figures leave them out): for
 * each unit, the consultations registered in the period and those answered in it.
 */
export async function consultationCountsByUnit(
  em: EntityManager,
  q: { unitIds: string; from: string; to: string },
): Promise<Map<number, ConsultationCounts>> {
  const rows = await em.execute<{ unit_id: number; registered: number; answered: number }[]>(
    `select c.unit_id,
            count(*) filter (where e.type = 'registered')::int as registered,
            count(*) filter (where e.type = 'consultation_answered')::int as answered
       from petition_case c
       join case_event e on e.case_number = c.case_number
      where c.unit_id = any(?::int[]) and c.kind = 'consultation'
        and e.type in ('registered', 'consultation_answered')
        and e.occurred_at >= ? and e.occurred_at < ?
      group by c.unit_id`,
    [q.unitIds, q.from, q.to],
  );
  return new Map(
    rows.map((r) => [r.unit_id, { consultations: r.registered, consultationsAnswered: r.answered }]),
  );
}
