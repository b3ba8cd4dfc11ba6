import type { EntityManager } from '@mikro-orm/postgresql';

/** What a written-notice event carries: which notice, and for a delivery how, when and by whom. */
interface NoticeEventData {
  noticeId?: number;
  method?: string;
  deliveredOn?: string;
  deliveredBy?: string;
}

/**
 * The notice's row follows its timeline events, in the event's own transaction: the
 * issue's event number, and the delivery (送达) once recorded.
 */
export async function projectWrittenNotice(
  tx: EntityManager,
  event: { type: string; seq: number; actor: string; data: Record<string, unknown> },
): Promise<void> {
  const data = event.data as NoticeEventData;
  if (event.type === 'written_notice_issued') {
    await tx.execute('update written_notice set timeline_seq = ? where id = ? and timeline_seq is null', [
      event.seq,
      data.noticeId,
    ]);
  } else if (event.type === 'written_notice_delivered') {
    const staffId = event.actor.startsWith('staff:') ? Number(event.actor.slice(6)) : null;
    await tx.execute(
      `update written_notice set delivery_method = ?, delivered_on = ?, delivered_by = ?, delivery_recorded_by = ?
       where id = ?`,
      [data.method, data.deliveredOn, data.deliveredBy, staffId, data.noticeId],
    );
  }
}
