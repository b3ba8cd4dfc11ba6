import { Router } from 'express';
import { receivePetition, type IntakeDeps } from '../intake';
import { formatAccessCode } from '../access-code';
import { petitionInputSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** POST /api/v1/petitions: the public intake (一诉). */
export function petitionRoutes(deps: IntakeDeps & { publicUrl: string }): Router {
  const router = Router();
  router.post('/api/v1/petitions', async (req, res) => {
    const body: unknown = req.body;
    const withHeaderKey =
      body &&
      typeof body === 'object' &&
      !Array.isArray(body) &&
      !('submissionKey' in body) &&
      req.get('idempotency-key')
        ? { ...body, submissionKey: req.get('idempotency-key') }
        : body;
    const input = parseOrThrow(petitionInputSchema, withHeaderKey, req.t);
    const result = await receivePetition(deps, input, 'web');
    res.status(result.created ? 201 : 200).json({
      caseNumber: result.caseNumber,
      accessCode: formatAccessCode(result.accessCode),
      statusUrl: new URL('/status', deps.publicUrl).toString(),
    });
  });
  return router;
}
