import test from 'ava';
import { calendarPeriod, periodOf } from '../../web/console/src/statistics/period';

// A Sunday: its week began on Monday 2026-11-30, as the weekly close-out counts weeks.
const sunday = '2026-12-06';

test('this week, month, quarter and year are whole calendar periods around today, the end the day after', (t) => {
  t.deepEqual(calendarPeriod('week', sunday), { from: '2026-11-30', to: '2026-12-07' });
  t.deepEqual(calendarPeriod('week', '2026-11-30'), { from: '2026-11-30', to: '2026-12-07' });
  t.deepEqual(calendarPeriod('month', sunday), { from: '2026-12-01', to: '2027-01-01' });
  t.deepEqual(calendarPeriod('quarter', sunday), { from: '2026-10-01', to: '2027-01-01' });
  t.deepEqual(calendarPeriod('quarter', '2026-05-31'), { from: '2026-04-01', to: '2026-07-01' });
  t.deepEqual(calendarPeriod('year', sunday), { from: '2026-01-01', to: '2027-01-01' });
});

test('the address gives the period: this month by default, since a date through today, a range, a campaign’s days', (t) => {
  const campaigns = [{ id: 7, closedFrom: '2026-03-01', closedTo: '2026-06-30' }];
  const of = (search: string) => periodOf(new URLSearchParams(search), sunday, campaigns);
  t.deepEqual(of(''), { from: '2026-12-01', to: '2027-01-01' });
  t.deepEqual(of('period=since&from=2022-01-01'), { from: '2022-01-01', to: '2026-12-07' });
  t.deepEqual(of('period=range&from=2025-03-01&to=2025-04-01'), { from: '2025-03-01', to: '2025-04-01' });
  t.deepEqual(of('period=campaign&campaign=7'), { from: '2026-03-01', to: '2026-07-01' });
  t.is(
    periodOf(new URLSearchParams('period=campaign&campaign=7'), sunday, undefined),
    undefined,
    'campaigns not loaded yet',
  );
  t.is(of('period=range&from=2025-02-30&to=2025-04-01'), undefined, 'not a date');
  t.is(of('period=since'), undefined);
});
