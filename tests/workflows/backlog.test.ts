import anyTest from 'ava';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Escalation, PetitionCase, Unit } from '../../db/entities';
import type { CaseStart } from '../../domain/case';
import type { CaseState } from '../../domain/case-commands';
import { caseStateQuery } from '../../workflows/case/messages';
import { fixtureYear2030 } from '../fixtures/holiday-calendars';
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
  type WorkflowTestEnv,
} from '../helpers/workflow-env';

/**
 * Backlog cases (积案) on the time-skipping server: each designation rule fires at
 * the instant the policy says, inside the case's own workflow, and the leader's
 * clocks escalate to the leader's superior exactly on their dates.
 */
const test = useWorkflowTestEnv(anyTest, 'each test', (w) => loadYear(w, 2030, fixtureYear2030));

const demo = (key: string) => `${key}@demo.qingling.local`;

async function escalationsOf(w: WorkflowTestEnv, caseNumber: string, clock: string) {
  return w.orm.em.fork().find(Escalation, { caseNumber, clock: clock as never }, { orderBy: { seq: 'asc' } });
}

async function unitId(w: WorkflowTestEnv, code: string) {
  return (await w.orm.em.fork().findOneOrFail(Unit, { code })).id;
}

async function ledgerRow(w: WorkflowTestEnv, caseNumber: string) {
  return w.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber });
}

const designation = async (w: WorkflowTestEnv, caseNumber: string) =>
  (await timeline(w, caseNumber)).find((e) => e.type === 'designated_backlog');

async function acceptAndDispatch(w: WorkflowTestEnv, handle: Awaited<ReturnType<typeof startCase>>) {
  const clerk = await actor(w, demo(`clerk.${township}`));
  await command(handle, 'triage', clerk, { decision: 'accept' });
  await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
}

test('an overdue case becomes a backlog case at the breach, and an unowned one escalates to the level above three working days later', async (t) => {
  const { w } = t.context;
  await skipTo(w, '2030-03-04T10:00:00+08:00');
  const start = aCase({}, '2030-03-04T02:00:00.000Z');
  const n = start.caseNumber;
  await withWorker(w, 'overdue', async () => {
    const handle = await startCase(w, start, 'overdue');
    await acceptAndDispatch(w, handle);
    // Handling is due 6 May (60 days end in the Labour Day holiday).
    await skipTo(w, '2030-05-06T23:00:00+08:00');
    t.is(await designation(w, n), undefined);
    await skipTo(w, '2030-05-07T00:01:00+08:00');
    const designated = await designation(w, n);
    t.is(toSecond(designated!.occurredAt), '2030-05-06T16:00:00');
    t.deepEqual(designated!.data.reasons, ['overdue']);
    // Three working days from Tuesday 7 May: Wednesday, Thursday, Friday.
    t.like(await ledgerDeadlines(w, n), { ownership: { due: '2030-05-10', state: 'running' } });
    t.like(await ledgerRow(w, n), { backlogReasons: ['overdue'] });

    await skipTo(w, '2030-05-10T23:59:00+08:00');
    t.is((await escalationsOf(w, n, 'ownership')).length, 0);
    await skipTo(w, '2030-05-11T00:01:00+08:00');
    const [escalation] = await escalationsOf(w, n, 'ownership');
    t.is(toSecond(escalation!.escalatedAt), '2030-05-10T16:00:00');
    t.is(escalation!.toUnitId, await unitId(w, '990101'));
    t.deepEqual(escalation!.recipients.map((r) => r.email).sort(), [
      demo('deputy.990101'),
      demo('head.990101'),
      demo('leader.990101'),
    ]);
    await keepHistory(handle, 'backlog-overdue-unowned-escalated');
  });
});

test('two leaders claim the same backlog case at once: one owns it; the plan and weekly progress escalate to that leader’s superior on their dates', async (t) => {
  const { w } = t.context;
  await skipTo(w, '2030-03-05T10:00:00+08:00');
  const start = aCase({}, '2030-03-05T02:00:00.000Z');
  const n = start.caseNumber;
  const [head, county, deputy] = await Promise.all([
    actor(w, demo(`head.${township}`)),
    actor(w, demo('leader.990101')),
    actor(w, demo('deputy.990101')),
  ]);
  await withWorker(w, 'owned', async () => {
    const handle = await startCase(w, start, 'owned');
    await acceptAndDispatch(w, handle);
    await command(handle, 'designateBacklog', head, {
      reason: '群众多年反复反映，久拖未决',
      flags: { manyYears: true },
    });
    const claims = await Promise.allSettled([
      command(handle, 'claimOwnership', county, {}),
      command(handle, 'claimOwnership', deputy, {}),
    ]);
    t.is(claims.filter((c) => c.status === 'fulfilled').length, 1);
    const refused = claims.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    t.true(refused.reason instanceof WorkflowUpdateFailedError);
    t.is((refused.reason as WorkflowUpdateFailedError).cause?.message, 'already_owned');
    const state = (await handle.query(caseStateQuery)) as CaseState;
    const owner = state.backlog!.owner!;
    t.true([county.staffId, deputy.staffId].includes(owner.staffId));
    t.is((await timeline(w, n)).filter((e) => e.type === 'ownership_claimed').length, 1);
    t.like(await ledgerRow(w, n), { flagManyYears: true, flagManyLevels: false });
    t.like(await ledgerDeadlines(w, n), {
      ownership: { state: 'met' },
      resolutionPlan: { due: '2030-03-12', state: 'running' }, // seven days
    });
    const ownerActor = owner.staffId === county.staffId ? county : deputy;

    // No plan by 12 March: the owner's superior (the city's leaders) hears of it at midnight.
    await skipTo(w, '2030-03-13T00:01:00+08:00');
    const [late] = await escalationsOf(w, n, 'resolutionPlan');
    t.is(toSecond(late!.escalatedAt), '2030-03-12T16:00:00');
    t.is(late!.toUnitId, await unitId(w, '990100'));
    t.true(late!.recipients.some((r) => r.email === demo('leader.990100')));

    await skipTo(w, '2030-03-14T10:00:00+08:00');
    await command(handle, 'setResolutionPlan', ownerActor, {
      summary: '核实补偿标准，协调乡镇发放',
      milestones: [
        { title: '核实占地面积', dueDate: '2030-03-25' },
        { title: '补偿款发放到位', dueDate: '2030-04-15' },
      ],
    });
    t.like(await ledgerDeadlines(w, n), {
      resolutionPlan: { state: 'breached' },
      weeklyProgress: { due: '2030-03-21', state: 'running' },
    });
    t.is((await ledgerRow(w, n)).escalatedAt ?? null, null); // the plan stopped what had escalated

    // A progress entry on Monday starts the next week.
    await skipTo(w, '2030-03-18T10:00:00+08:00');
    await command(handle, 'reportBacklogProgress', ownerActor, {
      note: '已完成测量',
      completedMilestones: [0],
    });
    t.like(await ledgerDeadlines(w, n), { weeklyProgress: { due: '2030-03-25', state: 'running' } });
    await skipTo(w, '2030-03-25T23:59:00+08:00');
    t.is((await escalationsOf(w, n, 'weeklyProgress')).length, 0);
    await skipTo(w, '2030-03-26T00:01:00+08:00');
    const [silent] = await escalationsOf(w, n, 'weeklyProgress');
    t.is(toSecond(silent!.escalatedAt), '2030-03-25T16:00:00');
    t.is(silent!.toUnitId, await unitId(w, '990100'));

    await command(handle, 'nameTaskForce', ownerActor, {
      members: [
        { name: '李强', role: '牵头', organisation: '东湖县信访局' },
        { name: '周敏', role: '政策解释', organisation: '东湖县自然资源局' },
      ],
    });
    await command(handle, 'setResolutionPlan', ownerActor, {
      summary: '核实补偿标准，协调乡镇发放；引入法律援助',
      milestones: [
        { title: '核实占地面积', dueDate: '2030-03-25' },
        { title: '补偿款发放到位', dueDate: '2030-04-30' },
      ],
    });
    const visit = await command(handle, 'recordFieldVisit', ownerActor, {
      kind: 'visit',
      date: '2030-03-27',
      place: '城关镇新桥村村委会',
      met: '信访人王明及村委会主任',
      agreed: '4月底前发放补偿款',
      attachments: [],
    });
    t.is(visit.backlog!.visits, 1);
    t.is(visit.backlog!.plan!.version, 2);
    // The measured milestone stays done in the new version.
    t.truthy(visit.backlog!.plan!.milestones[0]!.doneAt);
    t.like(await ledgerRow(w, n), { planVersion: 2, nextMilestoneDate: '2030-04-30', visitCount: 1 });
    t.deepEqual(
      (await timeline(w, n)).filter((e) => e.type === 'plan_set').map((e) => e.data.version),
      [1, 2],
    );
    await keepHistory(handle, 'backlog-owned-plan-progress-visit');
  });
});

test('repeat petitions join the open case: two make it a backlog case, and one brought to the county makes it one for going above the proper level', async (t) => {
  const { w } = t.context;
  await skipTo(w, '2030-03-04T10:00:00+08:00');
  const clerk = await actor(w, demo(`clerk.${township}`));
  const countyClerk = await actor(w, demo('clerk.990101'));
  const at = '2030-03-04T02:00:00.000Z';
  const open = aCase({}, at);
  const other = aCase({ place: '城关镇河东社区' }, at);
  const repeats = [aCase({}, at), aCase({}, at)];
  const toCounty = aCase({ unitCode: '990101', place: '东湖县城关镇河东社区' }, at);
  await withWorker(w, 'repeats', async () => {
    const [openHandle, otherHandle] = [
      await startCase(w, open, 'repeats'),
      await startCase(w, other, 'repeats'),
    ];
    await acceptAndDispatch(w, openHandle);
    await acceptAndDispatch(w, otherHandle);

    const link = async (repeat: CaseStart, target: CaseStart, by = clerk) => {
      const handle = await startCase(w, repeat, 'repeats');
      const targetHandle = w.env.client.workflow.getHandle(`case-${target.caseNumber}`);
      const unit = (await handle.query(caseStateQuery))!.unit;
      await command(targetHandle, 'linkRepeatPetition', by, {
        caseNumber: repeat.caseNumber,
        unit,
        receivedAt: repeat.receivedAt,
        summary: repeat.petition.summary,
      });
      return command(handle, 'joinOpenCase', by, { openCaseNumber: target.caseNumber });
    };

    const joined = await link(repeats[0]!, open);
    t.is(joined.status, 'closed');
    t.is(joined.joinedCaseNumber, open.caseNumber);
    t.like(await ledgerRow(w, open.caseNumber), { repeatCount: 1, backlogAt: null });
    await link(repeats[1]!, open);
    t.like(await ledgerRow(w, open.caseNumber), { repeatCount: 2 });
    t.deepEqual((await designation(w, open.caseNumber))!.data.reasons, ['repeat_petitions']);
    t.like(await ledgerRow(w, repeats[1]!.caseNumber), {
      status: 'closed',
      joinedCaseNumber: open.caseNumber,
    });
    // The complainant is told which case the petition joined, once: the notice goes its own way after the step.
    const toldOf = () =>
      w.smtp.received.filter(
        (m) => m.subject?.includes(repeats[1]!.caseNumber) && m.text?.includes(open.caseNumber),
      );
    await eventually(async () => (toldOf().length > 0 ? true : undefined));
    t.is(toldOf().length, 1);

    await link(toCounty, other, countyClerk);
    const above = await designation(w, other.caseNumber);
    t.deepEqual(above!.data.reasons, ['above_proper_level']);
    t.like(above!.data.flags, { manyLevels: true, manyOffices: true });
    t.like(await ledgerRow(w, other.caseNumber), { repeatCount: 1, flagManyLevels: true });
  });
});

test('a case open longer than six months becomes a backlog case on the day six months after receipt', async (t) => {
  const { w } = t.context;
  await skipTo(w, '2030-03-04T10:00:00+08:00');
  const clerk = await actor(w, demo(`clerk.${township}`));
  const start = aCase({}, '2030-03-04T02:00:00.000Z');
  await withWorker(w, 'long-open', async () => {
    const handle = await startCase(w, start, 'long-open');
    // Forwarded out of scope and never reported back: late, but not a handling breach.
    await command(handle, 'triage', clerk, {
      decision: 'forward',
      reason: '属于市场监管部门职责',
      forwardTo: '东湖县市场监督管理局',
    });
    await skipTo(w, '2030-09-04T09:59:00+08:00');
    t.is(await designation(w, start.caseNumber), undefined);
    await skipTo(w, '2030-09-04T10:01:00+08:00');
    const designated = await designation(w, start.caseNumber);
    t.is(toSecond(designated!.occurredAt), '2030-09-04T02:00:00');
    t.deepEqual(designated!.data.reasons, ['long_open']);
    // Recorded after notices went their own way: the forwarding notice and the alarms' e-mails off the lock.
    await keepHistory(handle, 'notices-on-their-own-forwarded-long-open');
  });
});

test('imported backlog cases take up their real history: an old acceptance is already breached and escalated, a recent one runs to its date', async (t) => {
  const { w } = t.context;
  await skipTo(w, '2030-04-01T10:00:00+08:00');
  const [clerk, leader] = await Promise.all([
    actor(w, demo(`clerk.${township}`)),
    actor(w, demo('leader.990101')),
  ]);
  const dept = await department(w, `${township}-zz`);
  const imported = (line: number, acceptedAt: string, withLeader: boolean): Partial<CaseStart> => ({
    enteredBy: clerk,
    imported: {
      batchId: 1,
      line,
      externalRef: `DH-2029-${line}`,
      acceptedAt,
      department: dept,
      repeatCount: 3,
      flags: { manyYears: true, manyLevels: false, manyOffices: true },
      reason: '集中排查发现的历史积案',
      ...(withLeader
        ? {
            leader: {
              staffId: leader.staffId,
              name: leader.name,
              unitId: leader.unitId,
              unitPath: leader.unitPath,
            },
          }
        : {}),
    },
  });
  const old = aCase({}, '2030-01-10T02:00:00.000Z', imported(2, '2030-01-15T02:00:00.000Z', true));
  const recent = aCase({}, '2030-03-20T02:00:00.000Z', imported(3, '2030-03-22T02:00:00.000Z', false));
  await withWorker(w, 'imported', async () => {
    await startCase(w, old, 'imported');
    await startCase(w, recent, 'imported');
    for (let i = 0; i < 100 && (await escalationsOf(w, old.caseNumber, 'handling')).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    // 60 days from 15 January end on Saturday 16 March: the period ran to Monday 18 March.
    t.like(await ledgerDeadlines(w, old.caseNumber), {
      handling: { due: '2030-03-18', state: 'escalated' },
      resolutionPlan: { due: '2030-04-08', state: 'running' },
    });
    t.is((await escalationsOf(w, old.caseNumber, 'handling')).length, 1);
    t.like(await ledgerRow(w, old.caseNumber), {
      status: 'in_handling',
      externalRef: 'DH-2029-2',
      repeatCount: 3,
      flagManyYears: true,
      flagManyOffices: true,
      backlogReasons: ['campaign_screening'],
    });
    t.deepEqual((await timeline(w, old.caseNumber)).map((e) => e.type).slice(0, 3), [
      'registered',
      'designated_backlog',
      'leader_assigned',
    ]);
    // Accepted 22 March: due 21 May, still running; the ownership clock waits for a leader.
    t.like(await ledgerDeadlines(w, recent.caseNumber), {
      handling: { due: '2030-05-21', state: 'running' },
      ownership: { due: '2030-04-04', state: 'running' },
    });
  });
});
