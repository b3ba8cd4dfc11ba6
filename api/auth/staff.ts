import type { UnitKind } from '../../db/entities/unit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NextFunction, Request, Response } from 'express';
import { holdsRole, rolesOf, type StaffActor, type StaffRole } from '../../domain/actor';
import { StaffMember } from '../../db/entities';
import { ApiError } from '../errors';

/** The signed-in person as the API needs them: the actor the workflow sees plus what the console shows. */
export interface SignedInStaff extends StaffActor {
  email: string;
  title: string;
  unit: { id: number; code: string; name: string; level: string; path: string; kind: UnitKind };
  department: { id: number; name: string } | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    staff?: SignedInStaff;
  }
}

/**
 * The person behind a session, if still active. With `signedInAt`, a session begun
 * before their sessions were ended (sign out everywhere, a password change) finds nobody.
 */
export async function loadSignedInStaff(
  em: EntityManager,
  staffId: number,
  signedInAt?: number,
): Promise<SignedInStaff | null> {
  const stillValid =
    signedInAt === undefined
      ? {}
      : { $or: [{ sessionsValidAfter: null }, { sessionsValidAfter: { $lte: new Date(signedInAt) } }] };
  const member = await em.findOne(
    StaffMember,
    { id: staffId, active: true, ...stillValid },
    { populate: ['unit', 'department'] },
  );
  if (!member || !member.unit.active) return null;
  return {
    kind: 'staff',
    staffId: member.id,
    name: member.name,
    role: member.role,
    roles: member.roles,
    unitId: member.unit.id,
    unitPath: member.unit.path,
    departmentId: member.department?.id ?? null,
    email: member.email,
    title: member.title,
    unit: {
      id: member.unit.id,
      code: member.unit.code,
      name: member.unit.name,
      level: member.unit.level,
      path: member.unit.path,
      kind: member.unit.kind,
    },
    department: member.department ? { id: member.department.id, name: member.department.name } : null,
  };
}

/**
 * Lets the request through only for a signed-in, still active person. The person
 * is read afresh on every request, so a deactivated account or a changed role
 * applies at once.
 */
export function requireStaff(em: () => EntityManager) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const staff = await sessionStaff(em(), req);
    if (!staff) throw signInRequired(req);
    req.staff = staff;
    next();
  };
}

/**
 * The 401 for a request without a signed-in person. A session still owing its second
 * factor says so, so that the console goes to that step rather than to the password.
 */
export function signInRequired(req: Request): ApiError {
  if (req.session?.pendingStaffId !== undefined) {
    return req.session.pendingStep === 'enrol'
      ? new ApiError(401, 'second_factor_enrolment_required', 'errors.secondFactorEnrolmentRequired')
      : new ApiError(401, 'second_factor_required', 'errors.secondFactorRequired');
  }
  return new ApiError(401, 'sign_in_required', 'errors.signInRequired');
}

/** The person the request's session is for, or null when nobody (or nobody any more) is signed in. */
export function sessionStaff(em: EntityManager, req: Request): Promise<SignedInStaff | null> {
  const { staffId, signedInAt } = req.session ?? {};
  if (staffId === undefined || signedInAt === undefined) return Promise.resolve(null);
  return loadSignedInStaff(em, staffId, signedInAt);
}

/**
 * Ends every session of a person at once: sessions begun before now are no longer
 * honoured, and their stored rows go. Used by "sign out everywhere" and a password
 * change; an administrator's deactivation should call it too.
 */
export async function endSessionsOf(em: EntityManager, staffId: number): Promise<void> {
  await em.nativeUpdate(StaffMember, { id: staffId }, { sessionsValidAfter: new Date() });
  // The timestamp is what counts (a request in flight may save its session again); the rows just stop taking room.
  await em
    .getConnection()
    .execute(
      `delete from staff_session where coalesce(sess ->> 'staffId', sess ->> 'pendingStaffId')::int = ?`,
      [staffId],
    );
}

/** After `requireStaff`: only these roles go on. */
export function requireRole(...roles: StaffRole[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!holdsRole(signedIn(req), roles)) {
      throw new ApiError(403, 'role_not_allowed', 'errors.roleNotAllowed');
    }
    next();
  };
}

/** Just the actor: what the workflow needs and records, nothing more. */
export const actorOf = (staff: SignedInStaff): StaffActor => ({
  kind: 'staff',
  staffId: staff.staffId,
  name: staff.name,
  role: staff.role,
  roles: staff.roles,
  unitId: staff.unitId,
  unitPath: staff.unitPath,
  departmentId: staff.departmentId,
});

/** The signed-in person of a request that passed `requireStaff`. */
export function signedIn(req: Request): SignedInStaff {
  if (!req.staff) throw new ApiError(401, 'sign_in_required', 'errors.signInRequired');
  return req.staff;
}

/** Every route under these is behind the staff session (the session's own routes aside). */
export const signedInPaths = [
  '/api/v1/ledger',
  '/api/v1/units',
  '/api/v1/queues',
  '/api/v1/staff',
  '/api/v1/admin',
];

/** The administration log and the audit trail, which the auditor (安全审计员) reads beside the administrators. */
const logPaths = [
  '/api/v1/admin/log',
  '/api/v1/admin/log.xlsx',
  '/api/v1/admin/audit',
  '/api/v1/admin/audit.xlsx',
  '/api/v1/admin/audit.csv',
];

export const readsTheLog = (req: Request): boolean =>
  req.method === 'GET' && logPaths.includes(req.originalUrl.split('?')[0]!);

/**
 * After `requireStaff`: an auditor reads the logs and nothing else (separated duties:
 * whoever checks what staff did sees no case and changes nothing).
 */
export function auditorsReadTheLogOnly(req: Request, _res: Response, next: NextFunction): void {
  const onlyAuditor = rolesOf(signedIn(req)).every((role) => role === 'auditor');
  if (onlyAuditor && !readsTheLog(req)) throw new ApiError(403, 'role_not_allowed', 'errors.roleNotAllowed');
  next();
}
