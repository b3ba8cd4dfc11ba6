import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import { caseStatuses } from '../../domain/case';
import { categories } from '../../domain/petition';
import { likelyRepeats } from '../../db/likely-repeats';
import { signedIn } from '../auth/staff';
import { caseInJurisdiction } from '../case-commands';
import { caseNumberSchema } from '../schemas';
import { parseOrThrow } from '../validation';

export const likelyRepeatsSchema = z
  .object({
    candidates: z
      .array(
        z.object({
          caseNumber: z.string(),
          unit: z.object({ code: z.string(), name: z.string() }),
          status: z.enum(caseStatuses),
          receivedAt: z.iso.datetime(),
          category: z.enum(categories),
          place: z.string(),
          summary: z.string(),
          request: z.string(),
          repeatCount: z.number().int(),
          backlog: z.boolean(),
          score: z.number().min(0).max(1),
          reasons: z.array(z.enum(['same_complainant', 'same_place', 'similar_matter'])),
          sameComplainant: z.boolean(),
        }),
      )
      .max(5),
  })
  .meta({
    id: 'LikelyRepeats',
    description:
      'Open cases this petition likely repeats (重复信访), best first: link it to one with the joinOpenCase action.',
  });

/** The open cases a new petition likely repeats, for the clerk to compare and link (重复信访). */
export function likelyRepeatRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();
  router.get('/api/v1/staff/cases/:caseNumber/likely-repeats', async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const em = deps.em();
    await caseInJurisdiction(em, caseNumber, staff);
    const candidates = await likelyRepeats(em, caseNumber, staff.unitPath);
    res.set('Cache-Control', 'no-store').json({
      candidates: candidates.map((c) => ({ ...c, receivedAt: c.receivedAt.toISOString() })),
    });
  });
  return router;
}
