import { callApi } from '../api';
import {
  deliveryMethods,
  writtenNoticeKinds,
  type DeliveryMethod,
  type WrittenNoticeKind,
} from '../../../../domain/written-notices';

export { deliveryMethods, writtenNoticeKinds };
export type { DeliveryMethod, WrittenNoticeKind };

/** An issued written notice (文书) as the API lists it. */
export interface WrittenNotice {
  id: number;
  kind: WrittenNoticeKind;
  revision: number;
  documentNumber: string;
  title: string;
  issuingOffice: string;
  issuedOn: string;
  issuedAt: string;
  onTimeline: boolean;
  delivery: { method: DeliveryMethod; deliveredOn: string; deliveredBy: string } | null;
}

export interface CaseNotices {
  available: WrittenNoticeKind[];
  notices: WrittenNotice[];
}

export interface NoticeTemplate {
  kind: WrittenNoticeKind;
  body: string;
  custom: boolean;
  updatedAt: string | null;
  allowed: string[];
  required: string[];
}

export interface NoticeTemplates {
  unit: { code: string; name: string };
  prefix: string;
  templates: NoticeTemplate[];
}

const casePath = (caseNumber: string) =>
  `/api/v1/staff/cases/${encodeURIComponent(caseNumber)}/written-notices`;

export const fetchCaseNotices = (caseNumber: string) => callApi<CaseNotices>('GET', casePath(caseNumber));

export const issueNotice = (caseNumber: string, kind: WrittenNoticeKind, corrected = false) =>
  callApi<WrittenNotice>('POST', `${casePath(caseNumber)}/${kind}`, { body: corrected ? { corrected } : {} });

export const recordDelivery = (
  caseNumber: string,
  id: number,
  delivery: { method: DeliveryMethod; deliveredOn: string; deliveredBy?: string },
) => callApi<WrittenNotice>('POST', `${casePath(caseNumber)}/${id}/delivery`, { body: delivery });

/** Where the browser downloads a notice (the session cookie goes along). */
export const noticeDownloadUrl = (caseNumber: string, id: number, format: 'pdf' | 'docx') =>
  `${casePath(caseNumber)}/${id}/${format}`;

export const fetchTemplates = () =>
  callApi<NoticeTemplates>('GET', '/api/v1/admin/written-notices/templates');

export const saveTemplate = (kind: WrittenNoticeKind, body: string) =>
  callApi<{ kind: WrittenNoticeKind; body: string }>(
    'PUT',
    `/api/v1/admin/written-notices/templates/${kind}`,
    {
      body: { body },
    },
  );

export const resetTemplate = (kind: WrittenNoticeKind) =>
  callApi<void>('DELETE', `/api/v1/admin/written-notices/templates/${kind}`);

export const savePrefix = (prefix: string) =>
  callApi<{ prefix: string }>('PUT', '/api/v1/admin/written-notices/prefix', { body: { prefix } });
