import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { CalendarRepository, calendarYearMissing } from '../db/calendar';
import { StaffMember } from '../db/entities';
import type { Deadline } from '../domain/case';
import { PolicyVersionRepository } from '../db/administration/policy-versions';
import type { ClockName, DeadlinePolicy } from '../domain/policy';
import { officeDate, scheduleDeadline, uncoveredYears, type HolidayCalendar } from '../domain/working-days';
import { sendMailOnce, type MailDeps } from './mail';

/** A clock to start (or to move after an approved extension). */
export interface ClockStart {
  clock: ClockName;
  /** When it starts (ISO instant). */
  from: string;
  responsibleUnitId: number;
  responsibleStaffId?: number;
  /** A length set by the person who started the clock (a supervision order's own days), counted as the rule counts. */
  lengthDays?: number;
  /** A real-name complaint to a discipline body: its acceptance notice counts working days (规则). */
  realNameDiscipline?: boolean;
  /** An approved extension (延期) of this many calendar days… */
  extendByDays?: number;
  /** …after this due date (YYYY-MM-DD); without it, after the clock's own due date. */
  extendFromDueDate?: string;
}

export interface ScheduleDeadlinesInput {
  caseNumber: string;
  policyVersion: string;
  clocks: ClockStart[];
}

const yearOf = (date: string) => Number(date.slice(0, 4));

function deadlineFor(start: ClockStart, policy: DeadlinePolicy, calendar: HolidayCalendar): Deadline {
  const rule = policy.clocks[start.clock];
  const notice =
    start.clock === 'acceptanceNotice' && start.realNameDiscipline
      ? policy.disciplineRealNameNotice
      : undefined;
  const base = {
    rule,
    from: start.from,
    calendar,
    length: start.lengthDays ?? notice?.length,
    counting: notice?.counting,
  };
  const extension =
    start.extendByDays === undefined
      ? undefined
      : {
          fromDueDate: start.extendFromDueDate ?? scheduleDeadline(base).dueDate,
          days: start.extendByDays,
        };
  const schedule = scheduleDeadline({ ...base, extension });
  return {
    clock: start.clock,
    startedAt: start.from,
    ...schedule,
    escalateTo: rule.onBreach === 'lapse' ? null : (rule.escalateTo ?? null),
    responsibleUnitId: start.responsibleUnitId,
    ...(start.responsibleStaffId !== undefined ? { responsibleStaffId: start.responsibleStaffId } : {}),
    warningsSent: 0,
  };
}

const missingYearKeyPrefix = (year: number) => `calendar-missing/${year}/`;

const missingYearMail = (deps: MailDeps, admin: StaffMember, year: number, caseNumber: string) => ({
  key: `${missingYearKeyPrefix(year)}${admin.email}`,
  to: admin.email,
  subject: `【清零】${year}年节假日日历尚未加载`,
  text: [
    `${admin.name}：`,
    '',
    `${year}年的节假日日历（法定节假日及调休安排）尚未加载。`,
    `涉及${year}年的期限暂按周一至周五计算工作日，并标记为“暂定”（首次出现于案件 ${caseNumber}）。`,
    `请在 管理 › 节假日日历 中加载${year}年日历：${deps.publicUrl}/console/admin/calendar`,
  ].join('\n'),
});

/**
 * The administrators are told once per year. The alert row is written, and the
 * e-mails go out on a workflow of their own (`calendarYearAlert`, one per year): the
 * case that noticed the missing year records its deadlines without waiting for a mail
 * server. Until every administrator's e-mail has gone, a later case starts it again
 * (a duplicate start is refused by its workflow id).
 */
async function raiseMissingYear(deps: DeadlineDeps, year: number, caseNumber: string): Promise<void> {
  const connection = deps.orm.em.fork().getConnection();
  // Every case counted over the missing year comes here: once everyone is told, nothing is left to do.
  const [known] = await connection.execute<{ told: boolean }[]>(
    `select exists (select 1 from admin_alert where kind = ? and key = ?)
        and not exists (
          select 1 from staff_member s where 'admin' = any(s.roles) and s.active and not exists (
            select 1 from mail_delivery m where m.key = ? || s.email and m.sent_at is not null)) as told`,
    [calendarYearMissing, String(year), missingYearKeyPrefix(year)],
  );
  if (known?.told) return;
  await connection.execute(
    `insert into admin_alert (kind, key, details, raised_at) values (?, ?, ?, now())
       on conflict (kind, key) do nothing`,
    [calendarYearMissing, String(year), JSON.stringify({ year, firstCaseNumber: caseNumber })],
  );
  if (!deps.temporal) throw ApplicationFailure.nonRetryable('the calendar alert needs a Temporal client');
  try {
    await deps.temporal.workflow.start('calendarYearAlert', {
      workflowId: `calendar-year-alert-${year}`,
      taskQueue: Context.current().info.taskQueue,
      args: [{ year, caseNumber }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

interface DeadlineDeps extends MailDeps {
  temporal?: Client | undefined;
}

export type DeadlineActivities = ReturnType<typeof createDeadlineActivities>;

export function createDeadlineActivities(deps: DeadlineDeps) {
  return {
    /**
     * Due dates, warnings and escalations of the clocks a case starts, counted on
     * the loaded holiday calendar. A year without a calendar counts weekdays, marks
     * the deadline provisional and asks the administrators to load it.
     */
    async scheduleDeadlines(input: ScheduleDeadlinesInput): Promise<Deadline[]> {
      if (input.clocks.length === 0) return [];
      // This file's versions, a drill's, or one an administrator published (immutable, so read once).
      const policy = await new PolicyVersionRepository(deps.orm.em.fork()).policy(input.policyVersion);
      if (!policy) {
        throw ApplicationFailure.nonRetryable(
          `No deadline policy with version ${input.policyVersion}`,
          'UnknownPolicyVersion',
        );
      }
      const startYears = input.clocks.flatMap((c) => {
        const started = yearOf(officeDate(c.from));
        return c.extendFromDueDate ? [started, yearOf(c.extendFromDueDate)] : [started];
      });
      const calendar = await new CalendarRepository(deps.orm.em.fork()).calendarFor(
        Math.min(...startYears),
        Math.max(...startYears) + 2,
      );
      const deadlines = input.clocks.map((start) => deadlineFor(start, policy, calendar));
      const missing = new Set(
        deadlines.filter((d) => d.provisional).flatMap((d) => uncoveredYears(d.startedAt, d, calendar)),
      );
      for (const year of [...missing].sort((a, b) => a - b)) {
        await raiseMissingYear(deps, year, input.caseNumber);
      }
      return deadlines;
    },

    /** The administrators' e-mails of a missing year, each once (calendarYearAlert). */
    async mailMissingYear(input: { year: number; caseNumber: string }): Promise<void> {
      const admins = await deps.orm.em
        .fork()
        .find(StaffMember, { roles: { $overlap: ['admin'] }, active: true }, { orderBy: { email: 'asc' } });
      for (const admin of admins)
        await sendMailOnce(deps, missingYearMail(deps, admin, input.year, input.caseNumber));
    },
  };
}
