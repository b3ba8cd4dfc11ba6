import { Router, type Request } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import { toLedgerEntry } from '../ledger-entry';
import { ledgerQuerySchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** The signed-in person's unit path: everything here is limited to that subtree. */
export type Jurisdiction = (req: Request) => string;

/**
 * The office ledger (台账) for the staff console. Only the matter, never the
 * complainant's identity, is listed here, and only inside the person's jurisdiction.
 */
export function ledgerRoutes(ledger: () => LedgerRepository, jurisdiction: Jurisdiction): Router {
  const router = Router();
  router.get('/api/v1/ledger', async (req, res) => {
    const query = parseOrThrow(ledgerQuerySchema, req.query, req.t);
    const now = new Date();
    const { items, total } = await ledger().page({
      ...query,
      jurisdictionPath: jurisdiction(req),
      viewerDepartmentId: req.staff?.departmentId,
      now,
    });
    res.json({
      items: items.map((row) => toLedgerEntry(row, now)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    });
  });
  router.get('/api/v1/ledger/summary', async (req, res) => {
    res.json({ byStatus: await ledger().countByStatus(jurisdiction(req), req.staff?.departmentId) });
  });
  router.get('/api/v1/units', async (req, res) => {
    const units = await ledger().unitsWithin(jurisdiction(req));
    res.json({
      items: units.map((u) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        level: u.level,
        parentCode: u.parent?.code ?? null,
      })),
    });
  });
  return router;
}
