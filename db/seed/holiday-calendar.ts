import type { EntityManager } from '@mikro-orm/postgresql';
import published from 'chinese-days/dist/chinese-days.json';
import { version } from 'chinese-days/package.json';
import { CalendarRepository, type CalendarDayInput } from '../calendar';

/** Where the seeded years come from: the maintained `chinese-days` package and its published data. */
export const holidayCalendarSource = `chinese-days ${version}`;

/** Entries read 'English,中文,n' (n = days off); the office reads the Chinese name. */
const chineseName = (entry: string): string => entry.split(',')[1] ?? entry;

/** The package's days grouped by year, as the seed loads them; a year appears only when the package publishes it. */
export function publishedHolidayYears(): Map<number, CalendarDayInput[]> {
  const years = new Map<number, CalendarDayInput[]>();
  const add = (entries: Record<string, string>, kind: CalendarDayInput['kind']) => {
    for (const [day, entry] of Object.entries(entries)) {
      const year = Number(day.slice(0, 4));
      years.set(year, [...(years.get(year) ?? []), { day, kind, name: chineseName(entry) }]);
    }
  };
  add(published.holidays, 'holiday');
  add(published.workdays, 'workday');
  return years;
}

/**
 * Loads every published year not loaded yet. Idempotent, and a year already
 * loaded (perhaps replaced by an administrator) is never overwritten.
 * Returns the years it loaded.
 */
export async function seedHolidayCalendar(em: EntityManager): Promise<number[]> {
  const calendar = new CalendarRepository(em);
  const loaded: number[] = [];
  const present = new Set((await calendar.years()).map((y) => y.year));
  const missing = [...publishedHolidayYears()]
    .filter(([year]) => !present.has(year))
    .sort(([a], [b]) => a - b);
  for (const [year, days] of missing) {
    days.sort((a, b) => a.day.localeCompare(b.day));
    if (await calendar.addYearIfAbsent(year, { source: holidayCalendarSource, days, loadedBy: 'seed' })) {
      loaded.push(year);
    }
  }
  return loaded;
}
