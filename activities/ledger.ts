import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { UnitRef } from '../domain/case';
import { CaseEvent, PetitionCase, Unit } from '../db/entities';
import { complainantIdentity, identityKeyring } from '../db/identity-encryption';
import { projectConsultation } from '../db/consultation/consultations';
import { projectHandOver } from '../db/hand-over/hand-overs';
import { accusedColumns } from '../db/identity-views';
import {
  casesWithProvisionalDeadlines,
  casesWithProvisionalDeadlinesAfter,
} from '../db/provisional-deadlines';
import { unitRef } from '../db/refs';
import { chosenChannels } from '../domain/petition';
import { projectWrittenNotice } from '../db/written-notices/projection';
import type { CaseSnapshot, RecordedEvent, RegisterCase } from '../domain/case-events';
import type { CaseState } from '../domain/case-commands';

// The workflow's side of the contract lives in domain/ (workflow code imports it); re-exported for the activities' callers.
export type {
  BacklogSnapshot,
  CaseSnapshot,
  ProjectedDeadline,
  RecordedEvent,
  RegisterCase,
} from '../domain/case-events';

/**
 * Writes one event and its projection. Keyed by (case, seq): a retry inserts
 * nothing twice, and an older event never overwrites a newer ledger row or deadline.
 */
export async function projectEvent(tx: EntityManager, event: RecordedEvent): Promise<void> {
  // First, so the timeline row names the files it brought.
  if (event.type === 'complainant_message') await bindComplainantFiles(tx, event);
  await tx
    .createQueryBuilder(CaseEvent)
    .insert({
      caseNumber: event.caseNumber,
      seq: event.seq,
      type: event.type,
      occurredAt: new Date(event.occurredAt),
      actor: event.actor,
      data: event.data,
      policyVersion: event.policyVersion,
      statusAfter: event.snapshot.status,
      overdueAfter: event.snapshot.overdue ?? null,
      escalatedAfter: event.snapshot.escalatedToUnitId !== null,
      backlogAfter: event.snapshot.backlog === undefined ? null : event.snapshot.backlog !== null,
    })
    .onConflict(['case_number', 'seq'])
    .ignore()
    .execute();
  // 上报/移交: the row moves to its new unit before the rest of it is written.
  if (event.type === 'handed_over') await projectHandOver(tx, event);
  await projectConsultation(tx, event);
  const s = event.snapshot;
  const backlog = backlogColumns(s);
  const closeOut = closeOutColumns(s);
  const report = reportColumns(s);
  await tx.execute(
    `update petition_case set status = ?, handling_department_id = ?, next_due_at = ?, next_due_clock = ?,
       deadline_provisional = ?, escalated_to_unit_id = ?, escalated_at = ?, accepted_at = ?, replied_at = ?,
       closed_at = ?, last_event_seq = ?, updated_at = ?${backlog.sql}${closeOut.sql}${report.sql}
     where case_number = ? and last_event_seq < ?`,
    [
      s.status,
      s.handlingDepartmentId,
      s.nextDueAt,
      s.nextDueClock,
      s.deadlineProvisional,
      s.escalatedToUnitId,
      s.escalatedAt,
      s.acceptedAt,
      s.repliedAt,
      s.closedAt,
      event.seq,
      event.occurredAt,
      ...backlog.params,
      ...closeOut.params,
      ...report.params,
      event.caseNumber,
      event.seq,
    ],
  );
  if (event.type === 'field_visit_recorded') {
    // The visit's files now belong to the case: who may see the case may download them.
    const ids = ((event.data.attachments ?? []) as { id: string }[]).map((a) => a.id);
    if (ids.length > 0) {
      await tx.execute(
        `update attachment set case_number = ? where id in (${ids.map(() => '?').join(', ')}) and case_number is null`,
        [event.caseNumber, ...ids],
      );
    }
  }
  if (event.state) await projectState(tx, event.state);
  await projectLookBackCampaign(tx, event);
  await projectWrittenNotice(tx, event);
  if (s.escalatedToUnitId === null) {
    await tx.execute(
      'update escalation set resolved_at = ? where case_number = ? and resolved_at is null and seq < ?',
      [event.occurredAt, event.caseNumber, event.seq],
    );
  }
  // One statement for all of the event's clocks (registration starts three at once). A clock
  // named twice in an event keeps its first entry, as row-by-row writes keyed by seq did.
  const firstOfClock = new Map<string, RecordedEvent['deadlines'][number]>();
  for (const d of event.deadlines) if (!firstOfClock.has(d.clock)) firstOfClock.set(d.clock, d);
  const deadlines = [...firstOfClock.values()];
  if (deadlines.length > 0) {
    const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    await tx.execute(
      `insert into case_deadline (case_number, clock, started_at, due_date, due_at, provisional, state,
         responsible_unit_id, escalate_to, escalated_at, policy_version, last_event_seq)
       values ${deadlines.map(() => row).join(', ')}
       on conflict (case_number, clock) do update set started_at = excluded.started_at,
         due_date = excluded.due_date, due_at = excluded.due_at, provisional = excluded.provisional,
         state = excluded.state, responsible_unit_id = excluded.responsible_unit_id,
         escalate_to = excluded.escalate_to, escalated_at = excluded.escalated_at,
         last_event_seq = excluded.last_event_seq
       where case_deadline.last_event_seq < excluded.last_event_seq`,
      deadlines.flatMap((d) => [
        event.caseNumber,
        d.clock,
        d.startedAt,
        d.dueDate,
        d.dueAt,
        d.provisional,
        d.state,
        d.responsibleUnitId,
        d.escalateTo,
        d.escalatedAt ?? null,
        event.policyVersion,
        event.seq,
      ]),
    );
  }
}

/**
 * The backlog columns and the repeat count, set with the rest of the row when the
 * event's snapshot carries them (events of cases from before backlog cases leave them be).
 */
function backlogColumns(s: CaseSnapshot): { sql: string; params: unknown[] } {
  if (s.repeatCount === undefined) return { sql: '', params: [] };
  const b = s.backlog;
  return {
    sql: `, repeat_count = ?, joined_case_number = ?, backlog_at = ?, backlog_reasons = ?,
       flag_many_years = ?, flag_many_levels = ?, flag_many_offices = ?, owner_leader_id = ?, owner_since = ?,
       plan_version = ?, next_milestone_date = ?, next_milestone_title = ?, last_progress_at = ?, visit_count = ?`,
    params: [
      s.repeatCount,
      s.joinedCaseNumber ?? null,
      b?.designatedAt ?? null,
      b ? JSON.stringify(b.reasons) : null,
      b?.flags.manyYears ?? false,
      b?.flags.manyLevels ?? false,
      b?.flags.manyOffices ?? false,
      b?.ownerLeaderId ?? null,
      b?.ownerSince ?? null,
      b?.planVersion ?? 0,
      b?.nextMilestoneDate ?? null,
      b?.nextMilestoneTitle ?? null,
      b?.lastProgressAt ?? null,
      b?.visits ?? 0,
    ],
  };
}

/**
 * A complainant's message brings files uploaded from the public pages: they become the
 * case's (only files a complainant uploaded and no case holds yet), and the event
 * names them for the office's timeline.
 */
async function bindComplainantFiles(tx: EntityManager, event: RecordedEvent): Promise<void> {
  const ids = (event.data.attachmentIds ?? []) as string[];
  if (ids.length === 0) return;
  const files = await tx.execute<{ id: string; file_name: string; media_type: string; size: number }[]>(
    `update attachment set case_number = ? where id = any(?::uuid[]) and uploaded_by = 'complainant'
       and (case_number is null or case_number = ?)
     returning id, file_name, media_type, size`,
    [event.caseNumber, `{${ids.join(',')}}`, event.caseNumber],
  );
  event.data = {
    ...event.data,
    attachments: files.map((f) => ({
      id: f.id,
      fileName: f.file_name,
      mediaType: f.media_type,
      size: f.size,
    })),
  };
}

/** The ledger's close-out columns; absent in events from before the weekly close-out existed. */
function closeOutColumns(s: CaseSnapshot): { sql: string; params: unknown[] } {
  if (s.closeOutReadyAt === undefined) return { sql: '', params: [] };
  return {
    sql: ', close_out_ready_at = ?, reopened_count = ?, look_back_due_at = ?',
    params: [s.closeOutReadyAt, s.reopenedCount ?? 0, s.lookBackDueAt ?? null],
  };
}

/** The discipline office's columns of a report (检举控告); a petition's events leave them be. */
function reportColumns(s: CaseSnapshot): { sql: string; params: unknown[] } {
  if (!s.report) return { sql: '', params: [] };
  return {
    sql: ', urgent = ?, disposal = ?, finding = ?',
    params: [s.report.urgent, s.report.disposal, s.report.finding],
  };
}

/** The case page's copy of the workflow's state; a retried or late older event leaves a newer one be. */
async function projectState(tx: EntityManager, state: CaseState): Promise<void> {
  await tx.execute(
    `insert into case_state (case_number, seq, state) values (?, ?, ?)
     on conflict (case_number) do update set seq = excluded.seq, state = excluded.state
     where case_state.seq < excluded.seq`,
    [state.caseNumber, state.seq, JSON.stringify(state)],
  );
}

/** A campaign's look-back (回头看) progresses with the answers of its cases. */
async function projectLookBackCampaign(tx: EntityManager, event: RecordedEvent): Promise<void> {
  const campaignId = event.data.campaignId;
  if (typeof campaignId !== 'number') return;
  const state =
    event.type === 'reopened'
      ? 'reopened'
      : (event.type === 'look_back_answered' || event.type === 'look_back_checked') && event.data.holds
        ? 'holds'
        : null;
  if (!state) return;
  await tx.execute(
    `update look_back_campaign_case set state = ?, updated_at = ? where campaign_id = ? and case_number = ?`,
    [state, event.occurredAt, campaignId, event.caseNumber],
  );
}

/**
 * Ledger writes (台账). Each is idempotent, keyed by case number and event sequence:
 * a retry after a crash or a timeout writes nothing twice.
 */
export function createLedgerActivities(orm: MikroORM) {
  return {
    /** The unit a petition names, as the workflow needs it for deadlines and jurisdiction. */
    async unitForCase(unitCode: string): Promise<UnitRef> {
      // The parent's id is on the row itself: no need to load the parent.
      const unit = await orm.em.fork().findOne(Unit, { code: unitCode });
      if (!unit) {
        // The API checks the unit before starting the case; retrying cannot make it exist.
        throw ApplicationFailure.nonRetryable(`No unit with code ${unitCode}`, 'UnknownUnit');
      }
      return unitRef(unit);
    },

    /** Open cases with a deadline counted without a holiday calendar: recounted when a year is loaded. */
    casesWithProvisionalDeadlines: (): Promise<string[]> => casesWithProvisionalDeadlines(orm.em.fork()),

    /** A page of them, in case-number order: the recount goes through a province's cases in batches. */
    casesWithProvisionalDeadlinesAfter: (page: { after: string | null; limit: number }): Promise<string[]> =>
      casesWithProvisionalDeadlinesAfter(orm.em.fork(), page),

    /** The unit one level up (its parent); the top of the tree answers for itself. */
    async unitAbove(unitId: number): Promise<UnitRef> {
      const unit = await orm.em.fork().findOneOrFail(Unit, { id: unitId }, { populate: ['parent.parent'] });
      return unitRef(unit.parent ?? unit);
    },

    /** 登记: the ledger row, then timeline event 1 with the first deadlines. */
    async registerCase(input: RegisterCase): Promise<void> {
      await orm.em.fork().transactional(async (tx) => {
        const { petition } = input.start;
        const registeredAt = new Date(input.event.occurredAt);
        await tx
          .createQueryBuilder(PetitionCase)
          .insert({
            caseNumber: input.start.caseNumber,
            unit: input.unit.id,
            unitPath: input.unit.path,
            channel: petition.channel,
            category: petition.category,
            place: petition.place,
            summary: petition.summary,
            request: petition.request,
            anonymous: petition.anonymous,
            ...complainantIdentity(identityKeyring(tx), petition.complainant),
            status: 'registered',
            deadlineProvisional: false,
            policyVersion: input.start.policyVersion,
            externalRef: input.start.imported?.externalRef ?? null,
            complainantLanguage: petition.language ?? 'zh-CN',
            notifyBy: chosenChannels(petition),
            qrUnitCode: petition.qrUnitCode ?? null,
            kind: petition.kind ?? 'petition',
            ...(await accusedColumns(tx, petition.accused)),
            receivedAt: new Date(input.start.receivedAt),
            registeredAt,
            lastEventSeq: 0,
            updatedAt: registeredAt,
          })
          .onConflict('case_number')
          .ignore()
          .execute();
        // The files brought with the petition (uploaded by the complainant, held by no case yet) become the case's.
        const files = petition.attachmentIds ?? [];
        if (files.length > 0) {
          await tx.execute(
            `update attachment set case_number = ? where id = any(?::uuid[]) and uploaded_by = 'complainant'
               and case_number is null`,
            [input.start.caseNumber, `{${files.join(',')}}`],
          );
        }
        await projectEvent(tx, input.event);
      });
    },

    /** Every later event: the timeline row, the ledger row and the deadlines, in one transaction. */
    async recordEvent(event: RecordedEvent): Promise<void> {
      await orm.em.fork().transactional((tx) => projectEvent(tx, event));
    },
  };
}

export type LedgerActivities = ReturnType<typeof createLedgerActivities>;
