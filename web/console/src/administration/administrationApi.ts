import { answer, api, fileForm, type Category } from '../api';
import type { components } from '../generated/api-schema';

/** 系统管理: policy versions, the power list, the org chart import; 专项活动 for office heads. */
type Schemas = components['schemas'];

export type PolicyBody = Schemas['PolicyBody'];
export type ClockSetting = PolicyBody['clocks'][keyof PolicyBody['clocks']];
export type Counting = ClockSetting['counting'];
export type PolicyCategory = PolicyBody['categories'][number];
export type PolicyDraft = Schemas['PolicyDraft'];
export type DraftView = Schemas['PolicyDraftView'];
export type PolicyDifference = DraftView['differences'][number];
export type VersionedPolicy = Schemas['VersionedPolicy'];
export type PolicyOverview = Schemas['PolicyOverview'];

const byId = (id: number) => ({ params: { path: { id } } });

export const fetchPolicyOverview = () => answer(api.GET('/api/v1/admin/policies'));
export const createPolicyDraft = (version: string) =>
  answer(api.POST('/api/v1/admin/policy-drafts', { body: { version } }));
export const fetchPolicyDraft = (id: number) => answer(api.GET('/api/v1/admin/policy-drafts/{id}', byId(id)));
export const savePolicyDraft = (id: number, body: PolicyBody) =>
  answer(api.PUT('/api/v1/admin/policy-drafts/{id}', { ...byId(id), body }));
export const discardPolicyDraft = async (id: number): Promise<void> => {
  await answer(api.DELETE('/api/v1/admin/policy-drafts/{id}', byId(id)));
};
export const publishPolicyDraft = (id: number, effectiveFrom: string) =>
  answer(api.POST('/api/v1/admin/policy-drafts/{id}/publish', { ...byId(id), body: { effectiveFrom } }));

export type PowerList = Schemas['PowerList'];
export type DepartmentChoice = PowerList['targets'][number];

const onUnit = (unitCode: string) => ({ params: { path: { unitCode } } });

export const fetchPowerList = (unitCode: string) =>
  answer(api.GET('/api/v1/admin/power-list/{unitCode}', onUnit(unitCode)));
export const savePowerList = (unitCode: string, entries: { category: Category; departmentId: number }[]) =>
  answer(api.PUT('/api/v1/admin/power-list/{unitCode}', { ...onUnit(unitCode), body: { entries } }));

export type OrgChartImportResult = Schemas['OrgChartImportResult'];

export const importOrgChart = (file: File) =>
  answer(
    api.POST('/api/v1/admin/org-chart/imports', {
      body: fileForm(file),
      // The multipart form goes as it is; the document describes its field as a binary string.
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
export const orgChartTemplateUrl = (format: 'csv' | 'xlsx') =>
  `/api/v1/admin/org-chart/import-template?format=${format}`;

export type Campaign = Schemas['Campaign'];

export const fetchCampaigns = async () => (await answer(api.GET('/api/v1/staff/campaigns'))).campaigns;
export const createCampaign = (campaign: { name: string; targetDate: string; startsOn?: string }) =>
  answer(api.POST('/api/v1/staff/campaigns', { body: campaign }));
