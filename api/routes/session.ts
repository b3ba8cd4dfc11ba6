import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { StaffMember } from '../../db/entities';
import { passwordMatches } from '../auth/passwords';
import { sessionCookieName } from '../auth/session';
import { loadSignedInStaff, type SignedInStaff } from '../auth/staff';
import { ApiError } from '../errors';
import { parseOrThrow } from '../validation';

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

const staffView = (staff: SignedInStaff) => ({
  id: staff.staffId,
  name: staff.name,
  title: staff.title,
  role: staff.role,
  email: staff.email,
  unit: { code: staff.unit.code, name: staff.unit.name, level: staff.unit.level },
  department: staff.department,
});

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
const save = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));

/** Staff sign-in (登录) and sign-out; the session lives in PostgreSQL. */
export function sessionRoutes(em: () => EntityManager): Router {
  const router = Router();
  router.post('/api/v1/session', async (req, res) => {
    const { email, password } = parseOrThrow(signInSchema, req.body, req.t);
    const member = await em().findOne(
      StaffMember,
      { email, active: true },
      { fields: ['id', 'passwordHash'] as never },
    );
    if (!(await passwordMatches(password, member?.passwordHash))) {
      throw new ApiError(401, 'sign_in_failed', 'errors.signInFailed');
    }
    // A fresh session id on sign-in: an id planted before sign-in is worth nothing after.
    await regenerate(req);
    req.session.staffId = member!.id;
    await save(req);
    const staff = await loadSignedInStaff(em(), member!.id);
    res.json({ staff: staffView(staff!) });
  });
  router.get('/api/v1/session', async (req, res) => {
    const staff =
      req.session?.staffId === undefined ? null : await loadSignedInStaff(em(), req.session.staffId);
    if (!staff) throw new ApiError(401, 'sign_in_required', 'errors.signInRequired');
    res.json({ staff: staffView(staff) });
  });
  router.delete('/api/v1/session', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
    res.clearCookie(sessionCookieName, { path: '/' });
    res.status(204).end();
  });
  return router;
}
