import { Router } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import { signedIn } from '../auth/staff';
import { toLedgerEntry } from '../ledger-entry';

/** Work queues: what a department must handle, and what escalated to an office from below (督办). */
export function queueRoutes(ledger: () => LedgerRepository): Router {
  const router = Router();
  router.get('/api/v1/queues/department', async (req, res) => {
    const staff = signedIn(req);
    if (staff.departmentId === null) {
      res.json({ items: [] });
      return;
    }
    const now = new Date();
    const rows = await ledger().departmentQueue(staff.departmentId);
    res.json({ items: rows.map((row) => toLedgerEntry(row, now)) });
  });
  router.get('/api/v1/queues/escalations', async (req, res) => {
    const staff = signedIn(req);
    res.json({ items: await ledger().escalationQueue(staff.unitId) });
  });
  return router;
}
