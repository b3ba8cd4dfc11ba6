import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import type { MailDeps } from '../../activities/mail';
import { readAdminLog } from '../../db/administration/admin-log';
import { signedIn } from '../auth/staff';
import { parseOrThrow } from '../validation';
import { adminLogXlsx } from './log-export';
import {
  changeRoles,
  createStaff,
  deactivateStaff,
  deactivationSchema,
  heldWork,
  listStaff,
  resetPassword,
  resetSecondFactor,
  rolesInputSchema,
  staffInputSchema,
  staffQuerySchema,
  staffView,
  staffViews,
  unlockStaff,
} from './staff';
import { staffInSubtree } from './subtree';
import type { adminLogPageSchema, departmentAnswerSchema, heldWorkSchema, unitAnswerSchema } from './answers';
import {
  changeUnit,
  createDepartment,
  createUnit,
  deactivateDepartment,
  deactivateUnit,
  deleteUnit,
  departmentChangeSchema,
  departmentInputSchema,
  moveUnit,
  renameDepartment,
  unitChangeSchema,
  unitInputSchema,
  unitMoveSchema,
  unitTree,
} from './units';

export const idParamSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const logQuerySchema = z.object({
  entity: z.enum(['unit', 'department', 'staff']).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

type UnitAnswer = z.infer<typeof unitAnswerSchema>;
type DepartmentAnswer = z.infer<typeof departmentAnswerSchema>;

export interface AdministrationDeps {
  em: () => EntityManager;
  temporal: Client;
  mail: MailDeps;
}

/** Whole days in Asia/Shanghai: `to` is inclusive. */
const officeDay = (day: string, plusDays = 0) =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000);

/**
 * 系统管理: the unit tree, departments, staff and the administration log of the signed-in
 * administrator's own subtree (the app lets only administrators reach `/api/v1/admin`).
 */
export function administrationRoutes(deps: AdministrationDeps): Router {
  const router = Router();
  const { em } = deps;
  const id = (params: unknown, t: Parameters<typeof parseOrThrow>[2]) =>
    parseOrThrow(idParamSchema, params, t).id;

  router.get('/api/v1/admin/units', async (req, res) => {
    res.json({ items: await unitTree(em(), signedIn(req)) });
  });
  router.post('/api/v1/admin/units', async (req, res) => {
    const input = parseOrThrow(unitInputSchema, req.body, req.t);
    const unit = await createUnit(em(), signedIn(req), input);
    res
      .status(201)
      .json({ id: unit.id, code: unit.code, name: unit.name, level: unit.level } satisfies UnitAnswer);
  });
  router.patch('/api/v1/admin/units/:id', async (req, res) => {
    const unitId = id(req.params, req.t);
    const unit = await changeUnit(
      em(),
      signedIn(req),
      unitId,
      parseOrThrow(unitChangeSchema, req.body, req.t),
    );
    res.json({ id: unit.id, code: unit.code, name: unit.name, level: unit.level } satisfies UnitAnswer);
  });
  router.post('/api/v1/admin/units/:id/move', async (req, res) => {
    const unitId = id(req.params, req.t);
    const { parentId } = parseOrThrow(unitMoveSchema, req.body, req.t);
    await moveUnit(em(), signedIn(req), unitId, parentId);
    res.status(204).end();
  });
  router.post('/api/v1/admin/units/:id/deactivate', async (req, res) => {
    await deactivateUnit(em(), signedIn(req), id(req.params, req.t));
    res.status(204).end();
  });
  router.delete('/api/v1/admin/units/:id', async (req, res) => {
    await deleteUnit(em(), signedIn(req), id(req.params, req.t));
    res.status(204).end();
  });

  router.post('/api/v1/admin/units/:id/departments', async (req, res) => {
    const unitId = id(req.params, req.t);
    const input = parseOrThrow(departmentInputSchema, req.body, req.t);
    const department = await createDepartment(em(), signedIn(req), unitId, input);
    res
      .status(201)
      .json({ id: department.id, code: department.code, name: department.name } satisfies DepartmentAnswer);
  });
  router.patch('/api/v1/admin/departments/:id', async (req, res) => {
    const departmentId = id(req.params, req.t);
    const { name } = parseOrThrow(departmentChangeSchema, req.body, req.t);
    const department = await renameDepartment(em(), signedIn(req), departmentId, name);
    res.json({
      id: department.id,
      code: department.code,
      name: department.name,
    } satisfies DepartmentAnswer);
  });
  router.post('/api/v1/admin/departments/:id/deactivate', async (req, res) => {
    await deactivateDepartment(em(), signedIn(req), id(req.params, req.t));
    res.status(204).end();
  });

  router.get('/api/v1/admin/staff', async (req, res) => {
    const query = parseOrThrow(staffQuerySchema, req.query, req.t);
    res.json({ items: await listStaff(em(), signedIn(req), query) });
  });
  router.post('/api/v1/admin/staff', async (req, res) => {
    const input = parseOrThrow(staffInputSchema, req.body, req.t);
    const member = await createStaff(em(), deps.mail, signedIn(req), input, req.t);
    // Just invited: no authenticator yet.
    res.status(201).json(staffView(member, false));
  });
  router.put('/api/v1/admin/staff/:id/roles', async (req, res) => {
    const staffId = id(req.params, req.t);
    const input = parseOrThrow(rolesInputSchema, req.body, req.t);
    const [member] = await staffViews(em(), [await changeRoles(em(), signedIn(req), staffId, input)]);
    res.json(member);
  });
  router.post('/api/v1/admin/staff/:id/reset-password', async (req, res) => {
    await resetPassword(em(), deps.mail, signedIn(req), id(req.params, req.t), req.t);
    res.status(204).end();
  });
  router.post('/api/v1/admin/staff/:id/reset-second-factor', async (req, res) => {
    await resetSecondFactor(em(), signedIn(req), id(req.params, req.t));
    res.status(204).end();
  });
  router.post('/api/v1/admin/staff/:id/unlock', async (req, res) => {
    await unlockStaff(em(), signedIn(req), id(req.params, req.t));
    res.status(204).end();
  });
  router.get('/api/v1/admin/staff/:id/handover', async (req, res) => {
    const member = await staffInSubtree(em(), signedIn(req), id(req.params, req.t));
    res.json((await heldWork(em(), member)) satisfies z.infer<typeof heldWorkSchema>);
  });
  router.post('/api/v1/admin/staff/:id/deactivate', async (req, res) => {
    const staffId = id(req.params, req.t);
    const input = parseOrThrow(deactivationSchema, req.body, req.t);
    await deactivateStaff(em(), deps.temporal, signedIn(req), staffId, input, req.t);
    res.status(204).end();
  });

  const logOf = async (query: z.infer<typeof logQuerySchema>, unitPath: string, all: boolean) =>
    readAdminLog(em(), {
      unitPath,
      ...(query.entity ? { entity: query.entity } : {}),
      ...(query.from ? { from: officeDay(query.from) } : {}),
      ...(query.to ? { to: officeDay(query.to, 1) } : {}),
      limit: all ? 100_000 : query.pageSize,
      offset: all ? 0 : (query.page - 1) * query.pageSize,
    });
  // The download first: `.xlsx` is not a page number, but the order keeps it obvious.
  router.get('/api/v1/admin/log.xlsx', async (req, res) => {
    const query = parseOrThrow(logQuerySchema, req.query, req.t);
    const { entries } = await logOf(query, signedIn(req).unitPath, true);
    res
      .type('xlsx')
      .attachment(`${req.t('administration.log.fileName')}.xlsx`)
      .send(await adminLogXlsx(entries, req.t));
  });
  router.get('/api/v1/admin/log', async (req, res) => {
    const query = parseOrThrow(logQuerySchema, req.query, req.t);
    res.json(
      (await logOf(query, signedIn(req).unitPath, false)) satisfies z.infer<typeof adminLogPageSchema>,
    );
  });
  return router;
}
