import { bulletinMonth } from '../domain/close-out';
import { reporting } from './reporting/activities';
import { scheduledTime } from './reporting/scheduled-time';

export interface MonthlyBulletinInput {
  /** `YYYY-MM`; the month before the Schedule's due time when absent. */
  month?: string | undefined;
  publishedAt?: string | undefined;
}

/**
 * 一月一通报: every unit with units below it publishes the month's bulletin — its
 * units ranked by overdue cases, clearance and satisfaction, the overdue cases
 * named with their owners, last month beside — and sends it to its office, its
 * leaders and the offices below. A bulletin is published once.
 */
export async function monthlyBulletin(
  input: MonthlyBulletinInput = {},
): Promise<{ month: string; units: number }> {
  const publishedAt = input.publishedAt ?? scheduledTime();
  const month = input.month ?? bulletinMonth(publishedAt);
  const unitIds = await reporting.unitsWithUnitsBelow();
  for (const unitId of unitIds) await reporting.publishBulletin({ unitId, month, publishedAt });
  return { month, units: unitIds.length };
}
