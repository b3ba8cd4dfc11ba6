import { answer, api, callApi, type StaffRole } from '../api';
import type { components, paths } from '../generated/api-schema';

/** 系统管理: what the administration pages read and send. */
export type AdminUnit = components['schemas']['AdminUnit'];
export type AdminDepartment = AdminUnit['departments'][number];
export type AdminStaff = components['schemas']['AdminStaff'];
export type StaffQuery = NonNullable<paths['/api/v1/admin/staff']['get']['parameters']['query']>;

export interface HeldWork {
  backlogCases: { caseNumber: string; summary: string }[];
  escalations: { id: string; caseNumber: string; clock: string }[];
  department: { id: number; name: string } | null;
}

export interface AdminLogEntry {
  id: string;
  at: string;
  actorName: string;
  unitName: string;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const unitLevels = ['province', 'city', 'county', 'township', 'village'] as const;
/** The level a new unit under `level` has. */
export const levelBelow = (level: string) => unitLevels[unitLevels.indexOf(level as never) + 1];

export const fetchAdminUnits = async () => (await answer(api.GET('/api/v1/admin/units'))).items;
export const createUnit = (body: { parentId: number; code: string; name: string; level: string }) =>
  callApi<{ id: number }>('POST', '/api/v1/admin/units', { body });
export const changeUnit = (id: number, body: { code?: string; name?: string }) =>
  callApi<void>('PATCH', `/api/v1/admin/units/${id}`, { body });
export const moveUnit = (id: number, parentId: number) =>
  callApi<void>('POST', `/api/v1/admin/units/${id}/move`, { body: { parentId } });
export const deactivateUnit = (id: number) => callApi<void>('POST', `/api/v1/admin/units/${id}/deactivate`);
export const createDepartment = (unitId: number, body: { code: string; name: string }) =>
  callApi<{ id: number }>('POST', `/api/v1/admin/units/${unitId}/departments`, { body });
export const renameDepartment = (id: number, name: string) =>
  callApi<void>('PATCH', `/api/v1/admin/departments/${id}`, { body: { name } });
export const deactivateDepartment = (id: number) =>
  callApi<void>('POST', `/api/v1/admin/departments/${id}/deactivate`);

export const fetchAdminStaff = async (query: StaffQuery) =>
  (await answer(api.GET('/api/v1/admin/staff', { params: { query } }))).items;
export const inviteStaff = (body: {
  email: string;
  name: string;
  title: string;
  unitId: number;
  departmentId: number | null;
  roles: StaffRole[];
}) => answer(api.POST('/api/v1/admin/staff', { body }));
export const setRoles = (id: number, body: { roles: StaffRole[]; departmentId: number | null }) =>
  answer(api.PUT('/api/v1/admin/staff/{id}/roles', { params: { path: { id } }, body }));
export const resetPassword = (id: number) =>
  callApi<void>('POST', `/api/v1/admin/staff/${id}/reset-password`);
/** 重置双因素认证: a lost phone; the person is signed out everywhere and enrols again. */
export const resetSecondFactor = (id: number) =>
  callApi<void>('POST', `/api/v1/admin/staff/${id}/reset-second-factor`);
export const unlockStaff = (id: number) => callApi<void>('POST', `/api/v1/admin/staff/${id}/unlock`);
export const fetchHeldWork = (id: number) => callApi<HeldWork>('GET', `/api/v1/admin/staff/${id}/handover`);
export const deactivateStaff = (
  id: number,
  body: {
    backlogCases: Record<string, number>;
    escalations: Record<string, number>;
    departmentSuccessorId: number | null;
  },
) => callApi<void>('POST', `/api/v1/admin/staff/${id}/deactivate`, { body });

export const fetchAdminLog = (query: { page: number; pageSize: number; entity?: string }) =>
  callApi<{ total: number; entries: AdminLogEntry[] }>('GET', '/api/v1/admin/log', { query });

export const fetchLinkHolder = (token: string) =>
  callApi<{ name: string; email: string; purpose: string; expiresAt: string }>(
    'POST',
    '/api/v1/session/link',
    {
      body: { token },
    },
  );
