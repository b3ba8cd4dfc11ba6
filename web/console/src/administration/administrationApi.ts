import { call, getJson, postFile, type DeadlinePolicy, type Category } from '../api';
import type { ClockName, EscalationTarget } from '../../../../domain/policy';

/** 系统管理: policy versions, the power list, the org chart import; 专项活动 for office heads. */

export type Counting = 'calendar_days' | 'working_days';

export interface ClockSetting {
  length: number;
  counting: Counting;
  warnBeforeDays: number[];
  escalateTo?: EscalationTarget;
}

export interface PolicyCategory {
  code: Category;
  zh: string;
  en: string;
}

export interface PolicyBody {
  clocks: Record<ClockName, ClockSetting>;
  disciplineRealNameNotice: { length: number; counting: Counting };
  extension: { maxDays: number; maxCount: number };
  categories: PolicyCategory[];
}

export interface PolicyDraft {
  id: number;
  version: string;
  basedOn: string;
  body: PolicyBody;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PolicyDifference {
  path: string;
  current: unknown;
  draft: unknown;
}

export interface DraftView {
  draft: PolicyDraft;
  inForce: string;
  differences: PolicyDifference[];
}

export type VersionedPolicy = DeadlinePolicy & { categories: PolicyCategory[]; published?: string };

export interface PolicyOverview {
  current: string;
  policies: VersionedPolicy[];
  drafts: PolicyDraft[];
  /** Only an administrator of the top unit drafts and publishes. */
  mayDraft: boolean;
}

export const fetchPolicyOverview = () => getJson<PolicyOverview>('/api/v1/admin/policies');
export const createPolicyDraft = (version: string) =>
  call<DraftView>('POST', '/api/v1/admin/policy-drafts', { body: { version } });
export const fetchPolicyDraft = (id: number) => getJson<DraftView>(`/api/v1/admin/policy-drafts/${id}`);
export const savePolicyDraft = (id: number, body: PolicyBody) =>
  call<DraftView>('PUT', `/api/v1/admin/policy-drafts/${id}`, { body });
export const discardPolicyDraft = (id: number) => call<void>('DELETE', `/api/v1/admin/policy-drafts/${id}`);
export const publishPolicyDraft = (id: number, effectiveFrom: string) =>
  call<{ version: string; effectiveFrom: string; publishedAt: string }>(
    'POST',
    `/api/v1/admin/policy-drafts/${id}/publish`,
    { body: { effectiveFrom } },
  );

export interface DepartmentChoice {
  id: number;
  code: string;
  name: string;
  kind: string;
  unit: { code: string; name: string };
}

export interface PowerList {
  unit: { id: number; code: string; name: string; level: string };
  entries: { category: Category; department: DepartmentChoice; updatedBy: string; updatedAt: string }[];
  targets: DepartmentChoice[];
}

export const fetchPowerList = (unitCode: string) =>
  getJson<PowerList>(`/api/v1/admin/power-list/${encodeURIComponent(unitCode)}`);
export const savePowerList = (unitCode: string, entries: { category: Category; departmentId: number }[]) =>
  call<PowerList>('PUT', `/api/v1/admin/power-list/${encodeURIComponent(unitCode)}`, { body: { entries } });

export interface OrgChartImportResult {
  importId: number | null;
  created: { units: number; departments: number; staff: number };
  unchanged: number;
  invitations: number;
}

export const importOrgChart = (file: File) =>
  postFile<OrgChartImportResult>('/api/v1/admin/org-chart/imports', file);
export const orgChartTemplateUrl = (format: 'csv' | 'xlsx') =>
  `/api/v1/admin/org-chart/import-template?format=${format}`;

export interface Campaign {
  id: number;
  name: string;
  startsOn: string;
  targetDate: string;
  daysLeft: number;
  unit: { id: number; code: string; name: string };
  own: boolean;
  createdBy: string | null;
  createdAt: string | null;
}

export const fetchCampaigns = async () =>
  (await getJson<{ campaigns: Campaign[] }>('/api/v1/staff/campaigns')).campaigns;
export const createCampaign = (campaign: { name: string; targetDate: string; startsOn?: string }) =>
  call<Campaign>('POST', '/api/v1/staff/campaigns', { body: campaign });
