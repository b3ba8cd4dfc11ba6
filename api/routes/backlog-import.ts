import { Router, type Request, type Response } from 'express';
import { importBacklog, type ImportDeps } from '../backlog-import/import-batch';
import { importTemplateQuerySchema } from '../backlog-import/schemas';
import { csvTemplate, xlsxTemplate } from '../backlog-import/template-file';
import { maxImportBytes } from '../backlog-import/template';
import type { RowProblem } from '../backlog-import/validate-rows';
import { signedIn } from '../auth/staff';
import { cleanFileName, singleFileUpload, uploadedFile } from '../uploads';
import { parseOrThrow } from '../validation';

/**
 * Campaign screening (集中排查) by bulk import:
 * GET  /api/v1/staff/backlog/import-template?format=csv|xlsx — the documented template;
 * POST /api/v1/staff/backlog/imports — one CSV or XLSX file (multipart field `file`).
 */
export function backlogImportRoutes(deps: ImportDeps): Router {
  const router = Router();
  router.get('/api/v1/staff/backlog/import-template', async (req, res) => {
    const { format } = parseOrThrow(importTemplateQuerySchema, req.query, req.t);
    const file = format === 'csv' ? csvTemplate() : await xlsxTemplate(req.t);
    res
      .status(200)
      .type(file.contentType)
      .setHeader(
        'content-disposition',
        `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .send(file.bytes);
  });

  router.post('/api/v1/staff/backlog/imports', singleFileUpload('file', maxImportBytes), async (req, res) => {
    const staff = signedIn(req);
    const file = uploadedFile(req, 'file');
    const outcome = await importBacklog(deps, staff, {
      bytes: file.buffer,
      fileName: cleanFileName(file.originalname),
    });
    if (outcome.kind === 'invalid') {
      sendRowProblems(req, res, outcome.header, outcome.problems);
      return;
    }
    const { kind: _kind, unchanged, ...result } = outcome;
    res
      .status(unchanged ? 200 : 201)
      .json({ ...result, imported: result.cases.length, ...(unchanged ? { unchanged: true } : {}) });
  });
  return router;
}

/** 422 naming every bad row: its line, its column as the file heads it, and the reason in the reader's language. */
function sendRowProblems(req: Request, res: Response, header: boolean, problems: RowProblem[]): void {
  const badLines = new Set(problems.map((p) => p.line)).size;
  res.status(422).json({
    error: {
      code: header ? 'import_header_invalid' : 'import_rows_invalid',
      message: req.t(header ? 'backlogImport.errors.headerInvalid' : 'backlogImport.errors.rowsInvalid', {
        count: badLines,
      }),
      rows: problems
        .sort((a, b) => a.line - b.line)
        .map((p) => ({
          line: p.line,
          column: p.column,
          ...(p.field ? { field: p.field } : {}),
          message: req.t(`backlogImport.problems.${p.problem.code}`, p.problem.params),
        })),
    },
  });
}
