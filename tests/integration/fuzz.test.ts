import http from 'node:http';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import fc from 'fast-check';
import { bodyLimit } from '../../api/app';
import { importColumns } from '../../api/backlog-import/template';
import { PetitionCase } from '../../db/entities';
import { demoPassword } from '../../db/seed/demo-data';
import { staffActionNames } from '../../domain/case-commands';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import {
  changedTables,
  fingerprintDatabase,
  hostileFileName,
  hostileJsonText,
  hostilePathParam,
  hostileQuery,
  hostileString,
  hostileValue,
  multipartBody,
  mutatedJson,
  percentEncode,
  preview,
  sampleFiles,
  sendRaw,
  settledFingerprint,
  type Body,
  type RawAnswer,
  type RawRequest,
} from '../helpers/fuzz';
import { aPetition } from '../helpers/petitions';
import { responseChecker } from '../helpers/response-schema';
import { startTestServices, type TestServices } from '../helpers/services';
import { demoAccount } from '../helpers/staff';
import { writtenNoticeKinds } from '../../domain/written-notices';
import { signedInPaths } from '../../api/auth/staff';

/**
 * Hostile input against every endpoint: each path of the OpenAPI document, the
 * routes it does not list, and the public forms, sent by the anonymous public and
 * by staff of each role. Whatever comes in, the answer is never a 5xx, a refusal
 * says why (JSON for the API, a page for the forms), a JSON answer matches the schema
 * the document declares for its status, the server stays up, and a
 * batch of refused requests leaves the database as it was.
 *
 * Replay a failure with the seed the log prints: FUZZ_SEED=<seed> npx ava tests/integration/fuzz.test.ts
 */

const seed = Number(process.env.FUZZ_SEED ?? 20261122);
const parallel = 16;
/** Requests between two fingerprints of the database. */
const chunkSize = 64;
const bodyLimitBytes = Number.parseInt(bodyLimit, 10) * 1024;

const personas = ['anonymous', 'clerk', 'office_head', 'handler', 'leader', 'supervisor', 'admin'] as const;
type Persona = (typeof personas)[number];
const staffPersonas = personas.filter((p) => p !== 'anonymous');

const accounts: Record<Exclude<Persona, 'anonymous'>, string> = {
  clerk: demoAccount.clerk('990101001'),
  office_head: demoAccount.officeHead('990101001'),
  handler: demoAccount.handler('990101001-zz'),
  leader: demoAccount.leader('990101001'),
  supervisor: demoAccount.supervisor('990100'),
  admin: demoAccount.admin('990000'),
};

interface Credentials {
  cookie?: string;
  csrfToken?: string;
}

type BodyKind = 'json' | 'multipart' | 'form' | 'none';

interface Endpoint {
  method: string;
  /** With `{param}` placeholders. */
  template: string;
  query: string[];
  body: BodyKind;
  /** A plausible body to mutate. */
  base?: unknown;
  /** Multipart: the field the file goes in. */
  fileField?: string;
  /** Under the signed-in paths: staff send most of its requests. */
  staff: boolean;
  /** A public page: a refusal may be a page instead of JSON. */
  page: boolean;
  personas: readonly Persona[];
  /** Requests generated for it. */
  runs: number;
  group: Group;
}

type Group = 'public API' | 'staff case API' | 'staff API' | 'public pages' | 'administration API';

interface FuzzRequest extends Omit<RawRequest, 'body'> {
  /** Made when sent: a few bodies are megabytes. */
  bytes?: () => Buffer;
  endpoint: string;
  persona: Persona;
  shape: string;
}

interface FuzzContext {
  services: TestServices;
  app: TestApp;
  agent: http.Agent;
  credentials: Record<Persona, Credentials>;
  realCase: { caseNumber: string; accessCode: string };
  requests: Map<Group, FuzzRequest[]>;
  /** Shared by every test (ava copies the context's top level for each). */
  tally: { sent: number; spread: Map<string, Map<number, number>> };
  /** What is off in an answer by the OpenAPI document (undeclared status, body off its schema). */
  mismatch: ReturnType<typeof responseChecker>;
}

const test = anyTest as TestFn<FuzzContext>;

/** A case number of the right shape that no case has: staff actions go deep into validation without changing a case. */
const absentCase = 'QL2026-999999';

// ---------------------------------------------------------------------------
// Sign-in, raw: the fuzz builds its own requests, so it carries the cookie and CSRF token itself.

async function signInRaw(baseUrl: string, email: string): Promise<Credentials> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const [name = '', ...value] = pair.split('=');
      cookies.set(name, value.join('='));
    }
  };
  const cookieHeader = () => [...cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  const csrfOf = async (response: Response) =>
    ((await response.json().catch(() => ({}))) as { csrfToken?: string }).csrfToken;
  const first = await fetch(`${baseUrl}/api/v1/session`);
  keep(first);
  const preToken = await csrfOf(first);
  const signIn = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: cookieHeader(),
      ...(preToken ? { 'x-csrf-token': preToken } : {}),
    },
    body: JSON.stringify({ email, password: demoPassword }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in of ${email}: ${signIn.status} ${await signIn.text()}`);
  keep(signIn);
  const session = await fetch(`${baseUrl}/api/v1/session`, { headers: { cookie: cookieHeader() } });
  keep(session);
  return { cookie: cookieHeader(), csrfToken: await csrfOf(session) };
}

// ---------------------------------------------------------------------------
// The endpoints.

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

/** The schema a `$ref` names, or the schema itself. */
const resolved = (schema: JsonSchema | undefined, doc: OpenApiDocument): JsonSchema | undefined =>
  schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] : schema;

/** A value the schema would accept, near enough: the starting point hostile mutations move away from. */
function plausible(schema: JsonSchema | undefined, doc: OpenApiDocument): unknown {
  if (!schema) return {};
  if (schema.$ref) return plausible(doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''], doc);
  const alternative = schema.anyOf ?? schema.oneOf;
  if (alternative) return plausible(alternative.find((s) => s.type !== 'null') ?? alternative[0], doc);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, s]) => [key, plausible(s, doc)]),
      );
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => plausible(schema.items, doc));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'email') return 'someone@example.cn';
      if (schema.format === 'uuid') return '5f0c6f3e-2b1a-4c7e-9a53-0d6c1b2e3f40';
      if (schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-03-02';
      if (schema.pattern?.startsWith('^QL')) return absentCase;
      return '办理情况说明文字'.padEnd(Math.max(schema.minLength ?? 0, 8), '。');
    default:
      return {};
  }
}

const petitionForm = {
  unitCode: '990101001002',
  category: 'land',
  place: '东湖县城关镇新桥村',
  summary: '村里修路占用了我家承包地，补偿款至今没有发放。',
  request: '按标准发放征地补偿款',
  identity: 'named',
  name: '王明',
  phone: '13800000000',
  email: 'wangming@example.cn',
  submissionKey: 'fuzz-form-key-0000000000',
};

/** Every endpoint of the OpenAPI document, then the routes it leaves out, then the public forms. */
function catalogue(doc: OpenApiDocument, realCase: FuzzContext['realCase']): Endpoint[] {
  const endpoints: Endpoint[] = [];
  const add = (e: Partial<Endpoint> & Pick<Endpoint, 'method' | 'template'>) => {
    // Only what the caller said: an explicit undefined keeps the default.
    const said = Object.fromEntries(
      Object.entries(e).filter(([, value]) => value !== undefined),
    ) as Partial<Endpoint>;
    // A route listed by hand that the document lists too is fuzzed once, with what the hand
    // listing knows (a real case, the form's file field) over what the document says.
    const known = endpoints.find((k) => k.method === e.method && k.template === e.template);
    if (known) {
      Object.assign(known, said);
      return;
    }
    const staff = signedInPaths.some((p) => e.template.startsWith(p));
    const page = !e.template.startsWith('/api/') && e.template !== '/healthz';
    // Signing out (here, or everywhere) would end the staff sessions the rest of the fuzz relies on.
    const endsSessions = e.method === 'DELETE' && e.template.startsWith('/api/v1/session');
    endpoints.push({
      query: [],
      body: e.method === 'GET' || e.method === 'DELETE' ? 'none' : 'json',
      staff,
      page,
      personas: staff ? personas : ['anonymous', 'anonymous', 'anonymous', 'clerk'],
      runs: 150,
      group: page
        ? 'public pages'
        : e.template.startsWith('/api/v1/staff/cases')
          ? 'staff case API'
          : e.template.startsWith('/api/v1/admin/')
            ? 'administration API'
            : staff
              ? 'staff API'
              : 'public API',
      ...said,
      method: e.method,
      template: e.template,
      ...(endsSessions ? { personas: ['anonymous'] as const } : {}),
    });
  };
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const content = operation.requestBody?.content ?? {};
      const isMultipart = 'multipart/form-data' in content;
      // A page's form: its fields as text, and files beside them when it also takes multipart.
      const form = content['application/x-www-form-urlencoded']?.schema;
      const fieldsOf = (schema: JsonSchema | undefined) =>
        Object.entries(resolved(schema, doc)?.properties ?? {});
      const isFile = (s: JsonSchema) => s.format === 'binary' || resolved(s.items, doc)?.format === 'binary';
      const isAction = template.includes('/actions/');
      add({
        method: method.toUpperCase(),
        template,
        query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: form ? 'form' : isMultipart ? 'multipart' : content['application/json'] ? 'json' : 'none',
        base: form
          ? Object.fromEntries(fieldsOf(form).map(([name, s]) => [name, String(plausible(s, doc))]))
          : template === '/api/v1/petitions'
            ? aPetition({ submissionKey: 'fuzz-public-key-000000000' })
            : template === '/api/v1/staff/petitions'
              ? aPetition({ channel: 'visit', submissionKey: 'fuzz-office-key-000000000' })
              : template === '/api/v1/session'
                ? // Not a demo account: wrong passwords would lock it (and the fuzz sends many).
                  { email: 'nobody@demo.qingling.local', password: 'not-the-password' }
                : plausible(content['application/json']?.schema, doc),
        fileField: form
          ? fieldsOf(content['multipart/form-data']?.schema).find(([, s]) => isFile(s))?.[0]
          : isMultipart
            ? 'file'
            : undefined,
        // Thirty actions share the work of one endpoint each, a little less; so do the four routes of one templates page.
        runs: isAction ? 110 : template.startsWith('/api/v1/admin/written-notices/') ? 60 : 150,
        // A real week's close-out by an office head is a success, not hostile input.
        personas:
          template === '/api/v1/staff/close-out/run'
            ? personas.filter((p) => p !== 'office_head')
            : undefined,
      });
    }
  }
  // What the document cannot say: real cases, bodies that get past validation, the generic routes.
  add({ method: 'GET', template: '/api/v1/openapi.json', runs: 60 });
  add({ method: 'GET', template: '/api/v1/session', personas, runs: 100 });
  add({ method: 'DELETE', template: '/api/v1/session', runs: 60 });
  add({
    method: 'PUT',
    template: '/api/v1/admin/calendar/{year}',
    base: { source: '国务院办公厅通知', days: [{ day: '2026-01-01', kind: 'holiday', name: '元旦' }] },
  });
  add({ method: 'GET', template: '/api/v1/admin/policies', runs: 80 });
  add({ method: 'GET', template: '/api/v1/staff/look-back-campaigns', runs: 80 });
  add({ method: 'POST', template: '/api/v1/staff/cases/{caseNumber}/actions/{action}', base: {}, runs: 200 });
  add({ method: 'POST', template: '/api/v1/cases/{caseNumber}/{action}', base: { reason: '理由说明文字' } });
  // The public forms (web pages).
  add({ method: 'GET', template: '/', query: ['unit', 'via'], runs: 120 });
  add({ method: 'GET', template: '/status', query: ['case'], runs: 120 });
  add({
    method: 'POST',
    template: '/petition',
    body: 'form',
    base: petitionForm,
    fileField: 'attachments',
    runs: 400,
  });
  const statusForm = { caseNumber: realCase.caseNumber, accessCode: '1234 5678 9012 3456 7890' };
  add({ method: 'POST', template: '/status', body: 'form', base: statusForm, runs: 250 });
  add({
    method: 'POST',
    template: '/status/message',
    body: 'form',
    base: { ...statusForm, text: '补充材料说明' },
    fileField: 'files',
    runs: 250,
  });
  add({
    method: 'POST',
    template: '/status/evaluation',
    body: 'form',
    base: { ...statusForm, satisfied: 'no', comment: '不满意' },
  });
  add({
    method: 'POST',
    template: '/status/review-request',
    body: 'form',
    base: { ...statusForm, reason: '要求复查' },
  });
  add({
    method: 'POST',
    template: '/status/look-back',
    body: 'form',
    base: { ...statusForm, holds: 'no', comment: '没有落实' },
  });
  add({
    method: 'POST',
    template: '/status/written-notice',
    body: 'form',
    base: { ...statusForm, noticeId: '1', format: 'pdf' },
  });
  add({ method: 'GET', template: '/qr/{file}', runs: 120 });
  add({ method: 'GET', template: '/qr/{unitCode}/poster', runs: 120 });
  return endpoints;
}

/** Well-formed values for each path parameter; the fuzz mixes them with hostile ones. */
function validParams(endpoint: Endpoint, realCase: FuzzContext['realCase']): Record<string, string[]> {
  const changesCase = endpoint.method !== 'GET' && endpoint.staff;
  return {
    caseNumber: changesCase ? [absentCase] : [realCase.caseNumber, absentCase],
    id: ['5f0c6f3e-2b1a-4c7e-9a53-0d6c1b2e3f40', '1', '999999'],
    grantId: ['1', '999999'],
    month: ['2026-01', '2026-13'],
    year: ['2026', '1999', '2101'],
    action: [...staffActionNames, 'evaluation', 'review-request', 'look-back', 'messages'],
    file: ['990101001.svg', '990101001.png', '990101001.gif', '999999.svg'],
    unitCode: ['990101001', '999999'],
    kind: [...writtenNoticeKinds, 'unknown_kind'],
    format: ['pdf', 'docx', 'exe'],
  };
}

// ---------------------------------------------------------------------------
// Requests for an endpoint.

const jsonContentTypes = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 12 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=x-evil',
      'application/merge-patch+json',
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      '*/*',
      '',
    ),
    weight: 3,
  },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

/** Headers beside the ones the request needs: odd languages, junk cookies, duplicates, encodings. */
const headerNoise = (realCase: FuzzContext['realCase']): fc.Arbitrary<[string, string][]> =>
  fc.oneof(
    { arbitrary: fc.constant<[string, string][]>([]), weight: 10 },
    {
      arbitrary: fc
        .subarray<[string, fc.Arbitrary<string>]>([
          [
            'accept-language',
            fc.oneof(hostileString, fc.constantFrom('en', 'zz-ZZ', '*', 'en;q=abc', 'zh-CN,en;q=0.9')),
          ],
          ['accept-language', fc.constantFrom('en', 'zh-CN')],
          ['x-access-code', fc.oneof(hostileString, fc.constant(realCase.accessCode))],
          ['x-access-code', fc.constantFrom('0000 0000 0000 0000 0000', realCase.accessCode)],
          [
            'cookie',
            fc.constantFrom(
              'ql_session=s%3Ajunk.sig',
              'ql_session=',
              `ql_session=${'A'.repeat(3000)}`,
              '=;;=',
              'a=%zz',
            ),
          ],
          [
            'x-forwarded-for',
            fc.oneof(hostileString, fc.constantFrom('not-an-ip', '::1, 10.0.0.1', '999.1.1.1')),
          ],
          ['host', fc.constantFrom('evil.example"><script>alert(1)</script>', '', 'localhost:99999', '[::1')],
          ['content-encoding', fc.constantFrom('gzip', 'deflate', 'br', 'x-evil', 'identity', 'gzip, gzip')],
          ['idempotency-key', hostileString],
          ['x-csrf-token', hostileString],
          ['accept', fc.constantFrom('application/xml', '*/*', 'text/html', '')],
        ])
        .chain((chosen) =>
          fc.tuple(...chosen.map(([name, value]) => value.map((v): [string, string] => [name, v]))),
        ),
      weight: 3,
    },
  );

/** A multipart body: odd file names, wrong or many files, bad boundaries, truncation. */
function multipartArb(fileField: string, fields: Record<string, string>, maxBytes: number) {
  const contentArb = fc.oneof(
    {
      arbitrary: fc
        .constantFrom(...(Object.keys(sampleFiles) as (keyof typeof sampleFiles)[]))
        .map((kind) => ({
          shape: kind,
          content: () => sampleFiles[kind],
        })),
      weight: 20,
    },
    {
      arbitrary: fc.constant({
        shape: `png of ${maxBytes + 1} bytes`,
        content: () => Buffer.concat([sampleFiles.png, Buffer.alloc(maxBytes + 1 - sampleFiles.png.length)]),
      }),
      weight: 1,
    },
    {
      arbitrary: fc
        .array(fc.tuple(hostileString, hostileString), { minLength: 1, maxLength: 4 })
        .map((rows) => ({
          shape: 'csv of hostile rows',
          content: () =>
            Buffer.from(
              [
                importColumns.map((c) => c.header).join(','),
                ...rows.map((r) => importColumns.map((_c, i) => r[i % 2]).join(',')),
              ].join('\n'),
            ),
        })),
      weight: 2,
    },
    {
      arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
        shape: 'zip-like garbage',
        content: () => Buffer.concat([sampleFiles.zip, Buffer.from(bytes)]),
      })),
      weight: 2,
    },
  );
  return fc
    .record({
      boundary: fc.constantFrom('----qlfuzz7MA4YWxkTrZu0gW', 'x', 'b'.repeat(70), 'é'),
      name: hostileFileName,
      content: contentArb,
      files: fc.constantFrom(1, 1, 1, 1, 0, 2, 6),
      field: fc.oneof(
        { arbitrary: fc.constant(fileField), weight: 8 },
        { arbitrary: hostileString, weight: 1 },
      ),
      textFields: fc.oneof(
        { arbitrary: fc.constant<[string, string][]>(Object.entries(fields)), weight: 3 },
        {
          arbitrary: fc
            .tuple(fc.constantFrom(...Object.keys(fields), 'x'), hostileValue)
            .map(([k, v]): [string, string][] => [
              ...Object.entries(fields).filter(([key]) => key !== k),
              [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')] as [string, string],
            ]),
          weight: 2,
        },
        {
          arbitrary: fc.constant<[string, string][]>(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'x'])),
          weight: 1,
        },
        { arbitrary: fc.constant<[string, string][]>([['text', 'y'.repeat(120_000)]]), weight: 1 },
      ),
      broken: fc.constantFrom(
        'none',
        'none',
        'none',
        'none',
        'none',
        'truncated',
        'no closing boundary',
        'no boundary parameter',
        'other boundary',
        'garbage',
      ),
    })
    .map(({ boundary, name, content, files: count, field, textFields, broken }) => {
      // One oversized file is enough to prove the limit; six would be 60 MB on the wire.
      const files = content.shape.startsWith('png of') ? 1 : count;
      const contentType =
        broken === 'no boundary parameter'
          ? 'multipart/form-data'
          : `multipart/form-data; boundary=${broken === 'other boundary' ? 'not-the-boundary' : boundary}`;
      const body: Body = {
        shape: `multipart ${files}× ${content.shape} in "${preview(field)}" ${name.shape}, ${textFields.length} text fields, ${broken}`,
        bytes: () => {
          if (broken === 'garbage') return Buffer.from(`--${boundary}\r\nnonsense\r\n\r\n--`);
          const whole = multipartBody(
            boundary,
            [
              ...textFields.map(([k, v]) => ({ name: k, content: Buffer.from(v) })),
              ...Array.from({ length: files }, () => ({
                name: field,
                disposition: name.disposition(field),
                type: 'application/octet-stream',
                content: content.content(),
              })),
            ],
            broken !== 'no closing boundary',
          );
          return broken === 'truncated' ? whole.subarray(0, Math.floor(whole.length / 2)) : whole;
        },
      };
      return { body, contentType };
    });
}

/** A form body the way a browser posts it, with one field hostile, repeated or missing. */
function formArb(fields: Record<string, string>) {
  const encode = (pairs: [string, string][]) =>
    pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...Object.keys(fields), '__proto__', 'constructor', 'x'),
        hostileString,
        fc.constantFrom('set', 'repeat', 'drop'),
      )
      .map(([key, value, how]) => {
        const rest = Object.entries(fields).filter(([k]) => how === 'repeat' || k !== key);
        const pairs: [string, string][] = how === 'drop' ? rest : [...rest, [key, value]];
        return {
          body: {
            shape: `form ${how} ${key}${how === 'drop' ? '' : ` = ${preview(value)}`}`,
            bytes: () => Buffer.from(encode(pairs)),
          },
          contentType: 'application/x-www-form-urlencoded' as string | undefined,
        };
      }),
    fc
      .constantFrom(
        'a[b]=1&a[c]=2',
        '%zz=%zz',
        '&&&=',
        'summary=%ED%A0%80',
        '='.repeat(5000),
        'a=' + 'b'.repeat(bodyLimitBytes + 10),
      )
      .map((raw) => ({
        body: { shape: `form ${preview(raw)}`, bytes: () => Buffer.from(raw) },
        contentType: 'application/x-www-form-urlencoded' as string | undefined,
      })),
    hostileJsonText(fields, bodyLimitBytes).map((body) => ({
      body,
      contentType: 'application/json' as string | undefined,
    })),
  );
}

function requestArb(endpoint: Endpoint, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const params = validParams(endpoint, ctx.realCase);
  const pathArb = fc
    .tuple(
      ...[...endpoint.template.matchAll(/\{(\w+)\}/g)].map(([, name = '']) =>
        hostilePathParam(params[name] ?? []).map((value): [string, string] => [name, value]),
      ),
    )
    .chain((filled) =>
      hostileQuery(endpoint.query).map(
        (query) =>
          filled.reduce((path, [name, value]) => path.replace(`{${name}}`, value), endpoint.template) + query,
      ),
    );
  const noBody = fc.constant({
    body: undefined as Body | undefined,
    contentType: undefined as string | undefined,
  });
  const bodyArb: fc.Arbitrary<{ body: Body | undefined; contentType: string | undefined }> = (() => {
    switch (endpoint.body) {
      case 'json':
        return fc.record({
          body: fc.oneof(
            { arbitrary: mutatedJson(endpoint.base ?? {}), weight: 6 },
            { arbitrary: hostileJsonText(endpoint.base ?? {}, bodyLimitBytes), weight: 4 },
            {
              arbitrary: fc.constant({
                shape: 'the plausible body',
                bytes: () => Buffer.from(JSON.stringify(endpoint.base ?? {})),
              }),
              weight: 1,
            },
          ),
          contentType: jsonContentTypes,
        });
      case 'multipart':
        return multipartArb(
          endpoint.fileField ?? 'file',
          { note: '说明' },
          endpoint.template.includes('backlog') ? 5 * 1024 * 1024 : 10 * 1024 * 1024,
        );
      case 'form':
        return fc.oneof(
          { arbitrary: formArb(endpoint.base as Record<string, string>), weight: 3 },
          ...(endpoint.fileField
            ? [
                {
                  arbitrary: multipartArb(
                    endpoint.fileField,
                    endpoint.base as Record<string, string>,
                    10 * 1024 * 1024,
                  ),
                  weight: 2,
                },
              ]
            : []),
        );
      case 'none':
        return fc.oneof(
          { arbitrary: noBody, weight: 8 },
          {
            arbitrary: fc.record({
              body: hostileJsonText({}, bodyLimitBytes),
              contentType: jsonContentTypes,
            }),
            weight: 1,
          },
        );
    }
  })();
  const wrongMethods = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'POST', 'GET'].filter(
    (m) => m !== endpoint.method && !(m === 'DELETE' && endpoint.template.startsWith('/api/v1/session')),
  );
  return fc
    .record({
      persona: fc.constantFrom(...endpoint.personas),
      method: fc.oneof(
        { arbitrary: fc.constant(endpoint.method), weight: 15 },
        { arbitrary: fc.constantFrom(...wrongMethods), weight: 1 },
      ),
      path: pathArb,
      payload: bodyArb,
      noise: headerNoise(ctx.realCase),
      accessCode: fc.oneof(
        { arbitrary: fc.constant('0000 0000 0000 0000 0001'), weight: 6 },
        { arbitrary: fc.constant(ctx.realCase.accessCode), weight: 1 },
        { arbitrary: hostileString, weight: 2 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      ),
    })
    .map(({ persona, method, path, payload, noise, accessCode }) => {
      const credentials = ctx.credentials[persona];
      const headers: [string, string][] = [];
      if (credentials.cookie) headers.push(['cookie', credentials.cookie]);
      if (credentials.csrfToken) headers.push(['x-csrf-token', credentials.csrfToken]);
      if (endpoint.template.startsWith('/api/v1/cases/') && accessCode !== undefined)
        headers.push(['x-access-code', accessCode]);
      if (payload.contentType !== undefined) headers.push(['content-type', payload.contentType]);
      headers.push(...noise);
      return {
        endpoint: `${endpoint.method} ${endpoint.template}`,
        persona,
        method,
        path,
        headers,
        bytes: payload.body?.bytes,
        shape: [
          method === endpoint.method ? '' : `method ${method}`,
          preview(path),
          payload.contentType === undefined ? '' : `content-type ${preview(payload.contentType)}`,
          payload.body?.shape ?? '',
          noise.length > 0 ? `headers ${noise.map(([n, v]) => `${n}: ${preview(v)}`).join(', ')}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      };
    });
}

// ---------------------------------------------------------------------------
// Judging answers.

/** What is wrong with an answer, or undefined when it is a proper one. */
function fault(request: FuzzRequest, answer: RawAnswer): string | undefined {
  if (answer.failure) return `no answer: ${answer.failure}`;
  if (answer.status >= 500) return `${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  if (answer.contentType.startsWith('application/json')) {
    try {
      const message = (JSON.parse(answer.text) as { error?: { message?: unknown } }).error?.message;
      return typeof message === 'string' && message.trim()
        ? undefined
        : `${answer.status} JSON without a message: ${answer.text.slice(0, 200)}`;
    } catch {
      return `${answer.status} unreadable JSON: ${answer.text.slice(0, 200)}`;
    }
  }
  // Outside the API (pages, /healthz, /qr) Express's own 404 page is a fair answer to a wrong path or method.
  const isApi = request.path.startsWith('/api/');
  if (!isApi && answer.contentType.startsWith('text/html') && answer.text.trim().length > 0) return undefined;
  return `${answer.status} ${answer.contentType || 'no content type'} instead of ${isApi ? 'a JSON' : 'a page or JSON'} refusal: ${answer.text.slice(0, 200)}`;
}

async function inParallel<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index] as T);
      }
    }),
  );
  return results;
}

const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sends a group's requests in parallel batches and judges every answer. Around each
 * chunk in which every write was refused (reads may succeed: they write nothing), the
 * database must be as it was: a refused request leaves nothing behind.
 */
async function fuzzGroup(t: ExecutionContext<FuzzContext>, group: Group) {
  t.timeout(240_000);
  const { app, agent, tally } = t.context;
  const requests = t.context.requests.get(group) ?? [];
  const faults = new Map<string, { count: number; example: string }>();
  const dbChanges: string[] = [];
  let comparedChunks = 0;
  let before = await fingerprintDatabase(app.orm);
  for (let start = 0; start < requests.length; start += chunkSize) {
    const chunk = requests.slice(start, start + chunkSize);
    const answers = await inParallel(chunk, parallel, (r) =>
      sendRaw(app.baseUrl, agent, { ...r, body: r.bytes?.() }),
    );
    let writesRefused = true;
    chunk.forEach((request, i) => {
      const answer = answers[i] as RawAnswer;
      const statuses = tally.spread.get(request.endpoint) ?? new Map<number, number>();
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      tally.spread.set(request.endpoint, statuses);
      const refused = answer.status >= 400 && answer.status < 500;
      if (!refused && !(reads.has(request.method) && answer.status > 0 && answer.status < 400)) {
        writesRefused = false;
      }
      const problem = fault(request, answer) ?? t.context.mismatch(request.endpoint, request, answer);
      if (problem) {
        // One line per endpoint and kind of fault, with the first request that showed it.
        const kind = `${request.endpoint} → ${problem.slice(0, 70)}`;
        const seen = faults.get(kind) ?? {
          count: 0,
          example: `as ${request.persona}: ${request.shape} → ${problem}`,
        };
        faults.set(kind, { ...seen, count: seen.count + 1 });
      }
    });
    tally.sent += chunk.length;
    if (writesRefused) {
      const after = await fingerprintDatabase(app.orm);
      const changed = changedTables(before, after);
      if (changed.length > 0) {
        const writes = chunk
          .map((request, i) => ({ request, status: (answers[i] as RawAnswer).status }))
          .filter(({ request }) => !reads.has(request.method))
          .map(
            ({ request, status }) =>
              `${status} ← ${request.endpoint} as ${request.persona}: ${request.shape}`,
          );
        dbChanges.push(`${changed.join('; ')}\n  after these refused writes:\n  ${writes.join('\n  ')}`);
      }
      comparedChunks += 1;
      before = after;
    } else {
      // Accepted writes set off work (workflows, mail) that may still be writing.
      before = await settledFingerprint(app.orm);
    }
  }
  t.log(
    `${group}: ${requests.length} requests; the database compared around ${comparedChunks} chunks of refused writes`,
  );
  const report = [...faults].map(([kind, { count, example }]) => `${count}× ${kind}\n    e.g. ${example}`);
  t.deepEqual(report, [], `bad answers (seed ${seed})`);
  t.deepEqual(dbChanges, [], `refused requests changed the database (seed ${seed})`);
  t.true(comparedChunks > 0, 'no chunk had all its writes refused: the database check never ran');
}

// ---------------------------------------------------------------------------

test.before(async (t) => {
  t.context.services = await startTestServices({ database: 'demo' });
  t.context.app = await startTestApp(t.context.services, {
    // The guessing guard would lock the one real case after five wrong codes; the fuzz wants the code checked every time.
    limits: { guard: { freeFailures: 1_000_000, firstLockSeconds: 1, maxLockSeconds: 1 } },
  });
  const { baseUrl, orm } = t.context.app;
  // A fresh connection each time: a hostile request may leave its connection unusable.
  t.context.agent = new http.Agent({ keepAlive: false, maxSockets: parallel });
  t.context.tally = { sent: 0, spread: new Map() };

  const receipt = await fetch(`${baseUrl}/api/v1/petitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPetition()),
  });
  const { caseNumber, accessCode } = (await receipt.json()) as { caseNumber: string; accessCode: string };
  t.context.realCase = { caseNumber, accessCode };
  await eventually(async () =>
    (await orm.em.fork().count(PetitionCase, { caseNumber })) > 0 ? true : undefined,
  );

  const credentials = { anonymous: {} } as Record<Persona, Credentials>;
  for (const persona of staffPersonas) credentials[persona] = await signInRaw(baseUrl, accounts[persona]);
  t.context.credentials = credentials;

  const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  t.context.mismatch = responseChecker(doc);
  const endpoints = catalogue(doc, t.context.realCase);
  t.context.requests = new Map();
  endpoints.forEach((endpoint, index) => {
    const samples = fc.sample(requestArb(endpoint, t.context), {
      seed: seed + index,
      numRuns: endpoint.runs,
    });
    const list = t.context.requests.get(endpoint.group) ?? [];
    list.push(...samples);
    t.context.requests.set(endpoint.group, list);
  });
  t.log(`fast-check seed ${seed} (replay: FUZZ_SEED=${seed}); ${endpoints.length} endpoints`);
});

test.after.always(async (t) => {
  t.context.agent?.destroy();
  await t.context.app?.stop();
  await t.context.services?.stop();
});

test.serial('the public API answers hostile requests with a reason, never a 5xx', (t) =>
  fuzzGroup(t, 'public API'),
);
test.serial(
  'the staff case page and every case action answer hostile requests with a reason, never a 5xx',
  (t) => fuzzGroup(t, 'staff case API'),
);
test.serial('the other staff endpoints answer hostile requests with a reason, never a 5xx', (t) =>
  fuzzGroup(t, 'staff API'),
);
test.serial('the public forms answer hostile posts with a page or a reason, never a 5xx', (t) =>
  fuzzGroup(t, 'public pages'),
);

// Last: an administrator's accepted changes (a unit switched off, a password reset) touch nobody the groups above sign in as.
test.serial('the administration endpoints answer hostile requests with a reason, never a 5xx', (t) =>
  fuzzGroup(t, 'administration API'),
);

test.serial('after more than ten thousand hostile requests the server is still healthy', async (t) => {
  const spread = [...t.context.tally.spread]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([endpoint, statuses]) => {
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      const byStatus = [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      return `${String(total).padStart(5)}  ${endpoint}  (${byStatus})`;
    });
  t.log(
    `${t.context.tally.sent} requests over ${spread.length} endpoints (seed ${seed}):\n${spread.join('\n')}`,
  );
  t.true(t.context.tally.sent >= 10_000, `only ${t.context.tally.sent} requests`);
  const health = await fetch(`${t.context.app.baseUrl}/healthz`);
  t.is(health.status, 200);
});
