/** How a run is sized: 1 is the full size; `--scale=0.1` for a quick look while developing. */
export interface BenchOptions {
  scale: number;
}

/**
 * What a bench measured, by the key names, grouped as the JSON line prints them:
 * `{ intake: { per_second: 412.5 } }` is the issue's `intake.per_second`.
 */
export type Figures = Record<string, Record<string, number | string>>;

/** `LEDGER_BENCH_CASES` when set (the benches' old knob), else 100,000 times the scale. */
export function ledgerCaseCount({ scale }: BenchOptions): number {
  const count = Number(process.env.LEDGER_BENCH_CASES ?? Math.round(100_000 * scale));
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(
      `LEDGER_BENCH_CASES must be a whole number of cases, not ${process.env.LEDGER_BENCH_CASES}`,
    );
  }
  return count;
}
