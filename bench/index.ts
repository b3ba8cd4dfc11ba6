import { runCloseOutBench } from './close-out';
import { runCloseOutRunBench } from './close-out-run';
import { runImportBench } from './import';
import { runLedgerBench } from './ledger';
import { runLikelyRepeatsBench } from './likely-repeats';

/**
 * `npm run bench`: every benchmark, one after another. Each starts and stops what it needs.
 * `npm run bench -- close-out ledger`: only those whose name holds one of the words.
 */
const benches: { name: string; run: () => Promise<void> }[] = [
  { name: 'ledger', run: runLedgerBench },
  { name: 'backlog import', run: runImportBench },
  { name: 'likely repeats', run: runLikelyRepeatsBench },
  { name: 'close-out', run: runCloseOutBench },
  { name: 'close-out run', run: runCloseOutRunBench },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const chosen =
    wanted.length === 0 ? benches : benches.filter((b) => wanted.some((w) => b.name.includes(w)));
  if (chosen.length === 0) {
    throw new Error(
      `No bench named ${wanted.join(', ')}; there are: ${benches.map((b) => b.name).join(', ')}`,
    );
  }
  for (const bench of chosen) {
    console.log(`\n=== ${bench.name} ===`);
    await bench.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
