import type { EntityManager } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import { mayViewIdentity } from '../../domain/identity-access';
import { PetitionCase } from '../../db/entities';
import { IdentityAccessRepository } from '../../db/identity-views';
import type { WrittenNotice } from '../../db/written-notices/entities';
import { noticeDocx } from '../../reports/written-notices/docx';
import { noticePdf } from '../../reports/written-notices/pdf';
import {
  noticeFileName,
  printedNotice,
  type PrintedNotice,
} from '../../reports/written-notices/printed-notice';
import type { SignedInStaff } from '../auth/staff';
import { identityCaseOf } from '../case-commands';

/** Who prints a notice: the complainant (their own notice) or a person of the office, from an address. */
export type Reader = { kind: 'complainant' } | { kind: 'staff'; staff: SignedInStaff; ip: string | null };

/**
 * The addressee's name: for the complainant, and for those who may see the complainant's
 * identity, each such print recorded as a look (查看记录) with the notice's number as the
 * reason; 信访人 for everyone else and on anonymous cases.
 */
async function complainantNameFor(
  em: EntityManager,
  row: PetitionCase,
  notice: WrittenNotice,
  reader: Reader,
) {
  if (row.anonymous) return null;
  if (reader.kind === 'staff') {
    const { staff } = reader;
    const identity = new IdentityAccessRepository(em);
    if (!mayViewIdentity(staff, identityCaseOf(row), await identity.activeGrants(row.caseNumber)))
      return null;
    await identity.record({
      caseNumber: row.caseNumber,
      action: 'identity_view',
      staff: { staffId: staff.staffId, name: staff.name, role: staff.role, unitId: staff.unitId },
      reason: `打印文书 ${notice.documentNumber}`,
      ip: reader.ip,
    });
  }
  return row.complainantName ?? null;
}

/** Sends a notice as a PDF or DOCX download. */
export async function sendNotice(res: Response, printed: PrintedNotice, format: 'pdf' | 'docx') {
  const bytes = format === 'pdf' ? await noticePdf(printed) : await noticeDocx(printed);
  res
    .status(200)
    .set('Cache-Control', 'no-store')
    .type(
      format === 'pdf'
        ? 'application/pdf'
        : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    .attachment(noticeFileName(printed, format))
    .send(bytes);
}

/** Prints a notice for its reader, with the addressee's name as they may see it. */
export async function printFor(em: EntityManager, notice: WrittenNotice, reader: Reader) {
  const row = await em.findOneOrFail(PetitionCase, { caseNumber: notice.caseNumber });
  return printedNotice(notice, await complainantNameFor(em, row, notice, reader));
}
