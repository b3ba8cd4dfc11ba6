import test from 'ava';
import { parseKeyring, UnknownKeyError } from '../../config/encryption-keys';
import {
  decryptIdentity,
  emailMatch,
  encryptIdentity,
  envelopeKeyId,
  IdentityDecryptionError,
  matchHashesUnderEveryKey,
  phoneMatch,
  phoneMatchKey,
} from '../../db/identity-encryption';
import { testEncryptionKeys } from '../helpers/app';

const keyring = parseKeyring(testEncryptionKeys);
const [, olderEntry] = testEncryptionKeys.split(',');
const olderOnly = parseKeyring(olderEntry!);

/** Flips one bit of the sealed part of an envelope. */
function tampered(envelope: string): string {
  const cut = envelope.lastIndexOf(':') + 1;
  const sealed = Buffer.from(envelope.slice(cut), 'base64url');
  sealed[sealed.length - 1]! ^= 1;
  return envelope.slice(0, cut) + sealed.toString('base64url');
}

test('a value is stored as an envelope naming the current key, and opens to the same text', (t) => {
  const envelope = encryptIdentity(keyring, 'complainant_name', '王明');
  t.regex(envelope, /^enc:v1:test2:[A-Za-z0-9_-]+$/);
  t.false(envelope.includes('王明'));
  t.is(envelopeKeyId(envelope), 'test2');
  t.is(decryptIdentity(keyring, 'complainant_name', envelope), '王明');
});

test('the same value encrypted twice gives two different envelopes', (t) => {
  t.not(
    encryptIdentity(keyring, 'complainant_phone', '13800000000'),
    encryptIdentity(keyring, 'complainant_phone', '13800000000'),
  );
});

test('a value written under an older listed key still opens', (t) => {
  const envelope = encryptIdentity(olderOnly, 'address', '城关镇新桥村三组');
  t.is(envelopeKeyId(envelope), 'test1');
  t.is(decryptIdentity(keyring, 'address', envelope), '城关镇新桥村三组');
});

test('an altered envelope is refused, naming the column and the key', (t) => {
  const envelope = encryptIdentity(keyring, 'id_number', '110101199003071234');
  const error = t.throws(() => decryptIdentity(keyring, 'id_number', tampered(envelope)), {
    instanceOf: IdentityDecryptionError,
  });
  t.regex(error.message, /id_number.*"test2"/);
  t.throws(() => decryptIdentity(keyring, 'id_number', 'enc:v1:test2:AAAA'), {
    instanceOf: IdentityDecryptionError,
  });
});

test('a value moved into another column does not open there', (t) => {
  const phone = encryptIdentity(keyring, 'complainant_phone', '13800000000');
  t.throws(() => decryptIdentity(keyring, 'complainant_name', phone), {
    instanceOf: IdentityDecryptionError,
  });
});

test('a value under a key no longer listed is refused with that key named', (t) => {
  const envelope = encryptIdentity(keyring, 'complainant_email', 'wangming@example.cn');
  const error = t.throws(() => decryptIdentity(olderOnly, 'complainant_email', envelope), {
    instanceOf: UnknownKeyError,
  });
  t.is(error.keyId, 'test2');
  t.regex(error.message, /"test2"/);
});

test('a value from before encryption passes through until the rotation encrypts it', (t) => {
  t.is(envelopeKeyId('王明'), null);
  t.is(decryptIdentity(keyring, 'complainant_name', '王明'), '王明');
});

test('the phone blind index ignores +86, spaces and hyphens; a too-short number has none', (t) => {
  t.is(phoneMatch(keyring, '+86 138-0000-0001'), phoneMatch(keyring, '13800000001'));
  t.not(phoneMatch(keyring, '13800000001'), phoneMatch(keyring, '13800000002'));
  t.is(phoneMatchKey('12345'), null);
  t.is(phoneMatch(keyring, '12345'), null);
  t.regex(phoneMatch(keyring, '13800000001')!, /^test2:[A-Za-z0-9_-]{43}$/);
});

test('the e-mail blind index ignores case and surrounding spaces, and differs from a phone index', (t) => {
  t.is(emailMatch(keyring, ' WangMing@Example.cn '), emailMatch(keyring, 'wangming@example.cn'));
  t.is(emailMatch(keyring, ''), null);
  t.not(emailMatch(keyring, '13800000001'), phoneMatch(keyring, '13800000001'));
});

test('a query compares with the blind index under every listed key, so a rotation in progress still matches', (t) => {
  const hashes = matchHashesUnderEveryKey(keyring, 'phone', '13800000001');
  t.deepEqual(
    hashes.map((h) => h.split(':')[0]),
    ['test2', 'test1'],
  );
  t.true(hashes.includes(phoneMatch(olderOnly, '13800000001')!));
  t.deepEqual(matchHashesUnderEveryKey(keyring, 'phone', null), []);
});
