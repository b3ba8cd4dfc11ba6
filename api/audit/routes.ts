import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { searchAudit, type AuditQuery } from '../../db/audit/search';
import { auditActions, auditOutcomes } from '../../db/audit/trail';
import { signedIn } from '../auth/staff';
import { download, json, mediaTypes, problem } from '../openapi-parts';
import { parseOrThrow } from '../validation';
import { auditCsv, auditXlsx } from './export';

export const auditQuerySchema = z.object({
  person: z.string().trim().min(1).max(64).optional().meta({
    description: 'Part of the name of the person who acted, or of the e-mail tried at a sign-in',
  }),
  action: z.enum(auditActions).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  from: z.iso.date().optional().meta({ description: 'First day, office time (Asia/Shanghai)' }),
  to: z.iso.date().optional().meta({ description: 'Last day, inclusive' }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** An export holds at most this many rows, newest first: a narrower filter gets the rest. */
const exportRowLimit = 100_000;

const officeDay = (day: string, plusDays = 0) =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000);

function queryOf(req: Request, whole: boolean): AuditQuery {
  const query = parseOrThrow(auditQuerySchema, req.query, req.t);
  const staff = signedIn(req);
  return {
    unitPath: staff.unitPath,
    seesUnplaced: staff.unitPath.split('/').filter(Boolean).length === 1,
    person: query.person,
    action: query.action,
    outcome: query.outcome,
    from: query.from ? officeDay(query.from) : undefined,
    to: query.to ? officeDay(query.to, 1) : undefined,
    limit: whole ? exportRowLimit : query.pageSize,
    offset: whole ? 0 : (query.page - 1) * query.pageSize,
  };
}

/**
 * 安全审计日志: an administrator searches and exports the audit trail of their unit and the
 * units below (the `/api/v1/admin` prefix already lets administrators only).
 */
export function auditRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  // The downloads first: `.xlsx` is not part of a search.
  router.get('/api/v1/admin/audit.xlsx', async (req, res) => {
    const { rows } = await searchAudit(deps.em(), queryOf(req, true));
    res
      .set('Cache-Control', 'no-store')
      .type('xlsx')
      .attachment(`${req.t('audit.fileName')}.xlsx`)
      .send(await auditXlsx(rows, req.t));
  });
  router.get('/api/v1/admin/audit.csv', async (req, res) => {
    const { rows } = await searchAudit(deps.em(), queryOf(req, true));
    res
      .set('Cache-Control', 'no-store')
      .type('text/csv; charset=utf-8')
      .attachment(`${req.t('audit.fileName')}.csv`)
      .send(auditCsv(rows, req.t));
  });
  router.get('/api/v1/admin/audit', async (req, res) => {
    const query = queryOf(req, false);
    const { total, rows } = await searchAudit(deps.em(), query);
    res.set('Cache-Control', 'no-store').json({
      total,
      page: query.offset / query.limit + 1,
      pageSize: query.limit,
      items: rows,
    });
  });
  return router;
}

const auditRowSchema = z.object({
  id: z.string(),
  chainPos: z.number().int(),
  at: z.string(),
  staffId: z.number().int().nullable(),
  staffName: z.string().nullable(),
  staffRole: z.string().nullable(),
  unitName: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  action: z.enum(auditActions),
  target: z.string().nullable(),
  caseNumber: z.string().nullable(),
  outcome: z.enum(auditOutcomes),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

export function registerAuditPaths(registry: OpenAPIRegistry): void {
  const refused = {
    401: problem('Not signed in.'),
    403: problem('Not an administrator.'),
    422: problem('A filter is wrong; details name it.'),
  };
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/audit',
    summary: 'The audit trail of staff actions in the subtree, newest first',
    request: { query: auditQuerySchema },
    responses: {
      200: json(
        z.object({
          total: z.number().int(),
          page: z.number().int(),
          pageSize: z.number().int(),
          items: z.array(auditRowSchema),
        }),
        'One page',
      ),
      ...refused,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/audit.xlsx',
    summary: 'The audit trail, filtered as the search, as a spreadsheet',
    request: { query: auditQuerySchema },
    responses: { 200: download('XLSX', mediaTypes.xlsx), ...refused },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/audit.csv',
    summary: 'The audit trail, filtered as the search, as CSV (UTF-8 with BOM)',
    request: { query: auditQuerySchema },
    responses: { 200: download('CSV', 'text/csv'), ...refused },
  });
}
