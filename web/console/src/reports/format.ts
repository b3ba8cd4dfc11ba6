import { currentLanguage } from '../i18n';

/** A rate as offices read it: one decimal place, «—» when there was nothing to rate. */
export function percent(rate: number | null): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(currentLanguage(), { style: 'percent', maximumFractionDigits: 1 }).format(
    rate,
  );
}

/** A change with its sign, so that «+2» and «−3» read at a glance. */
export function signed(change: number): string {
  if (change > 0) return `+${change}`;
  if (change < 0) return `−${-change}`;
  return '0';
}

/** `2026-11-23` → `11-23`: axis labels stay short, the year is in the selector. */
export const shortDate = (date: string) => date.slice(5);
