import { callApi } from '../api';

/** 安全审计日志: one row of the audit trail as the API answers it. */
export interface AuditEntry {
  id: string;
  at: string;
  staffName: string | null;
  unitName: string | null;
  ip: string | null;
  userAgent: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure' | 'refused';
  reason: string | null;
}

// The kinds of action and outcome the server records, from the one list both read.
export { auditActions, auditOutcomes } from '../../../../domain/audit';

export interface AuditFilter {
  person?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

export const fetchAudit = (query: AuditFilter & { page: number; pageSize: number }) =>
  callApi<{ total: number; items: AuditEntry[] }>('GET', '/api/v1/admin/audit', { query: { ...query } });

/** The export's address with the same filter, for a plain download link. */
export const auditExportUrl = (format: 'xlsx' | 'csv', filter: AuditFilter) => {
  const query = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const search = query.toString();
  return `/api/v1/admin/audit.${format}${search ? `?${search}` : ''}`;
};
