import type { EntityManager } from '@mikro-orm/postgresql';
import type { HolidayCalendar } from '../domain/working-days';
import { AdminAlert, CalendarDay, CalendarYear } from './entities';
import type { CalendarDayKind } from './entities/calendar';

/** Raised when a deadline had to be counted over a year whose calendar is not loaded; keyed by the year. */
export const calendarYearMissing = 'calendar_year_missing';

export interface CalendarDayInput {
  day: string;
  kind: CalendarDayKind;
  name: string;
}

/** One year's official arrangement (放假安排) and who loaded it from where. */
export interface YearLoad {
  source: string;
  days: CalendarDayInput[];
  /** `seed` or `staff:<id>`. */
  loadedBy: string;
}

export interface CalendarYearSummary {
  year: number;
  source: string;
  loadedAt: Date;
  loadedBy: string;
  holidays: number;
  workdays: number;
}

const yearRange = (fromYear: number, toYear: number) => ({
  $gte: `${fromYear}-01-01`,
  $lte: `${toYear}-12-31`,
});

/** Calendars this process has read, by database, under the stamp of the years loaded when it read them. */
const calendarsRead = new WeakMap<object, { stamp: string; byRange: Map<string, HolidayCalendar> }>();

/** The holiday calendar (节假日日历) as loaded by the seed or an administrator. */
export class CalendarRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The calendar for deadline counting; only days of loaded years are in it. Every new case
   * asks for it, and it changes only when a year is loaded or replaced (each of which stamps
   * its calendar_year row), so each process keeps what it read under that stamp and asks the
   * database only for the stamp.
   */
  async calendarFor(fromYear: number, toYear: number): Promise<HolidayCalendar> {
    const [row] = await this.em
      .getConnection()
      .execute<{ stamp: string }[]>(
        `select count(*) || '/' || coalesce(max(loaded_at)::text, '') as stamp from calendar_year`,
      );
    const stamp = row?.stamp ?? '';
    const database = this.em.getDriver();
    let kept = calendarsRead.get(database);
    if (kept?.stamp !== stamp) {
      kept = { stamp, byRange: new Map() };
      calendarsRead.set(database, kept);
    }
    const range = `${fromYear}-${toYear}`;
    let calendar = kept.byRange.get(range);
    if (!calendar) {
      calendar = await this.readCalendar(fromYear, toYear);
      kept.byRange.set(range, calendar);
    }
    return calendar;
  }

  private async readCalendar(fromYear: number, toYear: number): Promise<HolidayCalendar> {
    const years = await this.em.find(
      CalendarYear,
      { year: { $gte: fromYear, $lte: toYear } },
      { orderBy: { year: 'asc' } },
    );
    const coveredYears = years.map((y) => y.year);
    const days = (
      await this.em.find(CalendarDay, { day: yearRange(fromYear, toYear) }, { orderBy: { day: 'asc' } })
    )
      .map(plainDay)
      .filter((d) => coveredYears.includes(Number(d.day.slice(0, 4))));
    return {
      coveredYears,
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
      workdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
    };
  }

  async years(): Promise<CalendarYearSummary[]> {
    const years = await this.em.find(CalendarYear, {}, { orderBy: { year: 'asc' } });
    const counts = await this.em
      .getConnection()
      .execute<{ year: number; kind: CalendarDayKind; n: number }[]>(
        `select extract(year from day)::int as year, kind, count(*)::int as n
       from calendar_day group by 1, 2`,
      );
    const count = (year: number, kind: CalendarDayKind) =>
      counts.find((c) => c.year === year && c.kind === kind)?.n ?? 0;
    return years.map((y) => ({
      year: y.year,
      source: y.source,
      loadedAt: y.loadedAt,
      loadedBy: y.loadedBy,
      holidays: count(y.year, 'holiday'),
      workdays: count(y.year, 'workday'),
    }));
  }

  async isLoaded(year: number): Promise<boolean> {
    return (await this.em.count(CalendarYear, { year })) > 0;
  }

  async yearDays(year: number): Promise<CalendarDayInput[]> {
    const days = await this.em.find(CalendarDay, { day: yearRange(year, year) }, { orderBy: { day: 'asc' } });
    return days.map(plainDay);
  }

  /** An administrator's correction: the year's days are replaced whole, in one transaction. */
  async replaceYear(year: number, load: YearLoad): Promise<void> {
    assertWithinYear(year, load.days);
    await this.em.transactional(async (tx) => {
      await tx.nativeDelete(CalendarDay, { day: yearRange(year, year) });
      await writeYear(tx, year, load);
    });
  }

  /**
   * Loads a year only if none is loaded yet: a year an administrator replaced is
   * never overwritten. Safe when two processes seed at once (the year row decides).
   */
  async addYearIfAbsent(year: number, load: YearLoad): Promise<boolean> {
    assertWithinYear(year, load.days);
    return this.em.transactional(async (tx) => {
      const claimed = await tx.getConnection().execute<{ year: number }[]>(
        `insert into calendar_year (year, source, loaded_at, loaded_by) values (?, ?, now(), ?)
           on conflict (year) do nothing returning year`,
        [year, load.source, load.loadedBy],
        'all',
        tx.getTransactionContext(),
      );
      if (claimed.length === 0) return false;
      await writeYear(tx, year, load);
      return true;
    });
  }

  /** Open calendar alerts, oldest first. */
  async openAlerts(): Promise<AdminAlert[]> {
    return this.em.find(
      AdminAlert,
      { kind: calendarYearMissing, resolvedAt: null },
      { orderBy: { raisedAt: 'asc', id: 'asc' } },
    );
  }
}

// MikroORM reads PostgreSQL `date` as its 'YYYY-MM-DD' text, so no zone shifts a day.
const plainDay = (d: CalendarDay): CalendarDayInput => ({ day: d.day, kind: d.kind, name: d.name });

function assertWithinYear(year: number, days: CalendarDayInput[]): void {
  const stray = days.find((d) => !d.day.startsWith(`${year}-`));
  if (stray) throw new RangeError(`Calendar day ${stray.day} is not in ${year}`);
}

/** The year's days, its calendar_year row, and the alert that asked for it resolved. */
async function writeYear(tx: EntityManager, year: number, load: YearLoad): Promise<void> {
  if (load.days.length > 0) {
    await tx.insertMany(
      CalendarDay,
      load.days.map((d) => ({ day: d.day, kind: d.kind, name: d.name })),
    );
  }
  await tx.upsert(CalendarYear, { year, source: load.source, loadedAt: new Date(), loadedBy: load.loadedBy });
  await tx.nativeUpdate(
    AdminAlert,
    { kind: calendarYearMissing, key: String(year), resolvedAt: null },
    { resolvedAt: new Date() },
  );
}
