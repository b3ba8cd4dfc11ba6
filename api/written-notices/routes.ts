import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { isWithin } from '../../domain/actor';
import type { CaseCommands } from '../../domain/case-commands';
import { officeDateOf } from '../../domain/time';
import { availableKinds, type WrittenNoticeKind } from '../../domain/written-notices';
import { CaseEvent, type Unit } from '../../db/entities';
import { WrittenNotice } from '../../db/written-notices/entities';
import {
  appendToFinishedTimeline,
  issueNotice,
  NoticeNotAvailableError,
  noticeFacts,
} from '../../db/written-notices/issue';
import { actorOf, requireRole, signedIn, type SignedInStaff } from '../auth/staff';
import { caseInJurisdiction, giveCommand } from '../case-commands';
import { ApiError } from '../errors';
import { caseNumberSchema } from '../schemas';
import { parseOrThrow } from '../validation';
import { printFor, sendNotice } from './printing';
import {
  issueNoticeSchema,
  noticeDeliverySchema,
  noticeFormatSchema,
  noticeKindSchema,
  noticeParamsSchema,
  noticeView,
} from './schemas';

const staffLabel = (staff: SignedInStaff) => `staff:${staff.staffId}`;

/**
 * Writes an event on the case's timeline: through the case's workflow while it runs
 * (it numbers the events and owns the clocks), straight into the timeline once it has
 * ended (a case not accepted). The notice's row follows the event.
 */
async function recordOnTimeline(
  deps: WrittenNoticeDeps,
  req: Request,
  staff: SignedInStaff,
  record:
    | {
        command: 'recordWrittenNotice';
        input: { noticeId: number; kind: WrittenNoticeKind; documentNumber: string };
      }
    | {
        command: 'recordNoticeDelivery';
        input: CaseCommands['recordNoticeDelivery'];
      },
  caseNumber: string,
): Promise<void> {
  try {
    await giveCommand(
      deps.temporal,
      caseNumber,
      record.command,
      actorOf(staff),
      record.input as never,
      req.t,
    );
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'case_finished') throw error;
    await appendToFinishedTimeline(deps.em(), caseNumber, {
      type: record.command === 'recordWrittenNotice' ? 'written_notice_issued' : 'written_notice_delivered',
      actor: staffLabel(staff),
      data: { ...record.input },
    });
  }
}

/** The case's notice by id, 404 when it is another case's. */
async function noticeOfCase(em: EntityManager, caseNumber: string, id: number): Promise<WrittenNotice> {
  const notice = await em.findOne(WrittenNotice, { id, caseNumber });
  if (!notice) throw new ApiError(404, 'notice_not_found', 'writtenNotices.errors.notFound');
  return notice;
}

export interface WrittenNoticeDeps {
  em: () => EntityManager;
  temporal: Client;
}

const office = requireRole('clerk', 'office_head');

/**
 * 文书 on the case page: the kinds the case can have now, issuing one (numbered once
 * per case and kind unless a corrected one is asked for), downloading it, and
 * recording its delivery (送达). The petition office's clerk and head only.
 */
export function writtenNoticeRoutes(deps: WrittenNoticeDeps): Router {
  const router = Router();
  const base = '/api/v1/staff/cases/:caseNumber/written-notices';
  /** An issued notice goes on the timeline once; a retry after a lost answer records it then. */
  const recordIssue = (req: Request, staff: SignedInStaff, notice: WrittenNotice) =>
    recordOnTimeline(
      deps,
      req,
      staff,
      {
        command: 'recordWrittenNotice',
        input: { noticeId: notice.id, kind: notice.kind, documentNumber: notice.documentNumber },
      },
      notice.caseNumber,
    );

  router.get(base, office, async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const em = deps.em();
    await caseInJurisdiction(em, caseNumber, staff);
    const [events, notices] = await Promise.all([
      em.find(CaseEvent, { caseNumber }, { fields: ['type'] }),
      em.find(WrittenNotice, { caseNumber }, { orderBy: { kind: 'asc', revision: 'desc' } }),
    ]);
    res.json({ available: availableKinds(events.map((e) => e.type)), notices: notices.map(noticeView) });
  });

  router.post(`${base}/:kind`, office, async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const kind = parseOrThrow(noticeKindSchema, req.params.kind, req.t);
    const { corrected } = parseOrThrow(issueNoticeSchema, req.body ?? {}, req.t);
    const em = deps.em();
    const row = await caseInJurisdiction(em, caseNumber, staff);
    const at = new Date();
    let issuingUnit: Unit;
    try {
      issuingUnit = (await noticeFacts(em, row, kind, officeDateOf(at))).issuingUnit;
    } catch (error) {
      if (!(error instanceof NoticeNotAvailableError)) throw error;
      throw new ApiError(409, 'notice_not_available', 'writtenNotices.errors.notAvailable', {
        kindLabel: req.t(`writtenNotices.kinds.${kind}`),
      });
    }
    // A 复查/复核 opinion is the reviewing office's document, under its number.
    if (!isWithin(issuingUnit.path, staff.unitPath)) {
      throw new ApiError(403, 'notice_other_office', 'writtenNotices.errors.otherOffice', {
        office: issuingUnit.name,
      });
    }
    const { notice, created } = await issueNotice(em, {
      row,
      kind,
      staffId: staff.staffId,
      corrected: corrected === true,
      at,
    });
    if (notice.timelineSeq === null || notice.timelineSeq === undefined)
      await recordIssue(req, staff, notice);
    const stored = await deps.em().findOneOrFail(WrittenNotice, { id: notice.id });
    res.status(created ? 201 : 200).json(noticeView(stored));
  });

  router.get(`${base}/:id/:format`, office, async (req, res) => {
    const staff = signedIn(req);
    const { caseNumber, id } = parseOrThrow(noticeParamsSchema, req.params, req.t);
    const format = parseOrThrow(noticeFormatSchema, req.params.format, req.t);
    const em = deps.em();
    await caseInJurisdiction(em, caseNumber, staff);
    const notice = await noticeOfCase(em, caseNumber, id);
    await sendNotice(res, await printFor(em, notice, { kind: 'staff', staff, ip: req.ip ?? null }), format);
  });

  router.post(`${base}/:id/delivery`, office, async (req, res) => {
    const staff = signedIn(req);
    const { caseNumber, id } = parseOrThrow(noticeParamsSchema, req.params, req.t);
    const input = parseOrThrow(noticeDeliverySchema, req.body ?? {}, req.t);
    const em = deps.em();
    await caseInJurisdiction(em, caseNumber, staff);
    const notice = await noticeOfCase(em, caseNumber, id);
    if (notice.deliveryMethod) {
      throw new ApiError(409, 'notice_already_delivered', 'writtenNotices.errors.delivered', {
        documentNumber: notice.documentNumber,
      });
    }
    if (notice.timelineSeq === null || notice.timelineSeq === undefined)
      await recordIssue(req, staff, notice);
    const today = officeDateOf(new Date());
    if (input.deliveredOn < notice.issuedOn || input.deliveredOn > today) {
      throw new ApiError(422, 'validation_failed', 'errors.validation', {}, [
        {
          field: 'deliveredOn',
          message: req.t('writtenNotices.errors.deliveryDate', { issuedOn: notice.issuedOn, today }),
        },
      ]);
    }
    await recordOnTimeline(
      deps,
      req,
      staff,
      {
        command: 'recordNoticeDelivery',
        input: {
          noticeId: notice.id,
          kind: notice.kind,
          documentNumber: notice.documentNumber,
          method: input.method,
          deliveredOn: input.deliveredOn,
          deliveredBy: input.deliveredBy ?? staff.name,
        },
      },
      caseNumber,
    );
    res.json(noticeView(await deps.em().findOneOrFail(WrittenNotice, { id: notice.id })));
  });

  return router;
}
