import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

interface MediaType {
  schema?: object;
}
interface Operation {
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, object> };
}

const servedBy = (template: string, path: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`).test(
    path.split('?')[0] ?? '',
  );

/**
 * Judges answers against the served OpenAPI document: does a JSON body match the schema declared
 * for its operation and status? Validators are compiled once each.
 */
export function responseChecker(served: object) {
  const document = served as OpenApiDocument;
  // Formats (uuid, date-time) are the route's own business; the shape is what clients rely on.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  ajv.addSchema({ components: document.components ?? {} }, 'openapi');
  const compiled = new Map<string, ValidateFunction | undefined>();
  const validatorFor = (key: string, schema: object | undefined) => {
    if (!compiled.has(key)) {
      const rooted =
        schema && JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
      compiled.set(key, rooted ? ajv.compile(rooted as object) : undefined);
    }
    return compiled.get(key);
  };

  /**
   * What is wrong with the answer to `method path` for the operation `endpoint` (`METHOD /template`),
   * or undefined when it is as documented. A request another route took (another method, an empty
   * path segment) is not the operation's to judge.
   */
  return function mismatch(
    endpoint: string,
    request: { method: string; path: string },
    answer: { status: number; contentType: string; text: string },
  ): string | undefined {
    const [method = '', template = ''] = endpoint.split(' ');
    const operation = document.paths[template]?.[method.toLowerCase()];
    if (!operation || request.method !== method || !servedBy(template, request.path)) return undefined;
    // Which statuses may come is Schemathesis's check (tests/integration/schemathesis.test.ts); the
    // fuzz sends what no client would (bodies on a GET, broken percent-encoding), and the shared
    // middleware's refusals to those are not each operation's to declare.
    const declared = operation.responses?.[String(answer.status)];
    if (!declared) return undefined;
    if (!answer.contentType.startsWith('application/json')) return undefined;
    const validate = validatorFor(
      `${endpoint} ${answer.status}`,
      declared.content?.['application/json']?.schema,
    );
    if (!validate) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      // Unreadable JSON is a fault of its own, which the caller reports.
      return undefined;
    }
    if (validate(body)) return undefined;
    const [first] = validate.errors ?? [];
    return `${endpoint} ${answer.status} does not match its documented schema: ${first?.instancePath || '/'} ${first?.message ?? ''}`;
  };
}
