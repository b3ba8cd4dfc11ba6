import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router } from 'express';
import type { TFunction } from 'i18next';
import type { Logger } from 'pino';
import type { MailDeps } from '../../activities/mail';
import { StaffMember } from '../../db/entities';
import { inviteStaff } from './invitations';
import { z } from 'zod';
import { signedIn } from '../auth/staff';
import { importTemplateQuerySchema } from '../backlog-import/schemas';
import { errorSchema } from '../schemas';
import { cleanFileName, singleFileUpload, uploadedFile } from '../uploads';
import { parseOrThrow } from '../validation';
import { importOrgChart, type OrgChartImportDeps } from './org-chart-import';
import { maxOrgBytes, maxOrgRows, orgColumns } from './org-chart-import-rows';
import { orgChartCsvTemplate, orgChartXlsxTemplate } from './org-chart-import-template';

/**
 * Org chart import (组织机构导入) by the administrators of a subtree:
 * GET  /api/v1/admin/org-chart/import-template?format=csv|xlsx — the documented template;
 * POST /api/v1/admin/org-chart/imports — one CSV or XLSX file (multipart field `file`).
 */
export interface OrgChartImportRouteDeps {
  em: EntityManager;
  mail: MailDeps;
  log: Logger;
}

/** Each new person's invitation (邀请): the same one-time 72-hour link an administrator's invitation sends. */
const inviterFor =
  (deps: OrgChartImportRouteDeps, t: TFunction): OrgChartImportDeps['invite'] =>
  async (staffId) => {
    const member = await deps.em.fork().findOneOrFail(StaffMember, { id: staffId });
    await inviteStaff(deps.mail, member, t);
  };

export function orgChartImportRoutes(deps: OrgChartImportRouteDeps): Router {
  const router = Router();
  router.get('/api/v1/admin/org-chart/import-template', async (req, res) => {
    const { format } = parseOrThrow(importTemplateQuerySchema, req.query, req.t);
    const file = format === 'csv' ? orgChartCsvTemplate() : await orgChartXlsxTemplate(req.t);
    res
      .status(200)
      .type(file.contentType)
      .setHeader(
        'content-disposition',
        `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .send(file.bytes);
  });

  router.post('/api/v1/admin/org-chart/imports', singleFileUpload('file', maxOrgBytes), async (req, res) => {
    const file = uploadedFile(req, 'file');
    const importDeps: OrgChartImportDeps = {
      em: deps.em,
      invite: inviterFor(deps, req.t),
      onInvitationError: (staffId, error) =>
        deps.log.warn(
          { err: error, staffId },
          'org chart import: invitation not sent; the next import retries it',
        ),
    };
    const outcome = await importOrgChart(importDeps, signedIn(req), {
      bytes: file.buffer,
      fileName: cleanFileName(file.originalname),
    });
    if (outcome.kind === 'invalid') {
      const badLines = new Set(outcome.problems.map((p) => p.line)).size;
      res.status(422).json({
        error: {
          code: outcome.header ? 'import_header_invalid' : 'import_rows_invalid',
          message: req.t(
            outcome.header ? 'orgChartImport.errors.headerInvalid' : 'orgChartImport.errors.rowsInvalid',
            {
              count: badLines,
            },
          ),
          rows: [...outcome.problems]
            .sort((a, b) => a.line - b.line)
            .map((p) => ({
              line: p.line,
              column: p.column,
              ...(p.field ? { field: p.field } : {}),
              message: req.t(`orgChartImport.problems.${p.code}`, p.params),
            })),
        },
      });
      return;
    }
    const { kind: _kind, ...result } = outcome;
    res.status(result.importId === null ? 200 : 201).json(result);
  });
  return router;
}

const resultSchema = z
  .object({
    importId: z.number().int().nullable().meta({ description: 'Null when the file changed nothing' }),
    created: z.object({ units: z.number().int(), departments: z.number().int(), staff: z.number().int() }),
    unchanged: z
      .number()
      .int()
      .meta({ description: 'Rows that describe what exists already, exactly as it is' }),
    invitations: z
      .number()
      .int()
      .meta({ description: 'People created, each invited once by e-mail to set a password' }),
  })
  .meta({ id: 'OrgChartImportResult' });

const rowsInvalidSchema = z
  .object({
    error: z.object({
      code: z.enum(['import_rows_invalid', 'import_header_invalid']),
      message: z.string(),
      rows: z.array(
        z.object({
          line: z.number().int().meta({ description: 'Row of the file; the header is line 1' }),
          column: z.string().meta({ description: 'The column as the file heads it' }),
          field: z.string().optional(),
          message: z.string(),
        }),
      ),
    }),
  })
  .meta({
    id: 'OrgChartImportRowsInvalid',
    description: 'Nothing was imported: every bad row, each problem once.',
  });

export function registerOrgChartImportPaths(registry: OpenAPIRegistry): void {
  const problem = (description: string) => ({
    description,
    content: { 'application/json': { schema: errorSchema } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/org-chart/import-template',
    summary:
      'The org chart import template (units, departments, staff), documented in a second sheet (administrators)',
    request: { query: importTemplateQuerySchema },
    responses: {
      200: {
        description: 'The template file',
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: z.string().meta({ format: 'binary' }),
          },
          'text/csv': { schema: z.string() },
        },
      },
      403: problem('Not an administrator'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/admin/org-chart/imports',
    summary:
      'Import an org chart file: all rows or none; the same file again changes nothing (administrators of the subtree)',
    request: {
      body: {
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z.string().meta({
                format: 'binary',
                description:
                  `CSV (UTF-8, UTF-16 or GBK) or XLSX, at most ${maxOrgBytes / 1024 / 1024} MB and ${maxOrgRows} rows. Columns: ` +
                  orgColumns.map((c) => `${c.header} ${c.key}`).join(', '),
              }),
            }),
          },
        },
      },
    },
    responses: {
      201: { description: 'Imported', content: { 'application/json': { schema: resultSchema } } },
      200: {
        description: 'Everything in the file was there already: nothing changed',
        content: { 'application/json': { schema: resultSchema } },
      },
      403: problem('Not an administrator'),
      413: problem('The file is too large'),
      415: problem('Not a CSV or XLSX file'),
      422: {
        description: 'Bad rows, each by line and column; or no file was sent',
        content: { 'application/json': { schema: z.union([rowsInvalidSchema, errorSchema]) } },
      },
    },
  });
}
