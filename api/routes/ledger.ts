import { Router } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import { ledgerQuerySchema } from '../schemas';
import { parseOrThrow } from '../validation';

/**
 * The office ledger (台账) for the staff console. Only the matter, never the
 * complainant's identity, is listed here; staff sign-in and jurisdiction come
 * with the case lifecycle (issue #3).
 */
export function ledgerRoutes(ledger: () => LedgerRepository): Router {
  const router = Router();
  router.get('/api/v1/ledger', async (req, res) => {
    const filter = parseOrThrow(ledgerQuerySchema, req.query, req.t);
    const { items, total } = await ledger().page(filter);
    res.json({
      items: items.map((c) => ({
        caseNumber: c.caseNumber,
        unit: { code: c.unit.code, name: c.unit.name },
        category: c.category,
        channel: c.channel,
        status: c.status,
        anonymous: c.anonymous,
        receivedAt: c.receivedAt.toISOString(),
        registeredAt: c.registeredAt.toISOString(),
      })),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
    });
  });
  router.get('/api/v1/ledger/summary', async (_req, res) => {
    res.json({ byStatus: await ledger().countByStatus() });
  });
  router.get('/api/v1/units', async (_req, res) => {
    const units = await ledger().units();
    res.json({
      items: units.map((u) => ({
        code: u.code,
        name: u.name,
        level: u.level,
        parentCode: u.parent?.code ?? null,
      })),
    });
  });
  return router;
}
