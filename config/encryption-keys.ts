import { hkdfSync, randomBytes } from 'node:crypto';

/**
 * The keys Qingling encrypts with: the complainant's identity at rest in PostgreSQL and
 * every Temporal payload. `ENCRYPTION_KEYS` lists them as `id:base64` pairs separated
 * by commas, the first being the one new data is encrypted with; the others are kept
 * only to read what was written before a rotation (see SECURITY.md).
 *
 * Each use gets its own key derived from the listed one (HKDF-SHA256 with the use as
 * info), so a key that leaks from one place opens nothing else.
 */
export type KeyUse = 'identity-at-rest' | 'identity-match' | 'temporal-payloads' | 'verification-code';

export interface EncryptionKey {
  id: string;
  secret: Buffer;
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,16}$/;

export class Keyring {
  readonly keys: readonly EncryptionKey[];
  private readonly derived = new Map<string, Buffer>();

  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('ENCRYPTION_KEYS holds no key');
    const ids = new Set<string>();
    for (const key of keys) {
      if (!keyIdPattern.test(key.id)) {
        throw new Error(`ENCRYPTION_KEYS: key id "${key.id}" must be 1–16 letters, digits, - or _`);
      }
      if (key.secret.length !== 32) {
        throw new Error(
          `ENCRYPTION_KEYS: key "${key.id}" must be 32 bytes in base64 (openssl rand -base64 32)`,
        );
      }
      if (ids.has(key.id)) throw new Error(`ENCRYPTION_KEYS: key id "${key.id}" appears twice`);
      ids.add(key.id);
    }
    this.keys = keys;
  }

  /** The key new data is encrypted with. */
  get current(): EncryptionKey {
    return this.keys[0]!;
  }

  has(id: string): boolean {
    return this.keys.some((k) => k.id === id);
  }

  /** The key for one use, derived from the listed key `id` (the current one by default). */
  keyFor(use: KeyUse, id: string = this.current.id): Buffer {
    // Derived once per key and use: every identity field and payload asks for one.
    let derived = this.derived.get(`${use}/${id}`);
    if (!derived) {
      const key = this.keys.find((k) => k.id === id);
      if (!key) throw new UnknownKeyError(id);
      derived = Buffer.from(hkdfSync('sha256', key.secret, 'qingling', use, 32));
      this.derived.set(`${use}/${id}`, derived);
    }
    // A copy, so a caller that wipes its key wipes only its own.
    return Buffer.from(derived);
  }
}

export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`Encrypted with key "${keyId}", which ENCRYPTION_KEYS no longer lists`);
    this.name = 'UnknownKeyError';
  }
}

/** Reads `id:base64,id:base64`; throws with a message naming what is wrong. */
export function parseKeyring(value: string): Keyring {
  const keys = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const colon = part.indexOf(':');
      if (colon <= 0)
        throw new Error('ENCRYPTION_KEYS must be id:base64 pairs, for example k1:<openssl rand -base64 32>');
      return { id: part.slice(0, colon), secret: Buffer.from(part.slice(colon + 1), 'base64') };
    });
  return new Keyring(keys);
}

/** A new key list entry, `id:base64`, for the embedded stack's secrets and for documentation. */
export function newKeyEntry(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
