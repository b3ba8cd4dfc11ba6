import anyTest, { type TestFn } from 'ava';
import type { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { startYearRecount } from '../../api/calendar-recount';
import { caseWorkflowId } from '../../domain/case';
import { temporalTestServer } from '../../temporal/binaries';
import { recountWorkflowId } from '../../workflows/calendar-reload/messages';
import { yearsToldQuery, type caseAwaitingCalendar } from './fixtures/recount-workflows';
import { keepHistory } from '../helpers/histories';
import '../helpers/quiet-runtime';

/**
 * Loading a year's holiday calendar tells every open case with a provisional deadline.
 * In December that is every open case of a province: more than one history holds.
 * These tests lower the history limit and page size so a few hundred cases prove it.
 */
const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap }>;

const caseNumbers = Array.from({ length: 300 }, (_, i) => `QL2026-${String(i + 1).padStart(6, '0')}`);
const tuning = { historyEventLimit: 200, pageSize: 50 };

test.before(async (t) => {
  const [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServer() } },
    }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/recount-workflows'),
      logger: new DefaultLogger('WARN'),
    }),
  ]);
  t.context = { env, bundle };
});

test.after.always(async (t) => {
  await t.context.env?.teardown();
});

/** The ledger's page query over the stand-in cases; `held` keeps the first page waiting until released. */
function ledgerOver(cases: string[], held?: Promise<void>) {
  let first = true;
  return {
    async casesWithProvisionalDeadlinesAfter(page: { after: string | null; limit: number }) {
      if (first && held) await held;
      first = false;
      return cases.filter((c) => c > (page.after ?? '')).slice(0, page.limit);
    },
  };
}

async function startCases(env: TestWorkflowEnvironment, taskQueue: string) {
  return Promise.all(
    caseNumbers.map((n) =>
      env.client.workflow.start<typeof caseAwaitingCalendar>('caseAwaitingCalendar', {
        taskQueue,
        workflowId: `${caseWorkflowId(n)}-${taskQueue}`,
      }),
    ),
  );
}

/** Every run of the recount, first to last, with the number of events in its history. */
async function runsOf(env: TestWorkflowEnvironment, workflowId: string, firstRunId: string) {
  const runs: number[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await env.client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events = history.events ?? [];
    runs.push(events.length);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

test.serial(
  'a recount of more cases than one history holds goes page by page, continues as new, and tells every case once',
  async (t) => {
    const { env, bundle } = t.context;
    const taskQueue = 'recount-once';
    // The stand-ins carry the queue in their case numbers so the two tests' cases stay apart.
    const cases = caseNumbers.map((n) => `${n}-${taskQueue}`);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { code: bundle.code },
      activities: ledgerOver(cases),
    });
    await worker.runUntil(async () => {
      const handles = await startCases(env, taskQueue);
      const recount = await startYearRecount({ temporal: env.client, taskQueue }, 2027, tuning);
      t.is(await env.client.workflow.getHandle(recount.workflowId).result(), caseNumbers.length);

      await keepHistory(
        env.client.workflow.getHandle(recountWorkflowId(2027), recount.signaledRunId),
        'calendar-recount-first-page',
      );
      const runs = await runsOf(env, recountWorkflowId(2027), recount.signaledRunId);
      t.true(runs.length >= 3, `only ${runs.length} runs`);
      // A run stops at the limit, give or take the page it was telling (about two events a case).
      for (const events of runs)
        t.true(events <= tuning.historyEventLimit + 3 * tuning.pageSize, `${events} events`);
      const told = await Promise.all(handles.map((h) => h.query(yearsToldQuery)));
      t.deepEqual(
        told.filter((years) => years.length !== 1 || years[0] !== 2027),
        [],
        'every case told exactly once',
      );
    });
  },
);

test.serial(
  'loading the year again while its recount runs joins that recount, which tells every case again from the start',
  async (t) => {
    const { env, bundle } = t.context;
    const taskQueue = 'recount-joined';
    const cases = caseNumbers.map((n) => `${n}-${taskQueue}`);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { code: bundle.code },
      activities: ledgerOver(cases, held),
    });
    await worker.runUntil(async () => {
      const handles = await startCases(env, taskQueue);
      const first = await startYearRecount({ temporal: env.client, taskQueue }, 2028, tuning);
      const second = await startYearRecount({ temporal: env.client, taskQueue }, 2028, tuning);
      t.is(second.signaledRunId, first.signaledRunId, 'the second load joined the running recount');
      release();
      await env.client.workflow.getHandle(recountWorkflowId(2028)).result();

      const told = await Promise.all(handles.map((h) => h.query(yearsToldQuery)));
      const firstPage = told.slice(0, tuning.pageSize);
      const rest = told.slice(tuning.pageSize);
      // The first page was being told when the year came again: it hears twice, every other case once after the second load.
      t.true(firstPage.every((years) => years.length === 2));
      t.true(rest.every((years) => years.length === 1));
    });
  },
);
