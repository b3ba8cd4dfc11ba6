import test from 'ava';
import { countNames } from '../../db/statistics-counted';
import { statisticsSections } from '../../domain/statistics-sections';

test('every counted figure of the statistics has one place in the sections the page and the exports lay out', (t) => {
  const placed = Object.values(statisticsSections).flat();
  t.deepEqual([...placed].sort(), [...countNames].sort());
  t.is(new Set(placed).size, placed.length, 'no figure in two sections');
});
