/**
 * `13800001234` → `138****1234`: enough to tell numbers apart on the case page, not to
 * call one. The outbox keeps only this form (the number itself is in the encrypted case row).
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '***';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Digits only, with a leading + kept: what an SMS gateway is given. */
export const dialable = (phone: string): string => phone.trim().replace(/(?!^\+)\D/g, '');
