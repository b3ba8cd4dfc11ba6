import anyTest, { type TestFn } from 'ava';
import { fixtureYear2030 } from '../fixtures/holiday-calendars';
import { aCase, startCase } from '../helpers/case-starts';
import { keepHistory } from '../helpers/histories';
import {
  command,
  loadYear,
  skipTo,
  startWorkflowTestEnv,
  timeline,
  withWorker,
  type WorkflowTestEnv,
} from '../helpers/workflow-env';

/**
 * 找回查询码 on the case's timeline: the API issues the new code, the case records that
 * it did, once per request, and only for a named complainant.
 */
const test = anyTest as TestFn<{ w: WorkflowTestEnv }>;

test.beforeEach(async (t) => {
  t.context.w = await startWorkflowTestEnv();
});
test.afterEach.always(async (t) => {
  await t.context.w?.stop();
});

const complainant = { kind: 'complainant' } as const;

test('a new access code goes on the timeline once per request, with the request id and nothing else', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-04-29T10:00:00+08:00');
  const start = aCase({}, '2030-04-29T02:00:00.000Z');
  await withWorker(w, 'reissue', async () => {
    const handle = await startCase(w, start, 'reissue');
    const requestId = '6f1c2b7e-3f4a-4d5b-9c8d-7e6f5a4b3c2d';
    await command(handle, 'recordAccessCodeReissue', complainant, { requestId });
    // A retry after a lost answer adds nothing.
    await command(handle, 'recordAccessCodeReissue', complainant, { requestId });
    const reissued = (await timeline(w, start.caseNumber)).filter((e) => e.type === 'access_code_reissued');
    t.is(reissued.length, 1);
    t.is(reissued[0]!.actor, 'complainant');
    t.deepEqual(reissued[0]!.data, { requestId });
    await keepHistory(handle, 'access-code-reissued-once');
  });
});

test('an anonymous case refuses to record a new access code: there is none to give', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-04-29T10:00:00+08:00');
  const start = aCase({ anonymous: true, complainant: undefined }, '2030-04-29T02:00:00.000Z');
  await withWorker(w, 'anonymous', async () => {
    const handle = await startCase(w, start, 'anonymous');
    const refused = await t.throwsAsync(
      command(handle, 'recordAccessCodeReissue', complainant, {
        requestId: '0b8e3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      }),
    );
    t.is((refused?.cause as Error | undefined)?.message, 'complainant_not_allowed');
    t.deepEqual(
      (await timeline(w, start.caseNumber)).filter((e) => e.type === 'access_code_reissued'),
      [],
    );
  });
});
