import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import { complainantNoticeKinds } from '../../domain/written-notices';
import { WrittenNotice } from '../../db/written-notices/entities';
import { StatusPage } from '../../web/pages/status-page';
import type { DownloadableNotice } from '../../web/pages/written-notice-downloads';
import { setRetryAfter, type CaseLookupGuard } from '../abuse';
import { receiptFor } from '../case-status';
import { ApiError, toApiError } from '../errors';
import { formText, pageContext, problemsOf, sendPage } from '../page-rendering';
import { printFor, sendNotice } from './printing';

/** The notices addressed to the complainant, newest revision of each kind. */
export async function complainantNotices(
  em: EntityManager,
  caseNumber: string,
): Promise<DownloadableNotice[]> {
  const notices = await em.find(
    WrittenNotice,
    { caseNumber, kind: { $in: [...complainantNoticeKinds] } },
    { orderBy: { issuedAt: 'asc', revision: 'desc' } },
  );
  const latest = new Map<string, WrittenNotice>();
  for (const n of notices) if ((latest.get(n.kind)?.revision ?? 0) < n.revision) latest.set(n.kind, n);
  return [...latest.values()].map((n) => ({
    id: n.id,
    title: n.title,
    documentNumber: n.documentNumber,
    issuedOn: n.issuedOn,
  }));
}

export const downloadFormSchema = z.object({
  noticeId: z.coerce.number().int().positive().max(2_147_483_647),
  format: z.enum(['pdf', 'docx']),
});

/**
 * 文书下载 on the status page: the case number and access code come in the POST body,
 * checked as the status page checks them (with its guessing guard); the answer is the
 * file, or the look-up form saying what was wrong.
 */
export function writtenNoticeStatusRoutes(deps: { em: () => EntityManager; guard: CaseLookupGuard }): Router {
  const router = Router();
  router.post('/status/written-notice', async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const caseNumber = formText(form.caseNumber)?.trim().toUpperCase() ?? '';
    const accessCode = formText(form.accessCode) ?? '';
    try {
      if (!accessCode) throw new ApiError(401, 'access_code_missing', 'errors.accessCodeMissing');
      await receiptFor(deps.em(), deps.guard, caseNumber, accessCode);
      const wanted = downloadFormSchema.safeParse(form);
      const em = deps.em();
      const notice = wanted.success
        ? await em.findOne(WrittenNotice, {
            id: wanted.data.noticeId,
            caseNumber,
            kind: { $in: [...complainantNoticeKinds] },
          })
        : null;
      if (!wanted.success || !notice)
        throw new ApiError(404, 'notice_not_found', 'writtenNotices.errors.notFound');
      await sendNotice(res, await printFor(em, notice, { kind: 'complainant' }), wanted.data.format);
    } catch (error) {
      setRetryAfter(res, error);
      sendPage(
        res,
        StatusPage({ ctx: pageContext(req), caseNumber, errors: problemsOf(req, error) }),
        toApiError(error)?.status ?? 400,
      );
    }
  });
  return router;
}
