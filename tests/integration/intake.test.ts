import anyTest, { type TestFn } from 'ava';
import { CaseEvent, PetitionCase, Receipt } from '../../db/entities';
import { caseWorkflowId } from '../../domain/case';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const registeredCase = (app: TestApp, caseNumber: string) =>
  eventually(
    async () =>
      (await app.orm.em.fork().findOne(PetitionCase, { caseNumber }, { populate: ['unit'] })) ?? undefined,
  );

test('a petition gets a case number and an access code, and its workflow registers it in the ledger', async (t) => {
  const { app } = t.context;
  const petition = aPetition();
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, petition);
  t.is(answer.status, 201);
  const caseNumber = answer.json.caseNumber as string;
  t.regex(caseNumber, /^QL\d{4}-\d{6}$/);
  t.regex(answer.json.accessCode as string, /^\d{4}( \d{4}){4}$/);

  const row = await registeredCase(app, caseNumber);
  t.is(row.status, 'registered');
  t.is(row.unit.code, petition.unitCode);
  t.is(row.complainantName, '王明');
  const events = await app.orm.em.fork().find(CaseEvent, { caseNumber });
  t.deepEqual(
    events.map((e) => [e.seq, e.type]),
    [[1, 'registered']],
  );
  const workflow = await app.temporal.workflow.getHandle(caseWorkflowId(caseNumber)).describe();
  t.is(workflow.status.name, 'RUNNING');
});

test('the access code is stored only as a hash', async (t) => {
  const { app } = t.context;
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
  const receipt = await app.orm.em
    .fork()
    .findOneOrFail(Receipt, { caseNumber: answer.json.caseNumber as string });
  const digits = (answer.json.accessCode as string).replace(/ /g, '');
  t.false(receipt.accessCodeHash.includes(digits));
  t.regex(receipt.accessCodeHash, /^\$argon2/);
});

test('the same submission sent twice gives the same case, one ledger row and one timeline entry', async (t) => {
  const { app } = t.context;
  const petition = aPetition();
  const [first, second] = await Promise.all([
    postJson(`${app.baseUrl}/api/v1/petitions`, petition),
    postJson(`${app.baseUrl}/api/v1/petitions`, petition),
  ]);
  const third = await postJson(`${app.baseUrl}/api/v1/petitions`, petition);
  t.deepEqual([first.status, second.status].sort(), [200, 201]);
  t.is(third.status, 200);
  t.is(first.json.caseNumber, second.json.caseNumber);
  t.is(first.json.caseNumber, third.json.caseNumber);
  t.is(first.json.accessCode, third.json.accessCode);
  const caseNumber = first.json.caseNumber as string;
  await registeredCase(app, caseNumber);
  const em = app.orm.em.fork();
  t.is(await em.count(PetitionCase, { caseNumber }), 1);
  t.is(await em.count(CaseEvent, { caseNumber }), 1);
  t.is(await em.count(Receipt, { caseNumber }), 1);
});

test('an Idempotency-Key header works as the submission key', async (t) => {
  const { app } = t.context;
  const { submissionKey, ...petition } = aPetition();
  const first = await postJson(`${app.baseUrl}/api/v1/petitions`, petition, {
    'idempotency-key': submissionKey,
  });
  const again = await postJson(`${app.baseUrl}/api/v1/petitions`, petition, {
    'idempotency-key': submissionKey,
  });
  t.is(first.status, 201);
  t.is(again.json.caseNumber, first.json.caseNumber);
});

test('a submission key reused for a different petition is refused with 409', async (t) => {
  const { app } = t.context;
  const petition = aPetition();
  await postJson(`${app.baseUrl}/api/v1/petitions`, petition);
  const changed = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    { ...petition, request: '另一个诉求' },
    { 'accept-language': 'en' },
  );
  t.is(changed.status, 409);
  t.is(changed.json.error?.code, 'submission_key_reused');
  t.regex(changed.json.error?.message ?? '', /already used for a different petition/);
});

test('the complainant reads status and timeline with the access code; a wrong or missing code reveals nothing', async (t) => {
  const { app } = t.context;
  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ anonymous: true, complainant: undefined }),
  );
  const caseNumber = answer.json.caseNumber as string;
  await registeredCase(app, caseNumber);

  const view = await fetch(`${app.baseUrl}/api/v1/cases/${caseNumber}`, {
    headers: { 'x-access-code': answer.json.accessCode as string },
  });
  t.is(view.status, 200);
  const body = (await view.json()) as { status: string; statusLabel: string; timeline: { type: string }[] };
  t.is(body.status, 'registered');
  t.is(body.statusLabel, '已登记');
  t.deepEqual(
    body.timeline.map((e) => e.type),
    ['registered'],
  );
  t.false(JSON.stringify(body).includes('王明'));

  const wrong = await fetch(`${app.baseUrl}/api/v1/cases/${caseNumber}`, {
    headers: { 'x-access-code': '0000 0000 0000 0000 0000' },
  });
  t.is(wrong.status, 404);
  const unknown = await fetch(`${app.baseUrl}/api/v1/cases/QL2026-999999`, {
    headers: { 'x-access-code': answer.json.accessCode as string },
  });
  t.is(unknown.status, 404);
  t.deepEqual(await wrong.json(), await unknown.json());
  const missing = await fetch(`${app.baseUrl}/api/v1/cases/${caseNumber}`);
  t.is(missing.status, 401);
});

test('the ledger lists cases with their unit, and a unit filter covers the units below it', async (t) => {
  const { app } = t.context;
  const inXishan = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: '990102002001' }));
  await registeredCase(app, inXishan.json.caseNumber as string);
  t.is((await fetch(`${app.baseUrl}/api/v1/ledger`)).status, 401, 'the ledger is for signed-in staff only');
  const province = await signIn(app.baseUrl, demoAccount.clerk('990000'));
  const county = (await province.get('/api/v1/ledger?unitCode=990102&pageSize=100')).json as {
    items: { caseNumber: string; unit: { name: string } }[];
    total: number;
  };
  t.is(county.total, 1);
  t.is(county.items[0]?.caseNumber, inXishan.json.caseNumber as string);
  t.is(county.items[0]?.unit.name, '云岭村');
  const other = (await province.get('/api/v1/ledger?unitCode=990101')).json as {
    items: { caseNumber: string }[];
  };
  t.false(other.items.some((c) => c.caseNumber === inXishan.json.caseNumber));
  const badFilter = await province.get('/api/v1/ledger?status=flying&pageSize=0');
  t.is(badFilter.status, 422);
});

test('the ledger summary counts cases by status and the unit list gives the tree', async (t) => {
  const { app } = t.context;
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
  await registeredCase(app, answer.json.caseNumber as string);
  const province = await signIn(app.baseUrl, demoAccount.clerk('990000'));
  const summary = await province.get('/api/v1/ledger/summary');
  t.is(summary.status, 200);
  const { byStatus } = summary.json as { byStatus: { status: string; count: number }[] };
  const registered = byStatus.find((row) => row.status === 'registered');
  t.true((registered?.count ?? 0) >= 1);
  t.true(
    byStatus.every((row) => ['received', 'registered'].includes(row.status) && Number.isInteger(row.count)),
  );

  const units = (await province.get('/api/v1/units')).json as {
    items: { code: string; name: string; parentCode: string | null }[];
  };
  t.is(units.items.find((u) => u.code === '990000')?.parentCode, null);
  t.is(units.items.find((u) => u.name === '新桥村')?.parentCode, '990101001');
});

test('health reports database, Temporal and SMTP each as ok', async (t) => {
  const response = await fetch(`${t.context.app.baseUrl}/healthz`);
  t.is(response.status, 200);
  t.deepEqual(await response.json(), {
    status: 'ok',
    checks: { database: 'ok', temporal: 'ok', smtp: 'ok' },
  });
});

test('health reports SMTP as failing when no mail server answers', async (t) => {
  const app = await startTestApp(t.context.services, { worker: false, smtpUrl: 'smtp://127.0.0.1:9' });
  try {
    const response = await fetch(`${app.baseUrl}/healthz`);
    t.is(response.status, 503);
    t.deepEqual(await response.json(), {
      status: 'failing',
      checks: { database: 'ok', temporal: 'ok', smtp: 'failing' },
    });
  } finally {
    await app.stop();
  }
});

test('the OpenAPI document describes the intake from the schema that validates it', async (t) => {
  const document = (await (await fetch(`${t.context.app.baseUrl}/api/v1/openapi.json`)).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
    components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
  };
  t.is(document.openapi, '3.1.0');
  t.truthy(document.paths['/api/v1/petitions']);
  t.truthy(document.paths['/api/v1/cases/{caseNumber}']);
  // The complainant's side and the reports are documented with the rest.
  for (const path of [
    '/api/v1/attachments',
    '/api/v1/cases/{caseNumber}/messages',
    '/api/v1/cases/{caseNumber}/look-back',
    '/api/v1/staff/close-out/run',
    '/api/v1/staff/look-back-campaigns',
  ]) {
    t.truthy(document.paths[path], path);
  }
  const petition = document.components.schemas.PetitionInput;
  t.deepEqual(petition?.required?.sort(), [
    'anonymous',
    'category',
    'place',
    'request',
    'submissionKey',
    'summary',
    'unitCode',
  ]);
});
