/**
 * `wangming@example.cn` → `w***@example.cn`: enough to tell addresses apart, not to read
 * one. The outbox keeps only this form, so a complainant's address is not in the
 * database in the clear (the address itself is in the encrypted case row).
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}
