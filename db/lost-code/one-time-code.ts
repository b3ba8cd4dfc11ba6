import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../../config/encryption-keys';

/**
 * The one-time code (验证码) that proves the phone when a lost access code is asked for:
 * 6 digits, derived from the request's random id under the keyring's own key for this
 * use, so the API can check it and the worker can send it without either storing it.
 * The row keeps a keyed hash, compared in constant time.
 */
const digits = 6;

export function oneTimeCode(keyring: Keyring, keyId: string, requestId: string): string {
  const mac = createHmac('sha256', keyring.keyFor('verification-code', keyId))
    .update(`code\0${requestId}`)
    .digest();
  return (mac.readUInt32BE(0) % 10 ** digits).toString().padStart(digits, '0');
}

export function oneTimeCodeHash(keyring: Keyring, keyId: string, requestId: string, code: string): string {
  return createHmac('sha256', keyring.keyFor('verification-code', keyId))
    .update(`hash\0${requestId}\0${code}`)
    .digest('hex');
}

export function oneTimeCodeMatches(
  keyring: Keyring,
  request: { id: string; keyId: string; codeHash: string },
  presented: string,
): boolean {
  const expected = Buffer.from(request.codeHash, 'hex');
  const given = Buffer.from(oneTimeCodeHash(keyring, request.keyId, request.id, presented), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
