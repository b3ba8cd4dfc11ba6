import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { TFunction } from 'i18next';
import { appendToEndedTimeline } from '../../db/ended-timeline';
import {
  identityKeyring,
  matchHashesUnderEveryKey,
  phoneMatch,
  phoneMatchKey,
} from '../../db/identity-encryption';
import { oneTimeCode, oneTimeCodeHash, oneTimeCodeMatches } from '../../db/lost-code/one-time-code';
import { LostCodeRequest } from '../../db/lost-code/entities';
import type { sendVerificationCode } from '../../workflows/lost-code';
import type { AbuseLimits } from '../abuse';
import { TooManyRequests } from '../abuse';
import { formatAccessCode, hashAccessCode } from '../access-code';
import { giveCommand } from '../case-commands';
import { ApiError } from '../errors';

/** A one-time code is good for 10 minutes and 5 tries; then a new one must be asked for. */
export const oneTimeCodeMinutes = 10;
export const oneTimeCodeTries = 5;

export const lostCodeWorkflowId = (requestId: string) => `lost-code-${requestId}`;

export interface LostCodeDeps {
  em: () => EntityManager;
  temporal: Client;
  taskQueue: string;
  limits: AbuseLimits['lostCode'];
}

/** What a request for a new code is answered, whether or not the phone is the one on record. */
export interface LostCodeRequested {
  requestId: string;
  expiresAt: string;
}

/**
 * Anonymous petitions, and named ones with no phone, have nothing to prove the
 * person by: no new code can exist for them, and they are told so plainly.
 */
const impossible = () => new ApiError(422, 'lost_code_impossible', 'lostCode.impossible');

/**
 * 找回查询码, first step: records the request and sends the one-time code to the phone
 * on record when the typed phone is that one. The answer is the same, and takes the
 * same path, whether it matched or not (and whether the case number exists): the
 * SMS goes its own way through a workflow started in both cases.
 */
export async function requestNewCode(
  deps: LostCodeDeps,
  input: { caseNumber: string; phone: string },
): Promise<LostCodeRequested> {
  const em = deps.em();
  const keyring = identityKeyring(em);
  const [row] = await em
    .getConnection()
    .execute<{ anonymous: boolean; has_phone: boolean; phone_match: string | null }[]>(
      `select anonymous, complainant_phone is not null as has_phone, phone_match
         from petition_case where case_number = ?`,
      [input.caseNumber],
    );
  if (row && (row.anonymous || !row.has_phone)) throw impossible();
  const typed = phoneMatch(keyring, input.phone);
  // The schema lets only 7 or more digits through, which always have a blind index.
  if (!typed) throw new ApiError(422, 'validation_failed', 'errors.validation');
  await withinLimits(em, deps.limits, input.caseNumber, input.phone);

  const phoneOnRecord =
    !!row?.phone_match &&
    matchHashesUnderEveryKey(keyring, 'phone', phoneMatchKey(input.phone)).includes(row.phone_match);
  const request = new LostCodeRequest();
  request.id = randomUUID();
  request.caseNumber = input.caseNumber;
  request.phoneMatch = typed;
  request.phoneOnRecord = phoneOnRecord;
  request.keyId = keyring.current.id;
  request.codeHash = oneTimeCodeHash(
    keyring,
    request.keyId,
    request.id,
    oneTimeCode(keyring, request.keyId, request.id),
  );
  request.requestedAt = new Date();
  request.expiresAt = new Date(request.requestedAt.getTime() + oneTimeCodeMinutes * 60_000);
  await em.persistAndFlush(request);
  await deps.temporal.workflow.start<typeof sendVerificationCode>('sendVerificationCode', {
    workflowId: lostCodeWorkflowId(request.id),
    taskQueue: deps.taskQueue,
    args: [{ requestId: request.id }],
    workflowExecutionTimeout: `${oneTimeCodeMinutes + 5} minutes`,
  });
  return { requestId: request.id, expiresAt: request.expiresAt.toISOString() };
}

/**
 * Per case and per phone, counted in the database so every API process sees the same
 * number (per client address is counted in memory, before the route).
 */
async function withinLimits(
  em: EntityManager,
  limits: AbuseLimits['lostCode'],
  caseNumber: string,
  phone: string,
): Promise<void> {
  // Blind indexes are `<keyId>:<base64url>`: nothing to quote in an array literal.
  const phoneHashes = matchHashesUnderEveryKey(identityKeyring(em), 'phone', phoneMatchKey(phone));
  const count = (where: string, params: unknown[], windowSeconds: number) =>
    em.getConnection().execute<{ n: number; oldest: Date | null }[]>(
      `select count(*)::int as n, min(requested_at) as oldest from lost_code_request
        where ${where} and requested_at > now() - make_interval(secs => ?)`,
      [...params, windowSeconds],
    );
  const checks = [
    {
      limit: limits.perCase,
      rows: await count('case_number = ?', [caseNumber], limits.perCase.durationSeconds),
    },
    {
      limit: limits.perPhone,
      rows: await count(
        'phone_match = any(?::text[])',
        [`{${phoneHashes.join(',')}}`],
        limits.perPhone.durationSeconds,
      ),
    },
  ];
  for (const { limit, rows } of checks) {
    const [counted] = rows;
    if (!counted || counted.n < limit.points) continue;
    const oldest = counted.oldest ? new Date(counted.oldest).getTime() : Date.now();
    const wait = Math.ceil((oldest + limit.durationSeconds * 1000 - Date.now()) / 1000);
    throw new TooManyRequests(Math.max(1, wait), 'lostCode.tooMany');
  }
}

/** The new access code, shown once, as on the receipt. */
export interface NewAccessCode {
  caseNumber: string;
  accessCode: string;
}

interface RequestRow {
  id: string;
  case_number: string;
  phone_on_record: boolean;
  key_id: string;
  code_hash: string;
  attempts: number;
}

/**
 * 找回查询码, second step: the one-time code from the SMS. Every try counts; a wrong
 * code is answered the same whether the phone matched or not. The re-issue goes on
 * the case's timeline first, then the receipt takes the new code's hash, so the old
 * code stops working at once (a status page carries the code in every form: no
 * session of the old code lives on).
 */
export async function confirmNewCode(
  deps: LostCodeDeps,
  t: TFunction,
  requestId: string,
  code: string,
): Promise<NewAccessCode> {
  const em = deps.em();
  const [tried] = await em.getConnection().execute<RequestRow[]>(
    `update lost_code_request set attempts = attempts + 1
      where id = ? and reissued_at is null and expires_at > now() and attempts < ?
      returning id, case_number, phone_on_record, key_id, code_hash, attempts`,
    [requestId, oneTimeCodeTries],
  );
  if (!tried) throw await whyNotTried(em, requestId);
  const request = { id: tried.id, keyId: tried.key_id, codeHash: tried.code_hash };
  const right = oneTimeCodeMatches(identityKeyring(em), request, code) && tried.phone_on_record;
  if (!right) {
    const triesLeft = oneTimeCodeTries - tried.attempts;
    if (triesLeft <= 0) throw new ApiError(423, 'lost_code_locked', 'lostCode.locked');
    throw new ApiError(422, 'one_time_code_wrong', 'lostCode.wrongCode', { triesLeft });
  }
  await recordReissue(deps, t, tried.case_number, requestId);
  const accessCode = newAccessCode();
  const accessCodeHash = await hashAccessCode(accessCode);
  const replaced = await em.fork().transactional(async (tx) => {
    const used = await tx.execute<{ id: string }[]>(
      'update lost_code_request set reissued_at = now() where id = ? and reissued_at is null returning id',
      [requestId],
    );
    if (used.length === 0) return false;
    await tx.execute('update receipt set access_code_hash = ? where case_number = ?', [
      accessCodeHash,
      tried.case_number,
    ]);
    // A fresh code starts with a clean count against guessing.
    await tx.execute('delete from case_lookup_guard where case_number = ?', [tried.case_number]);
    return true;
  });
  if (!replaced) throw new ApiError(409, 'lost_code_used', 'lostCode.used');
  return { caseNumber: tried.case_number, accessCode: formatAccessCode(accessCode) };
}

/** 20 random digits, as on a receipt; not derived from anything, since nothing needs to give it again. */
function newAccessCode(): string {
  const value = BigInt(`0x${randomBytes(16).toString('hex')}`) % 10n ** 20n;
  return value.toString().padStart(20, '0');
}

/** Why a try was not counted: no such request, used, expired, or locked. */
async function whyNotTried(em: EntityManager, requestId: string): Promise<ApiError> {
  const [row] = await em.getConnection().execute<{ reissued: boolean; expired: boolean; attempts: number }[]>(
    `select reissued_at is not null as reissued, expires_at <= now() as expired, attempts
         from lost_code_request where id = ?`,
    [requestId],
  );
  if (!row) return new ApiError(404, 'lost_code_request_not_found', 'lostCode.notFound');
  if (row.reissued) return new ApiError(409, 'lost_code_used', 'lostCode.used');
  if (row.attempts >= oneTimeCodeTries) return new ApiError(423, 'lost_code_locked', 'lostCode.locked');
  return new ApiError(410, 'lost_code_expired', 'lostCode.expired', { minutes: oneTimeCodeMinutes });
}

/**
 * The re-issue on the case's timeline: through its workflow while it runs (it numbers
 * the events), straight into the timeline once it has ended. Keyed by the request, so a
 * retry after a lost answer adds nothing.
 */
async function recordReissue(deps: LostCodeDeps, t: TFunction, caseNumber: string, requestId: string) {
  try {
    await giveCommand(
      deps.temporal,
      caseNumber,
      'recordAccessCodeReissue',
      { kind: 'complainant' },
      { requestId },
      t,
    );
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'case_finished') throw error;
    await appendToEndedTimeline(
      deps.em(),
      caseNumber,
      { type: 'access_code_reissued', actor: 'complainant', data: { requestId } },
      {
        recorded: async (tx) =>
          (
            await tx.execute<{ n: number }[]>(
              `select count(*)::int as n from case_event
                where case_number = ? and type = 'access_code_reissued' and data->>'requestId' = ?`,
              [caseNumber, requestId],
            )
          )[0]!.n > 0,
      },
    );
  }
}
