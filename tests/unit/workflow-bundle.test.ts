import test from 'ava';
import { DefaultLogger } from '@temporalio/worker';
import { bundleWorkflowsListingModules, type BundledModule } from '../../temporal/workflow-bundle';

/**
 * What may never be in the workflow bundle: I/O (the project's own I/O folders, the
 * database, mail, HTTP, Node's built-ins), schema validation at module scope, and the
 * time-zone database (office time in workflows is plain UTC+8 arithmetic).
 */
const forbidden: { what: string; pattern: RegExp }[] = [
  { what: "the project's I/O code", pattern: /^(activities|api|db|config|embedded|reports|temporal|web)\// },
  { what: 'MikroORM', pattern: /node_modules\/@mikro-orm\// },
  { what: 'pg', pattern: /node_modules\/pg(-[a-z]+)?\// },
  { what: 'nodemailer', pattern: /node_modules\/nodemailer\// },
  { what: 'Express', pattern: /node_modules\/express\// },
  { what: 'zod', pattern: /node_modules\/zod\// },
  { what: 'the Temporal client', pattern: /node_modules\/@temporalio\/client\// },
  { what: "dayjs' time-zone plugin", pattern: /node_modules\/dayjs\/plugin\/timezone/ },
];

const bundled = bundleWorkflowsListingModules(new DefaultLogger('WARN'));

/** Bundled on purpose: the SDK loads the failure converter inside the workflow sandbox. */
const sandboxed = new Set(['temporal/failure-converter.ts']);

const offences = (modules: BundledModule[]) =>
  modules
    .filter((m) => !sandboxed.has(m.path))
    .flatMap((m) =>
      forbidden
        .filter((f) => f.pattern.test(m.path))
        .map((f) => `${m.path} (${f.what}), imported by ${m.importedBy ?? 'the entry point'}`),
    );

test('the workflow bundle holds no I/O module, no zod and no time-zone database', async (t) => {
  const { code, modules } = await bundled;
  t.log(`workflow bundle: ${(code.length / 1024).toFixed(0)} KiB, ${modules.length} modules`);
  t.true(
    modules.some((m) => m.path === 'workflows/case.ts'),
    'the case workflow is in the bundle it checks',
  );
  t.deepEqual(offences(modules), []);
});

test('the purity check names a module that would bring I/O in, with who imported it', (t) => {
  const found = offences([
    { path: 'db/orm.ts', importedBy: 'domain/policy.ts' },
    { path: 'node_modules/dayjs/plugin/timezone.js', importedBy: 'domain/time-zone.ts' },
    { path: 'domain/time.ts', importedBy: 'workflows/case.ts' },
  ]);
  t.deepEqual(found, [
    "db/orm.ts (the project's I/O code), imported by domain/policy.ts",
    "node_modules/dayjs/plugin/timezone.js (dayjs' time-zone plugin), imported by domain/time-zone.ts",
  ]);
});
