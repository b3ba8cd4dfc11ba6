import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { AdminStaff } from './answers';
import type { MailDeps } from '../../activities/mail';
import { staffRoles, type StaffRole } from '../../domain/actor';
import { openStatuses } from '../../domain/case';
import { recordAdminChange } from '../../db/administration/admin-log';
import { Department, Escalation, PetitionCase, StaffMember } from '../../db/entities';
import { SecondFactorRepository } from '../../db/second-factor';
import { actorOf, endSessionsOf, type SignedInStaff } from '../auth/staff';
import { giveCommand, leaderRef } from '../case-commands';
import { ApiError, refusingDuplicates } from '../errors';
import { inviteStaff, sendSetPasswordLink } from './invitations';
import { adminActor, departmentInSubtree, staffInSubtree, unitInSubtree } from './subtree';

const rolesSchema = z.array(z.enum(staffRoles)).min(1).max(staffRoles.length);

export const staffInputSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(64),
  title: z.string().trim().max(64).default(''),
  unitId: z.number().int().positive(),
  departmentId: z.number().int().positive().nullable().default(null),
  roles: rolesSchema,
});
export const rolesInputSchema = z.strictObject({
  roles: rolesSchema,
  departmentId: z.number().int().positive().nullable().default(null),
});
export const staffQuerySchema = z.object({
  unitId: z.coerce.number().int().positive().optional(),
  role: z.enum(staffRoles).optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(64).optional(),
});
export const deactivationSchema = z.strictObject({
  /** Who takes over each backlog case the leaver owns (包案), by case number. */
  backlogCases: z.record(z.string(), z.number().int().positive()).default({}),
  /** Who takes the leaver's place on each open escalation, by escalation id. */
  escalations: z.record(z.string(), z.number().int().positive()).default({}),
  /** Who takes over the department's work when the leaver is its last handler. */
  departmentSuccessorId: z.number().int().positive().nullable().default(null),
});

/** Roles in a fixed order, so the first (shown where one role is shown) does not depend on the form. */
const ordered = (roles: StaffRole[]) => staffRoles.filter((r) => roles.includes(r));

/** The roles in their order; an auditor checks what the others did, so holds no other role (separated duties). */
function separatedRoles(roles: StaffRole[]): StaffRole[] {
  if (roles.includes('auditor') && roles.some((role) => role !== 'auditor')) {
    throw new ApiError(422, 'auditor_alone', 'administration.errors.auditorAlone');
  }
  return ordered(roles);
}

const staffSnapshot = (m: StaffMember) => ({
  email: m.email,
  name: m.name,
  title: m.title,
  unitId: m.unit.id,
  departmentId: m.department?.id ?? null,
  roles: m.roles,
  active: m.active,
});

export const staffView = (m: StaffMember, secondFactor: boolean): AdminStaff => ({
  id: m.id,
  email: m.email,
  name: m.name,
  title: m.title,
  unit: { id: m.unit.id, code: m.unit.code, name: m.unit.name },
  department: m.department ? { id: m.department.id, name: m.department.name } : null,
  roles: m.roles,
  active: m.active,
  locked: !!m.lockedUntil && m.lockedUntil.getTime() > Date.now(),
  secondFactor,
});

/** People as the administrator sees them, each with whether they have an authenticator bound. */
export async function staffViews(em: EntityManager, members: StaffMember[]): Promise<AdminStaff[]> {
  const enrolled = await new SecondFactorRepository(em).enrolledAmong(members.map((m) => m.id));
  return members.map((m) => staffView(m, enrolled.has(m.id)));
}

/** A handling officer works in a department of their own unit; the other roles need none. */
async function departmentFor(
  em: EntityManager,
  admin: SignedInStaff,
  unitId: number,
  roles: StaffRole[],
  departmentId: number | null,
) {
  if (departmentId === null) {
    if (roles.includes('handler')) {
      throw new ApiError(422, 'department_required', 'administration.errors.departmentRequired');
    }
    return null;
  }
  const department = await departmentInSubtree(em, admin, departmentId);
  if (department.unit.id !== unitId || !department.active) {
    throw new ApiError(422, 'department_elsewhere', 'administration.errors.departmentElsewhere', {
      name: department.name,
    });
  }
  return department;
}

export async function listStaff(
  em: EntityManager,
  admin: SignedInStaff,
  query: z.infer<typeof staffQuerySchema>,
) {
  const members = await em.find(
    StaffMember,
    {
      unit: { path: { $like: `${admin.unitPath}%` }, ...(query.unitId ? { id: query.unitId } : {}) },
      ...(query.role ? { roles: { $contains: [query.role] } } : {}),
      ...(query.active ? { active: query.active === 'true' } : {}),
      ...(query.q
        ? { $or: [{ name: { $ilike: `%${query.q}%` } }, { email: { $ilike: `%${query.q}%` } }] }
        : {}),
    },
    { populate: ['unit', 'department'], orderBy: { unit: { path: 'asc' }, id: 'asc' }, limit: 1000 },
  );
  return staffViews(em, members);
}

/** A new member of staff, invited by e-mail to set their password (72 hours). */
export async function createStaff(
  em: EntityManager,
  mail: MailDeps,
  admin: SignedInStaff,
  input: z.infer<typeof staffInputSchema>,
  t: TFunction,
): Promise<StaffMember> {
  const unit = await unitInSubtree(em, admin, input.unitId);
  if (!unit.active) {
    throw new ApiError(409, 'unit_inactive', 'administration.errors.unitInactive', { name: unit.name });
  }
  const emailTaken = () =>
    new ApiError(409, 'email_taken', 'administration.errors.emailTaken', { email: input.email });
  if (await em.findOne(StaffMember, { email: input.email })) throw emailTaken();
  const roles = separatedRoles(input.roles);
  const department = await departmentFor(em, admin, unit.id, roles, input.departmentId);
  // The person and their line in the log, together or not at all.
  const member = await refusingDuplicates(
    () =>
      em.transactional(async (tx) => {
        const created = Object.assign(new StaffMember(), {
          unit,
          department,
          name: input.name,
          title: input.title,
          email: input.email,
          role: roles[0]!,
          roles,
          passwordHash: null,
          active: true,
          failedSignIns: 0,
        });
        tx.persist(created);
        await tx.flush();
        recordAdminChange(tx, {
          actor: adminActor(admin),
          action: 'staff.invite',
          entity: 'staff',
          entityId: created.id,
          unit,
          after: staffSnapshot(created),
        });
        return created;
      }),
    emailTaken,
  );
  await inviteStaff(mail, member, t);
  return member;
}

/** Changes a person's roles (and department); the next request they make already carries them. */
export async function changeRoles(
  em: EntityManager,
  admin: SignedInStaff,
  staffId: number,
  input: z.infer<typeof rolesInputSchema>,
): Promise<StaffMember> {
  const member = await staffInSubtree(em, admin, staffId);
  const roles = separatedRoles(input.roles);
  if (member.id === admin.staffId && !roles.includes('admin')) {
    throw new ApiError(409, 'own_admin_role', 'administration.errors.ownAdminRole');
  }
  const department = await departmentFor(em, admin, member.unit.id, roles, input.departmentId);
  const before = staffSnapshot(member);
  Object.assign(member, { roles, role: roles[0]!, department });
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'staff.roles',
    entity: 'staff',
    entityId: member.id,
    unit: member.unit,
    before,
    after: staffSnapshot(member),
  });
  await em.flush();
  return member;
}

/**
 * Resets a password: the old one stops working, every session ends, and the person
 * gets a one-time link to choose a new one before they can sign in again.
 */
export async function resetPassword(
  em: EntityManager,
  mail: MailDeps,
  admin: SignedInStaff,
  staffId: number,
  t: TFunction,
) {
  const member = await staffInSubtree(em, admin, staffId);
  if (member.id === admin.staffId)
    throw new ApiError(409, 'own_password', 'administration.errors.ownPassword');
  if (!member.active) throw new ApiError(409, 'staff_inactive', 'administration.errors.staffInactive');
  await em.nativeUpdate(StaffMember, { id: member.id }, { passwordHash: null });
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'staff.reset_password',
    entity: 'staff',
    entityId: member.id,
    unit: member.unit,
  });
  await em.flush();
  await endSessionsOf(em, member.id);
  await sendSetPasswordLink(mail, member, 'reset', t);
}

/**
 * Forgets a person's authenticator and recovery codes (a lost phone): they are signed out
 * everywhere and enrol again at their next sign-in. Logged like every administrator's change.
 */
export async function resetSecondFactor(em: EntityManager, admin: SignedInStaff, staffId: number) {
  const member = await staffInSubtree(em, admin, staffId);
  // The reset and its line in the log, together or not at all.
  await em.transactional(async (tx) => {
    if (!(await new SecondFactorRepository(tx).remove(member.id))) {
      throw new ApiError(409, 'second_factor_none', 'administration.errors.noSecondFactor');
    }
    recordAdminChange(tx, {
      actor: adminActor(admin),
      action: 'staff.reset_second_factor',
      entity: 'staff',
      entityId: member.id,
      unit: member.unit,
    });
  });
  await endSessionsOf(em, member.id);
}

/** Lifts the lock that wrong passwords put on an account. */
export async function unlockStaff(em: EntityManager, admin: SignedInStaff, staffId: number) {
  const member = await staffInSubtree(em, admin, staffId);
  await em.nativeUpdate(
    StaffMember,
    { id: member.id },
    { lockedUntil: null, failedSignIns: 0, failedSignInsSince: null },
  );
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'staff.unlock',
    entity: 'staff',
    entityId: member.id,
    unit: member.unit,
  });
  await em.flush();
}

/** What a person holds that someone must take over before they leave. */
export async function heldWork(em: EntityManager, member: StaffMember) {
  const backlogCases = await em.find(
    PetitionCase,
    { ownerLeader: member.id, status: { $in: [...openStatuses] } },
    { orderBy: { caseNumber: 'asc' } },
  );
  const escalations = (
    await em
      .getConnection()
      .execute<{ id: string }[]>(
        `select id from escalation where resolved_at is null and recipients @> ?::jsonb order by id`,
        [JSON.stringify([{ staffId: member.id }])],
      )
  ).map((r) => String(r.id));
  const escalationRows = escalations.length
    ? await em.find(Escalation, { id: { $in: escalations } }, { orderBy: { id: 'asc' } })
    : [];
  let department: Department | null = null;
  if (member.department && member.roles.includes('handler')) {
    const others = await em.count(StaffMember, {
      department: member.department.id,
      active: true,
      roles: { $contains: ['handler'] },
      id: { $ne: member.id },
    });
    const open = await em.count(PetitionCase, {
      handlingDepartment: member.department.id,
      status: { $in: [...openStatuses] },
    });
    if (others === 0 && open > 0) department = member.department;
  }
  return {
    backlogCases: backlogCases.map((c) => ({
      caseNumber: c.caseNumber,
      summary: c.summary,
    })),
    escalations: escalationRows.map((e) => ({ id: String(e.id), caseNumber: e.caseNumber, clock: e.clock })),
    department: department ? { id: department.id, name: department.name } : null,
  };
}

/**
 * A leaver is switched off: first each backlog case they own goes to the leader chosen
 * for it through the case workflow (the timeline records the handover), their place on
 * open escalations and their department's work go to the people chosen; then the
 * account is deactivated and every session of it ends at once. Anything held without
 * a successor chosen refuses the whole deactivation, before anything changes.
 */
export async function deactivateStaff(
  em: EntityManager,
  temporal: Client,
  admin: SignedInStaff,
  staffId: number,
  input: z.infer<typeof deactivationSchema>,
  t: TFunction,
) {
  const member = await staffInSubtree(em, admin, staffId);
  if (member.id === admin.staffId) throw new ApiError(409, 'own_account', 'administration.errors.ownAccount');
  if (!member.active) throw new ApiError(409, 'staff_inactive', 'administration.errors.staffInactive');
  const held = await heldWork(em, member);
  const missing = [
    ...held.backlogCases.filter((c) => !input.backlogCases[c.caseNumber]).map((c) => c.caseNumber),
    ...held.escalations.filter((e) => !input.escalations[e.id]).map((e) => e.caseNumber),
    ...(held.department && !input.departmentSuccessorId ? [held.department.name] : []),
  ];
  if (missing.length > 0) {
    throw new ApiError(409, 'handover_required', 'administration.errors.handoverRequired', {
      items: missing.join(t('listSeparator', { defaultValue: '、' })),
    });
  }
  const leaders = new Map<number, Awaited<ReturnType<typeof leaderRef>>>();
  for (const c of held.backlogCases) {
    const leaderId = input.backlogCases[c.caseNumber]!;
    if (leaderId === member.id)
      throw new ApiError(422, 'handover_to_leaver', 'administration.errors.handoverToLeaver');
    if (!leaders.has(leaderId)) {
      await staffInSubtree(em, admin, leaderId);
      leaders.set(leaderId, await leaderRef(em, leaderId));
    }
  }
  const successors = new Map<number, StaffMember>();
  for (const id of [
    ...Object.values(input.escalations),
    ...(input.departmentSuccessorId ? [input.departmentSuccessorId] : []),
  ]) {
    const successor = await staffInSubtree(em, admin, id);
    if (!successor.active || successor.id === member.id) {
      throw new ApiError(422, 'handover_to_leaver', 'administration.errors.handoverToLeaver');
    }
    successors.set(id, successor);
  }
  const departmentSuccessor = input.departmentSuccessorId
    ? successors.get(input.departmentSuccessorId)
    : undefined;
  if (
    held.department &&
    departmentSuccessor?.department &&
    departmentSuccessor.department.id !== held.department.id
  ) {
    throw new ApiError(422, 'department_elsewhere', 'administration.errors.departmentElsewhere', {
      name: departmentSuccessor.department.name,
    });
  }
  const actor = actorOf(admin);
  for (const c of held.backlogCases) {
    const leader = leaders.get(input.backlogCases[c.caseNumber]!)!;
    await giveCommand(temporal, c.caseNumber, 'assignLeader', actor, { leader }, t);
  }
  for (const e of held.escalations) {
    const successor = successors.get(input.escalations[e.id]!)!;
    const row = await em.findOneOrFail(Escalation, { id: e.id });
    row.recipients = row.recipients.map((r) =>
      r.staffId === member.id
        ? { staffId: successor.id, name: successor.name, email: successor.email, role: successor.role }
        : r,
    );
  }
  if (held.department && departmentSuccessor) {
    const successor = departmentSuccessor;
    const before = staffSnapshot(successor);
    const roles = ordered([...successor.roles, 'handler']);
    Object.assign(successor, {
      department: em.getReference(Department, held.department.id),
      roles,
      role: roles[0]!,
    });
    recordAdminChange(em, {
      actor: adminActor(admin),
      action: 'staff.roles',
      entity: 'staff',
      entityId: successor.id,
      unit: successor.unit,
      before,
      after: staffSnapshot(successor),
    });
  }
  const before = staffSnapshot(member);
  member.active = false;
  recordAdminChange(em, {
    actor: adminActor(admin),
    action: 'staff.deactivate',
    entity: 'staff',
    entityId: member.id,
    unit: member.unit,
    before,
    after: { ...staffSnapshot(member), handover: input },
  });
  await em.flush();
  await endSessionsOf(em, member.id);
}
