import { currentPolicyVersion, policyFor } from '../domain/policy';
import { closeOutWeek, latestCloseOutAt } from '../domain/close-out';
import { reporting } from './reporting/activities';
import { scheduledTime } from './reporting/scheduled-time';

export interface WeeklyCloseOutInput {
  /** The units to close; every unit when absent (the scheduled run). */
  unitIds?: number[] | undefined;
  /** The moment the week is closed at; when absent, the scheduled close-out time this run stands for. */
  cutoff?: string | undefined;
  /** `schedule`, or `staff:<id>` for an office closing its week early. */
  runBy?: string | undefined;
}

export interface WeeklyCloseOutResult {
  week: string;
  cutoff: string;
  units: { unitId: number; struckOff: number; closedAt: string; runBy: string }[];
}

/** Units per activity: one figures pass over the timeline serves them all. */
const unitsPerBatch = 50;

/**
 * 一周一销号, as the office does it every week: for each unit, strike off the cases
 * that met the close-out rule before the cutoff, write the week's report from the
 * timeline, then send each unit's report (每周一报) to its office and leaders. A unit
 * whose week is already closed (by an early run, or an earlier attempt of this
 * one) keeps what it has: nothing is struck off, written or mailed twice.
 */
export async function weeklyCloseOut(input: WeeklyCloseOutInput = {}): Promise<WeeklyCloseOutResult> {
  const policy = policyFor(currentPolicyVersion).reporting;
  // The Schedule's run stands for its close-out time, even when it starts late; an office closing early gives its own.
  const cutoff = input.cutoff ?? latestCloseOutAt(scheduledTime(), policy);
  const week = closeOutWeek(cutoff, policy);
  const runBy = input.runBy ?? 'schedule';
  const unitIds = input.unitIds ?? (await reporting.unitsToReport());

  const units: WeeklyCloseOutResult['units'] = [];
  for (let i = 0; i < unitIds.length; i += unitsPerBatch) {
    const batch = unitIds.slice(i, i + unitsPerBatch);
    const closed = await reporting.closeOutUnits({ unitIds: batch, week, cutoff, runBy });
    units.push(...closed);
  }
  for (let i = 0; i < unitIds.length; i += unitsPerBatch) {
    await reporting.mailWeeklyReports({ unitIds: unitIds.slice(i, i + unitsPerBatch), week });
  }
  return { week, cutoff, units };
}
