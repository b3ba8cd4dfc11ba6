import { execFile } from 'node:child_process';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/**
 * Schemathesis, a tool from outside the project, generates requests from the served OpenAPI
 * document and checks each answer: never a 5xx, only status codes the document declares, and
 * a body that matches the declared schema. It runs as three roles, each on the operations that
 * role works with, in stateful mode where the document links one operation's answer to the next.
 *
 * Replay a run with its seed: SCHEMATHESIS_SEED=<seed> npx ava tests/integration/schemathesis.test.ts
 * (SCHEMATHESIS_EXAMPLES=<n> for a longer run than the suite can afford).
 */

const test = anyTest as TestFn<StackContext>;
useTestStack(test);

const schemathesis = path.resolve(__dirname, '../../tools/schemathesis/bin/schemathesis');
const seed = process.env.SCHEMATHESIS_SEED ?? '20261203';
const maxExamples = process.env.SCHEMATHESIS_EXAMPLES ?? '5';
/**
 * Signing out (or changing one's own password) would end the session the run signs in with;
 * the sign-in itself has its own tests (session-security, identity-access).
 */
const sessionRoutes = '^/api/v1/session';

/** Runs Schemathesis as `session` on the paths `include` matches; answers its exit code and output. */
function runSchemathesis(
  workDir: string,
  baseUrl: string,
  session: StaffSession | undefined,
  include: string,
) {
  const args = [
    'run',
    `${baseUrl}/api/v1/openapi.json`,
    '--url',
    baseUrl,
    '--checks',
    'not_a_server_error,status_code_conformance,response_schema_conformance',
    '--phases',
    'examples,fuzzing,stateful',
    '--max-examples',
    maxExamples,
    '--seed',
    seed,
    // One worker: Python 3.11's parser is not thread-safe, and Hypothesis parses lambdas while it
    // describes a strategy ("AST constructor recursion depth mismatch" in a second worker).
    '--workers',
    '1',
    '--include-path-regex',
    include,
    '--exclude-path-regex',
    sessionRoutes,
    '--header',
    'accept-language: zh-CN',
    '--no-color',
    ...(session
      ? ['--header', `cookie: ${session.cookie}`, '--header', `x-csrf-token: ${session.csrfToken}`]
      : []),
  ];
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      schemathesis,
      args,
      // Its own cache folder goes with the stack's data, not into the worktree.
      { cwd: workDir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

test('Schemathesis finds no server error, no undeclared status and no answer off its schema, for any role', async (t) => {
  const { baseUrl } = t.context.app;
  const staffPaths = '^/api/v1/(staff|ledger|units|queues)';
  // The administrator runs last: what they change (roles, passwords, units) must not pull the
  // ground from under the others' sessions mid-run.
  const runs: [string, StaffSession | undefined, string][] = [
    ['a clerk', await signIn(baseUrl, demoAccount.clerk('990101001')), staffPaths],
    ['an office head', await signIn(baseUrl, demoAccount.officeHead('990101001')), staffPaths],
    [
      'the public',
      undefined,
      '^/((api/v1/(petitions|attachments|cases|lost-code|openapi|temporal-codec)|petition|status|statistics|qr|healthz|metrics).*)?$',
    ],
    ['an administrator', await signIn(baseUrl, demoAccount.admin('990000')), '^/api/v1/admin'],
  ];
  for (const [who, session, include] of runs) {
    const { code, output } = await runSchemathesis(t.context.services.dataDir, baseUrl, session, include);
    // What was covered, and what was never reached (the warnings), stay visible when it passes.
    t.log(`${who}:\n${output.slice(output.lastIndexOf('=== SUMMARY ==='))}`);
    if (code !== 0) t.fail(`Schemathesis as ${who} (seed ${seed}) found failures:\n${output}`);
  }
  t.pass();
});
