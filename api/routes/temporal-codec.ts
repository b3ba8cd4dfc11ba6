import type { EntityManager } from '@mikro-orm/postgresql';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { isEncrypted, PayloadDecryptionError } from '../../temporal/payload-codec';
import { PetitionCase } from '../../db/entities';
import { IdentityAccessRepository } from '../../db/identity-views';
import { isWithin } from '../../domain/actor';
import { isAccusedParty } from '../../domain/identity-access';
import { requireRole, requireStaff, signedIn, type SignedInStaff } from '../auth/staff';
import { identityCaseOf } from '../case-commands';
import { ApiError } from '../errors';
import { parseOrThrow } from '../validation';

const base64 = z.base64();
export const payloadsSchema = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), base64).nullish(),
      data: base64.nullish(),
    }),
  ),
});
type JsonPayloads = z.infer<typeof payloadsSchema>;
type JsonPayload = JsonPayloads['payloads'][number];

const fromJson = (payload: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
  ),
  data: Buffer.from(payload.data ?? '', 'base64'),
});

const bytesToBase64 = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') : '';

const toJson = (payload: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, bytesToBase64(value)]),
  ),
  data: bytesToBase64(payload.data),
});

/**
 * Browsers send Origin on every cross-origin request and on every POST a foreign page
 * could forge. Only the Temporal UI (and the app itself) may call with the staff session:
 * this check is the route's CSRF protection, so it is not behind the staff CSRF token,
 * which the Temporal UI cannot send.
 */
function allowTemporalUi(uiOrigin: string | undefined, ownOrigin: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin !== undefined && origin === uiOrigin) {
      res.vary('Origin');
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Allow-Credentials', 'true');
    } else if (origin !== undefined && origin !== ownOrigin) {
      throw new ApiError(403, 'origin_not_allowed', 'errors.originNotAllowed');
    }
    if (req.method === 'OPTIONS') {
      if (origin === undefined || origin !== uiOrigin) {
        throw new ApiError(403, 'origin_not_allowed', 'errors.originNotAllowed');
      }
      res.set('Access-Control-Allow-Methods', 'POST');
      res.set('Access-Control-Allow-Headers', 'Content-Type, X-Namespace');
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * The remote codec of the Temporal web UI (远程编解码): payloads in Temporal are
 * encrypted, and the UI shows them decrypted only to a signed-in office head or
 * administrator, through `POST …/decode` and `POST …/encode` here. Every decode shows
 * petition text and identities: it is logged as an identity view.
 */
const caseNumbersIn = (payload: Payload): string[] => [
  ...new Set(
    Buffer.from(payload.data ?? new Uint8Array())
      .toString('utf8')
      .match(/QL\d{4}-\d{6,}/g) ?? [],
  ),
];

/**
 * The UI asks for whole pages of history at once, so jurisdiction is applied per payload:
 * one naming a case this person may not open (outside their units, or complaining about
 * them, 条例 Art. 30) goes back still encrypted. Each case shown is an identity view and
 * is written to the identity log, like a view on the case page.
 */
async function withinJurisdiction(
  em: EntityManager,
  staff: SignedInStaff,
  encrypted: Payload[],
  decoded: Payload[],
  ip: string | null,
): Promise<{ payloads: Payload[]; cases: string[]; withheld: number }> {
  const named = decoded.map(caseNumbersIn);
  const all = [...new Set(named.flat())];
  const rows =
    all.length === 0 ? [] : await em.find(PetitionCase, { caseNumber: { $in: all } }, { populate: ['unit'] });
  const visible = new Set(
    rows
      .filter((row) => isWithin(row.unitPath, staff.unitPath) && !isAccusedParty(staff, identityCaseOf(row)))
      .map((row) => row.caseNumber),
  );
  let withheld = 0;
  const payloads = decoded.map((payload, i) => {
    if (named[i]!.every((caseNumber) => visible.has(caseNumber))) return payload;
    withheld++;
    return encrypted[i]!;
  });
  const cases = all.filter((caseNumber) => visible.has(caseNumber));
  const log = new IdentityAccessRepository(em);
  for (const caseNumber of cases) {
    await log.record({ caseNumber, action: 'identity_view', staff, reason: 'Temporal UI', ip });
  }
  return { payloads, cases, withheld };
}

export function temporalCodecRoutes(deps: {
  em: () => EntityManager;
  /** The codecs of the API's own Temporal client: the UI sees payloads as the API reads them. */
  codecs: readonly PayloadCodec[];
  /** Staff sessions: this path is outside the other signed-in paths. */
  sessions: RequestHandler;
  /** The Temporal UI's address (TEMPORAL_UI_URL); without it only same-origin calls are served. */
  temporalUiUrl?: string;
  publicUrl: string;
}): Router {
  const router = Router();
  router.use(
    allowTemporalUi(
      deps.temporalUiUrl === undefined ? undefined : new URL(deps.temporalUiUrl).origin,
      new URL(deps.publicUrl).origin,
    ),
  );
  router.use(deps.sessions, requireStaff(deps.em), requireRole('admin', 'office_head'));
  router.use((req, res, next) => {
    // A JSON body forces the browser's preflight, so no foreign form can post here unasked.
    if (req.method === 'POST' && !req.is('application/json')) {
      throw new ApiError(415, 'unsupported_media_type', 'errors.unsupportedMediaType');
    }
    // Decrypted petitions: no browser or proxy may keep a copy.
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post('/decode', async (req, res) => {
    const staff = signedIn(req);
    const payloads = parseOrThrow(payloadsSchema, req.body, req.t).payloads.map(fromJson);
    let decoded = payloads;
    try {
      for (const codec of [...deps.codecs].reverse()) decoded = await codec.decode(decoded);
    } catch (error) {
      if (!(error instanceof PayloadDecryptionError)) throw error;
      throw new ApiError(422, 'payload_undecryptable', 'errors.payloadUndecryptable', {
        detail: error.message,
      });
    }
    const shown = await withinJurisdiction(deps.em(), staff, payloads, decoded, req.ip ?? null);
    req.log.info(
      {
        identityView: {
          via: 'temporal-ui',
          staffId: staff.staffId,
          role: staff.role,
          unitId: staff.unitId,
          namespace: req.get('x-namespace') ?? null,
          payloads: payloads.length,
          decrypted: payloads.filter(isEncrypted).length,
          cases: shown.cases,
          withheld: shown.withheld,
        },
      },
      'identity view: Temporal payloads decoded',
    );
    res.json({ payloads: shown.payloads.map(toJson) } satisfies JsonPayloads);
  });

  router.post('/encode', async (req, res) => {
    let encoded = parseOrThrow(payloadsSchema, req.body, req.t).payloads.map(fromJson);
    for (const codec of deps.codecs) encoded = await codec.encode(encoded);
    res.json({ payloads: encoded.map(toJson) } satisfies JsonPayloads);
  });

  return router;
}
