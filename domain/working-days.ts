/**
 * Working days (工作日) as the offices count them: the public holidays and the
 * make-up working days on weekends (调休) of the official calendar, in Asia/Shanghai.
 * Pure functions: workflow code imports this, so no I/O and no clock but the caller's.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { ClockRule, DayCount } from './policy';
import { officeDateOf, officeMidnightOf } from './time';

dayjs.extend(utc);

/**
 * The official calendar for some years, as plain data (it travels in workflow payloads).
 * Dates are office dates, 'YYYY-MM-DD'.
 */
export interface HolidayCalendar {
  /** Years whose official arrangement (放假安排) is loaded; every other year counts weekdays, provisionally. */
  coveredYears: number[];
  holidays: string[];
  /** Make-up working days on a weekend (调休上班). */
  workdays: string[];
}

export interface DeadlineSchedule {
  /** Last day, inclusive (YYYY-MM-DD, Asia/Shanghai). */
  dueDate: string;
  /** The breach instant: 00:00 Asia/Shanghai of the day after `dueDate`. */
  dueAt: string;
  warnAt: string[];
  escalateAt: string | null;
  /** Some day counted lies in a year whose calendar is not loaded. */
  provisional: boolean;
}

interface CalendarIndex {
  covered: Set<number>;
  holidays: Set<string>;
  workdays: Set<string>;
}

// A calendar value is read many times per count and never changed once made: index it once per object.
const indexes = new WeakMap<HolidayCalendar, CalendarIndex>();

function indexOf(calendar: HolidayCalendar): CalendarIndex {
  let index = indexes.get(calendar);
  if (!index) {
    index = {
      covered: new Set(calendar.coveredYears),
      holidays: new Set(calendar.holidays),
      workdays: new Set(calendar.workdays),
    };
    indexes.set(calendar, index);
  }
  return index;
}

/** Office dates are calendar labels, so their arithmetic runs in UTC where no zone or DST can shift a day. */
const addDays = (date: string, days: number): string => dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');

const yearOf = (date: string): number => Number(date.slice(0, 4));

const isWeekday = (date: string): boolean => {
  const weekday = dayjs.utc(date).day();
  return weekday !== 0 && weekday !== 6;
};

export const isWeekend = (date: string): boolean => !isWeekday(date);

/** The office date (Asia/Shanghai) of an instant. */
export const officeDate = (instant: string | Date): string => officeDateOf(instant);

/** 00:00 Asia/Shanghai of an office date, as an ISO instant. */
const startOfOfficeDay = (date: string): string => new Date(officeMidnightOf(date)).toISOString();

export const isCovered = (year: number, calendar: HolidayCalendar): boolean =>
  indexOf(calendar).covered.has(year);

/**
 * Make-up working day → true, holiday → false, otherwise Monday to Friday. A year
 * without a loaded calendar is never trusted: its days count as plain weekdays.
 */
export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  const index = indexOf(calendar);
  if (index.covered.has(yearOf(date))) {
    if (index.workdays.has(date)) return true;
    if (index.holidays.has(date)) return false;
  }
  return isWeekday(date);
}

/** The date itself when it is a working day, else the next working day. */
function onOrAfterWorkingDay(date: string, calendar: HolidayCalendar): string {
  let day = date;
  while (!isWorkingDay(day, calendar)) day = addDays(day, 1);
  return day;
}

/** The `count`-th working day after `date` (the date itself not counted). */
function workingDaysAfter(date: string, count: number, calendar: HolidayCalendar): string {
  let day = date;
  for (let counted = 0; counted < count;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return day;
}

function dueDateFor(start: string, length: number, counting: DayCount, calendar: HolidayCalendar): string {
  // A calendar-day period whose last day is a holiday or weekend ends on the next working day;
  // zero working days means "the same working day".
  return counting === 'calendar_days'
    ? onOrAfterWorkingDay(addDays(start, length), calendar)
    : length === 0
      ? onOrAfterWorkingDay(start, calendar)
      : workingDaysAfter(start, length, calendar);
}

const uncoveredYearsBetween = (firstDay: string, lastDay: string, calendar: HolidayCalendar): number[] => {
  const years: number[] = [];
  for (let year = yearOf(firstDay); year <= yearOf(lastDay); year++) {
    if (!isCovered(year, calendar)) years.push(year);
  }
  return years;
};

/**
 * Years a schedule was counted over without a loaded calendar: from the office date
 * of `from` through the due date, or through the escalation day when there is one.
 */
export function uncoveredYears(
  from: string,
  schedule: Pick<DeadlineSchedule, 'dueDate' | 'escalateAt'>,
  calendar: HolidayCalendar,
): number[] {
  const lastDay = schedule.escalateAt ? addDays(officeDate(schedule.escalateAt), -1) : schedule.dueDate;
  return uncoveredYearsBetween(officeDate(from), lastDay, calendar);
}

export interface ScheduleInput {
  rule: ClockRule;
  /** When the clock starts (ISO instant). */
  from: string;
  calendar: HolidayCalendar;
  /** Overrides of the rule's length and counting (e.g. real-name complaints to a discipline body). */
  length?: number;
  counting?: DayCount;
  /** An approved extension (延期): `days` calendar days after the earlier due date. */
  extension?: { fromDueDate: string; days: number };
}

const minuteMs = 60_000;

/**
 * A drill clock (`minutes` counting): warned and escalated on the clock, no calendar
 * involved. An extension still adds calendar days: it is the office's decision, not the drill's.
 */
function scheduleInMinutes(input: ScheduleInput): DeadlineSchedule {
  const { rule, from, calendar } = input;
  const fromMs = Date.parse(from);
  const dueMs = input.extension
    ? Date.parse(extendDeadline(input.extension.fromDueDate, input.extension.days, calendar).dueAt)
    : fromMs + (input.length ?? rule.length) * minuteMs;
  const dueAt = new Date(dueMs).toISOString();
  const warnAt = [...new Set(rule.warnBeforeDays)]
    .sort((a, b) => b - a)
    .map((minutes) => dueMs - minutes * minuteMs)
    .filter((instant) => instant > fromMs)
    .map((instant) => new Date(instant).toISOString());
  const escalateAt =
    rule.onBreach === 'lapse'
      ? null
      : new Date(dueMs + (rule.escalateAfterWorkingDays ?? 0) * minuteMs).toISOString();
  return { dueDate: officeDate(new Date(dueMs - 1)), dueAt, warnAt, escalateAt, provisional: false };
}

/** When a clock started at `from` is due, when it warns and when its breach escalates. */
export function scheduleDeadline(input: ScheduleInput): DeadlineSchedule {
  const { rule, from, calendar } = input;
  const counting = input.counting ?? rule.counting;
  if (counting === 'minutes') return scheduleInMinutes(input);
  const dueDate = input.extension
    ? extendDeadline(input.extension.fromDueDate, input.extension.days, calendar).dueDate
    : dueDateFor(officeDate(from), input.length ?? rule.length, counting, calendar);
  const dueAt = startOfOfficeDay(addDays(dueDate, 1));
  const fromMs = Date.parse(from);
  const warnAt = [...new Set(rule.warnBeforeDays)]
    .sort((a, b) => b - a)
    .map((days) => startOfOfficeDay(addDays(dueDate, 1 - days)))
    .filter((instant) => Date.parse(instant) > fromMs);
  const escalateAt =
    rule.onBreach === 'lapse'
      ? null
      : rule.escalateAfterWorkingDays
        ? startOfOfficeDay(addDays(workingDaysAfter(dueDate, rule.escalateAfterWorkingDays, calendar), 1))
        : dueAt;
  const provisional = uncoveredYears(from, { dueDate, escalateAt }, calendar).length > 0;
  return { dueDate, dueAt, warnAt, escalateAt, provisional };
}

/**
 * An approved extension: a new calendar-day period of `days` after the old due
 * date, ending on the next working day when its last day is not one.
 */
export function extendDeadline(
  dueDate: string,
  days: number,
  calendar: HolidayCalendar,
): Pick<DeadlineSchedule, 'dueDate' | 'dueAt' | 'provisional'> {
  const extended = onOrAfterWorkingDay(addDays(dueDate, days), calendar);
  const provisional = uncoveredYearsBetween(dueDate, extended, calendar).length > 0;
  return { dueDate: extended, dueAt: startOfOfficeDay(addDays(extended, 1)), provisional };
}
