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

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const problem = (description: string) => json(errorSchema, description);

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
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'Database, Temporal and SMTP, each ok or failing',
    responses: { 200: json(healthSchema, 'All ok'), 503: json(healthSchema, 'Something is failing') },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Qingling (清零) API', version: '1' },
    servers: [{ url: publicUrl }],
  });
}
