import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, RequestHandler, Response } from 'express';
import {
  auditWhoOf,
  recordAudit,
  type AuditAction,
  type AuditOutcome,
  type AuditWho,
} from '../../db/audit/trail';
import { uiCodecPath } from '../../temporal/payload-codec';

/** A kind of request the audit trail records: the first rule that matches names it. */
interface AuditedRequest {
  action: AuditAction;
  methods: readonly string[];
  path: RegExp;
}

const changes = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Every staff request the audit trail (安全审计日志) records, one row each, in one place so
 * that what is audited can be read at a glance. Identity views and grants are not here: their
 * routes write their row themselves (db/identity-views.ts), with the reason given.
 */
export const auditedRequests: readonly AuditedRequest[] = [
  { action: 'sign_in', methods: ['POST'], path: /^\/api\/v1\/session$/ },
  { action: 'sign_out', methods: ['DELETE'], path: /^\/api\/v1\/session(\/all)?$/ },
  // The code (or a recovery code) after the password, and setting up an authenticator.
  {
    action: 'second_factor',
    methods: ['POST', 'PUT'],
    path: /^\/api\/v1\/session\/second-factor(\/enrolment)?$/,
  },
  { action: 'password_change', methods: ['PUT'], path: /^\/api\/v1\/session\/password$/ },
  // A password set through a one-time link (an invitation or a reset) and an administrator's reset.
  { action: 'password_reset', methods: ['POST'], path: /^\/api\/v1\/session\/link\/password$/ },
  { action: 'password_reset', methods: ['POST'], path: /^\/api\/v1\/admin\/staff\/\d+\/reset-password$/ },
  { action: 'export', methods: ['GET'], path: /^\/api\/v1\/admin\/(log|audit)\.(xlsx|csv)$/ },
  { action: 'administration', methods: changes, path: /^\/api\/v1\/admin\// },
  {
    action: 'export',
    methods: ['GET'],
    path: /^\/api\/v1\/staff\/(close-out\/report|bulletins\/[^/]+)\.(xlsx|pdf)$/,
  },
  { action: 'download', methods: ['GET'], path: /^\/api\/v1\/staff\/attachments\/[^/]+$/ },
  {
    action: 'download',
    methods: ['GET'],
    path: /^\/api\/v1\/staff\/cases\/[^/]+\/written-notices\/[^/]+\/(pdf|docx)$/,
  },
  { action: 'codec', methods: ['POST'], path: new RegExp(`^${uiCodecPath}/(decode|encode)$`) },
];

const auditedRequestOf = (req: Request) =>
  auditedRequests.find(
    (rule) => rule.methods.includes(req.method) && rule.path.test(req.originalUrl.split('?')[0] ?? ''),
  );

/**
 * How the request ended. A wrong password is a failure; a lock-out (429), a missing role or a
 * missing sign-in is a refusal; anything else that did not succeed is a failure.
 */
function outcomeOf(action: AuditAction, status: number): AuditOutcome {
  if (status < 400) return 'success';
  if (status === 429 || status === 403) return 'refused';
  // A wrong password or second-factor code is a failure; elsewhere a 401 is a missing sign-in.
  if (status === 401 && action !== 'sign_in' && action !== 'second_factor') return 'refused';
  return 'failure';
}

/** Where a request came from, as the trail records it. */
export const requestOrigin = (req: Request) => ({
  ip: req.ip ?? null,
  userAgent: req.get('user-agent') ?? null,
});

const emailTried = (req: Request): string | null => {
  const email: unknown = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : null;
};

async function whoOf(
  em: EntityManager,
  req: Request,
  action: AuditAction,
  staffIdBefore: number | undefined,
): Promise<AuditWho | null> {
  if (req.staff) {
    const { staffId, name, role, unitId } = req.staff;
    return { staffId, name, role, unitId };
  }
  // While the second factor is owed, the person whose password was right.
  const staffId = req.session?.staffId ?? staffIdBefore ?? req.session?.pendingStaffId;
  if (staffId !== undefined) return auditWhoOf(em, staffId);
  const email = action === 'sign_in' ? emailTried(req) : null;
  if (email === null) return null;
  const [member] = await em
    .getConnection()
    .execute<{ id: number }[]>(`select id from staff_member where email = ?`, [email]);
  return member ? auditWhoOf(em, member.id) : null;
}

/** What the request was done to: the e-mail tried for a sign-in, otherwise the path with its query. */
const targetOf = (req: Request, action: AuditAction) =>
  action === 'sign_in' ? emailTried(req) : `${req.method} ${req.originalUrl}`;

/**
 * Records each audited request with who, from where, what and how it ended. The row is
 * written before the answer's last byte leaves (the way express-session saves a session
 * before it ends the answer), so a crash just after an answer cannot lose its row; a request
 * abandoned before its answer ended is recorded as failed. Mounted after the session
 * middleware and before the routes, so the person is known before a sign-out ends their
 * session and after a sign-in begins it.
 */
export function auditRequests(em: () => EntityManager): RequestHandler {
  return (req: Request, res: Response, next) => {
    const rule = auditedRequestOf(req);
    if (!rule) return next();
    const { action } = rule;
    const staffIdBefore = req.session?.staffId;
    let recorded = false;
    const record = async (outcome: AuditOutcome) => {
      if (recorded) return;
      recorded = true;
      // The password was right but the second factor is owed: no session began. The code step
      // that follows (second_factor) is the row that says whether the person got in.
      if (action === 'sign_in' && res.statusCode === 202) return;
      const fork = em();
      await recordAudit(fork, {
        who: await whoOf(fork, req, action, staffIdBefore),
        ...requestOrigin(req),
        action,
        target: targetOf(req, action),
        outcome,
        detail: { status: res.statusCode },
      });
    };
    const notWritten = (error: unknown) => req.log.error({ err: error, action }, 'audit row not written');
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      void record(outcomeOf(action, res.statusCode))
        .catch(notWritten)
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    res.once('close', () => {
      if (!res.writableFinished) record('failure').catch(notWritten);
    });
    next();
  };
}
