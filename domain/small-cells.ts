/**
 * Minimum cell sizes for published tables (小数抑制): a count under the minimum could point
 * at a person in a small township, so it is shown only as "fewer than N". A table with
 * totals would still give it away (the total less the cells shown), so where a row or a
 * column hides exactly one of its numbers, the next smallest of it is hidden too
 * (complementary suppression), until no row or column hides just one.
 */
export type CellShown = 'shown' | 'small' | 'complementary';

/**
 * What to show of each number of `grid`, whose last row and last column are the totals of
 * the others (the corner is the grand total). A total is a number like any other: it hides
 * when small, and it is one of the numbers of its row and of its column.
 */
export function suppressSmallCells(grid: readonly (readonly number[])[], minimum: number): CellShown[][] {
  const shown: CellShown[][] = grid.map((row) => row.map((n) => (n < minimum ? 'small' : 'shown')));
  const lines: [number, number][][] = [
    ...grid.map((row, i) => row.map((_n, j): [number, number] => [i, j])),
    ...(grid[0] ?? []).map((_n, j) => grid.map((_row, i): [number, number] => [i, j])),
  ];
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter(([i, j]) => shown[i]![j] !== 'shown');
      if (hidden.length !== 1) continue;
      const next = line
        .filter(([i, j]) => shown[i]![j] === 'shown')
        .sort(([a, b], [c, d]) => grid[a]![b]! - grid[c]![d]!)[0];
      if (!next) continue;
      shown[next[0]]![next[1]] = 'complementary';
      changed = true;
    }
  }
  return shown;
}
