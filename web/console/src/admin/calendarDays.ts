import type { CalendarDay } from '../api';

/** Why pasted calendar text cannot be loaded; the key is under `calendar.problems.` in the locale files. */
export interface CalendarProblem {
  key: 'notJson' | 'notList' | 'badDay' | 'badKind' | 'noName' | 'otherYear' | 'duplicate' | 'empty';
  /** 1-based position of the entry at fault. */
  entry?: number;
  day?: string;
}

const isRealDay = (day: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
};

function problemOf(entry: unknown, year: number): CalendarProblem['key'] | null {
  if (typeof entry !== 'object' || entry === null) return 'badDay';
  const { day, kind, name } = entry as Record<string, unknown>;
  if (typeof day !== 'string' || !isRealDay(day)) return 'badDay';
  if (!day.startsWith(`${year}-`)) return 'otherYear';
  if (kind !== 'holiday' && kind !== 'workday') return 'badKind';
  if (typeof name !== 'string' || name.trim() === '') return 'noName';
  return null;
}

/**
 * Reads `[{day, kind, name}]` as pasted from the State Council's notice: every day of `year`,
 * `holiday` for a day off, `workday` for a make-up working day (调休上班).
 */
export function parseCalendarDays(
  text: string,
  year: number,
): { days: CalendarDay[] } | { problem: CalendarProblem } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: { key: 'notJson' } };
  }
  if (!Array.isArray(parsed)) return { problem: { key: 'notList' } };
  if (parsed.length === 0) return { problem: { key: 'empty' } };
  const seen = new Set<string>();
  const days: CalendarDay[] = [];
  for (const [index, entry] of parsed.entries()) {
    const key = problemOf(entry, year);
    if (key) return { problem: { key, entry: index + 1 } };
    const { day, kind, name } = entry as CalendarDay;
    if (seen.has(day)) return { problem: { key: 'duplicate', entry: index + 1, day } };
    seen.add(day);
    days.push({ day, kind, name: name.trim() });
  }
  return { days: days.sort((a, b) => a.day.localeCompare(b.day)) };
}
