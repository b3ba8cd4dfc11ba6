/**
 * Who does something to a case. Staff carry their role and unit so that the
 * workflow's Update validators can check jurisdiction without reading anything.
 * Plain data only: workflow code imports this.
 */
export const staffRoles = [
  'clerk',
  'office_head',
  'handler',
  'leader',
  'supervisor',
  'admin',
  'auditor',
] as const;
/**
 * 信访干部, 信访部门负责人, 承办人, 包案领导, 上级督办, 系统管理员, 安全审计员 (names: domain/vocabulary). The administrator
 * manages accounts and handles no case; the auditor reads the logs and nothing else.
 */
export type StaffRole = (typeof staffRoles)[number];

export interface StaffActor {
  kind: 'staff';
  staffId: number;
  name: string;
  /** The first of `roles`; the only one in actors recorded before people held several. */
  role: StaffRole;
  /** Every role the person holds in their unit; absent in actors recorded before. */
  roles?: StaffRole[] | undefined;
  unitId: number;
  /** Materialised path of the person's unit, '/1/4/'. */
  unitPath: string;
  departmentId: number | null;
}

/** The complainant, proven by case number and access code at the API. */
export interface ComplainantActor {
  kind: 'complainant';
}

export interface SystemActor {
  kind: 'system';
}

export type Actor = StaffActor | ComplainantActor | SystemActor;

/** Every role a person acts in: `roles`, or the one `role` of an actor recorded before people held several. */
export const rolesOf = (actor: Pick<StaffActor, 'role' | 'roles'>): readonly StaffRole[] =>
  actor.roles && actor.roles.length > 0 ? actor.roles : [actor.role];

/** Whether the person holds any of these roles: the one question every role check asks. */
export const holdsRole = (actor: Pick<StaffActor, 'role' | 'roles'>, roles: readonly StaffRole[]): boolean =>
  rolesOf(actor).some((role) => roles.includes(role));

/** How an actor is written on the timeline. */
export const actorLabel = (actor: Actor): string =>
  actor.kind === 'staff' ? `staff:${actor.staffId}` : actor.kind;

/** A unit is within a person's jurisdiction when it is their unit or below it (never sideways or above). */
export const isWithin = (unitPath: string, jurisdictionPath: string): boolean =>
  unitPath.startsWith(jurisdictionPath);

/** The ids of a unit and every unit above it, read from its materialised path. */
export const unitIdsOnPath = (unitPath: string): number[] => unitPath.split('/').filter(Boolean).map(Number);

/** Strictly above: the person's unit is an ancestor of the case's unit. */
export const isAbove = (jurisdictionPath: string, unitPath: string): boolean =>
  unitPath !== jurisdictionPath && unitPath.startsWith(jurisdictionPath);
