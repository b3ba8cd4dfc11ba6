import anyTest, { type TestFn } from 'ava';
import { Attachment, PetitionCase } from '../../db/entities';
import { eventually, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';
import { keepHistory } from '../helpers/histories';
import { caseWorkflowId } from '../../domain/case';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001'; // 城关镇, in 东湖县
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A petition registered, accepted and dispatched in 城关镇, as the office would. */
async function caseInHandling(app: TestApp, clerk: StaffSession): Promise<string> {
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: township }));
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  await clerk.act(caseNumber, 'triage', { decision: 'accept' });
  const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  await clerk.act(caseNumber, 'dispatch', { departmentId: page.json.dispatchTargets[0].id });
  return caseNumber;
}

test.serial(
  'an office designates a backlog case and assigns a leader, who plans it and records a visit with a photo; the ledger and the workspace show it',
  async (t) => {
    const { app } = t.context;
    const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
    const head = await signIn(app.baseUrl, demoAccount.officeHead('990101'));
    const leader = await signIn(app.baseUrl, demoAccount.leader('990101'));
    const deputy = await signIn(app.baseUrl, 'deputy.990101@demo.qingling.local');
    const elsewhere = await signIn(app.baseUrl, demoAccount.clerk('990102'));
    const caseNumber = await caseInHandling(app, clerk);

    const designated = await clerk.act(caseNumber, 'designateBacklog', {
      reason: '群众反复反映，久拖未决',
      flags: { manyYears: true },
    });
    t.is(designated.status, 200, designated.text);
    t.true((designated.json.allowedActions as string[]).includes('updateBacklogFlags'));
    const again = await clerk.act(caseNumber, 'designateBacklog', { reason: '再次认定' });
    t.is(again.status, 409);
    t.is(again.json.error?.message, '本案件已认定为积案');

    const unowned = await head.get('/api/v1/ledger?backlog=true&unowned=true&flags=manyYears');
    t.true(unowned.json.items.some((c: { caseNumber: string }) => c.caseNumber === caseNumber));
    t.false(
      (await head.get('/api/v1/ledger?backlog=true&flags=manyYears,manyLevels')).json.items.some(
        (c: { caseNumber: string }) => c.caseNumber === caseNumber,
      ),
    );
    const leaderWorkspace = await leader.get('/api/v1/staff/leader/workspace');
    t.true(leaderWorkspace.json.unowned.some((c: { caseNumber: string }) => c.caseNumber === caseNumber));
    t.truthy(leaderWorkspace.json.campaign?.targetDate);

    // The county office head sees the leaders who may own it: the township's and the county's.
    const page = await head.get(`/api/v1/staff/cases/${caseNumber}`);
    const names = page.json.leaders.map((l: { unit: { code: string } }) => l.unit.code);
    t.deepEqual([...new Set(names)].sort(), ['990101', township]);
    const countyLeader = page.json.leaders.find(
      (l: { title: string; unit: { code: string } }) => l.unit.code === '990101' && !l.title.includes('副'),
    );
    const assigned = await head.act(caseNumber, 'assignLeader', { leaderId: countyLeader.id });
    t.is(assigned.status, 200, assigned.text);

    const notOwner = await deputy.act(caseNumber, 'setResolutionPlan', {
      summary: '另拟方案',
      milestones: [{ title: '约谈', dueDate: '2030-01-01' }],
    });
    t.is(notOwner.status, 403);
    t.is(notOwner.json.error?.message, '只有本案的包案领导可以制定化解方案');
    const planned = await leader.act(caseNumber, 'setResolutionPlan', {
      summary: '核实补偿标准，协调发放',
      milestones: [
        { title: '核实占地面积', dueDate: '2030-01-10' },
        { title: '补偿款发放到位', dueDate: '2030-02-10' },
      ],
    });
    t.is(planned.status, 200, planned.text);

    const disguised = await leader.upload('/api/v1/staff/attachments', 'file', {
      name: '现场照片.png',
      content: Buffer.from('MZ this is a program, not a photo'),
      type: 'image/png',
    });
    t.is(disguised.status, 415);
    const photo = await leader.upload('/api/v1/staff/attachments', 'file', {
      name: '../../现场照片.png',
      content: onePixelPng,
      type: 'application/octet-stream',
    });
    t.is(photo.status, 201);
    t.like(photo.json, { fileName: '现场照片.png', mediaType: 'image/png', size: onePixelPng.length });
    // Until a visit names it, only the person who uploaded it may fetch it.
    t.is((await head.fetch(`/api/v1/staff/attachments/${photo.json.id}`)).status, 404);

    const visit = await leader.act(caseNumber, 'recordFieldVisit', {
      kind: 'visit',
      date: '2026-11-20',
      place: '城关镇新桥村村委会',
      met: '信访人及村委会主任',
      agreed: '月底前发放补偿款',
      attachmentIds: [photo.json.id],
    });
    t.is(visit.status, 200, visit.text);

    const shown = await head.get(`/api/v1/staff/cases/${caseNumber}`);
    t.like(shown.json.case.backlog, {
      reasons: ['office_decision'],
      flags: { manyYears: true },
      owner: { name: countyLeader.name },
      visits: 1,
    });
    t.is(shown.json.case.backlog.plan.version, 1);
    const recorded = shown.json.timeline.find((e: { type: string }) => e.type === 'field_visit_recorded');
    t.deepEqual(
      recorded.data.attachments.map((a: { fileName: string }) => a.fileName),
      ['现场照片.png'],
    );
    const download = await head.fetch(`/api/v1/staff/attachments/${photo.json.id}`);
    t.is(download.status, 200);
    t.deepEqual(Buffer.from(await download.arrayBuffer()), onePixelPng);
    t.is((await elsewhere.fetch(`/api/v1/staff/attachments/${photo.json.id}`)).status, 404);
    t.is((await app.orm.em.fork().findOneOrFail(Attachment, { id: photo.json.id })).caseNumber, caseNumber);

    const workspace = await leader.get('/api/v1/staff/leader/workspace');
    const mine = workspace.json.cases.find((c: { caseNumber: string }) => c.caseNumber === caseNumber);
    t.like(mine, { planVersion: 1, nextMilestone: { title: '核实占地面积', dueDate: '2030-01-10' } });
    t.is(workspace.json.superiorView.withoutPlan, 0);
    const owned = await head.get(`/api/v1/ledger?ownerLeaderId=${countyLeader.id}`);
    t.like(
      owned.json.items.find((c: { caseNumber: string }) => c.caseNumber === caseNumber),
      { backlog: true, owner: { name: countyLeader.name }, planVersion: 1, nextMilestoneDate: '2030-01-10' },
    );
    await keepHistory(
      app.temporal.workflow.getHandle(caseWorkflowId(caseNumber)),
      'dev-server-backlog-owned-plan-visit',
    );
  },
);

test.serial(
  'two leaders claiming the same backlog case at the same moment: one owns it, the other is told who does',
  async (t) => {
    const { app } = t.context;
    const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
    const leader = await signIn(app.baseUrl, demoAccount.leader('990101'));
    const deputy = await signIn(app.baseUrl, 'deputy.990101@demo.qingling.local');
    const caseNumber = await caseInHandling(app, clerk);
    await clerk.act(caseNumber, 'designateBacklog', { reason: '越级到县反映' });

    const claims = await Promise.all([
      leader.act(caseNumber, 'claimOwnership', {}),
      deputy.act(caseNumber, 'claimOwnership', {}),
    ]);
    t.deepEqual(claims.map((c) => c.status).sort(), [200, 409]);
    const refused = claims.find((c) => c.status === 409)!;
    t.regex(refused.json.error?.message ?? '', /^本案件已由.+包案，一案只能有一位包案领导$/);
    const row = await app.orm.em
      .fork()
      .findOneOrFail(PetitionCase, { caseNumber }, { populate: ['ownerLeader'] });
    t.truthy(row.ownerLeader);
  },
);
