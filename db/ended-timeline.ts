import type { EntityManager } from '@mikro-orm/postgresql';
import type { CaseEventType } from '../domain/case';
import { CaseEvent } from './entities';

/**
 * The timeline of a case whose workflow has ended (不予受理, archived): nothing else
 * numbers its events any more, so the event takes the next number under the case
 * row's lock and carries the case as its last event left it. `recorded` says, under
 * that lock, whether a retry finds the event written already; `then` runs in the
 * event's transaction.
 */
export async function appendToEndedTimeline(
  em: EntityManager,
  caseNumber: string,
  event: { type: CaseEventType; actor: string; data: Record<string, unknown> },
  options: {
    recorded?: (tx: EntityManager) => Promise<boolean>;
    then?: (tx: EntityManager, seq: number) => Promise<void>;
  } = {},
): Promise<void> {
  await em.fork().transactional(async (tx) => {
    const [current] = await tx.execute<{ last_event_seq: number }[]>(
      'select last_event_seq from petition_case where case_number = ? for update',
      [caseNumber],
    );
    const [last] = await tx.find(CaseEvent, { caseNumber }, { orderBy: { seq: 'desc' }, limit: 1 });
    if (!current || !last) return;
    if (options.recorded && (await options.recorded(tx))) return;
    const seq = Math.max(current.last_event_seq, last.seq) + 1;
    const occurredAt = new Date();
    await tx
      .createQueryBuilder(CaseEvent)
      .insert({
        caseNumber,
        seq,
        type: event.type,
        occurredAt,
        actor: event.actor,
        data: event.data,
        policyVersion: last.policyVersion,
        statusAfter: last.statusAfter ?? null,
        overdueAfter: last.overdueAfter ?? null,
        escalatedAfter: last.escalatedAfter ?? null,
        backlogAfter: last.backlogAfter ?? null,
      })
      .execute();
    await tx.execute('update petition_case set last_event_seq = ?, updated_at = ? where case_number = ?', [
      seq,
      occurredAt,
      caseNumber,
    ]);
    await options.then?.(tx, seq);
  });
}
