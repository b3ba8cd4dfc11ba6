import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Type, type EntityProperty, type Platform, type TransformContext } from '@mikro-orm/core';
import type { Keyring } from '../config/encryption-keys';
import type { Complainant } from '../domain/petition';

/**
 * The complainant's identity at rest (信访人身份信息): every value in PostgreSQL is an
 * AES-256-GCM envelope `enc:v1:<keyId>:<base64url(iv | tag | ciphertext)>`. The key id
 * says which listed key opens it, so keys rotate without a flag day; the column's name is
 * the additional data, so a value copied into another column no longer opens.
 *
 * Matching the same complainant (重复信访) cannot compare ciphertexts: the phone and the
 * e-mail also get a keyed blind index, `<keyId>:<base64url(HMAC-SHA256)>` over the same
 * normalised form the old SQL keys used. A query matches against the HMAC under every
 * listed key, so a rotation in progress still finds its pairs.
 */
export const identityColumns = [
  'complainant_name',
  'complainant_phone',
  'complainant_email',
  'id_number',
  'address',
  /** The accused person of a report (被反映人): identity-grade too. */
  'accused_name',
] as const;
export type IdentityColumn = (typeof identityColumns)[number];

const envelopePrefix = 'enc:v1:';
const ivBytes = 12;
const tagBytes = 16;

/** A stored value that does not open: altered, cut, or moved from another column. */
export class IdentityDecryptionError extends Error {
  constructor(
    readonly column: string,
    readonly keyId: string | null,
  ) {
    super(
      keyId
        ? `The ${column} value encrypted with key "${keyId}" does not decrypt: it was altered or belongs to another column`
        : `The ${column} value is not a readable envelope`,
    );
    this.name = 'IdentityDecryptionError';
  }
}

export function encryptIdentity(keyring: Keyring, column: string, plaintext: string): string {
  const keyId = keyring.current.id;
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', keyring.keyFor('identity-at-rest', keyId), iv);
  cipher.setAAD(Buffer.from(column, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const sealed = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  return `${envelopePrefix}${keyId}:${sealed}`;
}

/** The key id an envelope names, or null for a value written before encryption (plaintext). */
export function envelopeKeyId(stored: string): string | null {
  if (!stored.startsWith(envelopePrefix)) return null;
  const end = stored.indexOf(':', envelopePrefix.length);
  return end > envelopePrefix.length ? stored.slice(envelopePrefix.length, end) : '';
}

/**
 * The plaintext of a stored value. Values from before encryption pass through as they are
 * until the rotation routine encrypts them; a key that is no longer listed throws
 * UnknownKeyError naming it.
 */
export function decryptIdentity(keyring: Keyring, column: string, stored: string): string {
  const keyId = envelopeKeyId(stored);
  if (keyId === null) return stored;
  if (keyId === '') throw new IdentityDecryptionError(column, null);
  const sealed = Buffer.from(stored.slice(envelopePrefix.length + keyId.length + 1), 'base64url');
  if (sealed.length < ivBytes + tagBytes) throw new IdentityDecryptionError(column, keyId);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyring.keyFor('identity-at-rest', keyId),
    sealed.subarray(0, ivBytes),
  );
  decipher.setAAD(Buffer.from(column, 'utf8'));
  decipher.setAuthTag(sealed.subarray(ivBytes, ivBytes + tagBytes));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(ivBytes + tagBytes)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new IdentityDecryptionError(column, keyId);
  }
}

/** Digits only, the last 11, so +86 and hyphens do not matter; too short to say anyone: none. */
export function phoneMatchKey(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-11) : null;
}

export function emailMatchKey(email: string | null | undefined): string | null {
  const trimmed = (email ?? '').replace(/^ +| +$/g, '').toLowerCase();
  return trimmed === '' ? null : trimmed;
}

/**
 * A person's name as reports are matched on it: full-width folded (NFKC), every space
 * removed (inner ones too: 王 明 and 王明 are one person), Latin letters in lower case.
 */
export function accusedNameMatchKey(name: string | null | undefined): string | null {
  const folded = (name ?? '').normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
  return folded === '' ? null : folded;
}

export type MatchKind = 'phone' | 'email' | 'accused';

/** The blind index of one normalised value under one listed key (the current one by default). */
export function matchHash(
  keyring: Keyring,
  kind: MatchKind,
  key: string,
  keyId = keyring.current.id,
): string {
  const mac = createHmac('sha256', keyring.keyFor('identity-match', keyId))
    .update(`${kind}\0${key}`, 'utf8')
    .digest('base64url');
  return `${keyId}:${mac}`;
}

/** What a query compares a stored blind index with: the value's HMAC under every listed key. */
export function matchHashesUnderEveryKey(keyring: Keyring, kind: MatchKind, key: string | null): string[] {
  return key === null ? [] : keyring.keys.map((k) => matchHash(keyring, kind, key, k.id));
}

export function phoneMatch(keyring: Keyring, phone: string | null | undefined): string | null {
  const key = phoneMatchKey(phone);
  return key === null ? null : matchHash(keyring, 'phone', key);
}

export function emailMatch(keyring: Keyring, email: string | null | undefined): string | null {
  const key = emailMatchKey(email);
  return key === null ? null : matchHash(keyring, 'email', key);
}

export function accusedNameMatch(keyring: Keyring, name: string | null | undefined): string | null {
  const key = accusedNameMatchKey(name);
  return key === null ? null : matchHash(keyring, 'accused', key);
}

/**
 * Each open database's keyring, by its platform: an encrypted column's type sees only the
 * platform, and a test process may open databases under different keyrings.
 */
const keyrings = new WeakMap<Platform, Keyring>();

export function registerIdentityKeyring(platform: Platform, keyring: Keyring): void {
  keyrings.set(platform, keyring);
}

export function identityKeyring(source: Platform | { getPlatform(): Platform }): Keyring {
  const platform = 'getPlatform' in source ? source.getPlatform() : source;
  const keyring = keyrings.get(platform);
  if (!keyring)
    throw new Error('No identity keyring for this database: open it with openDatabase(url, { keyring })');
  return keyring;
}

/**
 * A MikroORM column type: the entity holds plaintext, the row holds the envelope. Each
 * property gets its own instance, which knows its column (the additional data).
 */
export class EncryptedIdentityType extends Type<string | null | undefined, string | null | undefined> {
  private column(): string {
    const column = this.prop?.fieldNames[0];
    if (!column) throw new Error('EncryptedIdentityType used outside an entity property');
    return column;
  }

  override convertToDatabaseValue(
    value: string | null | undefined,
    platform: Platform,
    context?: TransformContext,
  ): string | null | undefined {
    if (value === null || value === undefined) return value;
    // A random IV makes equal values unequal: a condition on the column would never match.
    if (context?.mode === 'query') {
      throw new Error(
        `${this.column()} is encrypted and cannot be searched; match on its blind index instead`,
      );
    }
    return encryptIdentity(identityKeyring(platform), this.column(), value);
  }

  override convertToJSValue(value: string | null | undefined, platform: Platform): string | null | undefined {
    if (value === null || value === undefined) return value;
    return decryptIdentity(identityKeyring(platform), this.column(), value);
  }

  /** Two envelopes of the same value differ (random IV); what counts as a change is the plaintext. */
  override compareValues(a: string | null | undefined, b: string | null | undefined): boolean {
    if (a === b) return true;
    if (a == null || b == null || !this.platform) return false;
    const keyring = identityKeyring(this.platform);
    return decryptIdentity(keyring, this.column(), a) === decryptIdentity(keyring, this.column(), b);
  }

  override ensureComparable(): boolean {
    return false;
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(_prop: EntityProperty, _platform: Platform): string {
    return 'text';
  }
}

/**
 * The ledger row's identity properties for a complainant (none for an anonymous petition):
 * the values the column type encrypts, and the blind indexes under the current key.
 */
export function complainantIdentity(keyring: Keyring, complainant: Complainant | undefined) {
  return {
    complainantName: complainant?.name ?? null,
    complainantPhone: complainant?.phone ?? null,
    complainantEmail: complainant?.email ?? null,
    complainantIdNumber: complainant?.idNumber ?? null,
    complainantAddress: complainant?.address ?? null,
    phoneMatch: phoneMatch(keyring, complainant?.phone),
    emailMatch: emailMatch(keyring, complainant?.email),
  };
}
