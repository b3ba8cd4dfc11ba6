/**
 * What the audit trail (安全审计日志) records. One word per kind of staff action; the
 * identity actions keep the names the identity log always had.
 */
export const auditActions = [
  'sign_in',
  'sign_out',
  'second_factor',
  'password_change',
  'password_reset',
  'administration',
  'identity_view',
  'identity_view_refused',
  'identity_grant',
  'identity_grant_revoked',
  'export',
  'download',
  'codec',
  'audit_checkpoint',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditOutcomes = ['success', 'failure', 'refused'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
