import { performance } from 'node:perf_hooks';
import type { Client as PgClient } from 'pg';
import { workflowCacheSize } from '../temporal/worker';
import { demoAccount, signIn } from '../tests/helpers/staff';
import type { Figures } from './figures';
import type { BenchStack } from './stack';
import { formatTable, ms, spreadOf, type Spread } from './timing';

/** Page views of each kind: two office heads' working week is a few hundred. */
const views = 500;
const targetP99Ms = 100;

/**
 * The staff case page of random open cases, most of them not in the worker's cache, read
 * the way it is now (the projection, case_state) and the way it was (the workflow asked by
 * a Temporal Query, which replays a case the worker does not hold): the same route, for
 * cases whose projection the bench removed, as cases from before it have none. The two
 * kinds alternate, so a busy spell on a shared machine falls on both alike.
 */
export async function measureCasePages(
  stack: BenchStack,
  db: PgClient,
  caseNumbers: string[],
): Promise<Figures> {
  const [projected, asked] = twoRandomSets(caseNumbers, Math.min(views, Math.floor(caseNumbers.length / 2)));
  await db.query('delete from case_state where case_number = any($1)', [asked]);
  const head = await signIn(stack.app.baseUrl, demoAccount.officeHead('990000'));
  const view = async (caseNumber: string, samples: number[]) => {
    const started = performance.now();
    const page = await head.get(`/api/v1/staff/cases/${caseNumber}`);
    const elapsed = performance.now() - started;
    if (page.status !== 200) throw new Error(`case page of ${caseNumber} answered ${page.status}`);
    samples.push(elapsed);
    // A query that found no worker in time leaves the page without actions.
    return (page.json.allowedActions as string[]).length === 0 ? 1 : 0;
  };
  const fromProjection: number[] = [];
  const fromQuery: number[] = [];
  const withoutActions = { projection: 0, query: 0 };
  for (let i = 0; i < projected.length; i++) {
    withoutActions.projection += await view(projected[i]!, fromProjection);
    withoutActions.query += await view(asked[i]!, fromQuery);
  }
  const projection = spreadOf(fromProjection);
  const query = spreadOf(fromQuery);
  const ratio = query.p99 / projection.p99;
  const notCached = Math.max(0, 1 - workflowCacheSize / caseNumbers.length);
  console.log(
    `\ncase pages of random open cases (province office head), ${projection.count} of each kind, alternating; ` +
      `the worker caches ${workflowCacheSize} workflows of ${caseNumbers.length} open cases ` +
      `(at least ${(notCached * 100).toFixed(0)}% not in its cache)\n`,
  );
  const cells = (s: Spread) => [String(s.count), ms(s.p50), ms(s.p99), ms(s.max)];
  console.log(
    formatTable(
      ['GET /api/v1/staff/cases/:caseNumber', 'count', 'p50', 'p99', 'max'],
      [
        ['state from the projection (now), ms', ...cells(projection)],
        ['state from a Temporal Query (before), ms', ...cells(query)],
      ],
    ),
  );
  console.log(
    `pages without actions: ${withoutActions.projection} from the projection, ${withoutActions.query} from the query`,
  );
  const met = projection.p99 <= targetP99Ms;
  console.log(
    `target case page p99 ≤ ${targetP99Ms} ms: ${met ? 'met' : 'MISSED'} ` +
      `(p99 ${ms(projection.p99)} ms; the query's ${ratio.toFixed(1)}× that)`,
  );
  return {
    case_page: {
      views: projection.count,
      open_cases: caseNumbers.length,
      not_cached_at_least: Math.round(notCached * 100) / 100,
      p50_ms: round1(projection.p50),
      p99_ms: round1(projection.p99),
      query_p50_ms: round1(query.p50),
      query_p99_ms: round1(query.p99),
      query_to_projection_p99: Math.round(ratio * 10) / 10,
      without_actions: withoutActions.projection,
      query_without_actions: withoutActions.query,
      target_p99_ms: targetP99Ms,
      ...(met ? {} : { missed: `MISSED: p99_ms ${round1(projection.p99)} > ${targetP99Ms}` }),
    },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Two disjoint random samples of `size` each. */
function twoRandomSets(all: string[], size: number): [string[], string[]] {
  const pool = [...all];
  // Fisher–Yates, only as far as the two samples need.
  for (let i = 0; i < size * 2; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return [pool.slice(0, size), pool.slice(size, size * 2)];
}
