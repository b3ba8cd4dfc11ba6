/**
 * Who does something to a case. Staff carry their role and unit so that the
 * workflow's Update validators can check jurisdiction without reading anything.
 * Plain data only: workflow code imports this.
 */
export const staffRoles = ['clerk', 'office_head', 'handler', 'leader', 'supervisor', 'admin'] as const;
/** 信访干部, 信访部门负责人, 承办人, 领导, 上级督办, 管理员 */
export type StaffRole = (typeof staffRoles)[number];

export interface StaffActor {
  kind: 'staff';
  staffId: number;
  name: string;
  role: StaffRole;
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
