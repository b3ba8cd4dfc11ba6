import anyTest from 'ava';
import { Escalation, PetitionCase } from '../../db/entities';
import { caseWorkflowId } from '../../domain/case';
import { recountProvisionalDeadlines } from '../../workflows';
import { caseStateQuery } from '../../workflows/case/messages';
import { fixtureYear2030, fixtureYear2031 } from '../fixtures/holiday-calendars';
import { eventually } from '../helpers/app';
import { aCase, startCase, toSecond, township } from '../helpers/case-starts';
import { keepHistory } from '../helpers/histories';
import {
  actor,
  command,
  department,
  ledgerDeadlines,
  loadYear,
  skipTo,
  useWorkflowTestEnv,
  timeline,
  withWorker,
} from '../helpers/workflow-env';

/**
 * Each test has its own time-skipping server, so it can put the clock where its
 * story starts (always forward: a fixed date in 2030, with that year's holiday
 * arrangement loaded as an administrator would).
 */
const test = useWorkflowTestEnv(anyTest, 'each test');

test('a case lives from intake through extension, reply, unsatisfied evaluation and review to close-out, every deadline on its date', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-04-29T10:00:00+08:00'); // a Monday, two days before the Labour Day holiday
  const [clerk, head, handler, countyHead] = await Promise.all([
    actor(w, `clerk.${township}@demo.qingling.local`),
    actor(w, `head.${township}@demo.qingling.local`),
    actor(w, `handler.${township}-zz@demo.qingling.local`),
    actor(w, 'head.990101@demo.qingling.local'),
  ]);
  const start = aCase({}, '2030-04-29T02:00:00.000Z');
  await withWorker(w, 'life', async () => {
    const handle = await startCase(t.context.w, start, 'life');
    const n = start.caseNumber;
    t.like(await ledgerDeadlines(w, n), {
      dispatch: { due: '2030-04-29', state: 'running' }, // same working day
      routing: { due: '2030-05-14' }, // 15 days
      acceptanceNotice: { due: '2030-05-14' },
    });

    await command(handle, 'triage', clerk, { decision: 'accept' });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
    t.like(await ledgerDeadlines(w, n), {
      dispatch: { state: 'met' },
      routing: { state: 'met' },
      acceptanceNotice: { state: 'met' },
      handling: { due: '2030-06-28', state: 'running' }, // 60 days from acceptance
      assignmentObjection: { due: '2030-05-09' }, // 5 working days over 1–5 May
    });
    await command(handle, 'acknowledgeAssignment', handler, {});

    await skipTo(w, '2030-06-10T10:00:00+08:00');
    await command(handle, 'requestExtension', handler, { days: 20, reason: '需要重新测量土地面积' });
    await command(handle, 'decideExtension', head, { approve: true, reason: '同意延期' });
    t.like(await ledgerDeadlines(w, n), { handling: { due: '2030-07-18', state: 'running' } });

    await skipTo(w, '2030-07-15T10:00:00+08:00');
    const warnings = (await timeline(w, n)).filter((e) => e.type === 'deadline_warning');
    // Seven days before the extended deadline, at midnight office time.
    t.deepEqual(
      warnings.map((e) => toSecond(e.occurredAt)),
      ['2030-07-11T16:00:00'],
    );
    await command(handle, 'reply', handler, { text: '补偿款已核实并发放。' });
    t.like(await ledgerDeadlines(w, n), {
      handling: { state: 'met' },
      reviewRequest: { due: '2030-08-14', state: 'running' }, // 30 days to ask for review
    });

    await skipTo(w, '2030-07-16T10:00:00+08:00');
    await command(handle, 'evaluate', { kind: 'complainant' }, { satisfied: false, comment: '金额不对' });
    await skipTo(w, '2030-07-20T10:00:00+08:00');
    const underReview = await command(
      handle,
      'requestReview',
      { kind: 'complainant' },
      { reason: '补偿标准有误' },
    );
    t.is(underReview.reviewUnit?.code, '990101'); // the county above the township decides
    t.like(await ledgerDeadlines(w, n), { reviewDecision: { due: '2030-08-19', state: 'running' } });

    await skipTo(w, '2030-08-01T10:00:00+08:00');
    await command(handle, 'decideReview', countyHead, {
      upheld: true,
      opinion: '原处理意见正确，予以维持。',
    });
    // 30 days end on Saturday 31 August: the period runs to Monday 2 September.
    t.like(await ledgerDeadlines(w, n), { reReviewRequest: { due: '2030-09-02', state: 'running' } });

    await skipTo(w, '2030-09-03T00:00:01+08:00');
    t.like(await ledgerDeadlines(w, n), { reReviewRequest: { state: 'lapsed' } });
    t.is((await handle.query(caseStateQuery))?.status, 'close_out_pending');
    // No evaluation came: the weekly close-out may strike it off only with a reasoned sign-off.
    const system = { kind: 'system' } as const;
    const early = await t.throwsAsync(command(handle, 'closeOut', system, { week: '2030-09-09' }));
    t.is((early?.cause as Error | undefined)?.message, 'close_out_rule_not_met');
    await command(handle, 'signOffCloseOut', head, { reason: '复核期满未申请，答复意见成立' });
    const closed = await command(handle, 'closeOut', system, { week: '2030-09-09', note: '已办结' });
    t.is(closed.status, 'closed_out');
    t.is(closed.closedOutWeek, '2030-09-09');
    // Look-back revisits (回头看) follow in the same workflow.
    t.is((await handle.describe()).status.name, 'RUNNING');
    t.is((await w.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber: n })).status, 'closed_out');
    await keepHistory(handle, 'whole-life-to-close-out');
  });
});

test('a real-name complaint to the discipline body received just before National Day gets its notice due 15 working days later, on 23 October', async (t) => {
  const { w } = t.context;
  // Received Monday 28 September 2026 at 10:00; 1–7 October are holidays and Saturday 10 October a working day.
  const start = aCase({ category: 'discipline' }, '2026-09-28T02:00:00.000Z');
  await withWorker(w, 'national-day', async () => {
    const handle = await startCase(t.context.w, start, 'national-day');
    t.like(await ledgerDeadlines(w, start.caseNumber), {
      acceptanceNotice: { due: '2026-10-23', provisional: false },
      routing: { due: '2026-10-13' }, // 15 calendar days, 13 October a working day
    });
    await keepHistory(handle, 'discipline-complaint-before-national-day');
  });
});

test('a breached handling deadline escalates to the county office and the township leader at the breach instant, and the reply stops it', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-03-04T10:00:00+08:00');
  const [clerk, handler] = await Promise.all([
    actor(w, `clerk.${township}@demo.qingling.local`),
    actor(w, `handler.${township}-zz@demo.qingling.local`),
  ]);
  const start = aCase({}, '2030-03-04T02:00:00.000Z');
  const n = start.caseNumber;
  await withWorker(w, 'escalation', async () => {
    const handle = await startCase(t.context.w, start, 'escalation');
    await command(handle, 'triage', clerk, { decision: 'accept' });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
    // 60 days end on Friday 3 May, inside the Labour Day holiday: the deadline moves to Monday 6 May.
    t.like(await ledgerDeadlines(w, n), { handling: { due: '2030-05-06' } });

    await skipTo(w, '2030-05-06T23:59:00+08:00');
    t.is(await w.orm.em.fork().count(Escalation, { caseNumber: n }), 0);
    await skipTo(w, '2030-05-07T00:01:00+08:00');
    const [escalation] = await w.orm.em.fork().find(Escalation, { caseNumber: n });
    t.truthy(escalation);
    t.is(toSecond(escalation!.escalatedAt), '2030-05-06T16:00:00');
    t.is(escalation!.clock, 'handling');
    const county = await w.orm.em.fork().findOneOrFail('Unit', { code: '990101' } as never);
    t.is(escalation!.toUnitId, (county as { id: number }).id);
    t.deepEqual(escalation!.recipients.map((r) => r.email).sort(), [
      'head.990101@demo.qingling.local',
      `leader.${township}@demo.qingling.local`,
    ]);
    // The e-mails go their own way after the escalation is on the timeline.
    const escalationMails = await eventually(async () => {
      const mails = w.smtp.received.filter((m) => m.subject?.includes('超期督办') && m.subject.includes(n));
      return mails.length >= 2 ? mails : undefined;
    });
    t.deepEqual(escalationMails.map((m) => (Array.isArray(m.to) ? '' : m.to?.text)).sort(), [
      'head.990101@demo.qingling.local',
      `leader.${township}@demo.qingling.local`,
    ]);
    const warned = (await timeline(w, n)).filter((e) => e.type === 'deadline_warning');
    // 7 and 3 days before, at midnight office time.
    t.deepEqual(
      warned.map((e) => toSecond(e.occurredAt)),
      ['2030-04-29T16:00:00', '2030-05-03T16:00:00'],
    );
    t.like(await w.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber: n }), {
      escalatedAt: escalation!.escalatedAt,
    });

    await command(handle, 'reply', handler, { text: '已办结。' });
    const row = await w.orm.em
      .fork()
      .findOneOrFail(PetitionCase, { caseNumber: n }, { populate: ['escalatedToUnit'] });
    t.is(row.escalatedToUnit ?? null, null);
    t.truthy((await w.orm.em.fork().findOneOrFail(Escalation, { caseNumber: n })).resolvedAt);
    await skipTo(w, '2030-06-30T00:00:00+08:00');
    // No timer of the handling clock is left (the case is a backlog case now: its own clocks run on).
    t.is(await w.orm.em.fork().count(Escalation, { caseNumber: n, clock: 'handling' }), 1);
    await keepHistory(handle, 'handling-breach-escalated-then-replied');
  });
});

test('a deadline running into a year without a holiday calendar is provisional, alerts the administrators once, and is recounted when the year is loaded', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-12-02T10:00:00+08:00');
  const clerk = await actor(w, `clerk.${township}@demo.qingling.local`);
  const first = aCase({}, '2030-12-02T02:00:00.000Z');
  const second = aCase({}, '2030-12-02T02:00:00.000Z');
  await withWorker(w, 'provisional', async () => {
    const handles = [];
    for (const start of [first, second]) {
      const handle = await startCase(t.context.w, start, 'provisional');
      await command(handle, 'triage', clerk, { decision: 'accept' });
      handles.push(handle);
    }
    // 60 days end Friday 31 January 2031, counted on weekdays only.
    t.like(await ledgerDeadlines(w, first.caseNumber), {
      handling: { due: '2031-01-31', provisional: true },
    });
    // The administrators' e-mail goes on its own workflow, after the step.
    await eventually(async () =>
      w.smtp.received.some((m) => m.subject?.includes('2031')) ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const alerts = w.smtp.received.filter((m) => m.subject?.includes('2031'));
    t.is(alerts.length, 1);
    t.is(Array.isArray(alerts[0]?.to) ? '' : alerts[0]?.to?.text, 'admin.990000@demo.qingling.local');

    await loadYear(w, 2031, fixtureYear2031);
    const told = await w.env.client.workflow.execute(recountProvisionalDeadlines, {
      taskQueue: 'provisional',
      workflowId: 'recount-2031',
      args: [2031],
    });
    t.is(told, 2);
    // Each case recounts on its own signal, in no particular order.
    for (let i = 0; i < 100; i++) {
      const provisional = await Promise.all(
        [first, second].map(async (c) => (await ledgerDeadlines(w, c.caseNumber)).handling?.provisional),
      );
      if (!provisional.includes(true)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // 31 January 2031 falls in the Spring Festival holiday: the period runs to Wednesday 5 February.
    t.like(await ledgerDeadlines(w, first.caseNumber), {
      handling: { due: '2031-02-05', provisional: false },
    });
    t.like(await ledgerDeadlines(w, second.caseNumber), {
      handling: { due: '2031-02-05', provisional: false },
    });
    t.true((await timeline(w, first.caseNumber)).some((e) => e.type === 'deadlines_recomputed'));
    await keepHistory(handles[0]!, 'provisional-deadline-recounted');
  });
});

test('a long-lived case continues as new with its state when its history grows, and goes on taking commands', async (t) => {
  const { w } = t.context;
  const start = aCase({}, new Date(await w.env.currentTimeMs()).toISOString(), { historyEventLimit: 40 });
  const [clerk, handler] = await Promise.all([
    actor(w, `clerk.${township}@demo.qingling.local`),
    actor(w, `handler.${township}-zz@demo.qingling.local`),
  ]);
  await withWorker(w, 'long-life', async () => {
    const handle = await startCase(t.context.w, start, 'long-life');
    const firstRun = (await handle.describe()).runId;
    await command(handle, 'triage', clerk, { decision: 'accept' });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
    for (let week = 1; week <= 8; week++) {
      await command(handle, 'reportProgress', handler, { note: `第 ${week} 周进展` });
      await w.env.sleep('7 days');
    }
    const latest = w.env.client.workflow.getHandle(caseWorkflowId(start.caseNumber));
    t.not((await latest.describe()).runId, firstRun);
    const state = await command(latest, 'reply', handler, { text: '已办结。' });
    t.is(state.status, 'replied');
    const seqs = (await timeline(w, start.caseNumber)).map((e) => e.seq);
    t.deepEqual(
      seqs,
      seqs.map((_, i) => i + 1),
    ); // one unbroken timeline across runs
    await keepHistory(
      w.env.client.workflow.getHandle(caseWorkflowId(start.caseNumber), firstRun),
      'long-life-first-run',
    );
    await keepHistory(latest, 'long-life-continued');
  });
});

test('a case passed around by two departments goes out again under supervision, with a rectification deadline', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-03-04T10:00:00+08:00');
  const [clerk, first, second] = await Promise.all([
    actor(w, `clerk.${township}@demo.qingling.local`),
    actor(w, `handler.${township}-zz@demo.qingling.local`),
    actor(w, `handler.${township}-ny@demo.qingling.local`),
  ]);
  const start = aCase({}, '2030-03-04T02:00:00.000Z');
  await withWorker(w, 'passed-around', async () => {
    const handle = await startCase(t.context.w, start, 'passed-around');
    await command(handle, 'triage', clerk, { decision: 'accept' });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
    await command(handle, 'objectToAssignment', first, { reason: '不属于本单位职责' });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-ny`) });
    const back = await command(handle, 'objectToAssignment', second, { reason: '应由综治中心办理' });
    t.is(back.status, 'accepted');
    t.like(await ledgerDeadlines(w, start.caseNumber), { dispatch: { due: '2030-03-04', state: 'running' } });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
    // 15 calendar days of rectification (督办整改) from the third dispatch.
    t.like(await ledgerDeadlines(w, start.caseNumber), {
      rectification: { due: '2030-03-19', state: 'running' },
    });
    const dispatched = (await timeline(w, start.caseNumber)).filter((e) => e.type === 'dispatched');
    t.deepEqual(
      dispatched.map((e) => e.data.passedAround),
      [false, false, true],
    );
    // Recorded after notices went their own way (patched 'notices-on-their-own').
    await keepHistory(handle, 'notices-on-their-own-passed-around');
  });
});
