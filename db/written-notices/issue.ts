import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { officeDateOf } from '../../domain/time';
import {
  bodyDate,
  documentNumber,
  fillTemplate,
  sourceEventTypes,
  writtenNoticeTitles,
  type WrittenNoticeKind,
} from '../../domain/written-notices';
import type { PetitionCase, Unit } from '../entities';
import { CaseDeadline, CaseEvent, Department, StaffMember } from '../entities';
import { appendToEndedTimeline } from '../ended-timeline';
import { WrittenNotice } from './entities';
import { projectWrittenNotice } from './projection';
import { noticePrefix, templateBody } from './templates';

/** The case has no event that this kind of notice could tell of (e.g. no acceptance yet). */
export class NoticeNotAvailableError extends Error {
  override name = 'NoticeNotAvailableError';
}

/** What a notice is made of: the issuing unit, the addressee, and the values of its placeholders. */
export interface NoticeFacts {
  issuingUnit: Unit;
  addresseeKind: WrittenNotice['addresseeKind'];
  recipient: string | null;
  values: Record<string, string>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const dateOf = (instant: Date | string): string => bodyDate(officeDateOf(instant));

/** 复查/复核 are decided (and issued) by the office of the person who decided them. */
async function deciderUnit(em: EntityManager, event: CaseEvent, fallback: Unit): Promise<Unit> {
  if (!event.actor.startsWith('staff:')) return fallback;
  const decider = await em.findOne(StaffMember, { id: Number(event.actor.slice(6)) }, { populate: ['unit'] });
  return decider?.unit ?? fallback;
}

/** The facts of the kind's latest source event, and the case's own. */
export async function noticeFacts(
  em: EntityManager,
  row: PetitionCase,
  kind: WrittenNoticeKind,
  issuedOn: string,
): Promise<NoticeFacts> {
  const [event] = await em.find(
    CaseEvent,
    { caseNumber: row.caseNumber, type: { $in: [...sourceEventTypes[kind]] } },
    { orderBy: { seq: 'desc' }, limit: 1 },
  );
  if (!event) throw new NoticeNotAvailableError(`${row.caseNumber} has no event for a ${kind} notice`);
  const data = event.data;
  const common = {
    caseNumber: row.caseNumber,
    receivedDate: dateOf(row.receivedAt),
    unitName: row.unit.name,
    summary: row.summary,
    issuedDate: bodyDate(issuedOn),
  };
  const toComplainant = (values: Record<string, string>, issuingUnit = row.unit): NoticeFacts => ({
    issuingUnit,
    addresseeKind: 'complainant',
    recipient: null,
    values: { ...common, ...values },
  });
  switch (kind) {
    case 'acceptance':
      return toComplainant({ acceptedDate: dateOf(row.acceptedAt ?? event.occurredAt) });
    case 'not_accepted':
      return toComplainant({ reason: text(data.reason) });
    case 'forward_letter': {
      const recipient = event.type === 'forwarded' ? text(data.forwardTo) : await departmentName(em, data);
      const instructions = event.type === 'forwarded' ? text(data.reason) : text(data.instructions);
      return {
        issuingUnit: row.unit,
        addresseeKind: 'recipient',
        recipient,
        values: { ...common, recipient, instructions },
      };
    }
    case 'extension': {
      const handling = await em.findOne(CaseDeadline, { caseNumber: row.caseNumber, clock: 'handling' });
      return toComplainant({
        extensionDays: String(data.days ?? ''),
        reason: text(data.reason),
        newDueDate: handling ? bodyDate(handling.dueDate) : '',
      });
    }
    case 'handling_opinion':
      return toComplainant({
        replyText: text(data.text || data.feedback),
        repliedDate: dateOf(event.occurredAt),
      });
    case 'review_opinion':
      return toComplainant(
        {
          opinion: text(data.opinion),
          decision: data.upheld ? '维持原处理意见' : '撤销原处理意见，责成原办理机关重新办理',
        },
        await deciderUnit(em, event, row.unit),
      );
    case 're_review_opinion':
      return toComplainant(
        {
          opinion: text(data.opinion),
          decision: data.upheld ? '维持复查意见' : '撤销复查意见，责成重新办理',
        },
        await deciderUnit(em, event, row.unit),
      );
  }
}

/** A body's full name as printed: 城关镇综治中心, not 综治中心. */
const fullName = (unit: Pick<Unit, 'name'>, name: string): string =>
  name.startsWith(unit.name) ? name : `${unit.name}${name}`;

/** The issuing office's name as printed: the unit's petition office, or the unit's own office. */
async function issuingOfficeName(em: EntityManager, unit: Unit): Promise<string> {
  const office = await em.findOne(Department, { unit: unit.id, kind: 'petition_office' });
  return fullName(unit, office?.name ?? '信访办公室');
}

/** The department a case was dispatched to (交办), by its full name. */
async function departmentName(em: EntityManager, data: Record<string, unknown>): Promise<string> {
  const id = typeof data.departmentId === 'number' ? data.departmentId : null;
  const department = id === null ? null : await em.findOne(Department, { id }, { populate: ['unit'] });
  return department ? fullName(department.unit, department.name) : text(data.department);
}

/** The latest revision of a case's notice of a kind, if it has one. */
export const latestNotice = (em: EntityManager, caseNumber: string, kind: WrittenNoticeKind) =>
  em.findOne(WrittenNotice, { caseNumber, kind }, { orderBy: { revision: 'desc' } });

/**
 * 编号: the unit's next number of the year, taken under the sequence row's lock in
 * the transaction that stores the notice. A clerk who loses the race for the same
 * (case, kind, revision) rolls back, number and all, and gets the winner's notice.
 */
export async function issueNotice(
  em: EntityManager,
  input: {
    row: PetitionCase;
    kind: WrittenNoticeKind;
    staffId: number;
    /** Issue a corrected notice (更正) with a new number even though one exists. */
    corrected: boolean;
    at: Date;
  },
): Promise<{ notice: WrittenNotice; created: boolean }> {
  const { row, kind } = input;
  const latest = await latestNotice(em, row.caseNumber, kind);
  if (latest && !input.corrected) return { notice: latest, created: false };
  const issuedOn = officeDateOf(input.at);
  const facts = await noticeFacts(em, row, kind, issuedOn);
  const unit = facts.issuingUnit;
  const [template, prefix, issuingOffice] = await Promise.all([
    templateBody(em, unit, kind),
    noticePrefix(em, unit),
    issuingOfficeName(em, unit),
  ]);
  const revision = (latest?.revision ?? 0) + 1;
  const year = Number(issuedOn.slice(0, 4));
  try {
    const notice = await em.fork().transactional(async (tx) => {
      const [{ last_serial: serial }] = await tx.execute<[{ last_serial: number }]>(
        `insert into written_notice_sequence (unit_id, year, last_serial) values (?, ?, 1)
         on conflict (unit_id, year) do update set last_serial = written_notice_sequence.last_serial + 1
         returning last_serial`,
        [unit.id, year],
      );
      const created = tx.create(WrittenNotice, {
        caseNumber: row.caseNumber,
        kind,
        revision,
        unitId: unit.id,
        year,
        serial,
        documentNumber: documentNumber(prefix, year, serial),
        issuingOffice,
        title: writtenNoticeTitles[kind],
        addresseeKind: facts.addresseeKind,
        recipient: facts.recipient,
        body: fillTemplate(template, facts.values),
        issuedOn,
        issuedAt: input.at,
        issuedBy: input.staffId,
      });
      await tx.flush();
      return created;
    });
    return { notice, created: true };
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await em
      .fork()
      .findOneOrFail(WrittenNotice, { caseNumber: row.caseNumber, kind, revision });
    return { notice: winner, created: false };
  }
}

/**
 * A written notice's event on the timeline of a case whose workflow has ended: a second
 * request for the same notice finds it recorded and adds nothing.
 */
export async function appendToFinishedTimeline(
  em: EntityManager,
  caseNumber: string,
  event: {
    type: 'written_notice_issued' | 'written_notice_delivered';
    actor: string;
    data: Record<string, unknown>;
  },
): Promise<void> {
  await appendToEndedTimeline(em, caseNumber, event, {
    recorded: async (tx) => {
      const [notice] = await tx.execute<{ timeline_seq: number | null; delivery_method: string | null }[]>(
        'select timeline_seq, delivery_method from written_notice where id = ?',
        [event.data.noticeId],
      );
      return event.type === 'written_notice_issued'
        ? notice?.timeline_seq != null
        : notice?.delivery_method != null;
    },
    then: (tx, seq) => projectWrittenNotice(tx, { ...event, seq }),
  });
}
