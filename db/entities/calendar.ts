import { EntitySchema } from '@mikro-orm/core';

/** A year whose official holiday calendar (放假安排) is loaded; other years count weekdays, provisionally. */
export class CalendarYear {
  year!: number;
  source!: string;
  loadedAt!: Date;
  /** `seed` or `staff:<id>`. */
  loadedBy!: string;
}

export const CalendarYearSchema = new EntitySchema<CalendarYear>({
  class: CalendarYear,
  tableName: 'calendar_year',
  properties: {
    year: { type: 'integer', primary: true, autoincrement: false },
    source: { type: 'string', length: 200 },
    loadedAt: { type: 'datetime' },
    loadedBy: { type: 'string', length: 64 },
  },
});

export const calendarDayKinds = ['holiday', 'workday'] as const;
/** A public holiday (法定节假日及连休) or a make-up working day on a weekend (调休上班). */
export type CalendarDayKind = (typeof calendarDayKinds)[number];

export class CalendarDay {
  day!: string;
  kind!: CalendarDayKind;
  name!: string;
}

export const CalendarDaySchema = new EntitySchema<CalendarDay>({
  class: CalendarDay,
  tableName: 'calendar_day',
  properties: {
    day: { type: 'date', primary: true },
    kind: { type: 'string', length: 16 },
    name: { type: 'string', length: 64 },
  },
});
