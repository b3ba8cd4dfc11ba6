/**
 * Office time as plain arithmetic: workflow code imports this, so it stays free of the
 * time-zone database (see `time-zone.ts` for formatting outside workflows).
 */

/** Offices work on Beijing time whatever the server's zone: calendar rules are always read in Asia/Shanghai. */
export const officeTimeZone = 'Asia/Shanghai';

/**
 * Asia/Shanghai has kept UTC+8 all year since 1991: an office date is the UTC date 8 hours
 * on. Plain arithmetic, because the time-zone database lookup behind `inOfficeTime` costs
 * milliseconds per call and deadlines are computed for every case in the workflow.
 */
export const officeOffsetMs = 8 * 3_600_000;

/** The office date (YYYY-MM-DD) of an instant. */
export const officeDateOf = (instant: number | string | Date): string => {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  return new Date(ms + officeOffsetMs).toISOString().slice(0, 10);
};

/** 00:00 office time of an office date, in epoch milliseconds. */
export const officeMidnightOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) - officeOffsetMs;
