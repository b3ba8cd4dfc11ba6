import { createHash, createHmac } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * The secret access code on a receipt (查询码): 20 digits, derived from the
 * browser's random submission key with the server's secret, so a retried
 * submission gets the same code back without the code ever being stored.
 * Only an argon2 hash of it is kept.
 */
const digits = 20;

export function deriveAccessCode(secret: string, submissionKey: string): string {
  const mac = createHmac('sha256', secret).update(`access-code:${submissionKey}`).digest();
  const value = BigInt(`0x${mac.toString('hex')}`) % 10n ** BigInt(digits);
  return value.toString().padStart(digits, '0');
}

/** Shows the code in groups of four, easy to copy onto paper. */
export function formatAccessCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Accepts the code as people type it back: spaces and dashes are ignored. */
export function normaliseAccessCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * Argon2id at a light cost: the code is 20 random digits (66 bits), not a password a
 * person chose, so no dictionary shortens the search and the default's 19 MiB and 2
 * passes per petition (~30 ms of CPU, the largest cost of intake) buy nothing. At these
 * settings, going through every code still takes ~10^16 CPU-seconds. Hashes made with
 * the old settings verify as before: argon2 reads its parameters from the hash.
 */
const accessCodeHashCost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export function hashAccessCode(code: string): Promise<string> {
  return hash(code, accessCodeHashCost);
}

export async function accessCodeMatches(storedHash: string, presented: string): Promise<boolean> {
  const code = normaliseAccessCode(presented);
  if (!/^\d{20}$/.test(code)) return false;
  return verify(storedHash, code);
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
