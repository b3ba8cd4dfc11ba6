import { hash, verify } from '@node-rs/argon2';

/** Staff passwords are stored as argon2id hashes only. */
export const hashPassword = (password: string): Promise<string> => hash(password);

// Verified against when the e-mail is unknown, so a wrong address takes as long as a wrong password.
let decoy: Promise<string> | undefined;

export async function passwordMatches(
  password: string,
  storedHash: string | null | undefined,
): Promise<boolean> {
  if (!storedHash) {
    await verify((await (decoy ??= hash('qingling-decoy-password'))) as string, password);
    return false;
  }
  return verify(storedHash, password);
}
