import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  accessCodeHeaderSchema,
  caseNumberSchema,
  caseStatusViewSchema,
  errorSchema,
  healthSchema,
  ledgerPageSchema,
  ledgerQuerySchema,
  ledgerSummarySchema,
  petitionInputSchema,
  receiptSchema,
  unitListSchema,
} from './schemas';
import { caseActionSchemas } from './case-command-schemas';
import { complainantActions } from './routes/cases';
import { likelyRepeatsSchema } from './routes/likely-repeats';
import {
  importResultSchema,
  importRowsInvalidSchema,
  importTemplateQuerySchema,
  importUploadSchema,
} from './backlog-import/schemas';
import { staffActionNames } from '../domain/case-commands';
import { registerDisciplinePaths } from './discipline/routes';
import { caseStatuses } from '../domain/case';
import { registerWrittenNoticePaths } from './written-notices/openapi';
import { registerAdministrationPaths } from './administration/openapi';
import { registerAuditPaths } from './audit/routes';
import { registerPolicyVersionPaths } from './administration/policy-versions';
import { registerCampaignPaths } from './administration/campaigns';
import { registerPowerListPaths } from './administration/power-list';
import { registerOrgChartImportPaths } from './administration/org-chart-import-routes';
import { registerAutoTriagePaths } from './auto-triage/routes';
import { registerMetricsPaths } from './metrics/routes';
import { registerLostCodePaths } from './lost-code/openapi';
import { registerReportPaths } from './routes/reports';
import { registerStatisticsPaths } from './routes/statistics';
import { registerTypicalCasePaths } from './routes/typical-cases';
import { registerStatisticsExportPaths } from './routes/statistics-export';
import { registerLookBackCampaignPaths } from './routes/close-out';
import { registerAdminCalendarPaths } from './routes/admin-calendar';
import { registerPublicPagePaths } from './public-pages-openapi';
import { registerPublicStatisticsPaths } from './routes/public-statistics';
import { addOpenApiLinks } from './openapi-links';
import { declareErrorResponses, download, json, problem } from './openapi-parts';
import { acceptedMediaTypes } from '../domain/complainant-files';
import {
  casePageSchema,
  grantAnswerSchema,
  identityAnswerSchema,
  identityLogPageSchema,
} from './case-page-schema';
import { enrolledAnswerSchema, sessionAnswerSchema, sessionViewSchema } from './routes/session';
import { payloadsSchema } from './routes/temporal-codec';
import { caseMailsSchema } from './routes/case-mails';
import { closeOutPreviewSchema, closeOutRunSchema } from './close-out-schemas';
import { departmentQueueSchema, escalationQueueSchema, leaderWorkspaceSchema } from './work-queue-schemas';

/** Builds the OpenAPI document from the schemas the routes validate with. */
export function buildOpenApiDocument(publicUrl: string) {
  const registry = new OpenAPIRegistry();
  registry.registerPath({
    method: 'post',
    path: '/api/v1/petitions',
    summary: 'Submit a petition (public)',
    request: {
      body: { content: { 'application/json': { schema: petitionInputSchema } } },
      headers: z.object({ 'accept-language': z.string().optional() }),
    },
    responses: {
      201: json(receiptSchema, 'Case created; the receipt holds the access code, shown only now.'),
      200: json(receiptSchema, 'The same submission key was seen before: the same case.'),
      400: problem('The body is not valid JSON.'),
      409: problem('The submission key was already used for a different petition.'),
      413: problem('The body is too large.'),
      422: problem('A field is missing or wrong; details name each one.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/cases/{caseNumber}',
    summary: 'Status and timeline of a case, for the complainant',
    request: {
      params: z.object({ caseNumber: caseNumberSchema }),
      headers: z.object({ 'x-access-code': accessCodeHeaderSchema }),
    },
    responses: {
      200: json(caseStatusViewSchema, 'Where the case is'),
      401: problem('No access code was sent.'),
      404: problem('No case matches this number and access code.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/ledger',
    summary: 'The office ledger (台账), filtered and paged',
    request: { query: ledgerQuerySchema },
    responses: { 200: json(ledgerPageSchema, 'One page of cases'), 422: problem('A filter is invalid.') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/ledger/summary',
    summary: 'Case counts by status',
    responses: { 200: json(ledgerSummarySchema, 'Counts') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/units',
    summary: "The units in the signed-in person's jurisdiction",
    responses: { 200: json(unitListSchema, 'Their own unit and every unit below it, each with its parent') },
  });
  registerStaffPaths(registry);
  registerWrittenNoticePaths(registry);
  registerAdministrationPaths(registry);
  registerAuditPaths(registry);
  registerPolicyVersionPaths(registry);
  registerCampaignPaths(registry);
  registerPowerListPaths(registry);
  registerOrgChartImportPaths(registry);
  registerAutoTriagePaths(registry);
  registerDisciplinePaths(registry);
  registerMetricsPaths(registry);
  registerLostCodePaths(registry);
  registerReportPaths(registry);
  registerStatisticsPaths(registry);
  registerTypicalCasePaths(registry);
  registerStatisticsExportPaths(registry);
  registerLookBackCampaignPaths(registry);
  registerAdminCalendarPaths(registry);
  registerPublicPagePaths(registry);
  registerPublicStatisticsPaths(registry);
  registry.registerPath({
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    responses: {
      200: json(
        z.object({
          openapi: z.literal('3.1.0'),
          info: z.object({}).passthrough(),
          paths: z.object({}).passthrough(),
        }),
        'The OpenAPI 3.1 document of every route the app serves',
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'Database, Temporal and SMTP, each ok or failing',
    responses: { 200: json(healthSchema, 'All ok'), 503: json(healthSchema, 'Something is failing') },
  });
  declareErrorResponses(registry);
  return addOpenApiLinks(
    new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: { title: 'Qingling (清零) API', version: '1' },
      servers: [{ url: publicUrl }],
    }),
  );
}

const commandAnswerSchema = z
  .object({ status: z.enum(caseStatuses), allowedActions: z.array(z.enum(staffActionNames)) })
  .meta({
    id: 'CommandAnswer',
    description: 'The state the case is in after the action, and what the person may do next.',
  });

/** Staff sign-in, the case page and its actions, office intake and the work queues. */
function registerStaffPaths(registry: OpenAPIRegistry) {
  const signedIn = { 401: problem('Not signed in.') };
  registry.registerPath({
    method: 'post',
    path: '/api/v1/session',
    summary: 'Staff sign-in; sets the session cookie ql_session',
    request: {
      body: {
        content: {
          'application/json': { schema: z.object({ email: z.email(), password: z.string().min(1) }) },
        },
      },
    },
    responses: {
      200: json(
        sessionAnswerSchema,
        'Signed in; send csrfToken back as X-CSRF-Token on every state-changing request',
      ),
      202: json(
        z.object({ secondFactor: z.enum(['code', 'enrol']), csrfToken: z.string() }),
        'Password right, second factor owed: `code` — give it (POST /api/v1/session/second-factor); `enrol` — the role requires one, enrol first. Until then every staff route answers 401.',
      ),
      401: problem('Wrong e-mail or password.'),
      415: problem('Not JSON: sign-in takes JSON only (no cross-site form can sign anyone in).'),
      429: problem(
        'Too many failed sign-ins for this account or address; Retry-After says when to try again.',
      ),
    },
  });
  const csrf = { 403: problem('CSRF token missing or wrong (X-CSRF-Token): reload the page.') };
  registry.registerPath({
    method: 'get',
    path: '/api/v1/session',
    summary: 'The signed-in person and the CSRF token of the session',
    responses: {
      200: json(sessionViewSchema, 'Signed in'),
      ...signedIn,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/session',
    summary: 'Sign out here',
    responses: { 204: { description: 'Signed out' }, ...csrf },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/session/all',
    summary: 'Sign out everywhere: ends every session of the signed-in person',
    responses: { 204: { description: 'Every session ended' }, ...signedIn, ...csrf },
  });
  const code = {
    body: { content: { 'application/json': { schema: z.object({ code: z.string().min(1).max(32) }) } } },
  };
  registry.registerPath({
    method: 'post',
    path: '/api/v1/session/second-factor',
    summary: 'The second factor after a right password: the authenticator’s six digits or a recovery code',
    request: code,
    responses: {
      200: json(sessionAnswerSchema, 'Signed in'),
      401: problem('Wrong, reused or spent code; or no password step pending.'),
      ...csrf,
      429: problem('Too many failed sign-ins for this account; Retry-After says when to try again.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/session/second-factor/enrolment',
    summary: 'Begin enrolling an authenticator: a new secret, its otpauth URI and QR code (SVG)',
    responses: {
      200: json(
        z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() }),
        'Scan the QR code or type the secret, then confirm with a code',
      ),
      ...signedIn,
      ...csrf,
      409: problem('An authenticator is already enrolled.'),
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/session/second-factor/enrolment',
    summary: 'Confirm the authenticator with a code; answers the ten recovery codes, shown this once',
    request: code,
    responses: {
      200: json(enrolledAnswerSchema, 'Enrolled and signed in (a new session id and CSRF token)'),
      ...signedIn,
      ...csrf,
      409: problem('Already enrolled, or enrolment not begun.'),
      422: problem('The code is wrong: check the phone’s clock and type the code shown now.'),
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/session/password',
    summary: 'Change one’s password (at least 12 characters, not guessable); ends the other sessions',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1) }),
          },
        },
      },
    },
    responses: {
      200: json(sessionAnswerSchema, 'Changed; this session goes on renewed, with a new CSRF token'),
      ...signedIn,
      ...csrf,
      422: problem(
        'The new password breaks the policy (the message says what to change), or the current one is wrong.',
      ),
    },
  });
  const reason = z.object({ reason: z.string().min(4).max(500) });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/cases/{caseNumber}/identity',
    summary: 'Reveal the complainant’s identity, giving the reason of this view (logged)',
    request: {
      params: z.object({ caseNumber: caseNumberSchema }),
      body: { content: { 'application/json': { schema: reason } } },
    },
    responses: {
      200: json(identityAnswerSchema, 'The identity: name, phone, email, idNumber, address'),
      ...signedIn,
      ...csrf,
      403: problem('Not the registering office and no grant (the attempt is logged).'),
      404: problem('No such case for this person, or an anonymous petition.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/cases/{caseNumber}/identity-grants',
    summary: 'The registering office grants a person or a department sight of the identity, with a reason',
    request: {
      params: z.object({ caseNumber: caseNumberSchema }),
      body: {
        content: {
          'application/json': {
            schema: z.object({
              staffId: z.number().int().optional(),
              departmentId: z.number().int().optional(),
              reason: z.string().min(4).max(500),
            }),
          },
        },
      },
    },
    responses: {
      201: json(grantAnswerSchema, 'The grant'),
      ...signedIn,
      ...csrf,
      403: problem('Only the registering office grants.'),
      422: problem('Names neither or both, or someone who may not be granted (e.g. the accused).'),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/staff/cases/{caseNumber}/identity-grants/{grantId}',
    summary: 'Revoke a grant',
    request: { params: z.object({ caseNumber: caseNumberSchema, grantId: z.number().int() }) },
    responses: { 204: { description: 'Revoked' }, ...signedIn, ...csrf, 404: problem('No such grant.') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/identity-views',
    summary: 'The identity log (who saw which complainant, when and why): office heads, their jurisdiction',
    request: {
      query: z.object({
        caseNumber: caseNumberSchema.optional(),
        from: z.string().optional(),
        to: z.string().optional(),
        page: z.number().int().optional(),
        pageSize: z.number().int().optional(),
      }),
    },
    responses: { 200: json(identityLogPageSchema, 'A page of the log'), ...signedIn },
  });
  for (const action of ['decode', 'encode'] as const) {
    registry.registerPath({
      method: 'post',
      path: `/api/v1/temporal-codec/${action}`,
      summary: `Temporal UI remote codec: ${action} payloads (office heads and administrators, from TEMPORAL_UI_URL only)`,
      request: {
        body: {
          content: {
            'application/json': { schema: payloadsSchema },
          },
        },
      },
      responses: {
        200: json(payloadsSchema, 'The payloads'),
        ...signedIn,
        403: problem('Another origin, or a role that may not read payloads.'),
        415: problem('Not JSON.'),
        422: problem('A payload that does not decrypt with the listed keys.'),
      },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/cases/{caseNumber}',
    summary: 'The case page: the matter, deadlines, timeline and the actions the signed-in person may take',
    request: { params: z.object({ caseNumber: caseNumberSchema }) },
    responses: {
      200: json(casePageSchema, 'The case'),
      ...signedIn,
      404: problem("No such case in the person's jurisdiction."),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/cases/{caseNumber}/likely-repeats',
    summary: 'Open cases this petition likely repeats (重复信访), by complainant and by similar matter',
    request: { params: z.object({ caseNumber: caseNumberSchema }) },
    responses: {
      200: json(likelyRepeatsSchema, 'At most five open cases, best first'),
      ...signedIn,
      404: problem("No such case in the person's jurisdiction."),
    },
  });
  for (const action of staffActionNames) {
    registry.registerPath({
      method: 'post',
      path: `/api/v1/staff/cases/{caseNumber}/actions/${action}`,
      summary: `Case action: ${action} (a Temporal Update on the case workflow)`,
      request: {
        params: z.object({ caseNumber: caseNumberSchema }),
        body: { content: { 'application/json': { schema: caseActionSchemas[action] } } },
      },
      responses: {
        200: json(commandAnswerSchema, 'Done; the new state'),
        ...signedIn,
        403: problem('This person may not take this action on this case (role or unit).'),
        404: problem("No such case in the person's jurisdiction."),
        409: problem('The case is not in a state that allows it, e.g. "this case is not in handling".'),
        422: problem('The body is wrong or incomplete.'),
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/petitions',
    summary: 'Register a visit, letter or phone call (office intake)',
    request: { body: { content: { 'application/json': { schema: petitionInputSchema } } } },
    responses: {
      // The office hands the access code over itself: no status link, unlike the public receipt.
      201: json(receiptSchema.omit({ statusUrl: true }), 'Case created'),
      200: json(
        receiptSchema.omit({ statusUrl: true }),
        'The same submission key was seen before: the same case.',
      ),
      ...signedIn,
      403: problem('Unit outside the jurisdiction.'),
      422: problem('A field is missing or wrong.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/backlog/import-template',
    summary: 'The import template of a campaign screening (集中排查), for clerks and office heads',
    request: { query: importTemplateQuerySchema },
    responses: {
      200: {
        description: 'The template as a download (Content-Disposition: attachment)',
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: z.string().meta({ format: 'binary' }),
          },
          'text/csv': { schema: z.string() },
        },
      },
      ...signedIn,
      403: problem('Only clerks and office heads import.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/backlog/imports',
    summary: 'Import existing backlog cases from a CSV or XLSX file: all rows or none',
    description:
      'Every row is validated first; one bad row refuses the whole file with every problem listed. ' +
      'Each new row becomes a case whose workflow starts with its real dates. ' +
      'The same file again answers 200 with the same cases; rows imported before from another file are skipped.',
    request: { body: { content: { 'multipart/form-data': { schema: importUploadSchema } } } },
    responses: {
      201: json(importResultSchema, 'Imported'),
      200: json(
        importResultSchema,
        'The same file was imported before: the same batch and cases (unchanged: true)',
      ),
      ...signedIn,
      403: problem('Only clerks and office heads import.'),
      413: problem('The file is larger than 5 MB.'),
      415: problem('Neither XLSX nor CSV (e.g. an old .xls file).'),
      422: json(
        z.union([importRowsInvalidSchema, errorSchema]),
        'Rows or header are wrong, or the file is empty, has too many rows, is missing or not one file; nothing imported.',
      ),
      503: problem('Temporal is unavailable; importing the same file again finishes the batch.'),
    },
  });
  for (const [segment, command] of [
    ...Object.entries(complainantActions),
    ['messages', 'addComplainantMessage'],
  ] as const) {
    registry.registerPath({
      method: 'post',
      path: `/api/v1/cases/{caseNumber}/${segment}`,
      summary: `The complainant's ${command}, proven by the access code`,
      request: {
        params: z.object({ caseNumber: caseNumberSchema }),
        headers: z.object({ 'x-access-code': accessCodeHeaderSchema }),
        body: { content: { 'application/json': { schema: caseActionSchemas[command] } } },
      },
      responses: {
        200: json(z.object({ status: z.enum(caseStatuses), statusLabel: z.string() }), 'Done'),
        404: problem('No case matches this number and access code.'),
        409: problem('Not possible now (e.g. the time to ask for review has passed).'),
        429: problem(
          'Too many look-ups from this address, or too many wrong codes for this case: wait and retry.',
        ),
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/v1/attachments',
    summary: 'The complainant uploads a file before sending a petition or a message (attachmentIds)',
    description:
      'Photos, PDF, Word documents and recordings, at most 10 MB, the type read from the content, not the name. ' +
      'The file joins a case only when a petition or a message names it.',
    request: {
      body: {
        content: {
          'multipart/form-data': { schema: z.object({ file: z.string().meta({ format: 'binary' }) }) },
        },
      },
    },
    responses: {
      201: json(
        z.object({ id: z.uuid(), fileName: z.string(), mediaType: z.string(), size: z.number().int() }),
        'Stored',
      ),
      413: problem('Larger than 10 MB.'),
      422: problem('Not a photo, PDF or recording (the message lists the accepted types), or no file.'),
      429: problem('Too many uploads from this address: wait and retry.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/cases/{caseNumber}/mails',
    summary: 'The e-mails of a case (outbox): subject, masked recipient, attempts, last error, when sent',
    request: { params: z.object({ caseNumber: caseNumberSchema }) },
    responses: {
      200: json(caseMailsSchema, 'The case’s mails'),
      ...signedIn,
      404: problem('No such case in the person’s jurisdiction.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/close-out/preview',
    summary:
      'What closing the week now would strike off (一周一销号), what still waits, and the week’s figures',
    responses: { 200: json(closeOutPreviewSchema, 'The preview'), ...signedIn },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/close-out/run',
    summary: 'An office head closes the week now for the office’s subtree; the same answer when run again',
    responses: {
      200: json(closeOutRunSchema, 'Closed'),
      ...signedIn,
      403: problem('Only an office head closes the week.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/queues/department',
    summary: "Cases in handling at the signed-in handler's department",
    responses: {
      200: json(departmentQueueSchema, 'The queue'),
      ...signedIn,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/queues/escalations',
    summary: "Breaches escalated to the signed-in person's unit (督办) and not yet acted on",
    responses: {
      200: json(escalationQueueSchema, 'The queue'),
      ...signedIn,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/attachments',
    summary: 'Upload a file for a case (a field visit’s photos, minutes or recordings)',
    description:
      'The type is read from the content, not the name: photos, PDF, Word documents and recordings. ' +
      'The file joins a case when an action names it (recordFieldVisit attachmentIds).',
    request: {
      body: {
        content: {
          'multipart/form-data': { schema: z.object({ file: z.string().meta({ format: 'binary' }) }) },
        },
      },
    },
    responses: {
      201: json(
        z.object({ id: z.uuid(), fileName: z.string(), mediaType: z.string(), size: z.number().int() }),
        'Stored',
      ),
      ...signedIn,
      413: problem('Larger than 10 MB.'),
      415: problem('Not a photo, PDF, Word document or recording.'),
      422: problem('No file, or more than one.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/attachments/{id}',
    summary: 'Download an attachment of a case in the person’s jurisdiction (or one they uploaded)',
    request: { params: z.object({ id: z.uuid() }) },
    responses: {
      // Stored files are of the accepted types only, and answered as the type they were stored as.
      200: download('The file, as a download', ...acceptedMediaTypes),
      ...signedIn,
      404: problem('No such file, or not for this person to see.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/leader/workspace',
    summary:
      'A leader’s backlog cases (我的包案), most urgent first; unowned ones to claim; what the superior sees',
    responses: {
      200: json(leaderWorkspaceSchema, 'The workspace'),
      ...signedIn,
      403: problem('Only leaders have a workspace.'),
    },
  });
}
