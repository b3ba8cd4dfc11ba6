import type { EntityManager } from '@mikro-orm/postgresql';
import type { Keyring } from '../config/encryption-keys';
import {
  decryptIdentity,
  accusedNameMatchKey,
  emailMatchKey,
  encryptIdentity,
  envelopeKeyId,
  identityColumns,
  matchHash,
  phoneMatchKey,
  type IdentityColumn,
  type MatchKind,
} from './identity-encryption';

export interface RotationCounts {
  /** Ledger rows written again. */
  rows: number;
  /** Values moved from an older key to the current one. */
  reencrypted: number;
  /** Values from before encryption, encrypted now. */
  encryptedPlaintext: number;
  /** Phone, e-mail and accused-name blind indexes computed again under the current key. */
  rehashed: number;
}

type Row = {
  case_number: string;
  phone_match: string | null;
  email_match: string | null;
  accused_name_index: string | null;
} & Record<IdentityColumn, string | null>;

const matchColumns = { phone: 'phone_match', email: 'email_match', accused: 'accused_name_index' } as const;

/**
 * Rows with a value or a blind index not under the current key. `starts_with`, not LIKE:
 * `_` may appear in a key id.
 */
const pendingSql = `
  select case_number, ${identityColumns.join(', ')}, phone_match, email_match, accused_name_index
    from petition_case
   where case_number > ?
     and (${identityColumns.map((c) => `(${c} is not null and not starts_with(${c}, ?))`).join(' or ')}
          or (phone_match is not null and not starts_with(phone_match, ?))
          or (email_match is not null and not starts_with(email_match, ?))
          or (accused_name_index is not null and not starts_with(accused_name_index, ?)))
   order by case_number
   limit ?
   for update skip locked`;

const updateSql = `
  update petition_case
     set ${identityColumns.map((c) => `${c} = ?`).join(', ')}, phone_match = ?, email_match = ?,
         accused_name_index = ?
   where case_number = ?`;

/**
 * Brings every complainant identity under the current key (密钥轮换): values and blind
 * indexes under an older key are written again under the current one, and plaintext from
 * before encryption is encrypted. Batch by batch, each in its own transaction, so a large
 * ledger is never locked whole; rows another process holds are skipped for the next run.
 * Running it again finds nothing to do. A value under a key ENCRYPTION_KEYS no longer
 * lists stops it with UnknownKeyError naming that key.
 */
export async function rotateIdentityKeys(
  em: EntityManager,
  keyring: Keyring,
  options: { batchSize?: number } = {},
): Promise<RotationCounts> {
  const batchSize = options.batchSize ?? 500;
  const current = keyring.current.id;
  const counts: RotationCounts = { rows: 0, reencrypted: 0, encryptedPlaintext: 0, rehashed: 0 };
  let after = '';
  for (;;) {
    const rows = await em.fork().transactional(async (tx) => {
      const batch = await tx.execute<Row[]>(pendingSql, [
        after,
        ...identityColumns.map(() => `enc:v1:${current}:`),
        `${current}:`,
        `${current}:`,
        `${current}:`,
        batchSize,
      ]);
      for (const row of batch) {
        const values = identityColumns.map((column) => rotatedValue(keyring, column, row[column], counts));
        const plain = (column: IdentityColumn) =>
          row[column] === null ? null : decryptIdentity(keyring, column, row[column]);
        const phone = rotatedMatch(keyring, row, 'phone', phoneMatchKey(plain('complainant_phone')), counts);
        const email = rotatedMatch(keyring, row, 'email', emailMatchKey(plain('complainant_email')), counts);
        const accused = rotatedMatch(
          keyring,
          row,
          'accused',
          accusedNameMatchKey(plain('accused_name')),
          counts,
        );
        await tx.execute(updateSql, [...values, phone, email, accused, row.case_number]);
      }
      return batch;
    });
    counts.rows += rows.length;
    if (rows.length < batchSize) return counts;
    after = rows[rows.length - 1]!.case_number;
  }
}

function rotatedValue(
  keyring: Keyring,
  column: IdentityColumn,
  stored: string | null,
  counts: RotationCounts,
): string | null {
  if (stored === null) return null;
  const keyId = envelopeKeyId(stored);
  if (keyId === keyring.current.id) return stored;
  if (keyId === null) counts.encryptedPlaintext += 1;
  else counts.reencrypted += 1;
  return encryptIdentity(keyring, column, decryptIdentity(keyring, column, stored));
}

/**
 * The blind index under the current key. A legacy row has none yet; one under the
 * current key stays as it is.
 */
function rotatedMatch(
  keyring: Keyring,
  row: Row,
  kind: MatchKind,
  key: string | null,
  counts: RotationCounts,
): string | null {
  const stored = row[matchColumns[kind]];
  if (stored !== null && stored.startsWith(`${keyring.current.id}:`)) return stored;
  if (key === null) return null;
  counts.rehashed += 1;
  return matchHash(keyring, kind, key);
}
