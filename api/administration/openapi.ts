import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { linkTokenSchema, setPasswordSchema } from './link-routes';
import { idParamSchema, logQuerySchema } from './routes';
import { deactivationSchema, rolesInputSchema, staffInputSchema, staffQuerySchema } from './staff';
import {
  departmentChangeSchema,
  departmentInputSchema,
  unitChangeSchema,
  unitInputSchema,
  unitMoveSchema,
} from './units';
import { download, json, mediaTypes, problem, jsonBody } from '../openapi-parts';
import { sessionAnswerSchema } from '../routes/session';
import {
  adminLogPageSchema,
  adminStaffListSchema,
  adminStaffSchema,
  adminUnitListSchema,
  departmentAnswerSchema,
  heldWorkSchema,
  unitAnswerSchema,
} from './answers';

const guarded = {
  401: problem('Not signed in, or the account was switched off.'),
  403: problem(
    'Not an administrator, the CSRF token is wrong, or the target is outside the administered subtree.',
  ),
  404: problem('No such unit, department or person.'),
};
const changing = {
  ...guarded,
  409: problem('The change conflicts with what exists (the message says what).'),
  422: problem('A field is wrong; details name it.'),
};

const answerOf = (status: number, description: string, answer?: z.ZodType | { file: string }) => {
  if (status === 204) return { description };
  if (!answer) throw new Error(`${description}: an answer with a body needs its schema`);
  return 'file' in answer ? download(description, answer.file) : json(answer, description);
};

/** 系统管理: the one-time links, the unit tree, departments, staff and the administration log. */
export function registerAdministrationPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/api/v1/session/link',
    summary: 'Who a one-time set-password link is for (invitation or reset)',
    request: jsonBody(linkTokenSchema),
    responses: {
      200: json(
        z.object({ name: z.string(), email: z.string(), purpose: z.string(), expiresAt: z.string() }),
        'The link is good',
      ),
      410: problem('The link is unknown, used or expired.'),
      415: problem('Not JSON.'),
      422: problem('No token.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/session/link/password',
    summary: 'Set the password with a one-time link; signs the person in',
    request: jsonBody(setPasswordSchema),
    responses: {
      200: json(sessionAnswerSchema, 'Password set and signed in'),
      410: problem('The link is unknown, used or expired.'),
      415: problem('Not JSON.'),
      422: problem('The password breaks the policy (the details say what to change).'),
    },
  });
  const id = { params: idParamSchema };
  const paths: {
    method: 'get' | 'post' | 'put' | 'patch' | 'delete';
    path: string;
    summary: string;
    request?: Record<string, unknown>;
    ok: [number, string];
    /** The answer's shape (JSON), or a file of this media type. */
    answer?: z.ZodType | { file: string };
  }[] = [
    {
      method: 'get',
      path: '/api/v1/admin/units',
      summary: 'The unit tree of the administered subtree, with departments',
      ok: [200, 'Units'],
      answer: adminUnitListSchema,
    },
    {
      method: 'post',
      path: '/api/v1/admin/units',
      summary: 'Create a unit one level below a unit of the subtree',
      request: jsonBody(unitInputSchema),
      ok: [201, 'Created'],
      answer: unitAnswerSchema,
    },
    {
      method: 'patch',
      path: '/api/v1/admin/units/{id}',
      summary: 'Rename a unit or change its division code',
      request: { ...id, ...jsonBody(unitChangeSchema) },
      ok: [200, 'Changed'],
      answer: unitAnswerSchema,
    },
    {
      method: 'post',
      path: '/api/v1/admin/units/{id}/move',
      summary: 'Move a unit (and everything below it) under another parent',
      request: { ...id, ...jsonBody(unitMoveSchema) },
      ok: [204, 'Moved'],
    },
    {
      method: 'post',
      path: '/api/v1/admin/units/{id}/deactivate',
      summary: 'Switch a unit off (no open cases, no active units or staff below)',
      request: id,
      ok: [204, 'Switched off'],
    },
    {
      method: 'delete',
      path: '/api/v1/admin/units/{id}',
      summary: 'Delete an empty unit made by mistake',
      request: id,
      ok: [204, 'Deleted'],
    },
    {
      method: 'post',
      path: '/api/v1/admin/units/{id}/departments',
      summary: 'Create a handling department (承办单位) in a unit',
      request: { ...id, ...jsonBody(departmentInputSchema) },
      ok: [201, 'Created'],
      answer: departmentAnswerSchema,
    },
    {
      method: 'patch',
      path: '/api/v1/admin/departments/{id}',
      summary: 'Rename a department',
      request: { ...id, ...jsonBody(departmentChangeSchema) },
      ok: [200, 'Renamed'],
      answer: departmentAnswerSchema,
    },
    {
      method: 'post',
      path: '/api/v1/admin/departments/{id}/deactivate',
      summary: 'Switch a department off',
      request: id,
      ok: [204, 'Switched off'],
    },
    {
      method: 'get',
      path: '/api/v1/admin/staff',
      summary: 'Staff of the subtree, filtered',
      request: { query: staffQuerySchema },
      ok: [200, 'Staff'],
      answer: adminStaffListSchema,
    },
    {
      method: 'post',
      path: '/api/v1/admin/staff',
      summary: 'Invite a person: an e-mail with a one-time link valid 72 hours',
      request: jsonBody(staffInputSchema),
      ok: [201, 'Invited'],
      answer: adminStaffSchema,
    },
    {
      method: 'put',
      path: '/api/v1/admin/staff/{id}/roles',
      summary: "Set a person's roles (several) and department",
      request: { ...id, ...jsonBody(rolesInputSchema) },
      ok: [200, 'Changed'],
      answer: adminStaffSchema,
    },
    {
      method: 'post',
      path: '/api/v1/admin/staff/{id}/reset-password',
      summary: 'Reset a password: signs out everywhere, e-mails a one-time link',
      request: id,
      ok: [204, 'Reset'],
    },
    {
      method: 'post',
      path: '/api/v1/admin/staff/{id}/reset-second-factor',
      summary:
        'Reset a second factor (a lost phone): forgets the authenticator and recovery codes, signs out everywhere; 409 when there is none',
      request: id,
      ok: [204, 'Reset'],
    },
    {
      method: 'post',
      path: '/api/v1/admin/staff/{id}/unlock',
      summary: 'Lift the lock of too many wrong passwords',
      request: id,
      ok: [204, 'Unlocked'],
    },
    {
      method: 'get',
      path: '/api/v1/admin/staff/{id}/handover',
      summary: 'What a person holds that someone must take over before they leave',
      request: id,
      ok: [200, 'Backlog cases, escalations, department'],
      answer: heldWorkSchema,
    },
    {
      method: 'post',
      path: '/api/v1/admin/staff/{id}/deactivate',
      summary: 'Switch a leaver off, handing each thing they hold to the person chosen',
      request: { ...id, ...jsonBody(deactivationSchema) },
      ok: [204, 'Switched off; their sessions ended'],
    },
    {
      method: 'get',
      path: '/api/v1/admin/log',
      summary: 'The administration log of the subtree, newest first',
      request: { query: logQuerySchema },
      ok: [200, 'One page'],
      answer: adminLogPageSchema,
    },
    {
      method: 'get',
      path: '/api/v1/admin/log.xlsx',
      summary: 'The administration log as a spreadsheet',
      request: { query: logQuerySchema },
      ok: [200, 'The log as a download (Content-Disposition: attachment)'],
      answer: { file: mediaTypes.xlsx },
    },
  ];
  for (const p of paths) {
    const [status, description] = p.ok;
    registry.registerPath({
      method: p.method,
      path: p.path,
      summary: p.summary,
      ...(p.request ? { request: p.request } : {}),
      responses: {
        [status]: answerOf(status, description, p.answer),
        ...(p.method === 'get' ? { ...guarded, 422: problem('A filter is wrong.') } : changing),
      },
    });
  }
}
