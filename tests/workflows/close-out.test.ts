import anyTest from 'ava';
import type { WorkflowHandle } from '@temporalio/client';
import { findCloseOutWeek } from '../../db/close-out-weeks';
import { findBulletin } from '../../db/monthly-bulletins';
import { CaseEvent, PetitionCase, Unit } from '../../db/entities';
import { openStatuses, type CaseStatus } from '../../domain/case';
import type { CaseState } from '../../domain/case-commands';
import { closeOutTimes, emptyWeekFigures, type WeekFigures } from '../../domain/close-out';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { monthlyBulletin, weeklyCloseOut } from '../../workflows';
import { createTemporalClient } from '../../temporal/client';
import { caseStateQuery } from '../../workflows/case/messages';
import { fixtureYear2030 } from '../fixtures/holiday-calendars';
import { testKeyring } from '../helpers/app';
import { aCase, startCase } from '../helpers/case-starts';
import { keepHistory } from '../helpers/histories';
import {
  actor,
  command,
  department,
  loadYear,
  skipTo,
  useWorkflowTestEnv,
  withWorker,
  type WorkflowTestEnv,
} from '../helpers/workflow-env';

/**
 * Six Monday close-outs (一周一销号) of the demo province on the time-skipping
 * server, from the end of September to the start of November 2030, with the
 * monthly bulletins at both month switches. Each week's report is checked against
 * counts made here, in the test, from the timeline; a case struck off in the first
 * week comes back at its 30-day look-back (回头看) and shows as reopened in the
 * next week's report; running a week again with a new worker writes and mails
 * nothing twice. (The time-skipping server runs no Schedules: the runs start here
 * at the instants the Schedule's spec gives, which `report-schedules.test.ts`
 * checks against a real Temporal server.)
 */
const test = useWorkflowTestEnv(anyTest, 'whole file', (w) => loadYear(w, 2030, fixtureYear2030));

const demo = (key: string) => `${key}@demo.qingling.local`;
const reporting = policyFor(currentPolicyVersion).reporting;
const taskQueue = 'close-out';
const complainant = { kind: 'complainant' } as const;
const hourMs = 3_600_000;

/**
 * A client that waits for report runs in real time: the time-skipping client would
 * let the clock jump to the cases' next timers while a run is between activities.
 */
const reportRuns = (w: WorkflowTestEnv) =>
  createTemporalClient({
    connection: w.env.connection,
    namespace: w.env.namespace ?? 'default',
    keyring: testKeyring,
  });

/** Counts one unit's week from the timeline, the way the report defines it, independently of the report's SQL. */
function recount(
  events: CaseEvent[],
  unitOf: Map<string, number>,
  unitId: number,
  period: { from: string; to: string; week: string },
): WeekFigures {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const mine = events.filter((e) => unitOf.get(e.caseNumber) === unitId);
  const inPeriod = (e: CaseEvent) => e.occurredAt.getTime() >= from && e.occurredAt.getTime() < to;
  // A case's state at an instant is its last event before it; a strike-off counts at the end of the week it names.
  const stateAt = (instant: number, struckOffBy: (week: string) => boolean) => {
    const last = new Map<string, CaseEvent>();
    for (const e of mine) {
      const counts =
        e.occurredAt.getTime() < instant || (e.type === 'closed_out' && struckOffBy(String(e.data.week)));
      if (counts) last.set(e.caseNumber, e);
    }
    return [...last.values()].filter((e) => openStatuses.includes(e.statusAfter as CaseStatus));
  };
  const openAtEnd = stateAt(to, (week) => week <= period.week);
  const struckOff = mine.filter((e) => e.type === 'closed_out' && e.data.week === period.week);
  const quick = struckOff.filter((closed) => {
    const registered = mine.find((e) => e.caseNumber === closed.caseNumber && e.type === 'registered')!;
    const reply = mine.find(
      (e) => e.caseNumber === closed.caseNumber && (e.type === 'replied' || e.type === 'forward_feedback'),
    );
    return (
      reply !== undefined &&
      reply.occurredAt.getTime() - registered.occurredAt.getTime() <= reporting.quickClosureDays * 24 * hourMs
    );
  });
  const evaluations = mine.filter((e) => e.type === 'evaluated' && inPeriod(e));
  return {
    newCases: mine.filter((e) => e.type === 'registered' && inPeriod(e)).length,
    closedOut: struckOff.length,
    reopened: mine.filter((e) => e.type === 'reopened' && inPeriod(e)).length,
    stillOpen: openAtEnd.length,
    overdue: openAtEnd.filter((e) => e.overdueAfter).length,
    escalated: mine.filter((e) => e.type === 'deadline_escalated' && inPeriod(e)).length,
    backlogStock: openAtEnd.filter((e) => e.backlogAfter).length,
    backlogStockBefore: stateAt(from, (week) => week < period.week).filter((e) => e.backlogAfter).length,
    closedWithin5Days: quick.length,
    evaluations: evaluations.length,
    satisfied: evaluations.filter((e) => e.data.satisfied === true).length,
    // These stories bring no consultation (咨询): counted apart, they stay at 0.
    consultations: 0,
    consultationsAnswered: 0,
  };
}

interface Story {
  units: Map<string, number>;
  /** Every unit's snapshot figures per week, for the cross-week checks. */
  weeks: Map<string, Map<number, WeekFigures>>;
}

test('six weeks of close-out in a small province: reports match the timeline, backlog cases wait for their leader, a look-back reopens a case, and nothing runs twice', async (t) => {
  const { w } = t.context;
  const em = () => w.orm.em.fork();
  const units = new Map((await em().find(Unit, {})).map((u) => [u.code, u.id]));
  const story: Story = { units, weeks: new Map() };
  const [clerkA, headB, handlerA, handlerB, leaderA] = await Promise.all([
    actor(w, demo('clerk.990101001')),
    actor(w, demo('head.990102001')),
    actor(w, demo('handler.990101001-zz')),
    actor(w, demo('handler.990102001-zz')),
    actor(w, demo('leader.990101001')),
  ]);
  const clerkB = await actor(w, demo('clerk.990102001'));
  const [deptA, deptB] = await Promise.all([department(w, '990101001-zz'), department(w, '990102001-zz')]);

  // The Schedule's instants (Monday 09:00 office time) over the six weeks, across two month switches.
  const mondays = closeOutTimes('2030-09-24T00:00:00+08:00', '2030-11-04T23:59:59+08:00', reporting);
  t.deepEqual(mondays, [
    '2030-09-30T01:00:00.000Z',
    '2030-10-07T01:00:00.000Z',
    '2030-10-14T01:00:00.000Z',
    '2030-10-21T01:00:00.000Z',
    '2030-10-28T01:00:00.000Z',
    '2030-11-04T01:00:00.000Z',
  ]);

  await withWorker(w, taskQueue, async () => {
    const handles = new Map<string, WorkflowHandle>();
    const open = async (key: string, unitCode: string, at: string) => {
      await skipTo(w, at);
      const start = aCase({ unitCode }, new Date(Date.parse(at)).toISOString());
      handles.set(key, await startCase(w, start, taskQueue));
      return start.caseNumber;
    };
    const dispatched = async (key: string, clerk: typeof clerkA, dept: typeof deptA) => {
      await command(handles.get(key)!, 'triage', clerk, { decision: 'accept' });
      await command(handles.get(key)!, 'dispatch', clerk, { department: dept });
    };
    const stateOf = async (key: string) => (await handles.get(key)!.query(caseStateQuery)) as CaseState;
    const closeOutAt = async (instant: string) => {
      await skipTo(w, instant);
      return reportRuns(w).workflow.execute(weeklyCloseOut, {
        taskQueue,
        workflowId: `weekly-close-out-${instant}`,
        args: [{}],
      });
    };
    const checkWeek = async (instant: string) => {
      const result = await closeOutAt(instant);
      const events = await em().find(CaseEvent, {}, { orderBy: { caseNumber: 'asc', seq: 'asc' } });
      const unitOf = new Map(
        (await em().find(PetitionCase, {}, { fields: ['caseNumber', 'unit'] })).map((c) => [
          c.caseNumber,
          c.unit.id,
        ]),
      );
      const figures = new Map<number, WeekFigures>();
      for (const unitId of units.values()) {
        const snapshot = await findCloseOutWeek(em(), unitId, result.week);
        t.truthy(snapshot, `unit ${unitId} closed week ${result.week}`);
        const counted = recount(events, unitOf, unitId, {
          from: snapshot!.periodFrom,
          to: snapshot!.periodTo,
          week: result.week,
        });
        t.deepEqual(snapshot!.figures, counted, `unit ${unitId}, week ${result.week}`);
        figures.set(unitId, snapshot!.figures);
      }
      story.weeks.set(result.week, figures);
      return result;
    };
    const of = (week: string, code: string) =>
      story.weeks.get(week)!.get(units.get(code)!) ?? emptyWeekFigures();

    // Week 1. A (城关镇): replied the next day, satisfied. B (城关镇): in handling. C (石门镇): unsatisfied.
    const a = await open('A', '990101001', '2030-09-24T10:00:00+08:00');
    await dispatched('A', clerkA, deptA);
    await skipTo(w, '2030-09-25T10:00:00+08:00');
    await command(handles.get('A')!, 'reply', handlerA, { text: '补偿款已发放到位。' });
    const c = await open('C', '990102001', '2030-09-25T11:00:00+08:00');
    await dispatched('C', clerkB, deptB);
    await skipTo(w, '2030-09-26T09:00:00+08:00');
    await command(handles.get('A')!, 'evaluate', complainant, { satisfied: true });
    await command(handles.get('C')!, 'reply', handlerB, { text: '经核实，不符合补偿条件。' });
    const b = await open('B', '990101001', '2030-09-26T10:00:00+08:00');
    await dispatched('B', clerkA, deptA);
    await skipTo(w, '2030-09-27T09:00:00+08:00');
    await command(handles.get('C')!, 'evaluate', complainant, { satisfied: false });

    const week1 = await checkWeek(mondays[0]!);
    t.is(week1.week, '2030-09-30');
    t.like(of(week1.week, '990101001'), { newCases: 2, closedOut: 1, stillOpen: 1, closedWithin5Days: 1 });
    t.like(of(week1.week, '990102001'), {
      newCases: 1,
      closedOut: 0,
      stillOpen: 1,
      evaluations: 1,
      satisfied: 0,
    });
    t.is((await stateOf('A')).status, 'closed_out');
    t.is((await stateOf('A')).closedOutWeek, '2030-09-30');

    // The September bulletin, on 1 October: 清源市 ranks its two counties.
    await skipTo(w, '2030-10-01T09:00:00+08:00');
    await reportRuns(w).workflow.execute(monthlyBulletin, {
      taskQueue,
      workflowId: 'bulletin-2030-09',
      args: [{}],
    });
    const september = await findBulletin(em(), units.get('990100')!, '2030-09');
    t.is(september?.rows.length, 2);

    // Week 2. B becomes a backlog case (积案) owned by 城关镇's leader. D (石门镇) goes through in two days.
    await skipTo(w, '2030-10-02T10:00:00+08:00');
    await command(handles.get('B')!, 'designateBacklog', clerkA, { reason: '群众反复反映，久拖未决' });
    await command(handles.get('B')!, 'claimOwnership', leaderA, {});
    await open('D', '990102001', '2030-10-03T10:00:00+08:00');
    await dispatched('D', clerkB, deptB);
    await skipTo(w, '2030-10-04T10:00:00+08:00');
    await command(handles.get('D')!, 'reply', handlerB, { text: '已协调解决。' });
    await command(handles.get('D')!, 'evaluate', complainant, { satisfied: true });
    const week2 = await checkWeek(mondays[1]!);
    t.like(of(week2.week, '990101001'), { backlogStockBefore: 0, backlogStock: 1 });
    t.like(of(week2.week, '990102001'), { newCases: 1, closedOut: 1 });

    // Week 3. B is replied and the complainant is satisfied, but a backlog case waits for its leader's sign-off.
    await skipTo(w, '2030-10-09T10:00:00+08:00');
    await command(handles.get('B')!, 'reply', handlerA, { text: '已按政策补发补偿款。' });
    await skipTo(w, '2030-10-10T10:00:00+08:00');
    await command(handles.get('B')!, 'evaluate', complainant, { satisfied: true });
    const week3 = await checkWeek(mondays[2]!);
    t.is((await stateOf('B')).status, 'close_out_pending');
    t.like(of(week3.week, '990101001'), { closedOut: 0, backlogStock: 1 });

    // Week 4. The owner signs off; B is struck off and the backlog stock is at zero. C is sent back for rectification.
    await skipTo(w, '2030-10-15T10:00:00+08:00');
    await command(handles.get('B')!, 'signOffCloseOut', leaderA, { reason: '补偿已到位，信访人息诉罢访' });
    await skipTo(w, '2030-10-16T10:00:00+08:00');
    await command(handles.get('C')!, 'orderReSupervision', headB, { reason: '答复依据不充分', days: 8 });
    const week4 = await checkWeek(mondays[3]!);
    t.like(of(week4.week, '990101001'), { closedOut: 1, backlogStockBefore: 1, backlogStock: 0 });
    t.is((await stateOf('B')).status, 'closed_out');

    // Week 5. C's rectification (8 days, to Thursday 24 October) is breached and escalated: overdue.
    const week5 = await checkWeek(mondays[4]!);
    t.like(of(week5.week, '990102001'), { overdue: 1, escalated: 1, stillOpen: 1 });

    // A's 30-day look-back: asked on 30 October, the complainant says it came back, A is handled again.
    await skipTo(w, '2030-10-30T09:00:01+08:00');
    t.truthy((await stateOf('A')).lookBack?.open, 'the look-back round is open');
    t.true(
      w.smtp.received.some((m) => m.subject?.includes('回头看') && m.subject.includes(a)),
      'the complainant was asked by e-mail',
    );
    await skipTo(w, '2030-10-31T10:00:00+08:00');
    await command(handles.get('A')!, 'answerLookBack', complainant, {
      holds: false,
      comment: '补偿款又被扣回',
    });
    t.is((await stateOf('A')).status, 'in_handling');
    t.is((await stateOf('A')).reopenedCount, 1);
    await keepHistory(handles.get('A')!, 'closed-out-look-back-reopened');

    // The October bulletin names C as overdue and sets 西山县 beside its September row.
    await skipTo(w, '2030-11-01T09:00:00+08:00');
    await reportRuns(w).workflow.execute(monthlyBulletin, {
      taskQueue,
      workflowId: 'bulletin-2030-10',
      args: [{}],
    });
    const october = await findBulletin(em(), units.get('990100')!, '2030-10');
    t.deepEqual(
      october?.overdueCases.map((o) => o.caseNumber),
      [c],
    );
    const xishan = october?.rows.find((r) => r.unit.code === '990102');
    t.truthy(xishan?.lastMonth, 'last month is set beside this month');
    t.is(xishan?.figures.overdue, 1);

    // Week 6: A shows as reopened and open again.
    const week6 = await checkWeek(mondays[5]!);
    t.like(of(week6.week, '990101001'), { reopened: 1, stillOpen: 1 });
    t.is(
      (await em().find(CaseEvent, { caseNumber: b, type: 'closed_out' })).length,
      1,
      'B was struck off once',
    );

    // The province sees the whole tree: the sum of its units for each week.
    for (const [week, byUnit] of story.weeks) {
      const sum = [...byUnit.values()].reduce((s, f) => s + f.closedOut, 0);
      const struck = await em().count(CaseEvent, { type: 'closed_out', data: { week } });
      t.is(sum, struck, `week ${week}: every strike-off is in exactly one unit's report`);
    }
  });

  // A restart: a new worker runs week 6 and the October bulletin again. Nothing is written or mailed twice.
  const mailsBefore = w.smtp.received.length;
  const rowsBefore = await em()
    .getConnection()
    .execute<{ n: string }[]>('select count(*) as n from close_out_week');
  const province = units.get('990000')!;
  const before = await findCloseOutWeek(em(), province, '2030-11-04');
  await withWorker(w, taskQueue, async () => {
    await reportRuns(w).workflow.execute(weeklyCloseOut, {
      taskQueue,
      workflowId: 'weekly-close-out-again',
      args: [{ cutoff: mondays[5]! }],
    });
    await reportRuns(w).workflow.execute(monthlyBulletin, {
      taskQueue,
      workflowId: 'bulletin-2030-10-again',
      args: [{ month: '2030-10' }],
    });
  });
  const rowsAfter = await em()
    .getConnection()
    .execute<{ n: string }[]>('select count(*) as n from close_out_week');
  t.is(rowsAfter[0]!.n, rowsBefore[0]!.n);
  t.deepEqual(await findCloseOutWeek(em(), province, '2030-11-04'), before);
  t.is(w.smtp.received.length, mailsBefore, 'no e-mail went out twice');
  t.is(rowsBefore[0]!.n, String(units.size * 6));
});
