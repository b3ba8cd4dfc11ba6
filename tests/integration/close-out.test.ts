import anyTest, { type TestFn } from 'ava';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { findCloseOutWeek } from '../../db/close-out-weeks';
import { Department, PetitionCase, Unit } from '../../db/entities';
import { closeOutAt, closeOutTimes, closeOutWeek, latestCloseOutAt } from '../../domain/close-out';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import {
  ensureReportSchedules,
  monthlyBulletinScheduleId,
  weeklyCloseOutScheduleId,
} from '../../temporal/schedules';
import { weeklyCloseOut } from '../../workflows';
import { eventually, taskQueue, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';
import { keepHistory } from '../helpers/histories';
import { caseWorkflowId } from '../../domain/case';

/**
 * The weekly close-out on a real Temporal server: the Schedules made at start-up
 * (once, whatever the restarts), an office head's preview and early close, the
 * scheduled run that then leaves that office's week as it is, the weekly report
 * by e-mail, and a campaign-wide look-back answered by the complainant.
 */
const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const reporting = policyFor(currentPolicyVersion).reporting;
let struck: { caseNumber: string; accessCode: string } | undefined;
const county = '990102'; // 西山县
const township = '990102002'; // 云岭乡, under 西山县

/** A petition the township replies to and the complainant is satisfied with: ready to be struck off. */
async function readyForCloseOut(app: TestApp) {
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: township }));
  const caseNumber = answer.json.caseNumber as string;
  const accessCode = answer.json.accessCode as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
  await clerk.act(caseNumber, 'triage', { decision: 'accept' });
  const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  await clerk.act(caseNumber, 'dispatch', { departmentId: department.id });
  await handler.act(caseNumber, 'reply', { text: '经核实，已协调解决。' });
  const evaluated = await postJson(
    `${app.baseUrl}/api/v1/cases/${caseNumber}/evaluation`,
    { satisfied: true },
    { 'x-access-code': accessCode },
  );
  if (evaluated.status !== 200) throw new Error(`evaluation failed: ${evaluated.text}`);
  return { caseNumber, accessCode };
}

test.serial(
  'the report Schedules are made once and fire on Mondays at 09:00 and on the 1st at 09:00, office time',
  async (t) => {
    const { temporal } = t.context.app;
    t.is(await ensureReportSchedules(temporal, taskQueue, reporting), 'created');
    // A restart of the worker, and a second worker: the same two Schedules, brought up to date.
    t.is(await ensureReportSchedules(temporal, taskQueue, reporting), 'updated');
    t.is(await ensureReportSchedules(temporal, taskQueue, reporting), 'updated');
    const ids: string[] = [];
    for await (const schedule of temporal.schedule.list()) ids.push(schedule.scheduleId);
    t.deepEqual(ids.sort(), [monthlyBulletinScheduleId, weeklyCloseOutScheduleId]);

    // Temporal's own reckoning of the next runs, against the policy's: Monday 09:00 in Shanghai is 01:00 UTC,
    // each run up to the jitter after it.
    const weekly = await temporal.schedule.getHandle(weeklyCloseOutScheduleId).describe();
    const next = weekly.info.nextActionTimes.map((d) => d.toISOString());
    t.true(next.length >= 5);
    const nominal = (at: string) => `${at.slice(0, 10)}T01:00:00.000Z`;
    const withinJitter = (at: string) => {
      const late = Date.parse(at) - Date.parse(nominal(at));
      return late >= 0 && late <= 5 * 60_000;
    };
    t.true(next.every(withinJitter), next.join(', '));
    t.deepEqual(next.map(nominal), closeOutTimes(new Date().toISOString(), nominal(next.at(-1)!), reporting));
    t.true(next.every((at) => new Date(at).getUTCDay() === 1));

    const monthly = await temporal.schedule.getHandle(monthlyBulletinScheduleId).describe();
    const months = monthly.info.nextActionTimes.map((d) => d.toISOString());
    t.true(months.length >= 3);
    // The 1st at 09:00 in Shanghai is the 1st at 01:00 UTC, month after month (across the year's end too).
    t.true(months.every(withinJitter), months.join(', '));
    for (const at of months) t.regex(at, /-01T01:0\d:\d\d\.\d{3}Z$/);
    const monthNumbers = months.map((at) => new Date(at).getUTCMonth());
    for (let i = 1; i < monthNumbers.length; i++) t.is(monthNumbers[i], (monthNumbers[i - 1]! + 1) % 12);
  },
);

test.serial(
  'a report Schedule made with older policies is brought to the current ones at the next start',
  async (t) => {
    const { temporal } = t.context.app;
    const weekly = temporal.schedule.getHandle(weeklyCloseOutScheduleId);
    await weekly.update((previous) => ({
      ...previous,
      policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    }));
    t.is((await weekly.describe()).policies.overlap, ScheduleOverlapPolicy.SKIP);

    t.is(await ensureReportSchedules(temporal, taskQueue, reporting), 'updated');
    const { policies } = await weekly.describe();
    t.is(policies.overlap, ScheduleOverlapPolicy.BUFFER_ONE);
    t.is(policies.catchupWindow, 86_400_000);
  },
);

test.serial(
  'an office head previews the week, closes it now, and the scheduled run then leaves that week as it is',
  async (t) => {
    const { app, services } = t.context;
    struck = await readyForCloseOut(app);
    const { caseNumber } = struck;
    const head = await signIn(app.baseUrl, demoAccount.officeHead(county));
    const clerk = await signIn(app.baseUrl, demoAccount.clerk(county));

    const preview = await head.get('/api/v1/staff/close-out/preview');
    t.is(preview.status, 200);
    t.is(preview.json.alreadyClosed, false);
    // The county's preview is of its own cases: the township's case is closed by the township's week.
    t.false(preview.json.candidates.some((c: { caseNumber: string }) => c.caseNumber === caseNumber));
    const townshipHead = await signIn(app.baseUrl, demoAccount.officeHead(township));
    const townshipPreview = await townshipHead.get('/api/v1/staff/close-out/preview');
    t.true(townshipPreview.json.candidates.some((c: { caseNumber: string }) => c.caseNumber === caseNumber));
    t.is(townshipPreview.json.figures.closedOut, townshipPreview.json.candidates.length);
    t.true(townshipPreview.json.figures.closedWithin5Days >= 1, 'the ready case was replied the day it came');

    const refused = await clerk.post('/api/v1/staff/close-out/run', {});
    t.is(refused.status, 403);

    // The county closes its week now: its subtree with it, the township's ready case struck off.
    const run = await head.post('/api/v1/staff/close-out/run', {});
    t.is(run.status, 200, run.text);
    t.true((run.json.struckOff as string[]).includes(caseNumber));
    const week = closeOutWeek(new Date().toISOString(), reporting);
    const snapshot = run.json.snapshot as { week: string; runBy: string; closedAt: string };
    t.is(snapshot.week, week);
    t.regex(snapshot.runBy, /^staff:\d+$/);
    const again = await head.post('/api/v1/staff/close-out/run', {});
    t.deepEqual(again.json.snapshot, run.json.snapshot);
    t.is((await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber })).status, 'closed_out');

    // The Schedule, triggered now, runs for the close-out time it last passed: last week, every unit.
    const em = () => app.orm.em.fork();
    const units = await em().find(Unit, {});
    await ensureReportSchedules(app.temporal, taskQueue, reporting);
    await app.temporal.schedule.getHandle(weeklyCloseOutScheduleId).trigger();
    const lastWeek = closeOutWeek(latestCloseOutAt(new Date().toISOString(), reporting), reporting);
    await eventually(async () => {
      const closed = await Promise.all(units.map((u) => findCloseOutWeek(em(), u.id, lastWeek)));
      return closed.every((c) => c?.runBy === 'schedule') ? true : undefined;
    }, 60_000);

    // Monday's run (as the Schedule starts it for this week's close-out time) closes every other unit
    // and leaves the county's subtree as it closed it.
    await app.temporal.workflow.execute(weeklyCloseOut, {
      taskQueue,
      workflowId: `scheduled-close-out-${week}`,
      args: [{ cutoff: closeOutAt(new Date().toISOString(), reporting) }],
    });
    const countyUnit = units.find((u) => u.code === county)!;
    const countyWeek = await findCloseOutWeek(em(), countyUnit.id, week);
    t.is(countyWeek?.closedAt, snapshot.closedAt);
    t.is(countyWeek?.runBy, snapshot.runBy);
    // The preview counted what the run wrote.
    const townshipWeek = await findCloseOutWeek(em(), units.find((u) => u.code === township)!.id, week);
    t.like(townshipWeek?.figures, {
      closedOut: townshipPreview.json.figures.closedOut,
      closedWithin5Days: townshipPreview.json.figures.closedWithin5Days,
    });
    const provinceWeek = await findCloseOutWeek(em(), units.find((u) => u.code === '990000')!.id, week);
    t.is(provinceWeek?.runBy, 'schedule');

    // 每周一报 reaches the county's office head, with the spreadsheet attached, once.
    const reportMail = await eventually(async () =>
      services.smtp.received.find(
        (m) => m.subject?.includes('每周一报') && m.to && JSON.stringify(m.to).includes(`head.${county}@`),
      ),
    );
    t.true(reportMail.attachments.some((a) => a.filename?.endsWith('.xlsx') && a.content.length > 1000));
    const reportRows = await head.get(`/api/v1/staff/close-out/report?week=${week}`);
    t.is(reportRows.status, 200);
    t.true(reportRows.json.report.subtree.closedOut >= 1);
    t.deepEqual(reportRows.json.report.notClosed, []);
  },
);

test.serial(
  'a campaign look-back asks the closed-out cases of a subtree, and the answers show as its progress',
  async (t) => {
    const { app, services } = t.context;
    // The case the previous test's run struck off today.
    t.truthy(struck, 'the close-out test ran first');
    const { caseNumber, accessCode } = struck!;
    const head = await signIn(app.baseUrl, demoAccount.officeHead(county));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

    const backwards = await head.post('/api/v1/staff/look-back-campaigns', {
      title: '年底集中回头看',
      closedFrom: today,
      closedTo: '2020-01-01',
    });
    t.is(backwards.status, 422);
    t.truthy(backwards.json.error?.message);

    const started = await head.post('/api/v1/staff/look-back-campaigns', {
      title: '年底集中回头看',
      closedFrom: today,
      closedTo: today,
    });
    t.is(started.status, 201, started.text);
    const id = started.json.id as number;
    const campaign = await eventually(async () => {
      const answer = await head.get(`/api/v1/staff/look-back-campaigns/${id}`);
      return answer.json.campaign?.progress.total > 0 ? answer.json : undefined;
    });
    const cases = campaign.cases as { caseNumber: string; state: string }[];
    t.is(cases.find((c) => c.caseNumber === caseNumber)?.state, 'asked');
    await eventually(async () =>
      services.smtp.received.some((m) => m.subject?.includes('回头看') && m.subject.includes(caseNumber))
        ? true
        : undefined,
    );

    // The complainant answers on the status page: the matter holds.
    const answer = await eventually(async () => {
      const sent = await postJson(
        `${app.baseUrl}/api/v1/cases/${caseNumber}/look-back`,
        { holds: true, comment: '问题已解决' },
        { 'x-access-code': accessCode },
      );
      return sent.status === 409 ? undefined : sent;
    });
    t.is(answer.status, 200, answer.text);
    t.is(answer.json.status, 'closed_out');
    const progress = await eventually(async () => {
      const p = (await head.get(`/api/v1/staff/look-back-campaigns/${id}`)).json.campaign.progress;
      return p.holds >= 1 ? p : undefined;
    });
    t.is(progress.holds + progress.asked + progress.reopened + progress.unreachable, progress.total);
    await keepHistory(
      app.temporal.workflow.getHandle(caseWorkflowId(caseNumber)),
      'dev-server-look-back-campaign-holds',
    );

    // Someone else's campaign is not there for a township below (never sideways or above).
    const other = await signIn(app.baseUrl, demoAccount.officeHead('990101'));
    t.is((await other.get(`/api/v1/staff/look-back-campaigns/${id}`)).status, 404);
    t.false(
      (await other.get('/api/v1/staff/look-back-campaigns')).json.campaigns.some(
        (c: { id: number }) => c.id === id,
      ),
    );
  },
);
