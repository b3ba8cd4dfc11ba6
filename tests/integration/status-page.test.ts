import anyTest, { type TestFn } from 'ava';
import { CaseDeadline, Department, PetitionCase, StaffMember } from '../../db/entities';
import { eventually, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';
import { keepHistory } from '../helpers/histories';
import { caseWorkflowId } from '../../domain/case';

const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001'; // 城关镇
const village = '990101001002'; // 新桥村

/** A 1×1 PNG. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function registered(app: TestApp) {
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: village }));
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  return { caseNumber, accessCode: answer.json.accessCode as string };
}

/** A form posted as a browser sends it (urlencoded), answered by a page. */
async function postForm(app: TestApp, path: string, fields: Record<string, string>) {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'accept-language': 'zh-CN' },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

test('the complainant follows the case, writes, evaluates and asks for review on the status page', async (t) => {
  const { app } = t.context;
  const { caseNumber, accessCode } = await registered(app);
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const handler = await signIn(app.baseUrl, demoAccount.handler(`${township}-zz`));
  const ids = { caseNumber, accessCode };

  const first = await postForm(app, '/status', ids);
  t.is(first.status, 200, first.html);
  t.is(first.headers.get('cache-control'), 'no-store');
  t.true(first.html.includes('已登记'));
  t.regex(first.html, /id="by-when">\d{4}-\d{2}-\d{2}</);
  t.false(first.html.includes('<script'));

  t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);
  const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  t.is((await clerk.act(caseNumber, 'dispatch', { departmentId: department.id })).status, 200);
  const replyText = '经核实，补偿款已于本月发放到位。';
  t.is((await handler.act(caseNumber, 'reply', { text: replyText })).status, 200);

  const replied = await postForm(app, '/status', ids);
  t.is(replied.status, 200);
  t.true(replied.html.includes(replyText));
  t.true(replied.html.includes('<dd id="case-status">已答复</dd>'));
  const staff = await app.orm.em.fork().find(StaffMember, {});
  for (const person of staff) {
    t.false(replied.html.includes(person.email), `shows ${person.email}`);
    t.false(replied.html.includes(person.name), `shows ${person.name}`);
  }
  t.false(/staff:\d+/.test(replied.html));

  // A message with a photo, as the multipart form sends it.
  const form = new FormData();
  form.append('caseNumber', caseNumber);
  form.append('accessCode', accessCode);
  form.append('text', '补充一张现场照片。');
  form.append('files', new Blob([png], { type: 'image/png' }), '现场.png');
  const sent = await fetch(`${app.baseUrl}/status/message`, {
    method: 'POST',
    headers: { 'accept-language': 'zh-CN' },
    body: form,
  });
  const sentHtml = await sent.text();
  t.is(sent.status, 200, sentHtml);
  t.true(sentHtml.includes('您的留言已提交'));
  t.true(sentHtml.includes('补充一张现场照片。'));
  t.true(sentHtml.includes('现场.png'));
  const casePage = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
  const message = (casePage.json.timeline as { type: string; data: Record<string, unknown> }[]).find(
    (e) => e.type === 'complainant_message',
  );
  t.truthy(message);
  t.is(message?.data.text, '补充一张现场照片。');
  t.like((message?.data.attachments as unknown[])[0], { fileName: '现场.png', mediaType: 'image/png' });

  // Not satisfied needs a reason.
  const noReason = await postForm(app, '/status/evaluation', { ...ids, satisfied: 'no' });
  t.is(noReason.status, 422);
  t.true(noReason.html.includes('请写明不满意的理由'));
  // The reason's field says so itself, and the summary at the top links to it.
  t.regex(
    noReason.html,
    /<textarea name="comment"[^>]* id="field-evaluation-comment" aria-invalid="true" aria-describedby="evaluation-comment-problem">/,
  );
  t.regex(noReason.html, /<p class="field-problem" id="evaluation-comment-problem">请写明不满意的理由/);
  t.true(noReason.html.includes('<a href="#field-evaluation-comment">'));

  const unsatisfied = await postForm(app, '/status/evaluation', {
    ...ids,
    satisfied: 'no',
    comment: '补偿金额与标准不符。',
  });
  t.is(unsatisfied.status, 200, unsatisfied.html);
  t.true(unsatisfied.html.includes('已记录您的不满意评价'));
  const window = await app.orm.em.fork().findOneOrFail(CaseDeadline, { caseNumber, clock: 'reviewRequest' });
  t.true(unsatisfied.html.includes(`最迟在 ${window.dueDate} 前提出`), unsatisfied.html);
  t.true(unsatisfied.html.includes('action="/status/review-request"'));

  const review = await postForm(app, '/status/review-request', {
    ...ids,
    reason: '请上一级机关复查补偿标准。',
  });
  t.is(review.status, 200, review.html);
  t.true(review.html.includes('复查请求已提交'));
  t.true(review.html.includes('复查中'));

  // The access code never appears in a URL: every form posts it in its body.
  t.false(/action="[^"]*\d{20}/.test(review.html));
  await keepHistory(
    app.temporal.workflow.getHandle(caseWorkflowId(caseNumber)),
    'dev-server-complainant-writes-evaluates-asks-review',
  );
});

test('a wrong code shows the look-up form again, the same as an unknown number', async (t) => {
  const { app } = t.context;
  const { caseNumber } = await registered(app);
  const wrong = await postForm(app, '/status', { caseNumber, accessCode: '0'.repeat(20) });
  const unknown = await postForm(app, '/status', { caseNumber: 'QL2026-999999', accessCode: '0'.repeat(20) });
  t.is(wrong.status, 404);
  t.is(unknown.status, 404);
  t.true(wrong.html.includes('name="accessCode"'));
});
