import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Offices work on Beijing time whatever the server's zone: calendar rules are always read in Asia/Shanghai. */
export const officeTimeZone = 'Asia/Shanghai';

export const inOfficeTime = (instant: Date | string) => dayjs(instant).tz(officeTimeZone);

export const formatOfficeTime = (instant: Date | string): string =>
  inOfficeTime(instant).format('YYYY-MM-DD HH:mm');
