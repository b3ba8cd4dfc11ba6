import { runImportBench } from './import';
import { runLedgerBench } from './ledger';
import { runLikelyRepeatsBench } from './likely-repeats';

/** `npm run bench`: every benchmark, one after another. Each starts and stops what it needs. */
const benches: { name: string; run: () => Promise<void> }[] = [
  { name: 'ledger', run: runLedgerBench },
  { name: 'backlog import', run: runImportBench },
  { name: 'likely repeats', run: runLikelyRepeatsBench },
];

async function main(): Promise<void> {
  for (const bench of benches) {
    console.log(`\n=== ${bench.name} ===`);
    await bench.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
