import dayjs from 'dayjs';

/**
 * The periods an office asks its figures for, as office dates (Asia/Shanghai) `[from, to)`:
 * this week (from Monday), month, quarter or year; since a date up to today; a range of
 * days; or a look-back campaign's dates (回头看).
 */
export const periodKinds = ['week', 'month', 'quarter', 'year', 'since', 'range', 'campaign'] as const;
export type PeriodKind = (typeof periodKinds)[number];

export interface Period {
  /** The first office date. */
  from: string;
  /** The office date after the last one. */
  to: string;
}

const format = 'YYYY-MM-DD';

/** Date arithmetic on calendar dates: the browser's zone never moves a day. */
const day = (date: string) => dayjs(date);
export const dayAfter = (date: string): string => day(date).add(1, 'day').format(format);
export const dayBefore = (date: string): string => day(date).subtract(1, 'day').format(format);

/** The calendar week (Monday first, as the weekly close-out), month, quarter or year around `today`. */
export function calendarPeriod(kind: 'week' | 'month' | 'quarter' | 'year', today: string): Period {
  const date = day(today);
  const start =
    kind === 'week'
      ? date.subtract((date.day() + 6) % 7, 'day')
      : kind === 'month'
        ? date.startOf('month')
        : kind === 'quarter'
          ? date.startOf('month').month(Math.floor(date.month() / 3) * 3)
          : date.startOf('year');
  const end =
    kind === 'week'
      ? start.add(7, 'day')
      : start.add(kind === 'quarter' ? 3 : 1, kind === 'year' ? 'year' : 'month');
  return { from: start.format(format), to: end.format(format) };
}

const isDate = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && day(value).format(format) === value;

/** Campaigns as the period picker knows them: their first and last dates, both included. */
export interface CampaignDates {
  id: number;
  closedFrom: string;
  closedTo: string;
}

/**
 * The period the page's address asks for, or undefined while it cannot be known (a campaign
 * not loaded yet) or is incomplete (a range without both ends). The server checks the rest.
 */
export function periodOf(
  params: URLSearchParams,
  today: string,
  campaigns: CampaignDates[] | undefined,
): Period | undefined {
  const kind = periodKindOf(params);
  const from = params.get('from');
  const to = params.get('to');
  switch (kind) {
    case 'since':
      return isDate(from) ? { from, to: dayAfter(today > from ? today : from) } : undefined;
    case 'range':
      return isDate(from) && isDate(to) ? { from, to } : undefined;
    case 'campaign': {
      const campaign = campaigns?.find((c) => String(c.id) === params.get('campaign'));
      return campaign && { from: campaign.closedFrom, to: dayAfter(campaign.closedTo) };
    }
    default:
      return calendarPeriod(kind, today);
  }
}

/** The kind of period in the address; this month when none (the figures offices ask for most). */
export const periodKindOf = (params: URLSearchParams): PeriodKind =>
  periodKinds.find((kind) => kind === params.get('period')) ?? 'month';
