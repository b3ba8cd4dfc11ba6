import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { Attachment, Department, PetitionCase, Unit } from '../../db/entities';
import { inOfficeTime } from '../../domain/time-zone';
import { eventually, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const county = '990101'; // 东湖县
const commission = '990101-jw'; // 东湖县纪委监委
const township = '990101001'; // 城关镇, where the accused works
const village = '990101001002'; // 新桥村

/** A JPEG by its first bytes, as the upload check reads the type from the content. */
const photo = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);

/** The 码上举报 form opened from the commission's poster, as a browser sends it. */
function reportForm(fields: Record<string, string>) {
  const form = new FormData();
  const all: Record<string, string> = {
    submissionKey: randomUUID(),
    via: 'qr',
    qrUnitCode: commission,
    kind: 'report',
    unitCode: township,
    category: 'discipline',
    place: '东湖县城关镇新桥村',
    summary: '镇党委副书记在发放新桥村征地补偿款时，以“手续费”名义扣下我家3900元。',
    request: '请查处并退还被扣的钱',
    identity: 'named',
    name: '赵大山',
    phone: '13900000001',
    email: 'zhaodashan@example.cn',
    accusedName: '李　建国',
    accusedPosition: '党委副书记',
    ...fields,
  };
  for (const [name, value] of Object.entries(all)) form.append(name, value);
  form.append('attachments', new Blob([new Uint8Array(photo())], { type: 'image/jpeg' }), 'receipt.jpg');
  return form;
}

async function submitReport(app: TestApp, fields: Record<string, string> = {}) {
  const response = await fetch(`${app.baseUrl}/petition`, {
    method: 'POST',
    body: reportForm(fields),
    headers: { 'accept-language': 'zh-CN' },
  });
  const html = await response.text();
  const caseNumber = /id="case-number">([^<]+)</.exec(html)?.[1] ?? '';
  const accessCode = /id="access-code">([^<]+)</.exec(html)?.[1] ?? '';
  const row = await eventually(
    async () =>
      (await app.orm.em.fork().findOne(PetitionCase, { caseNumber }, { populate: ['unit'] })) ?? undefined,
  );
  return { status: response.status, html, caseNumber, accessCode, row };
}

const statusPage = async (app: TestApp, caseNumber: string, accessCode: string) => {
  const response = await fetch(`${app.baseUrl}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'zh-CN' },
    body: new URLSearchParams({ caseNumber, accessCode }).toString(),
  });
  return response.text();
};

/** Every way a person of the accused township could come upon the case. */
async function seesNothing(
  t: { false(v: boolean, m?: string): void; is(a: unknown, b: unknown, m?: string): void },
  who: StaffSession,
  caseNumber: string,
  attachmentId: string,
) {
  const has = (items: { caseNumber: string }[] | undefined) =>
    (items ?? []).some((c) => c.caseNumber === caseNumber);
  t.false(has((await who.get('/api/v1/ledger?pageSize=100')).json.items), `${who.email}: ledger`);
  const summary = (await who.get('/api/v1/ledger/summary')).json.byStatus as { count: number }[];
  const total = summary.reduce((sum, s) => sum + s.count, 0);
  t.is((await who.get('/api/v1/ledger?pageSize=1')).json.total, total, `${who.email}: summary counts`);
  t.false(has((await who.get('/api/v1/queues/department')).json.items), `${who.email}: department queue`);
  t.false(has((await who.get('/api/v1/staff/discipline/queue')).json.items), `${who.email}: report queue`);
  t.is((await who.get(`/api/v1/staff/cases/${caseNumber}`)).status, 404, `${who.email}: case page`);
  t.is((await who.get(`/api/v1/staff/cases/${caseNumber}/mails`)).status, 404, `${who.email}: mails`);
  t.is(
    (await who.get(`/api/v1/staff/cases/${caseNumber}/likely-repeats`)).status,
    404,
    `${who.email}: repeats`,
  );
  t.is((await who.fetch(`/api/v1/staff/attachments/${attachmentId}`)).status, 404, `${who.email}: file`);
  const month = inOfficeTime(new Date()).format('YYYY-MM');
  const bulletin = await who.get(`/api/v1/staff/bulletins/${month}`);
  t.false(JSON.stringify(bulletin.json ?? {}).includes(caseNumber), `${who.email}: bulletin`);
  for (const [action, body] of [
    ['triage', { decision: 'accept' }],
    ['reply', { text: '经核实，没有这回事。' }],
    ['requestExtension', { days: 10, reason: '需要时间' }],
    ['classifyReport', { disposal: 'close', reason: '没有问题' }],
  ] as const) {
    const refused = await who.act(caseNumber, action, body);
    t.is(refused.status, 404, `${who.email}: ${action}`);
  }
}

test('the Yanyuan report through the county commission’s QR form reaches only the commission, which accepts, verifies, finds it true and opens a case', async (t) => {
  const { app } = t.context;
  const form = await fetch(`${app.baseUrl}/?unit=${commission}&via=qr`).then((r) => r.text());
  t.regex(form, /id="kind-report"[^>]*checked/);
  t.true(form.includes('城关镇'));
  t.false(form.includes('纪委监委</option>'), 'a discipline body is never offered as a place');
  t.false(form.includes('西山县'), 'the poster covers its own county only');

  const report = await submitReport(app);
  t.is(report.status, 200, report.html);
  t.is(report.row.unit.code, commission);
  t.is(report.row.kind, 'report');
  t.is(report.row.channel, 'qr');
  t.is(report.row.accusedName, '李　建国');
  t.is(report.row.accusedPosition, '党委副书记');
  const raw = await app.orm.em
    .getConnection()
    .execute<{ accused_name: string; accused_name_index: string }[]>(
      'select accused_name, accused_name_index from petition_case where case_number = ?',
      [report.caseNumber],
    );
  t.regex(raw[0]!.accused_name, /^enc:v1:/, 'the accused’s name is encrypted at rest');
  t.false(raw[0]!.accused_name_index.includes('建国'));
  const file = await app.orm.em.fork().findOneOrFail(Attachment, { caseNumber: report.caseNumber });

  const { caseNumber, accessCode } = report;
  const accusedSide = [
    demoAccount.clerk(township),
    demoAccount.officeHead(township),
    demoAccount.leader(township),
    demoAccount.handler(`${township}-zz`),
    demoAccount.handler(`${township}-ny`),
    demoAccount.clerk(village),
    demoAccount.officeHead(county),
    demoAccount.leader(county),
  ];
  for (const email of accusedSide)
    await seesNothing(t, await signIn(app.baseUrl, email), caseNumber, file.id);

  const clerk = await signIn(app.baseUrl, demoAccount.clerk(commission));
  const head = await signIn(app.baseUrl, demoAccount.officeHead(commission));
  const queue = await clerk.get('/api/v1/staff/discipline/queue');
  t.true(queue.json.items.some((c: { caseNumber: string }) => c.caseNumber === caseNumber));
  const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  t.is(page.status, 200);
  t.like(page.json.case.report.accused, {
    name: '李　建国',
    position: '党委副书记',
    unit: { code: township },
  });
  t.deepEqual(page.json.deadlines.map((d: { clock: string }) => d.clock).sort(), [
    'acceptanceNotice',
    'disciplineAcceptance',
  ]);
  const acceptance = page.json.deadlines.find((d: { clock: string }) => d.clock === 'disciplineAcceptance');
  t.true(Date.parse(acceptance.dueAt) - Date.parse(page.json.case.receivedAt) >= 5 * 86_400_000);
  t.true(
    (await clerk.get(`/api/v1/staff/attachments/${file.id}`)).status === 200,
    'the commission opens the photo',
  );

  t.is(
    (await clerk.act(caseNumber, 'setReportUrgency', { urgent: true, reason: '群众反映强烈' })).status,
    200,
  );
  const accepted = await clerk.act(caseNumber, 'triage', { decision: 'accept' });
  t.is(accepted.status, 200, accepted.text);
  t.is(accepted.json.status, 'in_handling');
  t.is(
    (await head.act(caseNumber, 'concludeReport', { finding: 'substantiated', summary: '属实' })).status,
    409,
  );
  const classified = await clerk.act(caseNumber, 'classifyReport', {
    disposal: 'preliminary_verification',
    reason: '反映问题具体，具有可查性',
  });
  t.is(classified.status, 200, classified.text);
  const byClerk = await clerk.act(caseNumber, 'concludeReport', {
    finding: 'substantiated',
    summary: '属实',
  });
  t.is(byClerk.status, 403);
  const noCase = await head.act(caseNumber, 'concludeReport', {
    finding: 'unsubstantiated',
    summary: '经初步核实，反映问题不属实',
    caseOpened: '东纪立〔2026〕12号',
  });
  t.is(noCase.status, 422);
  const concluded = await head.act(caseNumber, 'concludeReport', {
    finding: 'substantiated',
    summary: '经初步核实，反映问题属实，已立案审查',
    caseOpened: '东纪立〔2026〕12号',
    sanction: 'party_discipline',
  });
  t.is(concluded.status, 200, concluded.text);
  t.is(concluded.json.status, 'replied');
  const row = await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber });
  t.like(row, { disposal: 'preliminary_verification', finding: 'substantiated', urgent: true });
  const afterwards = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  t.like(afterwards.json.case.report.conclusion, {
    finding: 'substantiated',
    caseOpened: '东纪立〔2026〕12号',
  });
  // A real-name reporter is owed feedback within 15 working days of conclusion.
  t.true(
    afterwards.json.deadlines.some(
      (d: { clock: string; state: string }) => d.clock === 'replyDelivery' && d.state === 'running',
    ),
  );
  const stopped = afterwards.json.deadlines.find(
    (d: { clock: string }) => d.clock === 'disciplineAcceptance',
  );
  t.is(stopped.state, 'met');

  const status = await statusPage(app, caseNumber, accessCode);
  t.true(status.includes('反映的问题属实，已依规依纪依法处理'), status);
  t.true(status.includes('东湖县纪委监委'));
  t.false(status.includes('李'), 'the status page never names the accused');
  t.false(status.includes('东纪立'), 'nor the case opened');

  const preview = await head.get('/api/v1/staff/close-out/preview');
  t.is(preview.status, 200);
  t.true(preview.json.figures.newCases >= 1, 'the week counts the report for the commission');
  const townshipPreview = await (
    await signIn(app.baseUrl, demoAccount.officeHead(township))
  ).get('/api/v1/staff/close-out/preview');
  const countyUnit = await app.orm.em.fork().findOneOrFail(Unit, { code: commission });
  t.is(countyUnit.kind, 'discipline');
  t.is(townshipPreview.json.figures.newCases, 0);
});

test('a report against the township’s own head goes to the level above, against a county department to its 派驻组', async (t) => {
  const { app } = t.context;
  const head = await submitReport(app, {
    accusedName: '王强',
    accusedPosition: '镇长',
    accusedIsHead: 'yes',
  });
  t.is(head.row.unit.code, '990100-jw', 'the city commission, a level above the county’s');
  t.true(head.row.accusedIsHead);

  const clerk = await signIn(app.baseUrl, demoAccount.clerk(county));
  const em = app.orm.em.fork();
  const housing = await em.findOneOrFail(Department, { code: `${county}-zj` });
  const labour = await em.findOneOrFail(Department, { code: `${county}-rs` });
  const byLetter = async (departmentId: number) => {
    const answer = await clerk.post('/api/v1/staff/petitions', {
      ...aPetition({ unitCode: county, category: 'discipline', kind: 'report' }),
      channel: 'letter',
      accused: { unitCode: county, departmentId, name: '陈伟', position: '副局长' },
    });
    t.is(answer.status, 201, answer.text);
    return eventually(
      async () =>
        (await app.orm.em
          .fork()
          .findOne(PetitionCase, { caseNumber: answer.json.caseNumber as string }, { populate: ['unit'] })) ??
        undefined,
    );
  };
  t.is((await byLetter(housing.id)).unit.code, `${county}-jw-zj`, 'its 派驻纪检监察组');
  t.is((await byLetter(labour.id)).unit.code, commission, 'no group at the bureau: the commission');
  // The registering county office handed it on and does not hold it.
  const mine = await clerk.get('/api/v1/ledger?pageSize=100');
  t.false(mine.json.items.some((c: { kind: string }) => c.kind === 'report'));
});

test('the administrator sends a township’s reports elsewhere and back to the default from the tree', async (t) => {
  const { app } = t.context;
  const admin = await signIn(app.baseUrl, demoAccount.admin('990000'));
  const table = await admin.get('/api/v1/admin/discipline-jurisdiction');
  t.is(table.status, 200);
  const line = (items: { unit: { code: string }; department: unknown; body: { code: string } | null }[]) =>
    items.find((l) => l.unit.code === '990101002' && l.department === null);
  t.is(line(table.json.items)?.body?.code, commission);
  const changed = await admin.put('/api/v1/admin/discipline-jurisdiction', {
    unitCode: '990101002',
    disciplineUnitCode: '990100-jw',
  });
  t.is(changed.status, 200);
  t.is(line(changed.json.items)?.body?.code, '990100-jw');
  const report = await postJson(`${app.baseUrl}/api/v1/petitions`, {
    ...aPetition({ unitCode: '990101002', kind: 'report', category: 'discipline' }),
    accused: { name: '刘敏', position: '乡长助理' },
  });
  t.is(report.status, 201, report.text);
  const row = await eventually(
    async () =>
      (await app.orm.em
        .fork()
        .findOne(PetitionCase, { caseNumber: report.json.caseNumber as string }, { populate: ['unit'] })) ??
      undefined,
  );
  t.is(row.unit.code, '990100-jw');
  const restored = await admin.delete('/api/v1/admin/discipline-jurisdiction?unitCode=990101002');
  t.is(line(restored.json.items)?.body?.code, commission);
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  t.is((await clerk.get('/api/v1/admin/discipline-jurisdiction')).status, 403);
});

test('a report must say whom it is about, and a petition names nobody', async (t) => {
  const { app } = t.context;
  const noAccused = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ kind: 'report' }), {
    'accept-language': 'zh-CN',
  });
  t.is(noAccused.status, 422);
  t.true(noAccused.text.includes('被反映人'));
  const petitionWithAccused = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    { ...aPetition(), accused: { name: '某某' } },
    { 'accept-language': 'en' },
  );
  t.is(petitionWithAccused.status, 422);
  const toBody = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: commission }));
  t.is(toBody.status, 422, 'a discipline body is not a place');
});
