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

export interface Spread {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank p50, p99 and max of milliseconds, in any order. */
export function spreadOf(samples: number[]): Spread {
  const sorted = [...samples].sort((x, y) => x - y);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

/** Runs `task(0 … count-1)` with at most `concurrency` of them under way; the first failure stops the rest. */
export async function atConcurrency(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < count) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** A plain text table, columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const ms = (value: number): string => value.toFixed(1);
