import type { EntityManager } from '@mikro-orm/postgresql';
import type { Keyring } from '../config/encryption-keys';
import { decryptIdentity, encryptIdentity, envelopeKeyId, identityKeyring } from './identity-encryption';

/** The envelope's additional data: a secret copied into another column no longer opens. */
const secretColumn = 'staff_second_factor.secret';

export interface SecondFactorRow {
  secret: string;
  enrolled: boolean;
  /** The TOTP time step last accepted; a code of this step or an earlier one is refused. */
  lastTimeStep: number | null;
}

interface Row {
  secret: string;
  enrolled_at: Date | string | null;
  last_time_step: string | number | null;
}

/**
 * 双因素认证 at rest: the TOTP secret as an identity-grade envelope (the same keys and
 * format as the complainant's identity), recovery codes as argon2id hashes only.
 */
export class SecondFactorRepository {
  constructor(private readonly em: EntityManager) {}

  private get sql() {
    return this.em.getConnection();
  }

  async of(staffId: number): Promise<SecondFactorRow | null> {
    const [row] = await this.sql.execute<Row[]>(
      `select secret, enrolled_at, last_time_step from staff_second_factor where staff_id = ?`,
      [staffId],
    );
    if (!row) return null;
    return {
      secret: decryptIdentity(identityKeyring(this.em), secretColumn, row.secret),
      enrolled: row.enrolled_at !== null,
      lastTimeStep: row.last_time_step === null ? null : Number(row.last_time_step),
    };
  }

  /** Of these people, those with an authenticator bound (not merely begun). */
  async enrolledAmong(staffIds: readonly number[]): Promise<Set<number>> {
    if (staffIds.length === 0) return new Set();
    const rows = await this.sql.execute<{ staff_id: number }[]>(
      `select staff_id from staff_second_factor where staff_id in (?) and enrolled_at is not null`,
      [staffIds],
    );
    return new Set(rows.map((row) => row.staff_id));
  }

  /** A new secret waiting for its first code; replaces one not yet confirmed, never an enrolled one. */
  async begin(staffId: number, secret: string): Promise<boolean> {
    const sealed = encryptIdentity(identityKeyring(this.em), secretColumn, secret);
    const rows = await this.sql.execute<{ staff_id: number }[]>(
      `insert into staff_second_factor (staff_id, secret, created_at) values (?, ?, now())
         on conflict (staff_id) do update set secret = excluded.secret, created_at = now(), last_time_step = null
           where staff_second_factor.enrolled_at is null
       returning staff_id`,
      [staffId, sealed],
    );
    return rows.length > 0;
  }

  /**
   * Takes the time step of an accepted code, once: false when this step (or a later one)
   * was already taken, by an earlier request or by one racing this.
   */
  async takeTimeStep(staffId: number, timeStep: number): Promise<boolean> {
    const rows = await this.sql.execute<{ staff_id: number }[]>(
      `update staff_second_factor set last_time_step = ?
         where staff_id = ? and (last_time_step is null or last_time_step < ?) returning staff_id`,
      [timeStep, staffId, timeStep],
    );
    return rows.length > 0;
  }

  /** Confirms the enrolment and replaces the recovery codes, together or not at all. */
  async confirm(staffId: number, recoveryCodeHashes: string[]): Promise<void> {
    await this.em.transactional(async (tx) => {
      const sql = tx.getConnection();
      await sql.execute(`update staff_second_factor set enrolled_at = now() where staff_id = ?`, [staffId]);
      await sql.execute(`delete from staff_recovery_code where staff_id = ?`, [staffId]);
      for (const hash of recoveryCodeHashes) {
        await sql.execute(`insert into staff_recovery_code (staff_id, code_hash) values (?, ?)`, [
          staffId,
          hash,
        ]);
      }
    });
  }

  async unspentRecoveryCodes(staffId: number): Promise<{ id: number; hash: string }[]> {
    const rows = await this.sql.execute<{ id: number; code_hash: string }[]>(
      `select id, code_hash from staff_recovery_code where staff_id = ? and spent_at is null order by id`,
      [staffId],
    );
    return rows.map((row) => ({ id: row.id, hash: row.code_hash }));
  }

  /** Spends a recovery code; false when a racing request spent it first. */
  async spendRecoveryCode(id: number): Promise<boolean> {
    const rows = await this.sql.execute<{ id: number }[]>(
      `update staff_recovery_code set spent_at = now() where id = ? and spent_at is null returning id`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * Writes every authenticator secret under the keyring's current key (密钥轮换, with the
   * complainants' identity); a secret replaced meanwhile keeps its new value. Answers how
   * many were written again.
   */
  async rotateSecrets(keyring: Keyring): Promise<number> {
    const rows = await this.sql.execute<{ staff_id: number; secret: string }[]>(
      `select staff_id, secret from staff_second_factor where secret not like ?`,
      [`enc:v1:${keyring.current.id}:%`],
    );
    let rotated = 0;
    for (const row of rows) {
      if (envelopeKeyId(row.secret) === keyring.current.id) continue;
      const plain = decryptIdentity(keyring, secretColumn, row.secret);
      const written = await this.sql.execute<{ staff_id: number }[]>(
        `update staff_second_factor set secret = ? where staff_id = ? and secret = ? returning staff_id`,
        [encryptIdentity(keyring, secretColumn, plain), row.staff_id, row.secret],
      );
      rotated += written.length;
    }
    return rotated;
  }

  /** Forgets the authenticator and the recovery codes: the person enrols again. */
  async remove(staffId: number): Promise<boolean> {
    await this.sql.execute(`delete from staff_recovery_code where staff_id = ?`, [staffId]);
    const rows = await this.sql.execute<{ staff_id: number }[]>(
      `delete from staff_second_factor where staff_id = ? returning staff_id`,
      [staffId],
    );
    return rows.length > 0;
  }
}
