import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleSpec,
} from '@temporalio/client';
import type { ReportingPolicy } from '../domain/policy';
import { officeTimeZone } from '../domain/time';

const weekdays = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

const hourMinute = (hhmm: string) => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
};

export const weeklyCloseOutScheduleId = 'weekly-close-out';
/**
 * Runs start up to this long after their time, so that report Schedules of many
 * deployments on one cluster do not all fire at the same instant. A run stands for its
 * scheduled time all the same (`TemporalScheduledStartTime`), so it closes the right week.
 */
export const reportJitter = '5 minutes';
export const monthlyBulletinScheduleId = 'monthly-bulletin';

/** 一周一销号 at the policy's weekday and time, office time. */
export const weeklyCloseOutSpec = (policy: ReportingPolicy): ScheduleSpec => ({
  calendars: [
    {
      dayOfWeek: weekdays[policy.weeklyCloseOut.weekday - 1]!,
      ...hourMinute(policy.weeklyCloseOut.time),
    },
  ],
  timezone: officeTimeZone,
  jitter: reportJitter,
});

/** 一月一通报 on the policy's day of the month and time, office time. */
export const monthlyBulletinSpec = (policy: ReportingPolicy): ScheduleSpec => ({
  calendars: [{ dayOfMonth: policy.monthlyBulletin.dayOfMonth, ...hourMinute(policy.monthlyBulletin.time) }],
  timezone: officeTimeZone,
  jitter: reportJitter,
});

function reportSchedules(taskQueue: string, policy: ReportingPolicy): ScheduleOptions[] {
  const policies = {
    // A run still going when the next falls due (never, in practice) lets that one wait; after an
    // outage, a run missed within the last day is made up, older ones are not.
    overlap: ScheduleOverlapPolicy.BUFFER_ONE,
    catchupWindow: '1 day',
  };
  return [
    {
      scheduleId: weeklyCloseOutScheduleId,
      spec: weeklyCloseOutSpec(policy),
      action: { type: 'startWorkflow', workflowType: 'weeklyCloseOut', args: [{}], taskQueue },
      policies,
    },
    {
      scheduleId: monthlyBulletinScheduleId,
      spec: monthlyBulletinSpec(policy),
      action: { type: 'startWorkflow', workflowType: 'monthlyBulletin', args: [{}], taskQueue },
      policies,
    },
  ];
}

/**
 * The report Schedules, created at start-up: a fixed id per schedule, so a
 * restart (or a second worker) finds it there and brings its spec, action and
 * policies up to date — never a second schedule, never one left on old policies.
 */
export async function ensureReportSchedules(
  client: Client,
  taskQueue: string,
  policy: ReportingPolicy,
): Promise<'created' | 'updated'> {
  let outcome: 'created' | 'updated' = 'created';
  for (const options of reportSchedules(taskQueue, policy)) {
    try {
      await client.schedule.create(options);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      outcome = 'updated';
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: { ...previous.policies, ...options.policies },
      }));
    }
  }
  return outcome;
}

export const auditRetentionScheduleId = 'audit-retention';

/**
 * The audit trail's retention, daily at night office time, made or brought up to date at
 * start-up like the report Schedules. A run missed in an outage is made up within a day;
 * the next day's run would remove the same rows anyway.
 */
export async function ensureAuditRetentionSchedule(client: Client, taskQueue: string): Promise<void> {
  const options: ScheduleOptions = {
    scheduleId: auditRetentionScheduleId,
    spec: { calendars: [{ hour: 3, minute: 30 }], timezone: officeTimeZone, jitter: reportJitter },
    action: { type: 'startWorkflow', workflowType: 'auditRetention', args: [], taskQueue },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
  try {
    await client.schedule.create(options);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action,
      policies: { ...previous.policies, ...options.policies },
    }));
  }
}
