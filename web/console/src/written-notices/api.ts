import { answer, api } from '../api';
import type { components } from '../generated/api-schema';
import {
  deliveryMethods,
  writtenNoticeKinds,
  type DeliveryMethod,
  type WrittenNoticeKind,
} from '../../../../domain/written-notices';

export { deliveryMethods, writtenNoticeKinds };
export type { DeliveryMethod, WrittenNoticeKind };

type Schemas = components['schemas'];

/** An issued written notice (文书) as the API lists it. */
export type WrittenNotice = Schemas['WrittenNotice'];
export type CaseNotices = Schemas['CaseWrittenNotices'];
export type NoticeTemplates = Schemas['WrittenNoticeTemplates'];
export type NoticeTemplate = NoticeTemplates['templates'][number];

const onCase = (caseNumber: string) => ({ params: { path: { caseNumber } } });

export const fetchCaseNotices = (caseNumber: string) =>
  answer(api.GET('/api/v1/staff/cases/{caseNumber}/written-notices', onCase(caseNumber)));

export const issueNotice = (caseNumber: string, kind: WrittenNoticeKind, corrected = false) =>
  answer(
    api.POST('/api/v1/staff/cases/{caseNumber}/written-notices/{kind}', {
      params: { path: { caseNumber, kind } },
      body: corrected ? { corrected } : {},
    }),
  );

export const recordDelivery = (
  caseNumber: string,
  id: number,
  delivery: { method: DeliveryMethod; deliveredOn: string; deliveredBy?: string },
) =>
  answer(
    api.POST('/api/v1/staff/cases/{caseNumber}/written-notices/{id}/delivery', {
      params: { path: { caseNumber, id } },
      body: delivery,
    }),
  );

/** Where the browser downloads a notice (the session cookie goes along). */
export const noticeDownloadUrl = (caseNumber: string, id: number, format: 'pdf' | 'docx') =>
  `/api/v1/staff/cases/${encodeURIComponent(caseNumber)}/written-notices/${id}/${format}`;

export const fetchTemplates = () => answer(api.GET('/api/v1/admin/written-notices/templates'));

export const saveTemplate = (kind: WrittenNoticeKind, body: string) =>
  answer(
    api.PUT('/api/v1/admin/written-notices/templates/{kind}', { params: { path: { kind } }, body: { body } }),
  );

export const resetTemplate = async (kind: WrittenNoticeKind): Promise<void> => {
  await answer(api.DELETE('/api/v1/admin/written-notices/templates/{kind}', { params: { path: { kind } } }));
};

export const savePrefix = (prefix: string) =>
  answer(api.PUT('/api/v1/admin/written-notices/prefix', { body: { prefix } }));
