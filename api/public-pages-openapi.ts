import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { IntakeFormValues } from '../web/pages/intake-page';
import { caseActionSchemas } from './case-command-schemas';
import { lostCodeRequestSchema, oneTimeCodeInputSchema, requestIdSchema } from './lost-code/schemas';
import { download, mediaTypes, page } from './openapi-parts';
import { complainantMessageSchema } from './routes/cases';
import { downloadFormSchema } from './written-notices/status-page';

/**
 * The complainant's pages (no script, plain HTML forms): each form posts its fields and is
 * answered by a page again. A refusal is the same form with what to change, under the
 * refusal's own status. They are in the document so that no form is served unseen.
 */
const tags = ['Public pages'];
/** A form's fields; with `files`, the same form may also come as multipart with the files beside them. */
const formTypes = (schema: z.ZodObject, files?: { field: string; description: string }) => ({
  body: {
    content: {
      'application/x-www-form-urlencoded': { schema },
      ...(files
        ? {
            'multipart/form-data': {
              schema: schema.extend({
                [files.field]: z
                  .array(z.string().meta({ format: 'binary' }))
                  .optional()
                  .meta({ description: files.description }),
              }),
            },
          }
        : {}),
    },
  },
});
const yesNo = z.enum(['yes', 'no']);

const intakeFields = [
  'unitCode',
  'category',
  'place',
  'summary',
  'request',
  'identity',
  'name',
  'phone',
  'email',
  'notifyBy',
  'via',
  'qrUnitCode',
  'kind',
  'accusedName',
  'accusedPosition',
  'accusedIsHead',
  'submissionKey',
] as const satisfies readonly (keyof IntakeFormValues)[];
// The form's fields are the page's fields, every one: a new field of the page fails to compile here.
const everyIntakeField: Exclude<keyof IntakeFormValues, (typeof intakeFields)[number]> extends never
  ? true
  : false = true;
void everyIntakeField;

const intakeFormSchema = z.object(
  Object.fromEntries(intakeFields.map((field) => [field, z.string().optional()])),
);

/** The case number and access code every status form carries in its body (never in a URL). */
const caseAccessForm = z.object({ caseNumber: z.string(), accessCode: z.string() });

const statusRefusals = {
  400: page('The form cannot be read: the look-up form again.'),
  404: page('No case matches this number and code: the look-up form again.'),
  401: page('No access code was given: the look-up form again.'),
  409: page('Not possible now (e.g. the time to ask for review has passed): the case with the reason.'),
  422: page('A field is missing or wrong: the case with the form and what to change.'),
  429: page('Too many look-ups or wrong codes: wait (Retry-After) and retry.'),
};

export function registerPublicPagePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/',
    tags,
    summary: 'The petition form (我要信访); from a unit’s QR code the unit is filled in',
    request: {
      query: z.object({ unit: z.string().optional(), via: z.enum(['qr']).optional() }),
    },
    responses: { 200: page('The form') },
  });
  registry.registerPath({
    method: 'post',
    path: '/petition',
    tags,
    summary: 'Send the petition form; the receipt page shows the case number and access code once',
    request: formTypes(intakeFormSchema, {
      field: 'attachments',
      description: 'Photos, PDF, Word documents or recordings, each at most 10 MB',
    }),
    responses: {
      200: page('The receipt'),
      409: page('The submission key was used for another petition: the form again.'),
      413: page('A file is too large: the form again, asking to choose the files again.'),
      422: page(
        'A field is missing or wrong, or a file of a refused type: the form again with each problem.',
      ),
      429: page('Too many petitions from this address: the form again.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/status',
    tags,
    summary: 'The look-up form of 查询办理进度',
    request: { query: z.object({ case: z.string().optional() }) },
    responses: { 200: page('The form') },
  });
  registry.registerPath({
    method: 'post',
    path: '/status',
    tags,
    summary: 'Look a case up by number and access code: its status, timeline and what the complainant may do',
    request: formTypes(caseAccessForm),
    responses: { 200: page('The case'), ...statusRefusals },
  });
  const actions = [
    [
      '/status/message',
      'Send the handling unit a message, with files',
      caseAccessForm.extend({ text: complainantMessageSchema.shape.text }),
      { field: 'files', description: 'Photos, PDF, Word documents or recordings, each at most 10 MB' },
    ],
    [
      '/status/evaluation',
      'Evaluate the reply (满意/不满意); not satisfied needs a reason',
      caseAccessForm.extend({ satisfied: yesNo, comment: caseActionSchemas.evaluate.shape.comment }),
      undefined,
    ],
    [
      '/status/review-request',
      'Ask for a review (复查) of the reply',
      caseAccessForm.extend({ reason: caseActionSchemas.requestReview.shape.reason }),
      undefined,
    ],
    [
      '/status/look-back',
      'Answer the look-back (回头看): does the matter hold? If not, say why',
      caseAccessForm.extend({ holds: yesNo, comment: caseActionSchemas.answerLookBack.shape.comment }),
      undefined,
    ],
  ] as const;
  for (const [path, summary, schema, files] of actions) {
    registry.registerPath({
      method: 'post',
      path,
      tags,
      summary,
      request: formTypes(schema, files),
      responses: { 200: page('The case, with a line saying what was done'), ...statusRefusals },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/status/written-notice',
    tags,
    summary: 'Download a written notice (文书) of the case, as PDF or Word',
    request: formTypes(caseAccessForm.extend(downloadFormSchema.shape)),
    responses: {
      200: download('The notice (Content-Disposition: attachment)', mediaTypes.pdf, mediaTypes.docx),
      ...statusRefusals,
      404: page('No such notice for this case: the look-up form again.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/status/lost-code',
    tags,
    summary: 'The form to ask for a new access code (找回查询码)',
    request: { query: z.object({ case: z.string().optional() }) },
    responses: { 200: page('The form') },
  });
  registry.registerPath({
    method: 'post',
    path: '/status/lost-code',
    tags,
    summary: 'Ask for a new access code: a one-time code goes by SMS to the phone on record',
    request: formTypes(lostCodeRequestSchema),
    responses: {
      202: page('The form for the one-time code (the same whether or not the phone matched)'),
      422: page('A field is wrong, or no new code can be given for this case: the form again.'),
      429: page('Too many requests: the form again; Retry-After says when.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/status/lost-code/confirm',
    tags,
    summary: 'Give the one-time code: the page shows the new access code once',
    request: formTypes(
      z.object({ caseNumber: z.string(), requestId: requestIdSchema, ...oneTimeCodeInputSchema.shape }),
    ),
    responses: {
      200: page('The new access code'),
      404: page('No such request: the first form again.'),
      409: page('This request already gave a new code: the first form again.'),
      410: page('The one-time code has expired: the first form again.'),
      422: page('The one-time code is wrong or malformed: the same form again.'),
      423: page('Five wrong tries: the first form again.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/qr/{file}',
    tags,
    summary: 'A unit’s QR code (码上举报) as SVG or PNG, leading to the form with the unit filled in',
    request: { params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{1,32}\.(svg|png)$/) }) },
    responses: {
      200: {
        description: 'The QR code',
        content: {
          'image/svg+xml': { schema: z.string() },
          'image/png': { schema: z.string().meta({ format: 'binary' }) },
        },
      },
      404: page('No such unit'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/qr/{unitCode}/poster',
    tags,
    summary: 'A printable poster of a unit’s QR code',
    request: { params: z.object({ unitCode: z.string() }) },
    responses: { 200: page('The poster'), 404: page('No such unit') },
  });
}
