import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { StaffMember } from '../../db/entities';
import { unitKinds } from '../../db/entities/unit';
import { rolesOf, staffRoles } from '../../domain/actor';
import { setRetryAfter, type SignInGuard } from '../abuse';
import { csrfTokenOf } from '../auth/csrf';
import { passwordProblems } from '../auth/password-policy';
import { hashPassword, passwordMatches } from '../auth/passwords';
import type { StaffRole } from '../../domain/actor';
import { SecondFactorRepository } from '../../db/second-factor';
import { secondFactorRequired } from '../auth/second-factor';
import { beginPendingSession, beginSession, sessionCookieName, type PendingStep } from '../auth/session';
import { endSessionsOf, sessionStaff, signInRequired, type SignedInStaff } from '../auth/staff';
import { ApiError } from '../errors';
import { parseOrThrow } from '../validation';

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

/** The signed-in person, as the console shows them. */
export const sessionStaffSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    title: z.string(),
    role: z.enum(staffRoles),
    roles: z.array(z.enum(staffRoles)).meta({ description: 'Every role the person holds' }),
    email: z.string(),
    unit: z.object({ code: z.string(), name: z.string(), level: z.string(), kind: z.enum(unitKinds) }),
    department: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  })
  .meta({ id: 'SessionStaff' });

/** An answer that starts or shows a session: the person and the token to send back on changes. */
export const sessionAnswerSchema = z
  .object({ staff: sessionStaffSchema, csrfToken: z.string() })
  .meta({ id: 'SessionAnswer' });

/** The session as the console reads it on load: also whether the person has an authenticator, and must. */
export const sessionViewSchema = sessionAnswerSchema
  .extend({ secondFactor: z.object({ enrolled: z.boolean(), required: z.boolean() }) })
  .meta({ id: 'SessionView' });

/** Enrolment confirmed: the session (renewed) and the ten recovery codes, shown this once. */
export const enrolledAnswerSchema = sessionAnswerSchema
  .extend({ recoveryCodes: z.array(z.string()) })
  .meta({ id: 'EnrolledAnswer' });

const staffView = (staff: SignedInStaff): z.infer<typeof sessionStaffSchema> => ({
  id: staff.staffId,
  name: staff.name,
  title: staff.title,
  role: staff.role,
  roles: [...rolesOf(staff)],
  email: staff.email,
  unit: { code: staff.unit.code, name: staff.unit.name, level: staff.unit.level, kind: staff.unit.kind },
  department: staff.department,
});

export const promised = (run: (done: (error?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => run((e) => (e ? reject(e as Error) : resolve())));
export const regenerate = (req: Request) => promised((done) => req.session.regenerate(done));
export const save = (req: Request) => promised((done) => req.session.save(done));
const destroy = (req: Request) => promised((done) => req.session.destroy(done));

/** A fresh session id and token for `staffId`: an id planted before is worth nothing after. */
export async function startStaffSession(
  em: EntityManager,
  req: Request,
  res: Response,
  staffId: number,
  more: Partial<Omit<z.infer<typeof enrolledAnswerSchema>, 'staff' | 'csrfToken'>> = {},
): Promise<void> {
  await regenerate(req);
  beginSession(req, staffId);
  await save(req);
  const staff = await sessionStaff(em, req);
  res.json({ staff: staffView(staff!), csrfToken: csrfTokenOf(req), ...more } satisfies z.infer<
    typeof sessionAnswerSchema
  >);
}

/** What a right password still leaves owed: the authenticator's code, enrolling one (the role requires it), or nothing. */
async function secondFactorOwed(
  em: EntityManager,
  staffId: number,
  requiredRoles: readonly StaffRole[],
): Promise<PendingStep | null> {
  if ((await new SecondFactorRepository(em).of(staffId))?.enrolled) return 'code';
  const member = await em.findOneOrFail(StaffMember, staffId, { fields: ['role', 'roles'] as never });
  return secondFactorRequired(member, requiredRoles) ? 'enrol' : null;
}

/** After a password set with a one-time link: signed in, or the second factor owed as at sign-in. */
export async function startSessionAfterPassword(
  em: EntityManager,
  req: Request,
  res: Response,
  staffId: number,
  requiredRoles: readonly StaffRole[],
): Promise<void> {
  const owed = await secondFactorOwed(em, staffId, requiredRoles);
  await (owed ? startPendingSession(req, res, staffId, owed) : startStaffSession(em, req, res, staffId));
}

/**
 * The password was right, the second factor is owed: 202 with the step to take. The
 * session grants nothing until then (api/auth/staff.ts `signInRequired`).
 */
async function startPendingSession(req: Request, res: Response, staffId: number, step: PendingStep) {
  await regenerate(req);
  beginPendingSession(req, staffId, step);
  await save(req);
  res.status(202).json({ secondFactor: step, csrfToken: req.session.csrfToken });
}

/** Tells a locked-out client when to come back (`Retry-After`). */
export const guarded =
  (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      setRetryAfter(res, error);
      throw error;
    }
  };

export interface SessionRouteDeps {
  em: () => EntityManager;
  signIns: SignInGuard;
  secureCookies: boolean;
  /** Roles that must sign in with a second factor (SECOND_FACTOR_ROLES). */
  secondFactorRoles: readonly StaffRole[];
}

/**
 * Staff sign-in (登录), sign-out (here or on every device) and password change; the
 * session lives in PostgreSQL. Every answer that starts or shows a session carries
 * the CSRF token the console sends back on state-changing requests.
 */
export function sessionRoutes({ em, signIns, secureCookies, secondFactorRoles }: SessionRouteDeps): Router {
  const router = Router();
  const cookieName = sessionCookieName(secureCookies);

  const passwordHashOf = async (email: string) =>
    em().findOne(StaffMember, { email, active: true }, { fields: ['id', 'passwordHash'] as never });

  const startSession = (req: Request, res: Response, staffId: number) =>
    startStaffSession(em(), req, res, staffId);

  const signedInOrThrow = async (req: Request) => {
    const staff = await sessionStaff(em(), req);
    if (!staff) throw signInRequired(req);
    return staff;
  };

  /** What the account menu shows: whether the person has an authenticator, and whether they must. */
  const secondFactorOf = async (staff: SignedInStaff) => ({
    enrolled: (await new SecondFactorRepository(em()).of(staff.staffId))?.enrolled === true,
    required: secondFactorRequired(staff, secondFactorRoles),
  });

  const endHere = async (req: Request, res: Response) => {
    await destroy(req);
    res.clearCookie(cookieName, { path: '/', secure: secureCookies });
    res.status(204).end();
  };

  router.post(
    '/api/v1/session',
    guarded(async (req, res) => {
      // JSON only: a foreign page's form could otherwise sign a person into someone else's account (login CSRF).
      if (!req.is('application/json')) {
        throw new ApiError(415, 'json_required', 'errors.jsonRequired');
      }
      const { email, password } = parseOrThrow(signInSchema, req.body, req.t);
      const address = req.ip ?? 'unknown';
      await signIns.checkAddress(address);
      const member = await passwordHashOf(email);
      if (member) await signIns.checkAccount(member.id);
      // Unknown e-mails are verified against a decoy hash: the answer takes as long either way.
      if (!(await passwordMatches(password, member?.passwordHash))) {
        await signIns.recordFailure(address, member?.id);
        throw new ApiError(401, 'sign_in_failed', 'errors.signInFailed');
      }
      const owed = await secondFactorOwed(em(), member!.id, secondFactorRoles);
      // With an authenticator, the count of failures is cleared only once the code is given
      // too: a known password must not reset the count of guessed codes.
      if (owed !== 'code') await signIns.clear(member!.id);
      await (owed ? startPendingSession(req, res, member!.id, owed) : startSession(req, res, member!.id));
    }),
  );

  router.get('/api/v1/session', async (req, res) => {
    const staff = await signedInOrThrow(req);
    res.json({
      staff: staffView(staff),
      csrfToken: csrfTokenOf(req),
      secondFactor: await secondFactorOf(staff),
    } satisfies z.infer<typeof sessionViewSchema>);
  });

  router.delete('/api/v1/session', endHere);

  // 退出所有设备: every session of the person ends, this one included.
  router.delete('/api/v1/session/all', async (req, res) => {
    const staff = await signedInOrThrow(req);
    await endSessionsOf(em(), staff.staffId);
    await endHere(req, res);
  });

  router.put(
    '/api/v1/session/password',
    guarded(async (req, res) => {
      const staff = await signedInOrThrow(req);
      const { currentPassword, newPassword } = parseOrThrow(passwordChangeSchema, req.body, req.t);
      await signIns.checkAccount(staff.staffId);
      const member = await passwordHashOf(staff.email);
      // A stolen session must not become a way to guess the password: wrong ones count towards the lock.
      if (!member || !(await passwordMatches(currentPassword, member.passwordHash))) {
        await signIns.recordFailure(req.ip ?? 'unknown', staff.staffId);
        throw fieldRefused('currentPassword', [req.t('passwordPolicy.currentWrong')]);
      }
      const problems = passwordProblems(newPassword, staff);
      if (newPassword === currentPassword) problems.unshift({ key: 'passwordPolicy.sameAsCurrent' });
      if (problems.length > 0) {
        throw fieldRefused(
          'newPassword',
          problems.map((p) => req.t(p.key, p.params)),
        );
      }
      await em().nativeUpdate(
        StaffMember,
        { id: staff.staffId },
        { passwordHash: await hashPassword(newPassword), failedSignIns: 0, failedSignInsSince: null },
      );
      // Whoever else held a session, perhaps with the old password, is out; this one goes on renewed.
      await endSessionsOf(em(), staff.staffId);
      await startSession(req, res, staff.staffId);
    }),
  );
  return router;
}

/** A 422 naming one field, with each message already in the user's language. */
function fieldRefused(field: string, messages: string[]): ApiError {
  return new ApiError(
    422,
    'validation_failed',
    'errors.validation',
    {},
    messages.map((message) => ({ field, message })),
  );
}
