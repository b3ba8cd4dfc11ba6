import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

// Offices work on Beijing time wherever the browser happens to be.
export function formatShanghai(iso: string): string {
  return dayjs(iso).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm');
}
