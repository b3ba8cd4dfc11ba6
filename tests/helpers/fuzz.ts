import http from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import fc from 'fast-check';

/**
 * Hostile input for the fuzz suite: strings that have broken web apps before,
 * bodies that are not what a route expects, multipart forms with odd file names,
 * a raw HTTP client that sends them as-is (duplicated headers, invalid UTF-8),
 * and a fingerprint of the database to prove refused requests changed nothing.
 */

/** Strings that have broken parsers, databases, templates and file systems elsewhere. */
export const hostileStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uD83D',
  '\uDE00y',
  '\u202Eevil.exe\u202C',
  '\u200B\u200C\u200D\uFEFF',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z̷̢̛̛̞̹̠͎a̶l̷g̴o̵',
  '😀👨‍👩‍👧‍👦🏳️‍🌈',
  '１２３４５６７８９０',
  'QL２０２６-０００００１',
  '\t\r\n',
  '\r\nSet-Cookie: x=1',
  "' OR '1'='1",
  "'; drop table petition_case; --",
  '1; select pg_sleep(5)',
  '" or 1=1 --',
  '\\',
  "%' and 1=0 union select null --",
  '$1',
  '?',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "<img src=x onerror='alert(1)'>",
  'javascript:alert(1)',
  "{{constructor.constructor('alert(1)')()}}",
  '${7*7}',
  '{{7*7}}',
  '../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f',
  '%00',
  '%',
  'CON',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9'.repeat(400),
  '-0',
  '0x10',
  'true',
  '[]',
  '{}',
  'QL2026-000001',
  'QL9999-999999999999999999999999',
  'ql2026-000001',
  '2026-02-30',
  '2026-13',
  '0000-00-00',
  'a@b',
  'wangming@example.cn\r\nBcc: x@example.com',
  '王明',
];

/** Code points that are not characters a form would send. */
const oddCodePoint = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u202E', '\u202D', '\u200B', '\u200D', '\uFEFF', '\u0301', '\uFFFF', '\uFFFE', '\u2028'),
  fc.integer({ min: 0xff10, max: 0xff19 }).map((c) => String.fromCharCode(c)),
);

/** Any hostile string: the catalogue, mixtures of odd code points, or random text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...hostileStrings), weight: 5 },
  { arbitrary: fc.string({ unit: oddCodePoint, maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...hostileStrings), fc.constantFrom(...hostileStrings))
      .map(([a, b]) => `${a}${b}`),
    weight: 1,
  },
);

/** Values of the wrong kind where a field is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 6 },
  {
    arbitrary: fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      0.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      [],
      {},
      [null],
      { __proto__: null, toString: 'x' },
    ),
    weight: 3,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.integer({ min: 5, max: 200 }).map(nested), weight: 1 },
);

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/**
 * A path segment as a hostile client puts it on the wire: percent-encoded UTF-8,
 * and lone surrogates as their (invalid) three-byte forms, which encodeURIComponent refuses.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

/** Path segments already in wire form: traversal, bad percent-encoding, NUL, names every object has. */
export const pathTricks: readonly string[] = [
  '..',
  '.',
  '...',
  '%2e%2e',
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%2f..%2fetc',
  '..%5c..%5cwin.ini',
  '%00',
  'QL2026-000001%00',
  '%',
  '%zz',
  '%C0%AE%C0%AE',
  '%ED%A0%80',
  '%F0%9F',
  '%FF%FE',
  'a%2Fb',
  '~',
  '%20',
  '+',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
];

/** A hostile value for a path parameter, in wire form; `valid` values (none for a parameter new to the fuzz) mixed in. */
export const hostilePathParam = (valid: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: hostileString.map(percentEncode), weight: 5 },
    { arbitrary: fc.constantFrom(...pathTricks), weight: 3 },
    { arbitrary: fc.integer({ min: 300, max: 6000 }).map((n) => 'A'.repeat(n)), weight: 1 },
    ...(valid.length > 0 ? [{ arbitrary: fc.constantFrom(...valid), weight: 2 }] : []),
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...valid, 'x'), fc.constantFrom(...pathTricks))
        .map(([v, trick]) => `${v}${trick}`),
      weight: 1,
    },
  );

/** A query string of known and unknown keys with hostile values, duplicates and bracket keys. */
export const hostileQuery = (keys: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          { arbitrary: fc.constantFrom(...keys, 'x'), weight: 4 },
          { arbitrary: fc.constantFrom('__proto__', 'constructor', 'a[b]', 'page[]', '', '%'), weight: 1 },
        ),
        fc.oneof(hostileString.map(percentEncode), fc.constantFrom('1', '-1', '1e999', '', '%zz')),
      ),
      { maxLength: 6 },
    )
    .map((pairs) =>
      pairs.length === 0
        ? ''
        : `?${pairs.map(([k, v]) => `${/[%[\]]/.test(k) ? k : percentEncode(k)}=${v}`).join('&')}`,
    );

/** A JSON body as text: malformed, deeply nested, with duplicate or prototype keys, or huge. */
export const hostileJsonText = (base: unknown, bodyLimitBytes: number): fc.Arbitrary<Body> => {
  const baseText = JSON.stringify(base ?? {});
  const isObject = base !== null && typeof base === 'object' && !Array.isArray(base);
  const withExtra = (key: string, valueText: string) =>
    isObject && baseText !== '{}'
      ? `${baseText.slice(0, -1)},"${key}":${valueText}}`
      : `{"${key}":${valueText}}`;
  const firstKey = isObject ? (Object.keys(base as object)[0] ?? 'x') : 'x';
  return fc.oneof(
    fc
      .nat({ max: Math.max(baseText.length - 1, 0) })
      .map((cut) => text(`truncated at ${cut}`, baseText.slice(0, cut))),
    fc
      .constantFrom(1000, 10_000, 50_000)
      .map((depth) => text(`[ nested ${depth} deep`, `${'['.repeat(depth)}${']'.repeat(depth)}`)),
    fc
      .constantFrom(1000, 10_000)
      .map((depth) => text(`{ nested ${depth} deep`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
    hostileValue.map((v) =>
      text(`duplicate key ${firstKey}`, withExtra(firstKey, JSON.stringify(v ?? null) ?? 'null')),
    ),
    fc
      .constantFrom(
        '"__proto__":{"role":"admin","isAdmin":true}',
        '"constructor":{"prototype":{"polluted":true}}',
        '"__proto__":null',
        '"__proto__":[1]',
      )
      .map((entry) =>
        text(
          `prototype key ${entry}`,
          isObject && baseText !== '{}' ? `{${entry},${baseText.slice(1)}` : `{${entry}}`,
        ),
      ),
    fc
      .constantFrom(
        '1e999999',
        '-1e999999',
        '123456789012345678901234567890123456789012345678901234567890',
        '-0',
        '0x10',
        'NaN',
        'Infinity',
        '1.0e-999999',
        '00012',
      )
      .map((n) => text(`number ${n}`, withExtra(firstKey, n))),
    fc
      .constantFrom(
        '[]',
        '"text"',
        '42',
        'null',
        'true',
        '',
        ' ',
        '\uFEFF{}',
        '{"a":1,}',
        "{'a':1}",
        'undefined',
      )
      .map((t) => text(`not an object: ${JSON.stringify(t)}`, t)),
    fc
      .constantFrom(bodyLimitBytes - 200, bodyLimitBytes + 1, bodyLimitBytes * 3, 1024 * 1024 + 7)
      .map((size) => ({
        shape: `${firstKey} of ${size} bytes`,
        bytes: () => Buffer.from(withExtra(firstKey, JSON.stringify('x'.repeat(Math.max(size, 0))))),
      })),
    fc
      .constantFrom(Buffer.from([0xff, 0xfe]), Buffer.from([0xc0, 0xae]), Buffer.from([0xed, 0xa0, 0x80]))
      .map((bad) => ({
        shape: 'invalid UTF-8 in a string',
        bytes: () => Buffer.concat([Buffer.from(`{"${firstKey}":"`), bad, Buffer.from('"}')]),
      })),
  );
};

/** A request body and a short description of its shape, for the failure report. */
export interface Body {
  shape: string;
  bytes: () => Buffer;
}

const text = (shape: string, body: string): Body => ({ shape, bytes: () => Buffer.from(body) });

/** Sets `value` at `path` in a copy of `base` (a path of [] replaces the whole body). */
export function withValueAt(base: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> =
    base !== null && typeof base === 'object'
      ? Array.isArray(base)
        ? ([...base] as never)
        : { ...base }
      : {};
  Object.defineProperty(copy, key, {
    value: withValueAt(copy[key], rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** Every path to a leaf in `value`, and to each container on the way. */
export function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [
    prefix,
    ...Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
      pathsOf(child, [...prefix, key]),
    ),
  ];
}

/** The base body with one field (or a new or prototype key) set to a hostile value, or removed. */
export const mutatedJson = (base: unknown): fc.Arbitrary<Body> => {
  const paths = pathsOf(base).filter((p) => p.length > 0);
  const path = fc.oneof(
    { arbitrary: fc.constantFrom(...(paths.length > 0 ? paths : [['x']])), weight: 6 },
    { arbitrary: fc.constantFrom(['__proto__'], ['constructor'], ['prototype'], ['toString']), weight: 1 },
    { arbitrary: hostileString.map((k) => [k]), weight: 1 },
  );
  return fc.tuple(path, hostileValue, fc.boolean()).map(([p, value, remove]) => {
    const body = remove && p.length === 1 ? withoutKey(base, p[0] ?? '') : withValueAt(base, p, value);
    return {
      shape: `${remove ? 'without' : 'hostile'} ${p.join('.')}${remove ? '' : ` = ${preview(value)}`}`,
      bytes: () => Buffer.from(JSON.stringify(body) ?? ''),
    };
  });
};

function withoutKey(base: unknown, key: string): unknown {
  if (base === null || typeof base !== 'object') return base;
  const { [key]: _removed, ...rest } = base as Record<string, unknown>;
  return rest;
}

export function preview(value: unknown): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return shown.length > 60 ? `${shown.slice(0, 60)}… (${shown.length} chars)` : shown;
}

/** One part of a multipart body, written as-is: odd file names stay odd on the wire. */
export interface Part {
  name: string;
  fileName?: string;
  /** The raw Content-Disposition parameters after `form-data; `, when they should be odd. */
  disposition?: string;
  type?: string;
  content: Buffer;
}

export function multipartBody(boundary: string, parts: Part[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      part.disposition ??
      `name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n` +
          `${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`,
        'utf8',
      ),
      part.content,
      Buffer.from('\r\n'),
    );
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** Small files by their first bytes: types the routes accept, and some they must refuse. */
export const sampleFiles = {
  png: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  jpeg: Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb', 'hex'),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  exe: Buffer.from('4d5a90000300000004000000ffff0000', 'hex'),
  svg: Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
  ),
  html: Buffer.from('<!doctype html><script>alert(1)</script>'),
  zip: Buffer.from('504b0304140000000800', 'hex'),
  empty: Buffer.alloc(0),
} as const;

/** File names a hostile client would send, as they go into the Content-Disposition header. */
export const hostileFileName: fc.Arbitrary<{ shape: string; disposition: (field: string) => string }> =
  fc.oneof(
    hostileString.map((name) => ({
      shape: `filename=${preview(name)}`,
      disposition: (field: string) => `name="${field}"; filename="${name}"`,
    })),
    fc
      .constantFrom(
        '../../../etc/passwd',
        '..\\..\\boot.ini',
        '%2e%2e%2fevil.png',
        'a\u0000.png',
        'photo.png\u0000.exe',
        '\u202Egnp.exe',
        'x'.repeat(5000),
        '<script>alert(1)</script>.png',
        '"quoted".png',
        'CON.png',
        '.png',
        '',
      )
      .map((name) => ({
        shape: `filename=${preview(name)}`,
        disposition: (field: string) => `name="${field}"; filename="${name}"`,
      })),
    fc.constantFrom(
      {
        shape: 'RFC 5987 filename*',
        disposition: (f: string) => `name="${f}"; filename*=UTF-8''%E7%85%A7%E7%89%87.png`,
      },
      { shape: 'broken filename*', disposition: (f: string) => `name="${f}"; filename*=UTF-8''%ZZ%E7` },
      {
        shape: 'unknown charset filename*',
        disposition: (f: string) => `name="${f}"; filename*=x-evil''a.png`,
      },
      { shape: 'filename without quotes', disposition: (f: string) => `name="${f}"; filename=a b.png` },
      {
        shape: 'two filenames',
        disposition: (f: string) => `name="${f}"; filename="a.png"; filename="../b.png"`,
      },
      { shape: 'no name', disposition: () => `filename="a.png"` },
      { shape: 'unterminated quote', disposition: (f: string) => `name="${f}"; filename="a.png` },
      { shape: 'CRLF in filename', disposition: (f: string) => `name="${f}"; filename="a\r\nX-Evil: 1.png"` },
    ),
  );

// ---------------------------------------------------------------------------
// Sending.

export interface RawRequest {
  method: string;
  /** Already in wire form. */
  path: string;
  /** Repeated names are sent as repeated header lines. */
  headers: [string, string][];
  body?: Buffer;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  /** Set when no answer came (connection refused, reset, timeout). */
  failure?: string;
}

/** Header values may hold any byte but control characters; UTF-8 text goes out as its bytes. */
export const headerSafe = (value: string) =>
  Buffer.from(value, 'utf8')
    .toString('latin1')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');

/** Sends a request exactly as given, with no client-side cleaning of the path or headers. */
export function sendRaw(baseUrl: string, agent: http.Agent, request: RawRequest, timeoutMs = 60_000) {
  const url = new URL(baseUrl);
  return new Promise<RawAnswer>((resolve) => {
    let settled = false;
    const done = (answer: RawAnswer) => {
      if (!settled) {
        settled = true;
        resolve(answer);
      }
    };
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: request.method,
      path: request.path,
      agent,
    });
    req.on('error', (error) => done({ status: 0, contentType: '', text: '', failure: String(error) }));
    try {
      const byName = new Map<string, string[]>();
      for (const [name, value] of request.headers)
        byName.set(name, [...(byName.get(name) ?? []), headerSafe(value)]);
      for (const [name, values] of byName)
        req.setHeader(name, values.length === 1 ? (values[0] ?? '') : values);
      if (request.body !== undefined && !byName.has('content-length'))
        req.setHeader('content-length', request.body.length);
    } catch (error) {
      req.destroy();
      done({ status: 0, contentType: '', text: '', failure: `client refused to send: ${String(error)}` });
      return;
    }
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', (error) =>
        done({ status: res.statusCode ?? 0, contentType: '', text: '', failure: String(error) }),
      );
    });
    req.end(request.body);
  });
}

// ---------------------------------------------------------------------------
// The database's fingerprint.

/** Tables whose rows change on any request, refused or not: sessions, rate limits, audit logs. */
const volatileTable = /session|guard|rate|limit|audit|migrations/;
/** Columns that count refusals on purpose: a wrong password is counted on the account (lockout). */
const volatileColumn = /failed_sign_in|locked_until/;

export type DatabaseFingerprint = Record<string, string>;

/** Row count and an md5 of every row, per table, except the volatile tables and columns. */
export async function fingerprintDatabase(orm: MikroORM): Promise<DatabaseFingerprint> {
  const connection = orm.em.fork().getConnection();
  // The tables and their columns from the catalog: information_schema's views took most of the time.
  const columns = await connection.execute<{ table: string; column: string }[]>(
    `select c.relname as table, a.attname as column
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`,
  );
  const skipped = new Map<string, string[]>();
  for (const { table, column } of columns) {
    skipped.set(table, [...(skipped.get(table) ?? []), ...(volatileColumn.test(column) ? [column] : [])]);
  }
  // One statement for every table: the fuzz takes a fingerprint hundreds of times.
  const perTable = [...skipped]
    .filter(([name]) => !volatileTable.test(name))
    .map(([name, skip]) => {
      const row = skip.length === 0 ? 'to_jsonb(t)' : `(to_jsonb(t) - '{${skip.join(',')}}'::text[])`;
      return `select '${name}' as name, count(*)::text as rows,
                md5(coalesce(string_agg(${row}::text, E'\\n' order by ${row}::text), '')) as sum
           from "${name}" t`;
    });
  const fingerprint: DatabaseFingerprint = {};
  if (perTable.length === 0) return fingerprint;
  const results = await connection.execute<{ name: string; rows: string; sum: string }[]>(
    perTable.join('\n union all\n'),
  );
  for (const { name, rows, sum } of results) fingerprint[name] = `${rows} rows, md5 ${sum}`;
  return fingerprint;
}

/** Tables whose fingerprint differs. */
export function changedTables(before: DatabaseFingerprint, after: DatabaseFingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => before[name] !== after[name])
    .map((n) => `${n}: ${before[n]} → ${after[n]}`);
}

/** Waits until work set off by an accepted request (workflows, mail) has stopped writing. */
export async function settledFingerprint(orm: MikroORM, timeoutMs = 30_000): Promise<DatabaseFingerprint> {
  const deadline = Date.now() + timeoutMs;
  let last = await fingerprintDatabase(orm);
  for (;;) {
    await new Promise((r) => setTimeout(r, 700));
    const next = await fingerprintDatabase(orm);
    if (changedTables(last, next).length === 0 || Date.now() > deadline) return next;
    last = next;
  }
}
