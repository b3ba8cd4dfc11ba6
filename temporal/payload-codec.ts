import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  METADATA_ENCODING_KEY,
  type DataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Keyring } from '../config/encryption-keys';

/**
 * Petition text and the complainant's identity travel through Temporal as workflow,
 * activity and Update payloads, memo and query results. This codec encrypts every one
 * of them (AES-256-GCM with the `temporal-payloads` key of ENCRYPTION_KEYS) before it
 * leaves the process, so Temporal's database and its web UI hold only ciphertext.
 * Search attributes are not payloads: nothing personal may go into them.
 */
export const encryptedEncoding = 'binary/encrypted';
export const keyIdMetadataKey = 'encryption-key-id';

/** Where the API serves this codec to the Temporal web UI (api/routes/temporal-codec.ts). */
export const uiCodecPath = '/api/v1/temporal-codec';

const ivBytes = 12;
const tagBytes = 16;

/** A payload that cannot be decrypted: its key is gone, or its bytes were altered. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

const text = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : undefined;

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]) === encryptedEncoding;
}

export class PayloadEncryptionCodec implements PayloadCodec {
  constructor(private readonly keyring: Keyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  /** Payloads written before encryption (stored test histories, older runs) pass through as they are. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.keyring.current.id;
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), iv);
    // The key id is bound to the ciphertext: relabelling a payload with another key id fails authentication.
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(encryptedEncoding, 'utf8'),
        [keyIdMetadataKey]: Buffer.from(keyId, 'utf8'),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyId = text(payload.metadata?.[keyIdMetadataKey]);
    if (!keyId) throw new PayloadDecryptionError(`Encrypted payload carries no ${keyIdMetadataKey}`);
    if (!this.keyring.has(keyId)) {
      throw new PayloadDecryptionError(
        `Payload encrypted with key "${keyId}", which ENCRYPTION_KEYS no longer lists: add it back after the current key`,
      );
    }
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    if (sealed.length < ivBytes + tagBytes) {
      throw new PayloadDecryptionError(`Payload encrypted with key "${keyId}" is too short to be ciphertext`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), sealed.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadDecryptionError(
        `Payload encrypted with key "${keyId}" failed authentication: it was altered or encrypted with another secret under the same id`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }

  private key(keyId: string): Buffer {
    return this.keyring.keyFor('temporal-payloads', keyId);
  }
}

/** The data converter of every Temporal client and worker Qingling makes. */
export function encryptedDataConverter(keyring: Keyring): DataConverter {
  return { payloadCodecs: [new PayloadEncryptionCodec(keyring)], failureConverterPath };
}

/** Workflow bundles made ahead of time must carry the same failure converter. */
export const failureConverterPath = require.resolve('./failure-converter');
