import test from 'ava';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { publishedHolidayYears } from '../../db/seed/holiday-calendar';
import { policyFor, type ClockRule } from '../../domain/policy';
import {
  extendDeadline,
  isCovered,
  isWorkingDay,
  scheduleDeadline,
  type HolidayCalendar,
} from '../../domain/working-days';

dayjs.extend(utc);

const published = publishedHolidayYears();
const calendar: HolidayCalendar = {
  coveredYears: [...published.keys()].sort((a, b) => a - b),
  holidays: [...published.values()]
    .flat()
    .filter((d) => d.kind === 'holiday')
    .map((d) => d.day),
  workdays: [...published.values()]
    .flat()
    .filter((d) => d.kind === 'workday')
    .map((d) => d.day),
};
const clocks = policyFor('2026.1').clocks;

/** An instant given in Beijing time, e.g. '2026-09-28 10:00'. */
const beijing = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

const daysOf = (year: number): string[] => {
  const days: string[] = [];
  for (let d = dayjs.utc(`${year}-01-01`); d.year() === year; d = d.add(1, 'day'))
    days.push(d.format('YYYY-MM-DD'));
  return days;
};

const isWeekendDay = (day: string) => [0, 6].includes(dayjs.utc(day).day());

/** Lunar New Year's Day (正月初一), from the almanac rather than from the package. */
const lunarNewYear: Record<number, string> = {
  2004: '01-22',
  2005: '02-09',
  2006: '01-29',
  2007: '02-18',
  2008: '02-07',
  2009: '01-26',
  2010: '02-14',
  2011: '02-03',
  2012: '01-23',
  2013: '02-10',
  2014: '01-31',
  2015: '02-19',
  2016: '02-08',
  2017: '01-28',
  2018: '02-16',
  2019: '02-05',
  2020: '01-25',
  2021: '02-12',
  2022: '02-01',
  2023: '01-22',
  2024: '02-10',
  2025: '01-29',
  2026: '02-17',
};

test('the package publishes every year from 2004 to 2026 and no later', (t) => {
  t.deepEqual(
    calendar.coveredYears,
    Array.from({ length: 23 }, (_, i) => 2004 + i),
  );
  t.false(isCovered(2027, calendar));
});

for (let year = 2004; year <= 2026; year++) {
  test(`the seeded ${year} calendar: New Year, Spring Festival, Labour Day and National Day are off, make-up days fall on weekends, 244–252 working days`, (t) => {
    const days = published.get(year) ?? [];
    const holiday = (day: string) => days.some((d) => d.day === day && d.kind === 'holiday');
    t.true(holiday(`${year}-01-01`), '1 January');
    t.true(holiday(`${year}-${lunarNewYear[year]}`), 'lunar New Year');
    t.is(days.find((d) => d.day === `${year}-${lunarNewYear[year]}`)?.name, '春节');
    t.true(holiday(`${year}-05-01`), '1 May');
    t.true(holiday(`${year}-10-01`), '1 October');
    t.is(days.find((d) => d.day === `${year}-10-01`)?.name, '国庆节');
    t.true(days.every((d) => d.day.startsWith(`${year}-`)));
    t.is(new Set(days.map((d) => d.day)).size, days.length, 'no day is both a holiday and a make-up day');
    for (const workday of days.filter((d) => d.kind === 'workday')) {
      t.true(isWeekendDay(workday.day), `${workday.day} is a make-up day on a weekend`);
    }
    const working = daysOf(year).filter((day) => isWorkingDay(day, calendar)).length;
    t.true(working >= 244 && working <= 252, `${working} working days`);
  });
}

test('a 15-working-day clock from Monday 28 September 2026 skips National Day and counts the make-up Saturday: due 23 October', (t) => {
  const schedule = scheduleDeadline({
    rule: clocks.forwardFeedback,
    from: beijing('2026-09-28 10:00'),
    calendar,
  });
  t.is(schedule.dueDate, '2026-10-23');
  t.is(schedule.dueAt, beijing('2026-10-24 00:00'));
  t.deepEqual(schedule.warnAt, [beijing('2026-10-21 00:00')]);
  t.is(schedule.escalateAt, schedule.dueAt);
  t.false(schedule.provisional);
});

test('a real-name notice to a discipline body counts 15 working days instead of 15 calendar days', (t) => {
  const from = beijing('2026-09-28 10:00');
  t.is(scheduleDeadline({ rule: clocks.acceptanceNotice, from, calendar }).dueDate, '2026-10-13');
  const notice = policyFor('2026.1').disciplineRealNameNotice;
  t.is(scheduleDeadline({ rule: clocks.acceptanceNotice, from, calendar, ...notice }).dueDate, '2026-10-23');
});

test('a 60-calendar-day clock from 3 March 2026 ends on Labour Day, so it moves to the next working day, 6 May', (t) => {
  const schedule = scheduleDeadline({ rule: clocks.handling, from: beijing('2026-03-03 09:30'), calendar });
  t.is(schedule.dueDate, '2026-05-06');
  t.is(schedule.dueAt, beijing('2026-05-07 00:00'));
  t.deepEqual(schedule.warnAt, [beijing('2026-04-30 00:00'), beijing('2026-05-04 00:00')]);
});

test('same-working-day dispatch: registered on the make-up Saturday 14 February 2026 it is due that day', (t) => {
  const schedule = scheduleDeadline({ rule: clocks.dispatch, from: beijing('2026-02-14 15:00'), calendar });
  t.is(schedule.dueDate, '2026-02-14');
  t.is(schedule.dueAt, beijing('2026-02-15 00:00'));
  // The grace working day is after the Spring Festival break.
  t.is(schedule.escalateAt, beijing('2026-02-25 00:00'));
});

test('same-working-day dispatch: registered on Sunday 22 February 2026 (Spring Festival) it is due Tuesday 24 February', (t) => {
  t.is(
    scheduleDeadline({ rule: clocks.dispatch, from: beijing('2026-02-22 11:00'), calendar }).dueDate,
    '2026-02-24',
  );
});

test('one working day of grace after a Friday deadline escalates at the start of Tuesday, not Saturday', (t) => {
  const schedule = scheduleDeadline({ rule: clocks.dispatch, from: beijing('2026-11-20 16:00'), calendar });
  t.is(schedule.dueDate, '2026-11-20');
  t.is(schedule.dueAt, beijing('2026-11-21 00:00'));
  t.is(schedule.escalateAt, beijing('2026-11-24 00:00'));
});

test('a window that lapses has no escalation', (t) => {
  const schedule = scheduleDeadline({
    rule: clocks.assignmentObjection,
    from: beijing('2026-11-20 10:00'),
    calendar,
  });
  t.is(schedule.dueDate, '2026-11-27');
  t.is(schedule.escalateAt, null);
});

test('a warning that would fall before the clock started is left out', (t) => {
  const schedule = scheduleDeadline({
    rule: clocks.rectification,
    length: 2,
    from: beijing('2026-11-16 10:00'),
    calendar,
  });
  t.is(schedule.dueDate, '2026-11-18');
  t.deepEqual(schedule.warnAt, []);
});

test('the start date is the Beijing date of the instant, whatever it is in UTC', (t) => {
  // 00:30 on Monday 28 September in Beijing is still Sunday in UTC.
  const schedule = scheduleDeadline({
    rule: clocks.forwardFeedback,
    from: '2026-09-27T16:30:00.000Z',
    calendar,
  });
  t.is(schedule.dueDate, '2026-10-23');
});

test('a clock running into 2027, whose calendar is not published, counts weekdays and is provisional', (t) => {
  const handling = scheduleDeadline({ rule: clocks.handling, from: beijing('2026-12-01 10:00'), calendar });
  t.is(handling.dueDate, '2027-02-01');
  t.true(handling.provisional);
  // 1 January 2027 is counted as an ordinary Friday until the year is loaded.
  const reply = scheduleDeadline({ rule: clocks.replyDelivery, from: beijing('2026-12-24 10:00'), calendar });
  t.is(reply.dueDate, '2027-01-14');
  t.true(reply.provisional);
});

test('a deadline in 2026 whose escalation day falls in 2027 is provisional too', (t) => {
  const schedule = scheduleDeadline({ rule: clocks.dispatch, from: beijing('2026-12-31 10:00'), calendar });
  t.is(schedule.dueDate, '2026-12-31');
  t.is(schedule.escalateAt, beijing('2027-01-02 00:00'));
  t.true(schedule.provisional);
});

test('a clock wholly inside loaded years is not provisional', (t) => {
  t.false(
    scheduleDeadline({ rule: clocks.handling, from: beijing('2026-09-01 10:00'), calendar }).provisional,
  );
});

test('days listed for a year without a loaded calendar are not trusted: that year counts plain weekdays', (t) => {
  const partial: HolidayCalendar = {
    coveredYears: [2026],
    holidays: ['2027-01-01'],
    workdays: ['2027-01-09'],
  };
  t.true(isWorkingDay('2027-01-01', partial));
  t.false(isWorkingDay('2027-01-09', partial));
});

test('an approved 30-day extension ending in the National Day break ends on the next working day', (t) => {
  t.deepEqual(extendDeadline('2026-09-05', 30, calendar), {
    dueDate: '2026-10-08',
    dueAt: beijing('2026-10-09 00:00'),
    provisional: false,
  });
  t.true(extendDeadline('2026-12-20', 30, calendar).provisional);
});

test('an extension through scheduleDeadline keeps the rule’s warnings and escalation around the new due date', (t) => {
  const schedule = scheduleDeadline({
    rule: clocks.handling,
    from: beijing('2026-07-07 10:00'),
    calendar,
    extension: { fromDueDate: '2026-09-05', days: 30 },
  });
  t.is(schedule.dueDate, '2026-10-08');
  t.deepEqual(schedule.warnAt, [beijing('2026-10-02 00:00'), beijing('2026-10-06 00:00')]);
  t.is(schedule.escalateAt, beijing('2026-10-09 00:00'));
});

test('results are the same whatever the process time zone', (t) => {
  const compute = () =>
    (Object.entries(clocks) as [string, ClockRule][]).flatMap(([, rule]) =>
      [
        '2026-02-13T17:00:00.000Z',
        beijing('2026-09-28 10:00'),
        beijing('2026-12-31 23:59'),
        beijing('2026-03-08 02:30'),
      ].map((from) => scheduleDeadline({ rule, from, calendar })),
    );
  const original = process.env.TZ;
  try {
    const results = ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((zone) => {
      process.env.TZ = zone;
      return compute();
    });
    for (const result of results.slice(1)) t.deepEqual(result, results[0]);
  } finally {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  }
});
