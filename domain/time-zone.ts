import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { officeTimeZone } from './time';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Import the zone from here where `dayjs.tz` is used: this module extends dayjs with it. */
export { officeTimeZone };

/**
 * Office time through the time-zone database, for the API, reports and pages. Never for
 * workflow code: the plugin and its data would join the workflow bundle (see `time.ts`).
 */
export const inOfficeTime = (instant: Date | string) => dayjs(instant).tz(officeTimeZone);

export const formatOfficeTime = (instant: Date | string): string =>
  inOfficeTime(instant).format('YYYY-MM-DD HH:mm');
