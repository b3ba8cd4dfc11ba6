import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  lostCodeRequestedSchema,
  lostCodeRequestSchema,
  newAccessCodeSchema,
  oneTimeCodeInputSchema,
} from './schemas';
import { json, problem, jsonBody } from '../openapi-parts';

/** 找回查询码: a new access code for a named complainant who proves the phone on record. */
export function registerLostCodePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/api/v1/lost-code/requests',
    summary: 'Ask for a new access code: a one-time code goes by SMS to the phone on record (public)',
    request: jsonBody(lostCodeRequestSchema),
    responses: {
      202: json(
        lostCodeRequestedSchema,
        'Recorded. If the phone is the one on record, a 6-digit one-time code was sent by SMS; the answer is the same when it is not.',
      ),
      422: problem(
        'A field is wrong, or the case is anonymous or has no phone on record: no new code can be given for it.',
      ),
      429: problem(
        'Too many requests for this case, this phone or from this address; Retry-After says when.',
      ),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/lost-code/requests/{requestId}/confirmation',
    summary: 'Give the one-time code: a new access code is issued and the old one stops working (public)',
    request: { params: z.object({ requestId: z.uuid() }), ...jsonBody(oneTimeCodeInputSchema) },
    responses: {
      200: json(newAccessCodeSchema, 'The new access code, shown only now'),
      404: problem('No such request.'),
      409: problem('This request already gave a new code.'),
      410: problem('The one-time code has expired (10 minutes): ask for a new one.'),
      422: problem(
        'The one-time code is wrong (said the same whether or not the phone matched), or malformed.',
      ),
      423: problem('Five wrong tries: the request is locked; ask for a new one-time code.'),
    },
  });
}
