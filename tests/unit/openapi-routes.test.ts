import test from 'ava';
import express from 'express';
import pino from 'pino';
import { createApp, type AppDeps } from '../../api/app';
import { caseActionSchemas } from '../../api/case-command-schemas';
import { buildOpenApiDocument } from '../../api/openapi';
import { complainantActions } from '../../api/routes/cases';

/**
 * Pages and files the app serves that are not part of the API document, each with why.
 * Anything else the router serves must be documented, and everything documented must be served.
 */
const notInDocument = new Map<string, string>([
  // The browser asks for it on its own; it is a static picture, not an interface anyone calls.
  ['GET /favicon.ico', 'static icon'],
  // The per-address limit in front of every status form (api/abuse.ts): it answers nothing but 429
  // and hands each request on to the form's own route, each of which is documented with its 429.
  ['POST /status/{*rest}', 'rate limit of the status forms'],
]);

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  /** Where the layer was mounted (app.use / router.use), recorded while the app is built. */
  mountPaths?: string[];
}

/**
 * Express 5's router keeps only matcher functions for a mount path, not the path itself,
 * so the path each `use` names is recorded on the layers it adds while the app is built.
 */
function buildRecordingMounts(build: () => express.Express): express.Express {
  const proto = express.Router as unknown as { prototype: { use: (...args: unknown[]) => unknown } };
  const use = proto.prototype.use;
  proto.prototype.use = function (this: { stack: Layer[] }, ...args: unknown[]) {
    const before = this.stack.length;
    const result = use.apply(this, args);
    const first = args.flat(Infinity)[0];
    const paths = typeof first === 'function' ? ['/'] : [first].flat().map(String);
    for (const layer of this.stack.slice(before)) layer.mountPaths = paths;
    return result;
  };
  try {
    return build();
  } finally {
    proto.prototype.use = use;
  }
}

/** A mount path and the path under it, as Express joins them (a mounted `/` adds nothing). */
const join = (prefix: string, path: string) => (path === '/' && prefix ? prefix : `${prefix}${path}`);

/** Express's `:name` and `*name` written as OpenAPI templates. */
const templated = (path: string) => path.replace(/:(\w+)/g, '{$1}').replace(/\*(\w+)/g, '{*$1}');

/** Every "METHOD /path" the router serves, mount paths prefixed, `:param` written `{param}`. */
function servedRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { route } = layer;
      return [route.path].flat().flatMap((path) =>
        Object.keys(route.methods)
          .filter((m) => route.methods[m])
          .map((m) => `${m.toUpperCase()} ${templated(join(prefix, path))}`),
      );
    }
    if (!layer.handle?.stack) return [];
    const inner = layer.handle.stack;
    return (layer.mountPaths ?? ['/']).flatMap((mount) =>
      servedRoutes(inner, mount === '/' ? prefix : `${prefix}${mount.replace(/\/$/, '')}`),
    );
  });
}

/** Small stand-ins: building the app opens no connection (pools and clients connect on first use). */
const deps = {
  orm: { config: { get: () => 'postgres://nobody:nothing@127.0.0.1:9/none' }, em: { fork: () => ({}) } },
  temporal: { options: { loadedDataConverter: { payloadCodecs: [] } } },
  taskQueue: 'routes-test',
  mail: {},
  accessCodeSecret: 'a'.repeat(40),
  sessionSecrets: ['s'.repeat(40)],
  publicUrl: 'http://localhost',
  log: pino({ level: 'silent' }),
} as unknown as AppDeps;

test('every route the app serves is in the OpenAPI document, and every documented path is served', async (t) => {
  const app = buildRecordingMounts(() => createApp(deps)) as ReturnType<typeof createApp>;
  t.teardown(() => app.closeSessions());
  const served = servedRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack);
  const documented = Object.entries(buildOpenApiDocument('http://localhost').paths ?? {}).flatMap(
    ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
  // The generic command routes are documented once per command instead.
  const generic = [
    /^POST \/api\/v1\/cases\/\{caseNumber\}\/\{action\}$/,
    /^POST \/api\/v1\/staff\/cases\/\{caseNumber\}\/actions\/\{action\}$/,
  ];
  const servedSet = new Set(served);
  const undocumented = [...servedSet].filter(
    (route) =>
      !documented.includes(route) && !notInDocument.has(route) && !generic.some((g) => g.test(route)),
  );
  const unserved = documented.filter(
    (route) => !servedSet.has(route) && !generic.some((g) => g.test(route.replace(/\/[\w-]+$/, '/{action}'))),
  );
  t.true(served.length > 50, `the walk found only ${served.length} routes`);
  // Mounted under uiCodecPath: the walk must see the prefix, not only the router's own paths.
  t.true(servedSet.has('POST /api/v1/temporal-codec/decode'), 'mount paths are joined');
  t.deepEqual(undocumented, [], `served but not in the OpenAPI document:\n${undocumented.join('\n')}`);
  t.deepEqual(unserved, [], `in the OpenAPI document but served by no route:\n${unserved.join('\n')}`);
  for (const listed of notInDocument.keys())
    t.true(servedSet.has(listed), `${listed} is allow-listed but not served`);
});

test('each action of the generic command routes is documented on its own path', (t) => {
  const paths = Object.keys(buildOpenApiDocument('http://localhost').paths ?? {});
  for (const action of Object.keys(caseActionSchemas)) {
    t.true(paths.includes(`/api/v1/staff/cases/{caseNumber}/actions/${action}`), `staff action ${action}`);
  }
  for (const segment of Object.keys(complainantActions)) {
    t.true(paths.includes(`/api/v1/cases/{caseNumber}/${segment}`), `complainant action ${segment}`);
  }
});
