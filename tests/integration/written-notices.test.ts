import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { caseState } from '../../api/case-commands';
import { CaseDeadline, CaseEvent, Department, StaffMember } from '../../db/entities';
import { caseWorkflowId } from '../../domain/case';
import type { WrittenNoticeKind } from '../../domain/written-notices';
import { eventually } from '../helpers/app';
import { docxText, pdfText } from '../helpers/document-text';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001'; // 城关镇
const county = '990101'; // 东湖县
const city = '990100'; // 清源市
const village = '990101001002'; // 新桥村

type T = ExecutionContext<StackContext>;

/** A named petition to 城关镇 from someone with a phone and no e-mail: the office owes them paper. */
async function registered(t: T, overrides: Record<string, unknown> = {}): Promise<string> {
  const { app } = t.context;
  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({
      unitCode: township,
      place: '东湖县城关镇',
      complainant: { name: '李华', phone: '13900000000' },
      ...overrides,
    }),
  );
  t.is(answer.status, 201, answer.text);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () => {
    const state = await caseState(app.temporal, caseNumber);
    return state?.status === 'registered' ? true : undefined;
  }, 60_000);
  return caseNumber;
}

async function act(t: T, who: StaffSession, caseNumber: string, action: string, body: unknown) {
  const answer = await who.act(caseNumber, action, body);
  t.is(answer.status, 200, `${action}: ${answer.text}`);
}

const issue = (who: StaffSession, caseNumber: string, kind: WrittenNoticeKind, body: unknown = {}) =>
  who.post(`/api/v1/staff/cases/${caseNumber}/written-notices/${kind}`, body);

async function download(who: StaffSession, caseNumber: string, id: number, format: 'pdf' | 'docx') {
  const answer = await who.fetch(`/api/v1/staff/cases/${caseNumber}/written-notices/${id}/${format}`);
  if (answer.status !== 200) throw new Error(`download ${format}: ${answer.status} ${await answer.text()}`);
  const bytes = Buffer.from(await answer.arrayBuffer());
  return format === 'pdf' ? pdfText(bytes) : docxText(bytes);
}

/** Issues a kind and reads it back from both files: the number, the case and the facts it must tell. */
async function issuedAndRead(
  t: T,
  who: StaffSession,
  caseNumber: string,
  kind: WrittenNoticeKind,
  facts: string[],
) {
  const answer = await issue(who, caseNumber, kind);
  t.is(answer.status, 201, `${kind}: ${answer.text}`);
  const notice = answer.json as { id: number; documentNumber: string; onTimeline: boolean };
  t.regex(notice.documentNumber, /^.+信访〔\d{4}〕\d+号$/, kind);
  t.true(notice.onTimeline, `${kind} is on the timeline`);
  for (const format of ['pdf', 'docx'] as const) {
    const text = await download(who, caseNumber, notice.id, format);
    for (const fact of [notice.documentNumber, caseNumber, ...facts]) {
      t.true(text.includes(fact), `${kind} ${format} tells ${fact}: ${text}`);
    }
  }
  return notice;
}

const deadlineState = async (t: T, caseNumber: string, clock: string) =>
  (await t.context.app.orm.em.fork().findOne(CaseDeadline, { caseNumber, clock: clock as never }))?.state;

test('each kind of written notice is generated from the case, numbered, on the timeline, and reads back from its PDF and DOCX with the facts', async (t) => {
  const { app } = t.context;
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const head = await signIn(app.baseUrl, demoAccount.officeHead(township));
  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
  const countyHead = await signIn(app.baseUrl, demoAccount.officeHead(county));
  const cityHead = await signIn(app.baseUrl, demoAccount.officeHead(city));
  const caseNumber = await registered(t);

  const before = await clerk.get(`/api/v1/staff/cases/${caseNumber}/written-notices`);
  t.deepEqual(before.json, { available: [], notices: [] });
  const early = await issue(clerk, caseNumber, 'acceptance');
  t.is(early.status, 409);
  t.regex(early.json.error?.message ?? '', /不能制发受理告知书/);

  await act(t, clerk, caseNumber, 'triage', { decision: 'accept' });
  await issuedAndRead(t, clerk, caseNumber, 'acceptance', ['李华：', '信访事项受理告知书']);
  const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  await act(t, clerk, caseNumber, 'dispatch', { departmentId: department.id, instructions: '请实地核查' });
  await issuedAndRead(t, clerk, caseNumber, 'forward_letter', ['城关镇综治中心：', '请实地核查']);
  await act(t, handler, caseNumber, 'requestExtension', { days: 20, reason: '需要现场测量' });
  await act(t, head, caseNumber, 'decideExtension', { approve: true, reason: '同意' });
  await issuedAndRead(t, clerk, caseNumber, 'extension', ['需要现场测量', '延长20日']);
  await act(t, handler, caseNumber, 'reply', { text: '经核实，补偿款已于本月发放到位。' });
  const opinion = await issuedAndRead(t, clerk, caseNumber, 'handling_opinion', [
    '经核实，补偿款已于本月发放到位。',
  ]);
  // 送达 of the handling opinion is the reply's delivery: the window to ask for review opens.
  t.is(await deadlineState(t, caseNumber, 'replyDelivery'), 'running');
  const delivered = await clerk.post(
    `/api/v1/staff/cases/${caseNumber}/written-notices/${opinion.id}/delivery`,
    {
      method: 'post',
      deliveredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
      deliveredBy: '村文书张强',
    },
  );
  t.is(delivered.status, 200, delivered.text);
  t.like(delivered.json.delivery, { method: 'post', deliveredBy: '村文书张强' });
  t.is(await deadlineState(t, caseNumber, 'replyDelivery'), 'met');
  t.is(await deadlineState(t, caseNumber, 'reviewRequest'), 'running');

  await act(t, clerk, caseNumber, 'requestReview', { reason: '补偿标准偏低' });
  await act(t, countyHead, caseNumber, 'decideReview', { upheld: true, opinion: '原处理意见事实清楚' });
  const byTownship = await issue(clerk, caseNumber, 'review_opinion');
  t.is(byTownship.status, 403, '复查意见书 is the county office’s document');
  await issuedAndRead(t, countyHead, caseNumber, 'review_opinion', ['原处理意见事实清楚', '维持原处理意见']);
  await act(t, clerk, caseNumber, 'requestReReview', { reason: '仍不认可' });
  await act(t, cityHead, caseNumber, 'decideReReview', { upheld: true, opinion: '复查意见正确' });
  await issuedAndRead(t, cityHead, caseNumber, 're_review_opinion', ['复查意见正确', '维持复查意见']);

  const events = await app.orm.em.fork().find(CaseEvent, { caseNumber, type: 'written_notice_issued' });
  t.deepEqual(events.map((e) => e.data.kind).sort(), [
    'acceptance',
    'extension',
    'forward_letter',
    'handling_opinion',
    're_review_opinion',
    'review_opinion',
  ]);
  const listed = await clerk.get(`/api/v1/staff/cases/${caseNumber}/written-notices`);
  t.is(listed.json.notices.length, 6);
});

test('a case not accepted, whose workflow has ended, gets its 不予受理告知书 with the reason, on its timeline', async (t) => {
  const { app } = t.context;
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const caseNumber = await registered(t);
  await act(t, clerk, caseNumber, 'triage', { decision: 'not_accept', reason: '已经人民法院判决' });
  await app.temporal.workflow.getHandle(caseWorkflowId(caseNumber)).result();
  await issuedAndRead(t, clerk, caseNumber, 'not_accepted', ['已经人民法院判决', '李华：']);
  const events = await app.orm.em.fork().find(CaseEvent, { caseNumber }, { orderBy: { seq: 'asc' } });
  t.deepEqual(
    events.map((e) => e.type),
    ['registered', 'not_accepted', 'written_notice_issued'],
  );
  t.deepEqual(
    events.map((e) => e.seq),
    [1, 2, 3],
  );
});

test('an anonymous complainant is addressed as 信访人', async (t) => {
  const { app } = t.context;
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const caseNumber = await registered(t, { anonymous: true, complainant: undefined });
  await act(t, clerk, caseNumber, 'triage', { decision: 'accept' });
  await issuedAndRead(t, clerk, caseNumber, 'acceptance', ['信访人：']);
});

test('generating again gives the same number and document; only a corrected notice takes a new number', async (t) => {
  const { app } = t.context;
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const head = await signIn(app.baseUrl, demoAccount.officeHead(township));
  const caseNumber = await registered(t);
  await act(t, clerk, caseNumber, 'triage', { decision: 'accept' });
  const first = await issue(clerk, caseNumber, 'acceptance');
  const again = await issue(head, caseNumber, 'acceptance');
  t.is(first.status, 201);
  t.is(again.status, 200);
  t.is(again.json.id, first.json.id);
  t.is(again.json.documentNumber, first.json.documentNumber);
  const corrected = await issue(head, caseNumber, 'acceptance', { corrected: true });
  t.is(corrected.status, 201);
  t.is(corrected.json.revision, 2);
  t.not(corrected.json.documentNumber, first.json.documentNumber);
  const issued = await app.orm.em.fork().find(CaseEvent, { caseNumber, type: 'written_notice_issued' });
  t.is(issued.length, 2, 'the first and the corrected one, each once');

  // Printing the complainant's name is a look at their identity, and recorded as one.
  t.true((await download(clerk, caseNumber, first.json.id as number, 'pdf')).includes('李华：'));
  const looks = await app.orm.em
    .fork()
    .getConnection()
    .execute<{ reason: string }[]>(
      "select reason from identity_audit where case_number = ? and action = 'identity_view'",
      [caseNumber],
    );
  t.deepEqual(
    looks.map((l) => l.reason),
    [`打印文书 ${String(first.json.documentNumber)}`],
  );
});

const serialOf = (documentNumber: string) => Number(/〕(\d+)号$/.exec(documentNumber)?.[1]);

// Serial: no other test of this file may take 城关镇's numbers in between.
test.serial(
  'two clerks generating at once get two consecutive numbers for two cases, and one number for the same case and kind',
  async (t) => {
    const { app } = t.context;
    const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
    const head = await signIn(app.baseUrl, demoAccount.officeHead(township));
    const [a, b, c] = await Promise.all([registered(t), registered(t), registered(t)]);
    for (const caseNumber of [a!, b!, c!]) await act(t, clerk, caseNumber, 'triage', { decision: 'accept' });

    const [forA, forB] = await Promise.all([issue(clerk, a!, 'acceptance'), issue(head, b!, 'acceptance')]);
    t.is(forA.status, 201, forA.text);
    t.is(forB.status, 201, forB.text);
    const serials = [
      serialOf(forA.json.documentNumber as string),
      serialOf(forB.json.documentNumber as string),
    ];
    t.is(Math.abs(serials[0]! - serials[1]!), 1, `consecutive: ${serials.join(', ')}`);

    const [one, other] = await Promise.all([issue(clerk, c!, 'acceptance'), issue(head, c!, 'acceptance')]);
    t.deepEqual([one.status, other.status].sort(), [200, 201]);
    t.is(one.json.documentNumber, other.json.documentNumber);
    t.is(serialOf(one.json.documentNumber as string), Math.max(...serials) + 1, 'no number lost to the race');
    const issued = await app.orm.em.fork().find(CaseEvent, { caseNumber: c!, type: 'written_notice_issued' });
    t.is(issued.length, 1);
  },
);

test("recording the acceptance notice's delivery stops the acceptance-notice clock; an e-mailed acceptance stops it at once", async (t) => {
  const { app } = t.context;
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const onPaper = await registered(t);
  const byMail = await registered(t, {
    complainant: { name: '王明', phone: '13800000000', email: 'wm@example.cn' },
  });
  await act(t, clerk, onPaper, 'triage', { decision: 'accept' });
  await act(t, clerk, byMail, 'triage', { decision: 'accept' });
  t.is(await deadlineState(t, byMail, 'acceptanceNotice'), 'met');
  t.is(await deadlineState(t, onPaper, 'acceptanceNotice'), 'running');

  const notice = await issue(clerk, onPaper, 'acceptance');
  const path = `/api/v1/staff/cases/${onPaper}/written-notices/${notice.json.id}/delivery`;
  const tomorrow = new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10);
  const future = await clerk.post(path, { method: 'in_person', deliveredOn: tomorrow });
  t.is(future.status, 422);
  t.regex(future.json.error?.details?.[0]?.message ?? '', /送达日期应在制发日期/);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const answer = await clerk.post(path, { method: 'in_person', deliveredOn: today });
  t.is(answer.status, 200, answer.text);
  t.is(await deadlineState(t, onPaper, 'acceptanceNotice'), 'met');
  const state = await caseState(app.temporal, onPaper);
  t.false('acceptanceNotice' in (state?.deadlines ?? {}));
  const events = await app.orm.em
    .fork()
    .find(CaseEvent, { caseNumber: onPaper, type: 'written_notice_delivered' });
  const clerkName = (await app.orm.em.fork().findOneOrFail(StaffMember, { email: clerk.email })).name;
  t.like(events[0]?.data, {
    kind: 'acceptance',
    method: 'in_person',
    deliveredOn: today,
    deliveredBy: clerkName,
  });
  const twice = await clerk.post(path, { method: 'post', deliveredOn: today });
  t.is(twice.status, 409);
});

test('templates: an unknown or missing placeholder is refused by name in the user’s language; a saved body is what the next notice says', async (t) => {
  const { app } = t.context;
  const admin = await signIn(app.baseUrl, demoAccount.admin('990000'));
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const path = '/api/v1/admin/written-notices/templates/acceptance';
  const unknown = await admin.put(path, {
    body: '编号{{caseNumber}}于{{acceptedDate}}受理。{{complainantName}}',
  });
  t.is(unknown.status, 422);
  t.regex(unknown.json.error.details[0].message, /占位符 \{\{complainantName\}\} 不能用于这类文书/);
  const missing = await admin.put(path, { body: '你的信访事项{{caseNumber}}已受理。' });
  t.is(missing.status, 422);
  t.regex(missing.json.error.details[0].message, /必须包含占位符 \{\{acceptedDate\}\}/);
  const english = await fetch(`${app.baseUrl}${path}`, {
    method: 'PUT',
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrfToken,
      'content-type': 'application/json',
      'accept-language': 'en',
    },
    body: JSON.stringify({ body: '{{caseNumber}}' }),
  });
  const englishAnswer = (await english.json()) as { error: { details: { message: string }[] } };
  t.regex(englishAnswer.error.details[0]!.message, /must use the placeholder \{\{acceptedDate\}\}/);

  const saved = await admin.put(path, {
    body: '兹告知：{{caseNumber}}号事项已于{{acceptedDate}}受理，特此告知。',
  });
  t.is(saved.status, 200);
  const listed = await admin.get('/api/v1/admin/written-notices/templates');
  t.like(
    listed.json.templates.find((x: { kind: string }) => x.kind === 'acceptance'),
    { custom: true },
  );
  const caseNumber = await registered(t);
  await act(t, clerk, caseNumber, 'triage', { decision: 'accept' });
  await issuedAndRead(t, clerk, caseNumber, 'acceptance', [`兹告知：${caseNumber}号事项已于`]);
  t.is((await admin.delete(path)).status, 204);
});

test('the accused unit does not see the case’s notices at all (Art. 30)', async (t) => {
  const { app } = t.context;
  const villageClerk = await signIn(app.baseUrl, demoAccount.clerk(village));
  const townshipClerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const answer = await villageClerk.post('/api/v1/staff/petitions', {
    channel: 'visit',
    ...aPetition({ unitCode: village }),
    accused: { unitCode: township },
  });
  t.is(answer.status, 201, answer.text);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await caseState(app.temporal, caseNumber))?.status === 'registered' ? true : undefined,
  );
  await act(t, villageClerk, caseNumber, 'triage', { decision: 'accept' });
  t.is((await issue(villageClerk, caseNumber, 'acceptance')).status, 201);
  const list = await townshipClerk.get(`/api/v1/staff/cases/${caseNumber}/written-notices`);
  t.is(list.status, 404);
  t.is((await issue(townshipClerk, caseNumber, 'acceptance')).status, 404);
});
