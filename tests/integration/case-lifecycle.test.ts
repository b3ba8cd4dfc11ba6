import anyTest, { type TestFn } from 'ava';
import { Department, PetitionCase } from '../../db/entities';
import { startCaseWorkflow } from '../../api/intake';
import { caseWorkflowId } from '../../domain/case';
import { eventually, taskQueue, type TestApp } from '../helpers/app';
import { aCase } from '../helpers/case-starts';
import { keepHistory } from '../helpers/histories';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001'; // 城关镇
const village = '990101001002'; // 新桥村

async function registered(app: TestApp) {
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: village }));
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  return { caseNumber, accessCode: answer.json.accessCode as string };
}

test('an office runs a case from triage to close-out through the API', async (t) => {
  const { app, services } = t.context;
  const { caseNumber, accessCode } = await registered(app);
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const head = await signIn(app.baseUrl, demoAccount.officeHead(township));
  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));

  const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  t.is(page.status, 200);
  t.deepEqual(page.json.allowedActions, [
    'triage',
    'addComplainantMessage',
    'joinOpenCase',
    'designateBacklog',
    // A case that belongs elsewhere goes to the unit it belongs to (移交).
    'handOver',
  ]);
  t.deepEqual(page.json.deadlines.map((d: { clock: string }) => d.clock).sort(), [
    'acceptanceNotice',
    'dispatch',
    'routing',
  ]);

  t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
  const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  const dispatched = await clerk.act(caseNumber, 'dispatch', { departmentId: department.id });
  t.is(dispatched.status, 200, dispatched.text);
  t.is(dispatched.json.status, 'in_handling');

  const queue = await handler.get('/api/v1/queues/department');
  t.true(queue.json.items.some((c: { caseNumber: string }) => c.caseNumber === caseNumber));

  const refused = await handler.act(caseNumber, 'decideExtension', { approve: true, reason: '同意延期' });
  t.is(refused.status, 403);
  t.is(refused.json.error?.message, '只有信访部门负责人可以审批延期');

  t.is((await handler.act(caseNumber, 'requestExtension', { days: 20, reason: '需要现场测量' })).status, 200);
  t.is((await head.act(caseNumber, 'decideExtension', { approve: true, reason: '同意' })).status, 200);
  const replied = await handler.act(caseNumber, 'reply', { text: '经核实，补偿款已于本月发放到位。' });
  t.is(replied.json.status, 'replied');

  const notInHandling = await handler.act(caseNumber, 'reportProgress', { note: '再次核实' });
  t.is(notInHandling.status, 409);
  t.regex(notInHandling.json.error?.message ?? '', /不能报告进展/);

  const evaluated = await postJson(
    `${app.baseUrl}/api/v1/cases/${caseNumber}/evaluation`,
    { satisfied: true },
    { 'x-access-code': accessCode },
  );
  t.is(evaluated.status, 200, evaluated.text);
  t.is(evaluated.json.status, 'close_out_pending');
  // 一周一销号: the township closes its week now, with the village below it; the case is struck off.
  const run = await head.post('/api/v1/staff/close-out/run', {});
  t.is(run.status, 200, run.text);
  t.true((run.json.struckOff as string[]).includes(caseNumber));

  const row = await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber });
  t.is(row.status, 'closed_out');
  const mails = services.smtp.received.filter((m) => m.subject?.includes(caseNumber));
  t.true(mails.some((m) => m.subject?.includes('已受理')));
  t.true(mails.some((m) => m.subject?.includes('延期办理告知')));
  t.true(mails.some((m) => m.subject?.includes('办理结果答复')));
});

test('on the real server a long-lived case continues as new when its history grows; commands go on and its timeline stays one', async (t) => {
  const { app } = t.context;
  // A history limit of 40 events stands in for Temporal's suggestion to continue as new.
  const start = aCase({ unitCode: township }, new Date().toISOString(), { historyEventLimit: 40 });
  await startCaseWorkflow({ temporal: app.temporal, taskQueue }, start);
  const { caseNumber } = start;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  const workflowId = caseWorkflowId(caseNumber);
  const firstRun = (await app.temporal.workflow.getHandle(workflowId).describe()).runId;
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
  const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
  t.is((await clerk.act(caseNumber, 'dispatch', { departmentId: department.id })).status, 200);
  for (let week = 1; week <= 8; week++) {
    const progress = await handler.act(caseNumber, 'reportProgress', { note: `第 ${week} 周进展` });
    t.is(progress.status, 200, progress.text);
  }
  const latest = app.temporal.workflow.getHandle(workflowId);
  t.not((await latest.describe()).runId, firstRun, 'the case runs on in a new run');
  const reply = await handler.act(caseNumber, 'reply', { text: '经核实，补偿款已足额发放。' });
  t.is(reply.status, 200, reply.text);
  t.is(reply.json.status, 'replied');
  const seqs = ((await clerk.get(`/api/v1/staff/cases/${caseNumber}`)).json.timeline as { seq: number }[])
    .map((e) => e.seq)
    .sort((a, b) => a - b);
  t.deepEqual(
    seqs,
    seqs.map((_, i) => i + 1),
    'one unbroken timeline across runs',
  );
  await keepHistory(app.temporal.workflow.getHandle(workflowId, firstRun), 'dev-server-long-life-first-run');
  await keepHistory(latest, 'dev-server-long-life-continued');
});
