/**
 * Who may see the complainant's identity (信访人身份信息), and who may not see a
 * case at all because it complains about them (《信访工作条例》第三十条: 不得将
 * 检举、揭发材料及有关情况透露或者转给被检举、揭发的人员或者单位). Plain data and
 * pure functions: the API asks these, the tests state them.
 */
import { holdsRole, isWithin, unitIdsOnPath, type StaffActor, type StaffRole } from './actor';

/** The identity policy: which offices see identity by their position, and what a request must carry. */
export interface IdentityPolicy {
  /** Roles of the petition office that registered the case: they see identity without a grant. */
  officeRoles: readonly StaffRole[];
  /** How many levels above the registering unit its offices also see it; 0 = the registering unit only. */
  officeLevelsAbove: number;
  /** Every view and every grant says why, in at least this many characters. */
  reasonMinLength: number;
  /** The case page lists this many of the latest views. */
  recentViews: number;
}

export const identityPolicy: IdentityPolicy = {
  officeRoles: ['clerk', 'office_head'],
  officeLevelsAbove: 0,
  reasonMinLength: 4,
  recentViews: 5,
};

/** What the rules read of a case: where it was registered and whom it complains about (被反映人). */
export interface IdentityCase {
  unitId: number;
  unitPath: string;
  anonymous: boolean;
  accusedUnitId: number | null;
  accusedDepartmentId: number | null;
}

/** An active grant (授权查看): it names one person or one department. */
export interface IdentityGrantRef {
  staffId: number | null;
  departmentId: number | null;
}

export const identityFields = ['name', 'phone', 'email', 'idNumber', 'address'] as const;
export type IdentityField = (typeof identityFields)[number];
export type Identity = Record<IdentityField, string | null>;

type Person = Pick<StaffActor, 'staffId' | 'role' | 'roles' | 'unitId' | 'unitPath' | 'departmentId'>;

/** Art. 30: the accused unit's people, and the accused department's, never see the case. */
export const isAccusedParty = (
  staff: Pick<StaffActor, 'unitId' | 'departmentId'>,
  matter: IdentityCase,
): boolean =>
  matter.accusedUnitId === staff.unitId ||
  (matter.accusedDepartmentId !== null && matter.accusedDepartmentId === staff.departmentId);

/** The case exists for this person: their jurisdiction covers its unit, and it does not complain about them. */
export const seesCase = (staff: Person, matter: IdentityCase): boolean =>
  isWithin(matter.unitPath, staff.unitPath) && !isAccusedParty(staff, matter);

/** The petition office of the registering unit, or of a unit as many levels above as the policy names. */
export function isRegisteringOffice(staff: Person, matter: IdentityCase, policy = identityPolicy): boolean {
  if (!holdsRole(staff, policy.officeRoles)) return false;
  const path = unitIdsOnPath(matter.unitPath);
  const at = path.indexOf(staff.unitId);
  return at >= 0 && path.length - 1 - at <= policy.officeLevelsAbove;
}

export const grantNames = (staff: Person, grant: IdentityGrantRef): boolean =>
  grant.staffId === staff.staffId ||
  (grant.departmentId !== null && grant.departmentId === staff.departmentId);

/**
 * Whether this person may see the complainant's identity on this case: the
 * registering office by its position, anyone else only through an active grant
 * naming them or their department; never someone the case complains about, nor
 * outside the case's jurisdiction, and never on an anonymous case.
 */
export function mayViewIdentity(
  staff: Person,
  matter: IdentityCase,
  grants: readonly IdentityGrantRef[],
  policy = identityPolicy,
): boolean {
  if (matter.anonymous || !seesCase(staff, matter)) return false;
  return isRegisteringOffice(staff, matter, policy) || grants.some((grant) => grantNames(staff, grant));
}

/** Who may grant and revoke: the office of the registering unit (the same offices that see by position). */
export const mayGrantIdentity = (staff: Person, matter: IdentityCase, policy = identityPolicy): boolean =>
  seesCase(staff, matter) && isRegisteringOffice(staff, matter, policy);

/** A grantee must be able to open the case: their unit at or above the case's, and not the accused. */
export const mayBeGranted = (grantee: Person, matter: IdentityCase): boolean => seesCase(grantee, matter);
