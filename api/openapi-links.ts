/**
 * OpenAPI links (OpenAPI 3.1 §4.8.20): which answer of a creating operation names the resource
 * the next operation reads or changes. Schemathesis follows them in its stateful phase, so a
 * petition it submits is then looked up with its own number and access code, a draft it makes
 * is read, changed and discarded, instead of guessing identifiers that only ever answer 404.
 */
interface Link {
  from: { path: string; method: string; status: number };
  name: string;
  to: { path: string; method: string };
  /** Target parameter (`path.x`, `header.x`) → runtime expression on the answer. */
  parameters: Record<string, string>;
}

const byId =
  (path: string, method: string, status: number, prefix: string, idAt = '$response.body#/id') =>
  (to: [string, string][]): Link[] =>
    to.map(([target, targetMethod]) => ({
      from: { path, method, status },
      name: `${targetMethod}${target.slice(prefix.length).replace(/[^A-Za-z]+(.)?/g, (_, c: string = '') => c.toUpperCase())}`,
      to: { path: target, method: targetMethod },
      parameters: { 'path.id': idAt },
    }));

export const openApiLinks: Link[] = [
  {
    from: { path: '/api/v1/petitions', method: 'post', status: 201 },
    name: 'status',
    to: { path: '/api/v1/cases/{caseNumber}', method: 'get' },
    parameters: {
      'path.caseNumber': '$response.body#/caseNumber',
      'header.x-access-code': '$response.body#/accessCode',
    },
  },
  {
    from: { path: '/api/v1/staff/petitions', method: 'post', status: 201 },
    name: 'casePage',
    to: { path: '/api/v1/staff/cases/{caseNumber}', method: 'get' },
    parameters: { 'path.caseNumber': '$response.body#/caseNumber' },
  },
  ...byId(
    '/api/v1/staff/look-back-campaigns',
    'post',
    201,
    '/api/v1/staff',
  )([['/api/v1/staff/look-back-campaigns/{id}', 'get']]),
  ...byId(
    '/api/v1/admin/policy-drafts',
    'post',
    201,
    '/api/v1/admin',
    '$response.body#/draft/id',
  )([
    ['/api/v1/admin/policy-drafts/{id}', 'get'],
    ['/api/v1/admin/policy-drafts/{id}', 'put'],
    ['/api/v1/admin/policy-drafts/{id}/publish', 'post'],
    ['/api/v1/admin/policy-drafts/{id}', 'delete'],
  ]),
  ...byId(
    '/api/v1/admin/units',
    'post',
    201,
    '/api/v1/admin',
  )([
    ['/api/v1/admin/units/{id}', 'patch'],
    ['/api/v1/admin/units/{id}/departments', 'post'],
    ['/api/v1/admin/units/{id}/deactivate', 'post'],
    ['/api/v1/admin/units/{id}', 'delete'],
  ]),
  ...byId(
    '/api/v1/admin/staff',
    'post',
    201,
    '/api/v1/admin',
  )([
    ['/api/v1/admin/staff/{id}/roles', 'put'],
    ['/api/v1/admin/staff/{id}/handover', 'get'],
    ['/api/v1/admin/staff/{id}/unlock', 'post'],
  ]),
];

/** A JSON pointer to an operation of this document, as a URI fragment. */
const operationRef = (path: string, method: string) =>
  `#/paths/${encodeURIComponent(path.replaceAll('~', '~0').replaceAll('/', '~1'))}/${method}`;

interface Document {
  paths?: Record<string, Record<string, { responses?: Record<string, Record<string, unknown>> }>>;
}

/** Writes the links into the built document; a link between operations it lacks is a mistake here. */
export function addOpenApiLinks<D>(document: D): D {
  const paths = (document as Document).paths ?? {};
  for (const link of openApiLinks) {
    const response = paths[link.from.path]?.[link.from.method]?.responses?.[link.from.status];
    if (!response || !paths[link.to.path]?.[link.to.method]) {
      throw new Error(`OpenAPI link ${link.name}: no such operation or answer`);
    }
    const links = (response.links ??= {}) as Record<string, unknown>;
    links[link.name] = {
      operationRef: operationRef(link.to.path, link.to.method),
      parameters: link.parameters,
    };
  }
  return document;
}
