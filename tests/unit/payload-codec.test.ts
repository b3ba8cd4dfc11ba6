import { randomBytes } from 'node:crypto';
import test from 'ava';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { parseKeyring } from '../../config/encryption-keys';
import {
  encryptedEncoding,
  keyIdMetadataKey,
  PayloadDecryptionError,
  PayloadEncryptionCodec,
} from '../../temporal/payload-codec';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const [k1, k2] = [key('k1'), key('k2')];
const petition = { name: '王秀兰', phone: '13912345678', summary: '村里的土地补偿款至今未发放' };
const asPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

test('a payload comes back as it went in, and in between holds neither its text nor its encoding', async (t) => {
  const codec = new PayloadEncryptionCodec(parseKeyring(k1));
  const [encrypted] = await codec.encode([asPayload(petition)]);
  t.is(text(encrypted!.metadata!.encoding), encryptedEncoding);
  t.is(text(encrypted!.metadata![keyIdMetadataKey]), 'k1');
  t.deepEqual(Object.keys(encrypted!.metadata!).sort(), ['encoding', keyIdMetadataKey].sort());
  t.false(text(encrypted!.data).includes('13912345678'));
  t.false(Buffer.from(encrypted!.data!).includes(Buffer.from('王秀兰')));
  const [decoded] = await codec.decode([encrypted!]);
  t.deepEqual(defaultPayloadConverter.fromPayload(decoded!), petition);
});

test('the same payload encrypts differently each time (a fresh IV)', async (t) => {
  const codec = new PayloadEncryptionCodec(parseKeyring(k1));
  const [a, b] = await codec.encode([asPayload(petition), asPayload(petition)]);
  t.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
});

test('after a rotation, payloads of the older key still decode and new ones use the new key', async (t) => {
  const [before] = await new PayloadEncryptionCodec(parseKeyring(k1)).encode([asPayload(petition)]);
  const rotated = new PayloadEncryptionCodec(parseKeyring(`${k2},${k1}`));
  t.deepEqual(defaultPayloadConverter.fromPayload((await rotated.decode([before!]))[0]!), petition);
  const [after] = await rotated.encode([asPayload(petition)]);
  t.is(text(after!.metadata![keyIdMetadataKey]), 'k2');
});

test('a payload of a key no longer listed fails with an error naming the key', async (t) => {
  const [old] = await new PayloadEncryptionCodec(parseKeyring(k1)).encode([asPayload(petition)]);
  const error = await t.throwsAsync(new PayloadEncryptionCodec(parseKeyring(k2)).decode([old!]), {
    instanceOf: PayloadDecryptionError,
  });
  t.regex(error!.message, /"k1"/);
  t.regex(error!.message, /ENCRYPTION_KEYS/);
});

test('an altered payload is refused, whether its bytes or its key id were changed', async (t) => {
  const codec = new PayloadEncryptionCodec(parseKeyring(`${k2},${k1}`));
  const [sealed] = await codec.encode([asPayload(petition)]);
  const flipped = Buffer.from(sealed!.data!);
  flipped[20] = flipped[20]! ^ 1;
  await t.throwsAsync(codec.decode([{ ...sealed!, data: flipped }]), {
    instanceOf: PayloadDecryptionError,
    message: /failed authentication/,
  });
  const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [keyIdMetadataKey]: Buffer.from('k1') } };
  await t.throwsAsync(codec.decode([relabelled]), { instanceOf: PayloadDecryptionError });
  await t.throwsAsync(codec.decode([{ ...sealed!, data: flipped.subarray(0, 10) }]), {
    instanceOf: PayloadDecryptionError,
    message: /too short/,
  });
});

test('payloads written before encryption pass through decoding untouched', async (t) => {
  const codec = new PayloadEncryptionCodec(parseKeyring(k1));
  const plain = asPayload(petition);
  t.deepEqual(await codec.decode([plain]), [plain]);
});
