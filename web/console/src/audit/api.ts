import { answer, api, type Answer } from '../api';
import type { paths } from '../generated/api-schema';

/** 安全审计日志: one row of the audit trail as the API answers it. */
export type AuditEntry = Answer<'/api/v1/admin/audit', 'get'>['items'][number];
// The kinds of action and outcome the server records, from the one list both read.
export { auditActions, auditOutcomes } from '../../../../domain/audit';

type AuditQuery = NonNullable<paths['/api/v1/admin/audit']['get']['parameters']['query']>;
export type AuditFilter = Omit<AuditQuery, 'page' | 'pageSize'>;

export const fetchAudit = (query: AuditFilter & { page: number; pageSize: number }) =>
  answer(api.GET('/api/v1/admin/audit', { params: { query } }));

/** The export's address with the same filter, for a plain download link. */
export const auditExportUrl = (format: 'xlsx' | 'csv', filter: AuditFilter) => {
  const query = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const search = query.toString();
  return `/api/v1/admin/audit.${format}${search ? `?${search}` : ''}`;
};
