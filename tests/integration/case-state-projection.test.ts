import anyTest, { type TestFn } from 'ava';
import { caseState } from '../../api/case-commands';
import { createLedgerActivities } from '../../activities/ledger';
import type { CaseState } from '../../domain/case-commands';
import { Department, ProjectedCaseState } from '../../db/entities';
import { eventually, startTestApp, startTestWorker, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { startTestServices, type TestServices } from '../helpers/services';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/**
 * The staff case page reads the case's state from its projection (case_state), written
 * with each event, instead of asking the workflow: the same page either way, and it
 * still lists what a person may do while no worker runs. A case without a projection
 * is asked as before.
 */
interface Context {
  services: TestServices;
  app: TestApp;
  stopWorker: () => Promise<void>;
  clerk: StaffSession;
  handler: StaffSession;
}
const test = anyTest as TestFn<Context>;

/** The case the office worked through triage, dispatch, extension and reply (the first test), and its page's actions then. */
let worked: { caseNumber: string; allowedActions: string[] } | undefined;

const township = '990101001'; // 城关镇
const village = '990101001002'; // 新桥村
const complainant = { name: '王明', phone: '13800000000', email: 'wangming@example.cn' };

test.before(async (t) => {
  t.context.services = await startTestServices({ database: 'demo' });
  // The worker runs on its own, so a test can stop it and leave the API up.
  t.context.app = await startTestApp(t.context.services, { worker: false });
  const { services, app } = t.context;
  const stop = await startTestWorker(services, app.orm, app.temporal);
  let stopping: Promise<void> | undefined;
  t.context.stopWorker = () => (stopping ??= stop());
  t.context.clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  t.context.handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
});

test.after.always(async (t) => {
  await t.context.stopWorker?.();
  await t.context.app?.stop();
  await t.context.services?.stop();
});

const projected = async (app: TestApp, caseNumber: string) =>
  (await app.orm.em.fork().findOne(ProjectedCaseState, { caseNumber }))?.state ?? null;

/** The projection once it has caught up with the workflow (a notice may still be recording its step). */
async function projectionInStep(app: TestApp, caseNumber: string): Promise<[CaseState, CaseState]> {
  return eventually(async () => {
    const [stored, live] = await Promise.all([
      projected(app, caseNumber),
      caseState(app.temporal, caseNumber),
    ]);
    return stored && live && stored.seq === live.seq ? ([stored, live] as [CaseState, CaseState]) : undefined;
  }, 30_000);
}

/**
 * The page as the projection gives it, then as the workflow's answer gives it: the
 * projection removed, as a case from before it has none; then put back.
 */
async function bothPages(app: TestApp, who: StaffSession, caseNumber: string) {
  const fromProjection = await who.get(`/api/v1/staff/cases/${caseNumber}`);
  const db = app.orm.em.getConnection();
  const [row] = await db.execute<{ seq: number; state: unknown }[]>(
    'delete from case_state where case_number = ? returning seq, state',
    [caseNumber],
  );
  const fromQuery = await who.get(`/api/v1/staff/cases/${caseNumber}`);
  await db.execute(
    'insert into case_state (case_number, seq, state) values (?, ?, ?) on conflict do nothing',
    [caseNumber, row!.seq, JSON.stringify(row!.state)],
  );
  return { fromProjection, fromQuery };
}

test.serial(
  'through triage, dispatch, extension and reply the projected state is the workflow’s own, and the case page from it is the page from the workflow’s answer',
  async (t) => {
    const { app, clerk, handler } = t.context;
    const answer = await postJson(
      `${app.baseUrl}/api/v1/petitions`,
      aPetition({ unitCode: village, complainant }),
    );
    const caseNumber = answer.json.caseNumber as string;
    const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
    const steps: [string, StaffSession, string, unknown][] = [
      ['triage', clerk, 'triage', { decision: 'accept' }],
      ['dispatch', clerk, 'dispatch', { departmentId: department.id }],
      ['extension', handler, 'requestExtension', { days: 20, reason: '需要现场测量' }],
      ['reply', handler, 'reply', { text: '经核实，补偿款已于本月发放到位。' }],
    ];
    /** The handler's page and the clerk's: between them, always something to do. */
    const check = async (step: string) => {
      const [stored, live] = await projectionInStep(app, caseNumber);
      t.deepEqual(stored, live, `after ${step} the projection holds the workflow's state`);
      const raw = JSON.stringify(stored);
      for (const identity of Object.values(complainant)) t.false(raw.includes(identity), 'no identity in it');
      const pages = [];
      for (const who of [handler, clerk]) {
        const { fromProjection, fromQuery } = await bothPages(app, who, caseNumber);
        t.is(fromProjection.status, 200);
        t.deepEqual(fromProjection.json, fromQuery.json, `after ${step} both pages agree`);
        pages.push(fromProjection.json);
      }
      t.true(
        pages.some((p) => p.allowedActions.length > 0),
        `after ${step} someone has something to do`,
      );
      return { handlerPage: pages[0], clerkPage: pages[1] };
    };

    const registered = await check('registration');
    t.true(registered.clerkPage.allowedActions.includes('triage'));
    let pages = registered;
    for (const [step, who, action, body] of steps) {
      const done = await who.act(caseNumber, action, body);
      t.is(done.status, 200, done.text);
      pages = await check(step);
      const page = who === handler ? pages.handlerPage : pages.clerkPage;
      // The command's own answer is the Update's state, as before.
      t.is(done.json.status, page.case.status);
      t.deepEqual(done.json.allowedActions, page.allowedActions);
    }
    const page = pages.clerkPage;
    t.is(page.case.status, 'replied');
    t.deepEqual(page.case.extension, { days: 20, reason: '需要现场测量', state: 'requested' });
    t.true(page.case.closeOut.gaps.length > 0, 'what the close-out still lacks comes from the state');
    t.true(page.allowedActions.length > 0);
    worked = { caseNumber, allowedActions: page.allowedActions };
  },
);

test.serial('an older event recorded again (a retry) leaves a newer projection as it is', async (t) => {
  const { app } = t.context;
  if (!worked) return t.fail('the worked case is missing: the test before failed');
  const [newer] = await projectionInStep(app, worked.caseNumber);
  const older: CaseState = { ...newer, seq: 2, status: 'accepted', repliedAt: null };
  await createLedgerActivities(app.orm).recordEvent({
    caseNumber: worked.caseNumber,
    seq: 2,
    type: 'accepted',
    occurredAt: new Date().toISOString(),
    actor: 'system',
    data: {},
    policyVersion: newer.policyVersion,
    snapshot: {
      status: 'accepted',
      handlingDepartmentId: null,
      nextDueAt: null,
      nextDueClock: null,
      deadlineProvisional: false,
      escalatedToUnitId: null,
      escalatedAt: null,
      acceptedAt: newer.acceptedAt,
      repliedAt: null,
      closedAt: null,
    },
    deadlines: [],
    state: older,
  });
  t.deepEqual(await projected(app, worked.caseNumber), newer);
});

test.serial(
  'with no worker running the case page still answers from the projection, with the actions listed',
  async (t) => {
    const { clerk } = t.context;
    if (!worked) return t.fail('the worked case is missing: the test before failed');
    const before = await clerk.get(`/api/v1/staff/cases/${worked.caseNumber}`);
    await t.context.stopWorker();

    const started = Date.now();
    const page = await clerk.get(`/api/v1/staff/cases/${worked.caseNumber}`);
    t.is(page.status, 200);
    // Asking the workflow without a worker waits out its patience (5 s) and lists nothing.
    t.true(Date.now() - started < 4_000, 'it did not wait for a workflow to answer');
    t.deepEqual(page.json.allowedActions, worked.allowedActions);
    t.true(page.json.allowedActions.length > 0);
    t.deepEqual(page.json, before.json);
  },
);
