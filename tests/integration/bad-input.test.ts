import anyTest, { type TestFn } from 'ava';
import { PetitionCase, Receipt } from '../../db/entities';
import type { TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';

const test = anyTest as TestFn<StackContext>;

useTestStack(test, { worker: false });

const intake = (t: { context: { app: TestApp } }) => `${t.context.app.baseUrl}/api/v1/petitions`;

test('missing fields are each named, in Chinese by default', async (t) => {
  const answer = await postJson(intake(t), { anonymous: false, submissionKey: 'k'.repeat(20) });
  t.is(answer.status, 422);
  t.is(answer.json.error?.code, 'validation_failed');
  const byField = Object.fromEntries((answer.json.error?.details ?? []).map((d) => [d.field, d.message]));
  t.is(byField.summary, '反映的问题：必填');
  t.is(byField.unitCode, '受理单位：必填');
  t.is(byField.category, '问题类别：必填');
});

test('a named petition without the complainant says to give name and phone or choose anonymous', async (t) => {
  const answer = await postJson(intake(t), aPetition({ complainant: undefined }));
  t.is(answer.status, 422);
  t.deepEqual(answer.json.error?.details, [
    { field: 'complainant', message: '信访人信息：实名信访请填写姓名和联系电话，或选择匿名' },
  ]);
});

test('wrong types are refused with messages in the language asked for', async (t) => {
  const answer = await postJson(
    intake(t),
    aPetition({ anonymous: 'yes', summary: 42, complainant: { name: '王明', phone: 'call me' } }),
    {
      'accept-language': 'en',
    },
  );
  t.is(answer.status, 422);
  const byField = Object.fromEntries((answer.json.error?.details ?? []).map((d) => [d.field, d.message]));
  t.is(byField.anonymous, 'Anonymous: wrong type, expected true/false');
  t.is(byField.summary, 'What happened: wrong type, expected text');
  t.is(byField['complainant.phone'], 'Phone: enter a valid phone number (5 to 20 digits)');
});

test('text that is too short or too long says the limit', async (t) => {
  const answer = await postJson(intake(t), aPetition({ summary: '太短', request: '长'.repeat(2001) }));
  const byField = Object.fromEntries((answer.json.error?.details ?? []).map((d) => [d.field, d.message]));
  t.is(byField.summary, '反映的问题：至少 10 个字');
  t.is(byField.request, '诉求：最多 2000 个字');
});

test('a 10 MB body is refused with 413 and the limit', async (t) => {
  const answer = await postJson(
    intake(t),
    JSON.stringify(aPetition({ summary: 'x'.repeat(10 * 1024 * 1024) })),
  );
  t.is(answer.status, 413);
  t.is(answer.json.error?.code, 'body_too_large');
  t.regex(answer.json.error?.message ?? '', /100 KB/);
});

test('invalid JSON is refused with 400', async (t) => {
  for (const body of ['{"unitCode": ', 'not json', '{"a":1,}']) {
    const answer = await postJson(intake(t), body);
    t.is(answer.status, 400, body);
    t.is(answer.json.error?.code, 'invalid_json');
  }
});

test('JSON that is not an object is refused with 422, never a 500', async (t) => {
  for (const body of ['[]', '"text"', '42', 'null', 'true']) {
    const answer = await postJson(intake(t), body);
    t.true(answer.status === 400 || answer.status === 422, `${body} → ${answer.status}`);
    t.truthy(answer.json.error?.message);
  }
});

test('an unknown unit is refused with a message naming it', async (t) => {
  const answer = await postJson(intake(t), aPetition({ unitCode: '123456' }));
  t.is(answer.status, 422);
  t.is(answer.json.error?.code, 'unknown_unit');
  t.regex(answer.json.error?.message ?? '', /123456/);
});

test('an anonymous petition carrying identity is refused', async (t) => {
  const answer = await postJson(intake(t), aPetition({ anonymous: true }));
  t.is(answer.status, 422);
  t.is(answer.json.error?.details?.[0]?.field, 'complainant');
});

test('a malformed case number is refused before any lookup', async (t) => {
  const response = await fetch(`${t.context.app.baseUrl}/api/v1/cases/..%2F..%2Fetc`, {
    headers: { 'x-access-code': '1' },
  });
  t.is(response.status, 422);
});

test('an unknown API path is a 404 with a message', async (t) => {
  const response = await fetch(`${t.context.app.baseUrl}/api/v1/nothing-here`);
  t.is(response.status, 404);
  t.is(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
});

test('the form, posted with bad fields, comes back with the errors and the typed text', async (t) => {
  const response = await fetch(`${t.context.app.baseUrl}/petition`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      summary: '<script>alert(1)</script>',
      identity: 'named',
      submissionKey: 'x'.repeat(24),
    }).toString(),
  });
  t.is(response.status, 422);
  const html = await response.text();
  t.true(html.includes('反映的问题：至少 10 个字') || html.includes('受理单位：必填'));
  t.true(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  t.false(html.includes('<script>alert(1)</script>'));
});

test('refused requests leave nothing behind', async (t) => {
  const em = t.context.app.orm.em.fork();
  t.is(await em.count(Receipt, {}), 0);
  t.is(await em.count(PetitionCase, {}), 0);
});
