import test from 'ava';
import { runDrill, smallDrill } from '../../chaos/drill';
import { cachedWorkflowBundlePath } from '../helpers/workflow-bundle';

// A correctness check, not a timing: the same drill as `npm run chaos`, smaller.
test('killing the worker, the API, Temporal and PostgreSQL during an intake loses nothing and sends nothing twice', async (t) => {
  t.timeout(6 * 60_000);
  // The drill's processes take their settings from this one's environment: its worker runs the
  // run's workflow bundle instead of starting (and restarting) with webpack.
  process.env.WORKFLOW_BUNDLE = await cachedWorkflowBundlePath();
  const result = await runDrill(smallDrill, (line) => t.log(line));
  const c = result.counts;
  t.log(JSON.stringify(c));
  t.deepEqual(
    result.faults.map((f) => f.fault),
    ['worker', 'api', 'temporal', 'postgres'],
  );
  t.is(c.acknowledged, smallDrill.petitions);
  t.is(c.lost, 0);
  t.is(c.duplicates, 0);
  t.is(c.unacknowledged_cases, 0);
  t.is(c.cases_found, c.acknowledged);
  t.is(c.timers_due, 2 * smallDrill.drillCases);
  t.is(c.timers_fired, c.timers_due);
  t.is(c.timer_duplicates, 0);
  t.is(c.emails_received, c.emails_expected);
  t.is(c.email_duplicates, 0);
  t.is(c.emails_unexpected, 0);
  t.is(c.stuck_workflows, 0);
  t.deepEqual(result.problems, []);
});
