import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

const zone = 'Asia/Shanghai';

// Offices work on Beijing time wherever the browser happens to be.
export function formatShanghai(iso: string): string {
  return dayjs(iso).tz(zone).format('YYYY-MM-DD HH:mm');
}

/**
 * The last day of a deadline as offices count it. A due instant is the start of the day
 * after the last day, so the day is the one just before that instant, in Beijing.
 */
export function lastDayShanghai(dueAt: string): string {
  return dayjs(dueAt).subtract(1, 'millisecond').tz(zone).format('YYYY-MM-DD');
}

/** Today's office date (YYYY-MM-DD, Asia/Shanghai): milestones and field visits are dated by it. */
export function todayShanghai(now = Date.now()): string {
  return dayjs(now).tz(zone).format('YYYY-MM-DD');
}
