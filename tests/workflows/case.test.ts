import anyTest, { type TestFn } from 'ava';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { RegisterCase } from '../../activities/ledger';
import { caseWorkflowId, type CaseStart } from '../../domain/case';
import { temporalTestServer } from '../../temporal/binaries';
import { caseProgressQuery, petitionCase } from '../../workflows';
import '../helpers/quiet-runtime';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap }>;

test.before(async (t) => {
  t.context.env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer() } },
  });
  t.context.bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
});

test.after.always(async (t) => {
  await t.context.env?.teardown();
});

const aCase = (caseNumber: string): CaseStart => ({
  caseNumber,
  petition: {
    unitCode: '990101001002',
    channel: 'web',
    category: 'land',
    place: '新桥村',
    summary: '补偿款没有发放',
    request: '发放补偿款',
    anonymous: true,
  },
  receivedAt: '2026-11-20T02:00:00.000Z',
  policyVersion: '2026.1',
});

type Context = {
  title: string;
  context: { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap };
};

/** Each test has its own task queue; tests run one at a time because they share the skipping clock. */
const queueOf = (t: { title: string }) =>
  `case-test-${t.title.length}-${t.title.slice(0, 20).replace(/\W/g, '')}`;

async function runWorker<T>(t: Context, activities: object, body: () => Promise<T>) {
  const worker = await Worker.create({
    connection: t.context.env.nativeConnection,
    taskQueue: queueOf(t),
    workflowBundle: { code: t.context.bundle.code },
    activities,
  });
  return worker.runUntil(body);
}

test.serial('a new case is registered once, as timeline event 1, as its workflow starts', async (t) => {
  const registrations: RegisterCase[] = [];
  const { client } = t.context.env;
  await runWorker(
    t,
    { registerCase: async (input: RegisterCase) => void registrations.push(input) },
    async () => {
      const handle = await client.workflow.start(petitionCase, {
        taskQueue: queueOf(t),
        workflowId: caseWorkflowId('QL2026-100001'),
        args: [aCase('QL2026-100001')],
      });
      const startedAt = (await handle.describe()).startTime;
      await waitFor(async () => (await handle.query(caseProgressQuery)).status === 'registered');
      t.is(registrations.length, 1);
      t.is(registrations[0]?.seq, 1);
      t.is(registrations[0]?.caseNumber, 'QL2026-100001');
      const registeredAt = Date.parse(registrations[0]?.registeredAt ?? '');
      t.true(registeredAt >= startedAt.getTime() - 5 && registeredAt - startedAt.getTime() < 1000);
    },
  );
});

test.serial('a registered case stays open awaiting triage, even after two months', async (t) => {
  const { client } = t.context.env;
  await runWorker(t, { registerCase: async () => undefined }, async () => {
    const handle = await client.workflow.start(petitionCase, {
      taskQueue: queueOf(t),
      workflowId: caseWorkflowId('QL2026-100002'),
      args: [aCase('QL2026-100002')],
    });
    await t.context.env.sleep('60 days');
    t.is((await handle.describe()).status.name, 'RUNNING');
    t.deepEqual(await handle.query(caseProgressQuery), {
      caseNumber: 'QL2026-100002',
      status: 'registered',
      policyVersion: '2026.1',
    });
  });
});

test.serial('a failing ledger write is retried until the case is registered', async (t) => {
  let attempts = 0;
  const { client } = t.context.env;
  await runWorker(
    t,
    {
      registerCase: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('database unavailable');
      },
    },
    async () => {
      const handle = await client.workflow.start(petitionCase, {
        taskQueue: queueOf(t),
        workflowId: caseWorkflowId('QL2026-100003'),
        args: [aCase('QL2026-100003')],
      });
      await waitFor(async () => (await handle.query(caseProgressQuery)).status === 'registered');
      t.is(attempts, 3);
    },
  );
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
