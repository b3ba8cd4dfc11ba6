import { performance } from 'node:perf_hooks';

export interface Timing {
  p50: number;
  p95: number;
}

/** Nearest-rank percentile of sorted milliseconds. */
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * Runs both functions a few times unmeasured (plans, caches, pool warm), then `runs` times
 * measured. Calls alternate, so a busy spell on a shared machine falls on both alike and
 * their ratio holds.
 */
export async function measurePair(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  options: { warmUp: number; runs: number },
): Promise<[Timing, Timing]> {
  const timed = async (fn: () => Promise<unknown>, samples: number[]) => {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  };
  for (let i = 0; i < options.warmUp; i++) {
    await first();
    await second();
  }
  const firstSamples: number[] = [];
  const secondSamples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    await timed(first, firstSamples);
    await timed(second, secondSamples);
  }
  return [summarise(firstSamples), summarise(secondSamples)];
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((x, y) => x - y);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** A plain text table, columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const ms = (value: number): string => value.toFixed(1);
