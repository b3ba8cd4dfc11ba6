import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import { signedIn } from '../auth/staff';
import { caseInJurisdiction } from '../case-commands';
import { caseNumberSchema } from '../schemas';
import { parseOrThrow } from '../validation';
import { maskEmail } from '../../domain/mail-address';
import { maskPhone } from '../../domain/phone';

interface MailRow {
  channel: 'email' | 'sms';
  receipt_status: string | null;
  receipt_at: Date | null;
  subject: string;
  recipient: string;
  created_at: Date;
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** One e-mail or SMS a case caused, as the case page lists it. */
export const caseMailsSchema = z
  .object({
    mails: z.array(
      z.object({
        channel: z.enum(['email', 'sms']),
        subject: z.string().meta({ description: 'The e-mail’s subject, or sms:<template>' }),
        recipient: z.string().meta({ description: 'Masked, e.g. w***@example.cn or 138****1234' }),
        createdAt: z.string(),
        sentAt: z.string().nullable(),
        attempts: z.number().int(),
        lastAttemptAt: z.string().nullable(),
        lastError: z.string().nullable(),
        receipt: z
          .string()
          .nullable()
          .meta({ description: 'The SMS centre’s delivery receipt (DELIVRD, UNDELIV …)' }),
        receiptAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'CaseMails' });

/** The outbox of a case: every e-mail and SMS it caused, sent or still being retried, with the SMS's delivery receipt. */
export function caseMailRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.get('/api/v1/staff/cases/:caseNumber/mails', async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const em = deps.em();
    await caseInJurisdiction(em, caseNumber, staff);
    const rows = await em.getConnection().execute<MailRow[]>(
      `select channel, subject, recipient, created_at, sent_at, attempts, last_error, last_attempt_at,
              receipt_status, receipt_at
         from mail_delivery where case_number = ? order by created_at asc, key asc`,
      [caseNumber],
    );
    res.set('Cache-Control', 'no-store').json({
      mails: rows.map((r) => ({
        channel: r.channel,
        subject: r.subject,
        // Stored masked already; masked again in case a row predates that.
        recipient: r.channel === 'sms' ? maskPhone(r.recipient) : maskEmail(r.recipient),
        createdAt: new Date(r.created_at).toISOString(),
        sentAt: iso(r.sent_at),
        attempts: r.attempts,
        lastAttemptAt: iso(r.last_attempt_at),
        lastError: r.last_error,
        receipt: r.receipt_status,
        receiptAt: iso(r.receipt_at),
      })),
    } satisfies z.infer<typeof caseMailsSchema>);
  });
  return router;
}
