import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { holdsRole, type StaffActor, type StaffRole } from '../../domain/actor';
import { SecondFactorRepository } from '../../db/second-factor';
import { hashPassword, passwordMatches } from './passwords';

/**
 * 双因素认证: a TOTP authenticator (RFC 6238: six digits, 30-second steps, SHA-1, as
 * every authenticator app reads it) and ten single-use recovery codes for a lost phone.
 */
export const recoveryCodeCount = 10;

/** One step either side: a phone clock a little off, or a code typed as it turned. */
const toleranceSeconds = 30;

/** Whether this person must give a second factor: one of the roles the setting lists (SECOND_FACTOR_ROLES). */
export const secondFactorRequired = (
  person: Pick<StaffActor, 'role' | 'roles'>,
  requiredRoles: readonly StaffRole[],
): boolean => holdsRole(person, requiredRoles);

/** What the account menu shows a person about to enrol: the QR code and the same secret to type in. */
export async function enrolmentOffer(secret: string, account: string) {
  const otpauthUri = generateURI({ issuer: 'Qingling 清零', label: account, secret });
  return {
    secret,
    otpauthUri,
    qrSvg: await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
  };
}

export const newTotpSecret = (): string => generateSecret();

/** The time step a six-digit code belongs to, or null when it is wrong or not after `afterTimeStep`. */
export async function totpTimeStep(
  secret: string,
  code: string,
  afterTimeStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: toleranceSeconds,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

// No 0/O, 1/I/L: read off paper and typed in again.
const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`: 10 characters of 31, about 50 bits, enough for a code that is tried under a lock. */
const newRecoveryCode = (): string => {
  const chars = Array.from({ length: 10 }, () => recoveryAlphabet[randomInt(recoveryAlphabet.length)]!);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
};

/** Spaces, dashes and case do not matter: a person copies the code as they see fit. */
const normalisedRecoveryCode = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '');

/** Ten fresh codes, and their hashes to keep. */
export async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((code) => hashPassword(normalisedRecoveryCode(code))));
  return { codes, hashes };
}

/**
 * Checks a code given at sign-in: a six-digit authenticator code of a step not used
 * before, or an unspent recovery code, which is spent by it. False for anything else.
 */
export async function secondFactorAccepts(
  em: EntityManager,
  staffId: number,
  code: string,
): Promise<boolean> {
  const factors = new SecondFactorRepository(em);
  const factor = await factors.of(staffId);
  if (!factor?.enrolled) return false;
  const given = code.trim();
  if (/^\d{6}$/.test(given)) {
    const step = await totpTimeStep(factor.secret, given, factor.lastTimeStep);
    return step !== null && (await factors.takeTimeStep(staffId, step));
  }
  const wanted = normalisedRecoveryCode(given);
  if (wanted.length !== 10) return false;
  for (const stored of await factors.unspentRecoveryCodes(staffId)) {
    if (await passwordMatches(wanted, stored.hash)) return factors.spendRecoveryCode(stored.id);
  }
  return false;
}
