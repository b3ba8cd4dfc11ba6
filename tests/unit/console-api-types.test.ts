import test from 'ava';
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildOpenApiDocument } from '../../api/openapi';
import { consoleApiTypes, consoleApiTypesFile } from '../../scripts/console-api-types';

test('the console’s committed API types match the document the server builds now (else: npm run generate:api)', async (t) => {
  const committed = await fs.readFile(path.resolve(__dirname, '../..', consoleApiTypesFile), 'utf8');
  t.is(committed, await consoleApiTypes());
});

interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/**
 * Where an answer's shape says nothing the console's types could check: an unknown value, a
 * bare or open object. Each one here is a free map on purpose (its keys differ per event,
 * entity or alert kind); anything else loose would let a server change pass the console's typecheck.
 */
const freeOnPurpose = new Set([
  'GET /api/v1/staff/cases/{caseNumber} 200 .timeline[].data',
  'GET /api/v1/admin/log 200 .entries[].before',
  'GET /api/v1/admin/log 200 .entries[].after',
  'GET /api/v1/admin/audit 200 .items[].detail',
  'GET /api/v1/admin/calendar 200 .alerts[].details',
  'GET /api/v1/openapi.json 200 .info',
  'GET /api/v1/openapi.json 200 .paths',
]);

test('every answer with a body has a schema, and every object in it names its fields', (t) => {
  const document = buildOpenApiDocument('http://localhost') as unknown as {
    paths: Record<
      string,
      Record<string, { responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>
    >;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const named = document.components?.schemas ?? {};
  const loose: string[] = [];
  const walk = (schema: JsonSchema | undefined, where: string, seen: Set<JsonSchema>) => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    if (schema.$ref) return walk(named[schema.$ref.split('/').pop()!], where, seen);
    const said = Object.keys(schema).filter((key) => !['description', 'example', 'examples'].includes(key));
    const open =
      typeof schema.additionalProperties === 'object' &&
      Object.keys(schema.additionalProperties).length === 0;
    if (
      said.length === 0 ||
      (schema.type === 'object' && !schema.properties && !schema.additionalProperties) ||
      open
    ) {
      if (!freeOnPurpose.has(where)) loose.push(where);
      return;
    }
    if (typeof schema.additionalProperties === 'object')
      walk(schema.additionalProperties, `${where}{}`, seen);
    for (const [name, inner] of Object.entries(schema.properties ?? {}))
      walk(inner, `${where}.${name}`, seen);
    walk(schema.items, `${where}[]`, seen);
    for (const inner of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      walk(inner, where, seen);
  };
  for (const [route, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const where = `${method.toUpperCase()} ${route} ${status}`;
        if (status === '204' || !status.startsWith('2')) continue;
        if (!response.content) {
          loose.push(`${where}: no body described`);
          continue;
        }
        walk(response.content['application/json']?.schema, `${where} `, new Set());
      }
    }
  }
  t.deepEqual(loose, []);
});
