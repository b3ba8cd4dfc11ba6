import { Router } from 'express';
import { drillPolicyHeader, intakePolicyVersion, receivePetition, type IntakeDeps } from '../intake';
import { formatAccessCode } from '../access-code';
import { ApiError } from '../errors';
import { checkComplainantFiles, readComplainantFiles, storeComplainantFiles } from '../public-uploads';
import { petitionInputSchema } from '../schemas';
import { parseOrThrow } from '../validation';

/** POST /api/v1/petitions: the public intake (一诉); POST /api/v1/attachments: a file to send with it. */
export function petitionRoutes(deps: IntakeDeps & { publicUrl: string }): Router {
  const router = Router();
  router.post('/api/v1/petitions', async (req, res) => {
    const body: unknown = req.body;
    const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
    const withHeaderKey =
      isObject && !('submissionKey' in body) && req.get('idempotency-key')
        ? { ...body, submissionKey: req.get('idempotency-key') }
        : body;
    // Without a stated language, the one the request asks in: the complainant's e-mails follow it.
    const withLanguage =
      isObject && !('language' in body)
        ? { ...(withHeaderKey as object), language: req.language }
        : withHeaderKey;
    const input = parseOrThrow(petitionInputSchema, withLanguage, req.t);
    const drill = req.get(drillPolicyHeader);
    const policyVersion = drill === undefined ? undefined : intakePolicyVersion(drill, deps.drillPolicy);
    const result = await receivePetition(
      deps,
      input,
      input.qrUnitCode ? 'qr' : 'web',
      undefined,
      policyVersion,
    );
    res.status(result.created ? 201 : 200).json({
      caseNumber: result.caseNumber,
      accessCode: formatAccessCode(result.accessCode),
      statusUrl: new URL('/status', deps.publicUrl).toString(),
    });
  });

  /** One file (field `file`), checked by its content; its id then goes in the petition's `attachmentIds`. */
  router.post('/api/v1/attachments', async (req, res) => {
    const files = await readComplainantFiles(req, res, 'file');
    const [file] = files;
    if (!file || files.length > 1) {
      throw new ApiError(422, 'file_missing', 'errors.fileMissing', { field: 'file' });
    }
    const [stored] = await storeComplainantFiles(deps.em.fork(), await checkComplainantFiles([file]));
    res.status(201).json(stored);
  });
  return router;
}
