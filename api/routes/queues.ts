import { Router } from 'express';
import type { LedgerRepository } from '../../db/ledger';
import { signedIn } from '../auth/staff';
import type { z } from 'zod';
import { toLedgerEntry } from '../ledger-entry';
import type { departmentQueueSchema, escalationQueueSchema } from '../work-queue-schemas';

/** Work queues: what a department must handle, and what escalated to an office from below (督办). */
export function queueRoutes(ledger: () => LedgerRepository): Router {
  const router = Router();
  router.get('/api/v1/queues/department', async (req, res) => {
    const staff = signedIn(req);
    if (staff.departmentId === null) {
      res.json({ items: [] } satisfies z.infer<typeof departmentQueueSchema>);
      return;
    }
    const now = new Date();
    const rows = await ledger().departmentQueue(staff.departmentId);
    res.json({ items: rows.map((row) => toLedgerEntry(row, now)) } satisfies z.infer<
      typeof departmentQueueSchema
    >);
  });
  router.get('/api/v1/queues/escalations', async (req, res) => {
    const staff = signedIn(req);
    const items = (await ledger().escalationQueue(staff.unitId)).map((item) => ({
      ...item,
      escalatedAt: item.escalatedAt.toISOString(),
      dueAt: item.dueAt?.toISOString() ?? null,
      nextDueAt: item.nextDueAt?.toISOString() ?? null,
    }));
    res.json({ items } satisfies z.infer<typeof escalationQueueSchema>);
  });
  return router;
}
