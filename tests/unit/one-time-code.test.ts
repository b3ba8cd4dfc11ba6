import test from 'ava';
import { parseKeyring } from '../../config/encryption-keys';
import { oneTimeCode, oneTimeCodeHash, oneTimeCodeMatches } from '../../db/lost-code/one-time-code';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const keyring = parseKeyring(`k2:${key(2)},k1:${key(1)}`);
const requestId = '6f1c2b7e-3f4a-4d5b-9c8d-7e6f5a4b3c2d';

test('the one-time code is six digits, the same for the API and the worker, and another for another request', (t) => {
  const code = oneTimeCode(keyring, 'k2', requestId);
  t.regex(code, /^\d{6}$/);
  t.is(oneTimeCode(parseKeyring(`k2:${key(2)},k1:${key(1)}`), 'k2', requestId), code);
  t.not(oneTimeCode(keyring, 'k2', '0b8e3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b'), code);
  t.not(oneTimeCode(keyring, 'k1', requestId), code, 'each listed key gives its own code');
});

test('only the right code matches the stored hash, which does not contain it', (t) => {
  const code = oneTimeCode(keyring, 'k1', requestId);
  const request = { id: requestId, keyId: 'k1', codeHash: oneTimeCodeHash(keyring, 'k1', requestId, code) };
  t.false(request.codeHash.includes(code));
  t.true(oneTimeCodeMatches(keyring, request, code));
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  t.false(oneTimeCodeMatches(keyring, request, wrong));
  t.false(oneTimeCodeMatches(keyring, { ...request, id: '0b8e3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b' }, code));
});
