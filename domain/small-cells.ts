/**
 * Minimum cell sizes for published tables (小数抑制): a count under the minimum could point
 * at a person in a small township, so it is shown only as "fewer than N". A table with
 * totals would still give it away (the total less the numbers shown), so where a row or a
 * column hides exactly one of its numbers, the next smallest of it is hidden too
 * (complementary suppression), until no row or column hides just one.
 *
 * Rows and columns together can still give a number away when no single line does (a
 * hidden number that joins two groups of hidden numbers, and nothing else does, is the
 * sum of one group's lines). Seen as a graph, rows and columns the nodes and hidden numbers
 * the edges, a number can be worked out exactly when its edge lies on no cycle; so each such
 * number gets a partner hidden beside it that closes a cycle through it.
 */
export type CellShown = 'shown' | 'small' | 'complementary';

type At = [row: number, column: number];

/**
 * What to show of each number of `grid`, whose last row and last column are the totals of
 * the others (the corner is the grand total). A total is a number like any other: it hides
 * when small, and it is one of the numbers of its row and of its column.
 */
export function suppressSmallCells(grid: readonly (readonly number[])[], minimum: number): CellShown[][] {
  const shown: CellShown[][] = grid.map((row) => row.map((n) => (n < minimum ? 'small' : 'shown')));
  const smallest = (cells: At[]) =>
    cells
      .filter(([i, j]) => shown[i]![j] === 'shown')
      .sort(([a, b], [c, d]) => grid[a]![b]! - grid[c]![d]!)[0];
  const hide = (at: At | undefined) => {
    if (!at) return false;
    shown[at[0]]![at[1]] = 'complementary';
    return true;
  };
  for (let changed = true; changed;) {
    changed = hideBesideLoneHidden(grid, shown, smallest, hide);
    if (!changed) changed = hideBesideBridge(grid, shown, smallest, hide);
  }
  return shown;
}

/** The rule as offices know it: a row or column hiding one number hides its next smallest too. */
function hideBesideLoneHidden(
  grid: readonly (readonly number[])[],
  shown: CellShown[][],
  smallest: (cells: At[]) => At | undefined,
  hide: (at: At | undefined) => boolean,
): boolean {
  const lines: At[][] = [
    ...grid.map((row, i) => row.map((_n, j): At => [i, j])),
    ...(grid[0] ?? []).map((_n, j) => grid.map((_row, i): At => [i, j])),
  ];
  let changed = false;
  for (const line of lines) {
    if (line.filter(([i, j]) => shown[i]![j] !== 'shown').length === 1)
      changed = hide(smallest(line)) || changed;
  }
  return changed;
}

/** The first hidden number on no cycle of hidden numbers gets a partner that closes one; false when none is. */
function hideBesideBridge(
  grid: readonly (readonly number[])[],
  shown: CellShown[][],
  smallest: (cells: At[]) => At | undefined,
  hide: (at: At | undefined) => boolean,
): boolean {
  const hidden: At[] = grid.flatMap((row, i) =>
    row.flatMap((_n, j): At[] => (shown[i]![j] !== 'shown' ? [[i, j]] : [])),
  );
  for (const bridge of hidden) {
    const [rowSide, columnSide] = reachableWithout(hidden, bridge);
    if (columnSide.has(`r${bridge[0]}`)) continue;
    // Rows on the column's side with columns on the row's side: each closes a cycle through the bridge.
    const partners = grid.flatMap((row, i) =>
      row.flatMap((_n, j): At[] => (columnSide.has(`r${i}`) && rowSide.has(`c${j}`) ? [[i, j]] : [])),
    );
    if (hide(smallest(partners))) return true;
  }
  return false;
}

/** The nodes (rows `r…`, columns `c…`) reached from each end of `without` over the other hidden numbers. */
function reachableWithout(hidden: At[], without: At): [Set<string>, Set<string>] {
  const edges = hidden.filter(([i, j]) => i !== without[0] || j !== without[1]);
  const from = (start: string) => {
    const seen = new Set([start]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [i, j] of edges) {
        const [a, b] = [`r${i}`, `c${j}`];
        if (seen.has(a) !== seen.has(b)) {
          seen.add(a).add(b);
          grew = true;
        }
      }
    }
    return seen;
  };
  return [from(`r${without[0]}`), from(`c${without[1]}`)];
}
