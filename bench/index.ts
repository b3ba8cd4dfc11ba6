import { requireClusterBinaries } from '../temporal/server';
import { runCloseOutBench } from './close-out';
import { runClusterBench } from './cluster';
import { runCloseOutRunBench } from './close-out-run';
import type { BenchOptions, Figures } from './figures';
import { runImportBench } from './import';
import { runIntakeBench } from './intake';
import { runLedgerBench } from './ledger';
import { runLikelyRepeatsBench } from './likely-repeats';
import { runOpenCasesBench } from './open-cases';
import { runOrgChartImportBench } from './org-chart-import';
import { runRegistrationBench } from './registration';
import { runStatisticsBench } from './statistics';
import { runWorkflowBundleBench } from './workflow-bundle';

/**
 * `npm run bench`: every benchmark, one after another. Each starts and stops what it needs.
 * `npm run bench -- close-out ledger`: only those whose name holds one of the words.
 * `--scale=0.1`: every size a tenth (100k ledger rows become 10k, 20k open cases 2k).
 * `--cluster`: instead, the production topology (`npm run cluster`): intake against bare starts
 * on the real Temporal server, and registration by one and by two workers (bench/cluster.ts).
 * `--json`: after the readable tables, one JSON object as the last line of stdout, the
 * issue's keys nested by their first part: `{"intake":{"per_second":…,"ratio_to_raw":…},
 * "registered":{…},"open_cases":{…},"timers":{…},"ledger":{…},"closeout":{…},"statistics":{…},"failed":[…]}`.
 * A bench that fails is named in `failed`; the others still run and report.
 */
const benches: { name: string; run: (options: BenchOptions) => Promise<Figures | void> }[] = [
  { name: 'workflow bundle', run: runWorkflowBundleBench },
  { name: 'intake', run: runIntakeBench },
  { name: 'registration', run: runRegistrationBench },
  { name: 'open cases', run: runOpenCasesBench },
  { name: 'ledger', run: runLedgerBench },
  { name: 'backlog import', run: runImportBench },
  { name: 'org chart import', run: runOrgChartImportBench },
  { name: 'likely repeats', run: runLikelyRepeatsBench },
  { name: 'close-out', run: runCloseOutBench },
  { name: 'close-out run', run: runCloseOutRunBench },
  { name: 'statistics', run: runStatisticsBench },
];

interface Arguments {
  names: string[];
  json: boolean;
  cluster: boolean;
  scale: number;
}

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = { names: [], json: false, cluster: false, scale: 1 };
  for (const arg of argv) {
    if (arg === '--json') args.json = true;
    else if (arg === '--cluster') args.cluster = true;
    else if (arg.startsWith('--scale=')) args.scale = Number(arg.slice('--scale='.length));
    else if (arg.startsWith('--'))
      throw new Error(`Unknown option ${arg}; there are --json, --cluster and --scale=<n>`);
    else args.names.push(arg);
  }
  if (!(args.scale > 0 && args.scale <= 1)) throw new Error('--scale must be a number above 0, at most 1');
  return args;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  if (args.cluster) requireClusterBinaries();
  const chosen = args.cluster
    ? [{ name: 'cluster', run: runClusterBench }]
    : args.names.length === 0
      ? benches
      : benches.filter((b) => args.names.some((w) => b.name === w || b.name.includes(w)));
  if (chosen.length === 0) {
    throw new Error(
      `No bench named ${args.names.join(', ')}; there are: ${benches.map((b) => b.name).join(', ')}`,
    );
  }
  const figures: Figures = {};
  const failed: string[] = [];
  for (const bench of chosen) {
    console.log(`\n=== ${bench.name}${args.scale === 1 ? '' : ` (scale ${args.scale})`} ===`);
    try {
      for (const [group, values] of Object.entries((await bench.run({ scale: args.scale })) ?? {})) {
        figures[group] = { ...figures[group], ...values };
      }
    } catch (error) {
      console.error(`${bench.name} failed:`, error);
      failed.push(bench.name);
      process.exitCode = 1;
    }
  }
  if (args.json) console.log(JSON.stringify({ ...figures, scale: args.scale, failed }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
