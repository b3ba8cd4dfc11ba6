import test from 'ava';
import {
  accessCodeMatches,
  deriveAccessCode,
  formatAccessCode,
  hashAccessCode,
  normaliseAccessCode,
} from '../../api/access-code';

const secret = 'a-secret-of-at-least-thirty-two-characters';

test('an access code is 20 digits and the same for the same submission key', (t) => {
  const code = deriveAccessCode(secret, 'submission-key-0001');
  t.regex(code, /^\d{20}$/);
  t.is(deriveAccessCode(secret, 'submission-key-0001'), code);
});

test('another submission key or another server secret gives another code', (t) => {
  const code = deriveAccessCode(secret, 'submission-key-0001');
  t.not(deriveAccessCode(secret, 'submission-key-0002'), code);
  t.not(deriveAccessCode(`${secret}-rotated`, 'submission-key-0001'), code);
});

test('the code is shown in groups of four and read back with spaces or dashes', (t) => {
  t.is(formatAccessCode('01234567890123456789'), '0123 4567 8901 2345 6789');
  t.is(normaliseAccessCode('0123-4567 8901 2345-6789'), '01234567890123456789');
});

test('only the right code matches its stored hash', async (t) => {
  const code = deriveAccessCode(secret, 'submission-key-0003');
  const stored = await hashAccessCode(code);
  t.false(stored.includes(code));
  t.true(await accessCodeMatches(stored, formatAccessCode(code)));
  t.false(await accessCodeMatches(stored, deriveAccessCode(secret, 'submission-key-0004')));
  t.false(await accessCodeMatches(stored, 'not a code'));
});
