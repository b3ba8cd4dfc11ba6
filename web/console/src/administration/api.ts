import { answer, api, type StaffRole } from '../api';
import type { components, paths } from '../generated/api-schema';

/** 系统管理: what the administration pages read and send. */
type Schemas = components['schemas'];
export type AdminUnit = Schemas['AdminUnit'];
export type AdminDepartment = AdminUnit['departments'][number];
export type AdminStaff = Schemas['AdminStaff'];
export type StaffQuery = NonNullable<paths['/api/v1/admin/staff']['get']['parameters']['query']>;
export type HeldWork = Schemas['HeldWork'];
export type AdminLogEntry = Schemas['AdminLogEntry'];
export type AdminLogPage = Schemas['AdminLogPage'];
export type LogQuery = NonNullable<paths['/api/v1/admin/log']['get']['parameters']['query']>;

export const unitLevels = ['province', 'city', 'county', 'township', 'village'] as const;
/** The level a new unit under `level` has. */
export const levelBelow = (level: string) => unitLevels[unitLevels.indexOf(level as never) + 1];

const byId = (id: number) => ({ params: { path: { id } } });

export const fetchAdminUnits = async () => (await answer(api.GET('/api/v1/admin/units'))).items;
export type UnitLevel = (typeof unitLevels)[number];
export const createUnit = (body: { parentId: number; code: string; name: string; level: UnitLevel }) =>
  answer(api.POST('/api/v1/admin/units', { body }));
export const changeUnit = (id: number, body: { code?: string; name?: string }) =>
  answer(api.PATCH('/api/v1/admin/units/{id}', { ...byId(id), body }));
export const moveUnit = async (id: number, parentId: number): Promise<void> => {
  await answer(api.POST('/api/v1/admin/units/{id}/move', { ...byId(id), body: { parentId } }));
};
export const deactivateUnit = async (id: number): Promise<void> => {
  await answer(api.POST('/api/v1/admin/units/{id}/deactivate', byId(id)));
};
export const createDepartment = (unitId: number, body: { code: string; name: string }) =>
  answer(api.POST('/api/v1/admin/units/{id}/departments', { ...byId(unitId), body }));
export const renameDepartment = (id: number, name: string) =>
  answer(api.PATCH('/api/v1/admin/departments/{id}', { ...byId(id), body: { name } }));
export const deactivateDepartment = async (id: number): Promise<void> => {
  await answer(api.POST('/api/v1/admin/departments/{id}/deactivate', byId(id)));
};

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
  answer(api.PUT('/api/v1/admin/staff/{id}/roles', { ...byId(id), body }));
export const resetPassword = async (id: number): Promise<void> => {
  await answer(api.POST('/api/v1/admin/staff/{id}/reset-password', byId(id)));
};
/** 重置双因素认证: a lost phone; the person is signed out everywhere and enrols again. */
export const resetSecondFactor = async (id: number): Promise<void> => {
  await answer(api.POST('/api/v1/admin/staff/{id}/reset-second-factor', byId(id)));
};
export const unlockStaff = async (id: number): Promise<void> => {
  await answer(api.POST('/api/v1/admin/staff/{id}/unlock', byId(id)));
};
export const fetchHeldWork = (id: number) => answer(api.GET('/api/v1/admin/staff/{id}/handover', byId(id)));
export const deactivateStaff = async (
  id: number,
  body: {
    backlogCases: Record<string, number>;
    escalations: Record<string, number>;
    departmentSuccessorId: number | null;
  },
): Promise<void> => {
  await answer(api.POST('/api/v1/admin/staff/{id}/deactivate', { ...byId(id), body }));
};

export const fetchAdminLog = (query: LogQuery) => answer(api.GET('/api/v1/admin/log', { params: { query } }));

export const fetchLinkHolder = (token: string) =>
  answer(api.POST('/api/v1/session/link', { body: { token } }));
