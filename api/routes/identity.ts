import type { EntityManager } from '@mikro-orm/postgresql';
import dayjs from 'dayjs';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { holdsRole, unitIdsOnPath } from '../../domain/actor';
import {
  identityPolicy,
  mayBeGranted,
  mayGrantIdentity,
  mayViewIdentity,
  seesCase,
  type Identity,
  type IdentityCase,
} from '../../domain/identity-access';
import { officeTimeZone } from '../../domain/time-zone';
import { Department, PetitionCase, StaffMember } from '../../db/entities';
import {
  IdentityAccessRepository,
  type IdentityAuditRow,
  type IdentityGrantRow,
} from '../../db/identity-views';
import { requireRole, signedIn, type SignedInStaff } from '../auth/staff';
import { caseInJurisdiction, identityCaseOf } from '../case-commands';
import { requestOrigin } from '../audit/requests';
import { ApiError } from '../errors';
import type { grantAnswerSchema, identityAnswerSchema, identityLogPageSchema } from '../case-page-schema';
import { caseNumberSchema } from '../schemas';
import { parseOrThrow } from '../validation';

type IdentityAnswer = z.infer<typeof identityAnswerSchema>;
type GrantAnswer = z.infer<typeof grantAnswerSchema>;
type IdentityLogPage = z.infer<typeof identityLogPageSchema>;

/** What the identity rules read of a ledger row. */
const notFound = (caseNumber: string) =>
  new ApiError(404, 'case_not_found', 'errors.staffCaseNotFound', { caseNumber });

const reasonSchema = z.string().trim().min(identityPolicy.reasonMinLength).max(500);
/** A row id: PostgreSQL's int, so a hostile number is a 422 rather than a database error. */
const rowId = z.number().int().positive().max(2_147_483_647);
const viewSchema = z.object({ reason: reasonSchema });
const grantSchema = z
  .object({
    staffId: rowId.optional(),
    departmentId: rowId.optional(),
    reason: reasonSchema,
  })
  .refine((grant) => (grant.staffId === undefined) !== (grant.departmentId === undefined), {
    path: ['staffId'],
    message: 'validation.grantNamesOne',
  });
const revokeSchema = z.object({ reason: reasonSchema.optional() });
const grantIdSchema = z.coerce.number().pipe(rowId);

const isCalendarDate = (date: string) => {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
};
const officeDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine(isCalendarDate, 'validation.date');
const logQuerySchema = z.object({
  caseNumber: caseNumberSchema.optional(),
  from: officeDate.optional(),
  to: officeDate.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The start of an office day (Asia/Shanghai) as an instant. */
const startOfOfficeDay = (date: string) => dayjs.tz(date, officeTimeZone).toDate();

const identityOf = (row: PetitionCase): Identity => ({
  name: row.complainantName ?? null,
  phone: row.complainantPhone ?? null,
  email: row.complainantEmail ?? null,
  idNumber: row.complainantIdNumber ?? null,
  address: row.complainantAddress ?? null,
});

const grantView = (grant: IdentityGrantRow) => ({
  id: grant.id,
  staff: grant.staffId === null ? null : { id: grant.staffId, name: grant.staffName },
  department: grant.departmentId === null ? null : { id: grant.departmentId, name: grant.departmentName },
  reason: grant.reason,
  grantedBy: grant.grantedBy,
  grantedAt: grant.grantedAt.toISOString(),
});

const auditView = (row: IdentityAuditRow) => ({
  id: row.id,
  caseNumber: row.caseNumber,
  action: row.action,
  staff: row.staff,
  reason: row.reason,
  ip: row.ip,
  at: row.at.toISOString(),
});

/** Whom the registering office may name in a grant: departments and people at or above the case, not the accused. */
async function grantees(em: EntityManager, matter: IdentityCase, staff: SignedInStaff) {
  const unitIds = unitIdsOnPath(matter.unitPath);
  const [departments, people] = await Promise.all([
    em.find(
      Department,
      { kind: { $ne: 'petition_office' }, unit: { id: { $in: unitIds } } },
      { populate: ['unit'], orderBy: { unit: { path: 'desc' }, id: 'asc' } },
    ),
    em.find(
      StaffMember,
      { active: true, role: { $ne: 'handler' }, unit: { id: { $in: unitIds } } },
      { populate: ['unit', 'department'], orderBy: { unit: { path: 'desc' }, role: 'asc', id: 'asc' } },
    ),
  ]);
  return {
    departments: departments
      .filter((d) => mayBeGranted(departmentAsPerson(d), matter))
      .map((d) => ({ id: d.id, name: d.name, unit: { code: d.unit.code, name: d.unit.name } })),
    people: people
      .filter((p) => p.id !== staff.staffId && mayBeGranted(memberAsPerson(p), matter))
      .filter((p) => !mayViewIdentity(memberAsPerson(p), matter, []))
      .map((p) => ({ id: p.id, name: p.name, role: p.role, unit: { code: p.unit.code, name: p.unit.name } })),
  };
}

const memberAsPerson = (member: StaffMember) => ({
  staffId: member.id,
  role: member.role,
  unitId: member.unit.id,
  unitPath: member.unit.path,
  departmentId: member.department?.id ?? null,
});

/** A department stands in the rules as one of its people would. */
const departmentAsPerson = (department: Department) => ({
  staffId: 0,
  role: 'handler' as const,
  unitId: department.unit.id,
  unitPath: department.unit.path,
  departmentId: department.id,
});

/**
 * What the case page says about the identity: never the identity itself, only
 * whether this person may ask to see it, and for the registering office its grants,
 * whom it may name, and (for the office head) the latest looks.
 */
export async function identityCard(em: EntityManager, row: PetitionCase, staff: SignedInStaff) {
  const matter = identityCaseOf(row);
  const repository = new IdentityAccessRepository(em);
  if (matter.anonymous) return { anonymous: true, mayView: false, mayGrant: false };
  const grants = await repository.activeGrants(row.caseNumber);
  const mayGrant = mayGrantIdentity(staff, matter);
  return {
    anonymous: false,
    mayView: mayViewIdentity(staff, matter, grants),
    mayGrant,
    grants: mayGrant ? grants.map(grantView) : [],
    grantees: mayGrant ? await grantees(em, matter, staff) : null,
    recentViews: holdsRole(staff, ['office_head'])
      ? (await repository.recentViews(row.caseNumber, identityPolicy.recentViews)).map(auditView)
      : [],
  };
}

const auditStaff = (staff: SignedInStaff) => ({
  staffId: staff.staffId,
  name: staff.name,
  role: staff.role,
  unitId: staff.unitId,
});

/** The case whose grants are being changed, by the registering office only. */
async function caseToGrantOn(em: EntityManager, req: Request) {
  const staff = signedIn(req);
  const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
  const row = await caseInJurisdiction(em, caseNumber, staff);
  const matter = identityCaseOf(row);
  if (matter.anonymous) throw new ApiError(404, 'anonymous_petition', 'errors.anonymousPetition');
  if (!mayGrantIdentity(staff, matter)) {
    throw new ApiError(403, 'identity_grant_not_allowed', 'errors.identityGrantNotAllowed');
  }
  return { staff, row, matter };
}

/** The grantee named by id, checked against the case: must be able to open it and not be the accused. */
async function granteeOf(
  em: EntityManager,
  grant: { staffId?: number | undefined; departmentId?: number | undefined },
  matter: IdentityCase,
) {
  if (grant.staffId !== undefined) {
    const member = await em.findOne(
      StaffMember,
      { id: grant.staffId, active: true },
      { populate: ['unit', 'department'] },
    );
    if (!member) throw new ApiError(422, 'unknown_staff', 'errors.unknownStaff');
    if (!mayBeGranted(memberAsPerson(member), matter)) {
      throw new ApiError(422, 'grantee_out_of_reach', 'errors.granteeOutOfReach');
    }
    return { staffId: member.id, departmentId: null };
  }
  const department = await em.findOne(Department, { id: grant.departmentId }, { populate: ['unit'] });
  if (!department) throw new ApiError(422, 'unknown_department', 'errors.unknownDepartment');
  if (!mayBeGranted(departmentAsPerson(department), matter)) {
    throw new ApiError(422, 'grantee_out_of_reach', 'errors.granteeOutOfReach');
  }
  return { staffId: null, departmentId: department.id };
}

/**
 * The complainant's identity, seen on purpose: each look says why and is recorded
 * (信访人身份查看记录); grants let others see it; the office head reads the record.
 */
export function identityRoutes(deps: { em: () => EntityManager }): Router {
  const router = Router();

  router.post('/api/v1/staff/cases/:caseNumber/identity', async (req, res) => {
    const staff = signedIn(req);
    const caseNumber = parseOrThrow(caseNumberSchema, req.params.caseNumber, req.t);
    const { reason } = parseOrThrow(viewSchema, req.body ?? {}, req.t);
    const em = deps.em();
    const repository = new IdentityAccessRepository(em);
    const row = await em.findOne(PetitionCase, { caseNumber }, { populate: ['unit'] });
    if (!row) throw notFound(caseNumber);
    const matter = identityCaseOf(row);
    const visible = seesCase(staff, matter);
    if (visible && matter.anonymous) {
      throw new ApiError(404, 'anonymous_petition', 'errors.anonymousPetition');
    }
    const entry = { caseNumber, staff: auditStaff(staff), reason, ...requestOrigin(req) };
    // A refused look is recorded too: an attempt from outside is what the office head most needs to see.
    if (!visible || !mayViewIdentity(staff, matter, await repository.activeGrants(caseNumber))) {
      if (!matter.anonymous) await repository.record({ ...entry, action: 'identity_view_refused' });
      if (!visible) throw notFound(caseNumber);
      throw new ApiError(403, 'identity_not_granted', 'errors.identityNotGranted');
    }
    await repository.record({ ...entry, action: 'identity_view' });
    res.set('Cache-Control', 'no-store').json({ identity: identityOf(row) } satisfies IdentityAnswer);
  });

  router.post('/api/v1/staff/cases/:caseNumber/identity-grants', async (req, res) => {
    const body = parseOrThrow(grantSchema, req.body ?? {}, req.t);
    const em = deps.em();
    const { staff, row, matter } = await caseToGrantOn(em, req);
    const grantee = await granteeOf(em, body, matter);
    const repository = new IdentityAccessRepository(em);
    const id = await repository.grant(grantee, {
      caseNumber: row.caseNumber,
      staff: auditStaff(staff),
      reason: body.reason,
      ...requestOrigin(req),
    });
    const grant = (await repository.activeGrants(row.caseNumber)).find((g) => g.id === id)!;
    res.status(201).json({ grant: grantView(grant) } satisfies GrantAnswer);
  });

  router.delete('/api/v1/staff/cases/:caseNumber/identity-grants/:grantId', async (req, res) => {
    const grantId = parseOrThrow(grantIdSchema, req.params.grantId, req.t);
    const { reason } = parseOrThrow(revokeSchema, req.body ?? {}, req.t);
    const em = deps.em();
    const { staff, row } = await caseToGrantOn(em, req);
    const revoked = await new IdentityAccessRepository(em).revoke(grantId, {
      caseNumber: row.caseNumber,
      staff: auditStaff(staff),
      reason: reason ?? '',
      ...requestOrigin(req),
    });
    if (!revoked) throw new ApiError(404, 'grant_not_found', 'errors.identityGrantNotFound');
    res.status(204).end();
  });

  router.get('/api/v1/staff/identity-views', requireRole('office_head'), async (req, res) => {
    const staff = signedIn(req);
    const query = parseOrThrow(logQuerySchema, req.query, req.t);
    const { items, total } = await new IdentityAccessRepository(deps.em()).log({
      jurisdictionPath: staff.unitPath,
      viewerUnitId: staff.unitId,
      viewerDepartmentId: staff.departmentId,
      caseNumber: query.caseNumber,
      from: query.from ? startOfOfficeDay(query.from) : undefined,
      // `to` is the last day shown: the log runs to the start of the day after.
      to: query.to ? dayjs(startOfOfficeDay(query.to)).add(1, 'day').toDate() : undefined,
      page: query.page,
      pageSize: query.pageSize,
    });
    res.set('Cache-Control', 'no-store').json({
      items: items.map(auditView),
      total,
      page: query.page,
      pageSize: query.pageSize,
    } satisfies IdentityLogPage);
  });

  return router;
}
