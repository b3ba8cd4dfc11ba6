import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { caseNumberSchema } from '../schemas';
import {
  caseNoticesSchema,
  issueNoticeSchema,
  noticeDeliverySchema,
  noticeFormatSchema,
  noticeKindSchema,
  writtenNoticeSchema,
} from './schemas';
import { noticeTemplatesSchema, prefixSchema, templateBodySchema } from './templates';
import { download, json, jsonBody, mediaTypes, problem } from '../openapi-parts';

const staff = {
  401: problem('Not signed in.'),
  403: problem('Not a clerk or head of a petition office, or the CSRF token is missing.'),
  404: problem('No such case (or notice) in the person’s jurisdiction.'),
};
const caseParams = z.object({ caseNumber: caseNumberSchema });
const noticeParams = z.object({ caseNumber: caseNumberSchema, id: z.coerce.number().int().positive() });

/** 文书: the case page's written notices, the administrators' templates, the complainant's download. */
export function registerWrittenNoticePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/cases/{caseNumber}/written-notices',
    summary: 'The written notices (文书) the case can have now, and those issued',
    request: { params: caseParams },
    responses: { 200: json(caseNoticesSchema, 'Kinds available and notices issued'), ...staff },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/cases/{caseNumber}/written-notices/{kind}',
    summary: 'Issue a written notice: numbered once per case and kind, unless a corrected one is asked for',
    request: { params: caseParams.extend({ kind: noticeKindSchema }), ...jsonBody(issueNoticeSchema) },
    responses: {
      201: json(writtenNoticeSchema, 'Issued now, with a new number; recorded on the timeline'),
      200: json(writtenNoticeSchema, 'Issued before: the same number and document'),
      ...staff,
      409: problem('The case has no step this kind tells of yet (e.g. a 受理告知书 before acceptance).'),
      422: problem('The body is wrong.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/staff/cases/{caseNumber}/written-notices/{id}/{format}',
    summary: 'Download a written notice as PDF (GB/T 9704 layout) or editable DOCX',
    request: { params: noticeParams.extend({ format: noticeFormatSchema }) },
    responses: {
      200: download('The file, as a download', mediaTypes.pdf, mediaTypes.docx),
      ...staff,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/staff/cases/{caseNumber}/written-notices/{id}/delivery',
    summary:
      'Record the delivery (送达) of a written notice; the acceptance notice’s stops its clock, the handling opinion’s is the reply’s delivery',
    request: { params: noticeParams, ...jsonBody(noticeDeliverySchema) },
    responses: {
      200: json(writtenNoticeSchema, 'Delivery recorded on the notice and the timeline'),
      ...staff,
      409: problem('Its delivery is already recorded, or the case cannot take it now.'),
      422: problem('A field is wrong (the date lies before the issue or after today).'),
    },
  });
  const admin = {
    401: problem('Not signed in.'),
    403: problem('Not an administrator, or the CSRF token is missing.'),
  };
  registry.registerPath({
    method: 'get',
    path: '/api/v1/admin/written-notices/templates',
    summary: 'The bodies of the administrator’s unit’s written notices and its number prefix',
    responses: { 200: json(noticeTemplatesSchema, 'Every kind, the unit’s own or the default'), ...admin },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/admin/written-notices/templates/{kind}',
    summary: 'Save the unit’s body for a kind; placeholders are checked',
    request: { params: z.object({ kind: noticeKindSchema }), ...jsonBody(templateBodySchema) },
    responses: {
      200: json(z.object({ kind: noticeKindSchema, body: z.string(), custom: z.boolean() }), 'Saved'),
      ...admin,
      422: problem('An unknown placeholder, or a required one missing: each named.'),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/admin/written-notices/templates/{kind}',
    summary: 'Go back to the default body for a kind',
    request: { params: z.object({ kind: noticeKindSchema }) },
    responses: { 204: { description: 'The default applies again' }, ...admin },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/admin/written-notices/prefix',
    summary: 'Set the unit’s prefix (机关代字) in its document numbers',
    request: jsonBody(prefixSchema),
    responses: { 200: json(prefixSchema, 'Saved'), ...admin, 422: problem('The prefix is wrong.') },
  });
}
