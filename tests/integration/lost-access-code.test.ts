import anyTest, { type TestFn } from 'ava';
import { renderSms } from '../../activities/notices/sms-texts';
import { CaseEvent, PetitionCase } from '../../db/entities';
import { verifyTimelines } from '../../db/timeline-chain';
import { caseWorkflowId } from '../../domain/case';
import { startSmsCentre, type SmsCentre } from '../../embedded/sms-centre';
import { stopChild, type NodeChild } from '../../embedded/processes';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { freePort } from '../helpers/ports';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';
import { startWorkerProcess } from '../helpers/worker-process';

const test = anyTest as TestFn<StackContext & { centre: SmsCentre }>;

// Small limits, so that each is reached in a few requests; the tests give each request its
// own client address (X-Forwarded-For from the loopback is believed) unless they count one.
useTestStack(test, {
  worker: false,
  limits: {
    lostCode: {
      perAddress: { points: 4, durationSeconds: 3600 },
      perCase: { points: 3, durationSeconds: 3600 },
      perPhone: { points: 3, durationSeconds: 3600 },
    },
  },
});

test.before(async (t) => {
  t.context.centre = await startSmsCentre({ port: await freePort(), systemId: 'qingling', password: 'pw' });
});

/**
 * The worker, with the SMS centre as its gateway: started by the first test that needs it
 * (before hooks run side by side, and each test gets its own copy of the context).
 */
let worker: Promise<NodeChild> | undefined;
function workerRunning(t: { context: StackContext & { centre: SmsCentre } }) {
  worker ??= startWorkerProcess(t.context.services, 'lost-code-worker', undefined, {
    SMS_URL: t.context.centre.url,
  });
  return worker;
}

test.after.always(async (t) => {
  if (worker) await stopChild((await worker).process);
  await t.context.centre?.stop();
});

const signName = '清零信访';
let addresses = 0;
const anotherAddress = () => `198.51.100.${++addresses}`;

async function bringPetition(
  t: { context: StackContext & { centre: SmsCentre } },
  overrides: Record<string, unknown>,
) {
  await workerRunning(t);
  const { app } = t.context;
  const petition = aPetition(overrides);
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, petition);
  if (answer.status !== 201) throw new Error(answer.text);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  return { caseNumber, accessCode: answer.json.accessCode as string, petition };
}

const named = (phone: string) => ({ complainant: { name: '王明', phone }, notifyBy: 'sms' });

function askForCode(
  t: { context: StackContext },
  body: unknown,
  headers: Record<string, string> = { 'x-forwarded-for': anotherAddress() },
) {
  return postJson(`${t.context.app.baseUrl}/api/v1/lost-code/requests`, body, headers);
}

const giveCode = (t: { context: StackContext }, requestId: string, code: string) =>
  postJson(`${t.context.app.baseUrl}/api/v1/lost-code/requests/${requestId}/confirmation`, { code });

/** The one-time code the SMS centre received for this number, once it came. */
async function codeSentTo(centre: SmsCentre, phone: string, after = 0): Promise<string> {
  return eventually(async () => {
    const message = centre.received.slice(after).find((m) => m.to === phone && m.text.includes('验证码'));
    return message ? /验证码为(\d{6})/.exec(message.text)?.[1] : undefined;
  }, 60_000);
}

const lookUp = (t: { context: StackContext }, caseNumber: string, accessCode: string) =>
  fetch(`${t.context.app.baseUrl}/api/v1/cases/${caseNumber}`, { headers: { 'x-access-code': accessCode } });

test.serial(
  'the right phone and the SMS code give a new access code: the old one is refused, the new one works, and the office sees the re-issue without the code or the phone',
  async (t) => {
    t.timeout(4 * 60_000);
    const { app, centre } = t.context;
    const phone = '13900000021';
    const { caseNumber, accessCode: oldCode, petition } = await bringPetition(t, named(phone));

    const wrongPhone = await askForCode(t, { caseNumber, phone: '13900000099' });
    const rightPhone = await askForCode(t, { caseNumber, phone });
    t.is(wrongPhone.status, 202);
    t.is(rightPhone.status, 202);
    // The same words whether or not the phone is the one on record.
    t.is(wrongPhone.json.message, rightPhone.json.message);
    t.deepEqual(Object.keys(wrongPhone.json).sort(), Object.keys(rightPhone.json).sort());
    t.regex(String(rightPhone.json.message), /如果该手机号与案件登记的一致/);

    const code = await codeSentTo(centre, phone);
    const sms = centre.received.filter((m) => m.to === phone && m.text.includes('验证码'));
    t.is(sms.length, 1, 'one SMS: the request with the wrong phone sent nothing');
    t.is(sms[0]!.text, renderSms('verification_code', { code }, signName));
    t.true(sms[0]!.text.length <= 70, 'one SMS segment with the signature');
    t.false(centre.received.some((m) => m.to === '13900000099'));

    // The code sent for the right phone does not open the request made with the wrong one.
    const wrongPhoneTry = await giveCode(t, String(wrongPhone.json.requestId), code);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const wrongCodeTry = await giveCode(t, String(rightPhone.json.requestId), wrongCode);
    t.is(wrongPhoneTry.status, 422);
    t.is(wrongCodeTry.status, 422);
    t.deepEqual(wrongPhoneTry.json, wrongCodeTry.json, 'a wrong phone and a wrong code are answered alike');

    const issued = await giveCode(t, String(rightPhone.json.requestId), code);
    t.is(issued.status, 200, issued.text);
    const newCode = String(issued.json.accessCode);
    t.regex(newCode, /^\d{4}( \d{4}){4}$/, 'formatted as on the receipt');
    t.not(newCode.replace(/ /g, ''), oldCode.replace(/ /g, ''));

    t.is((await lookUp(t, caseNumber, oldCode)).status, 404, 'the old code no longer opens the case');
    t.is((await lookUp(t, caseNumber, newCode)).status, 200, 'the new code does');
    const statusPage = await fetch(`${app.baseUrl}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ caseNumber, accessCode: oldCode }),
    });
    t.is(statusPage.status, 404, 'nor the status page');

    t.is(
      (await giveCode(t, String(rightPhone.json.requestId), code)).status,
      409,
      'a request gives one code',
    );
    const retried = await postJson(`${app.baseUrl}/api/v1/petitions`, petition);
    t.is(retried.status, 409, 'a retried submission does not show the old code as if it worked');
    t.is(retried.json.error?.code, 'access_code_reissued');

    const clerk = await signIn(app.baseUrl, demoAccount.clerk('990101001'));
    const page = await eventually(async () => {
      const answer = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
      const timeline = answer.json.timeline as { type: string; actor: { kind: string }; data: unknown }[];
      return timeline.some((e) => e.type === 'access_code_reissued') ? timeline : undefined;
    });
    const reissued = page.filter((e) => e.type === 'access_code_reissued');
    t.is(reissued.length, 1);
    t.is(reissued[0]!.actor.kind, 'complainant');
    const written = JSON.stringify(reissued);
    for (const secret of [phone, newCode, newCode.replace(/ /g, ''), code]) t.false(written.includes(secret));
    const outbox = await app.orm.em
      .fork()
      .getConnection()
      .execute(`select * from mail_delivery where key like 'lost-code/%' and case_number = ?`, [caseNumber]);
    t.is(outbox.length, 1);
    t.false(JSON.stringify(outbox).includes(code), 'the outbox keeps no code');
    t.false(JSON.stringify(outbox).includes(phone), 'nor the number');
    const stored = await app.orm.em
      .fork()
      .getConnection()
      .execute(`select * from lost_code_request where case_number = ?`, [caseNumber]);
    t.false(JSON.stringify(stored).includes(code), 'the request keeps only a hash of the one-time code');
  },
);

test.serial('five wrong one-time codes lock the request: even the right code is refused after', async (t) => {
  t.timeout(2 * 60_000);
  const { centre } = t.context;
  const phone = '13900000022';
  const { caseNumber, accessCode } = await bringPetition(t, named(phone));
  const before = centre.received.length;
  const asked = await askForCode(t, { caseNumber, phone });
  t.is(asked.status, 202);
  const code = await codeSentTo(centre, phone, before);
  const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
  const tries = [];
  for (let i = 0; i < 5; i++) tries.push(await giveCode(t, String(asked.json.requestId), wrong));
  t.deepEqual(
    tries.map((r) => r.status),
    [422, 422, 422, 422, 423],
  );
  t.regex(tries[0]!.json.error?.message ?? '', /还可以再试 4 次/);
  t.regex(tries[4]!.json.error?.message ?? '', /已锁定.*重新获取/);
  const right = await giveCode(t, String(asked.json.requestId), code);
  t.is(right.status, 423);
  t.is(right.json.error?.code, 'lost_code_locked');
  t.is((await lookUp(t, caseNumber, accessCode)).status, 200, 'the old code still works: nothing was issued');
});

test.serial(
  'requests for a new code are limited per case, per phone and per client address, with a 429 that says when',
  async (t) => {
    const { caseNumber } = await bringPetition(t, named('13900000023'));
    const perCase = [];
    for (const phone of ['13900000031', '13900000032', '13900000033', '13900000034'])
      perCase.push(await askForCode(t, { caseNumber, phone }));
    t.deepEqual(
      perCase.map((r) => r.status),
      [202, 202, 202, 429],
    );
    t.is(perCase[3]!.json.error?.code, 'lost_code_too_many');
    t.regex(perCase[3]!.json.error?.message ?? '', /过于频繁，请 \d+ 分钟后再试/);

    const perPhone = [];
    for (const n of [1, 2, 3, 4])
      perPhone.push(await askForCode(t, { caseNumber: `QL2026-99990${n}`, phone: '13900000040' }));
    t.deepEqual(
      perPhone.map((r) => r.status),
      [202, 202, 202, 429],
    );

    const address = { 'x-forwarded-for': '203.0.113.50', 'accept-language': 'en' };
    const perAddress = [];
    for (const n of [1, 2, 3, 4, 5])
      perAddress.push(
        await askForCode(t, { caseNumber: `QL2026-88880${n}`, phone: `1390000005${n}` }, address),
      );
    t.deepEqual(
      perAddress.map((r) => r.status),
      [202, 202, 202, 202, 429],
    );
    t.regex(perAddress[4]!.json.error?.message ?? '', /Too many requests/);
    const retryAfter = await fetch(`${t.context.app.baseUrl}/api/v1/lost-code/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...address },
      body: JSON.stringify({ caseNumber: 'QL2026-888806', phone: '13900000056' }),
    });
    t.is(retryAfter.status, 429);
    t.true(Number(retryAfter.headers.get('retry-after')) > 0);
  },
);

test.serial(
  'a case whose workflow has ended (not accepted) records the re-issue on its timeline all the same',
  async (t) => {
    t.timeout(2 * 60_000);
    const { app, centre } = t.context;
    const phone = '13900000024';
    const { caseNumber, accessCode } = await bringPetition(t, named(phone));
    const clerk = await signIn(app.baseUrl, demoAccount.clerk('990101001'));
    t.is(
      (await clerk.act(caseNumber, 'triage', { decision: 'not_accept', reason: '已经人民法院判决' })).status,
      200,
    );
    await app.temporal.workflow.getHandle(caseWorkflowId(caseNumber)).result();

    const before = centre.received.length;
    const asked = await askForCode(t, { caseNumber, phone });
    const issued = await giveCode(t, String(asked.json.requestId), await codeSentTo(centre, phone, before));
    t.is(issued.status, 200, issued.text);
    t.is((await lookUp(t, caseNumber, accessCode)).status, 404);
    t.is((await lookUp(t, caseNumber, String(issued.json.accessCode))).status, 200);
    const events = await app.orm.em.fork().find(CaseEvent, { caseNumber }, { orderBy: { seq: 'asc' } });
    t.deepEqual(
      events.map((e) => e.type),
      ['registered', 'not_accepted', 'access_code_reissued'],
    );
    t.deepEqual(events[2]!.data, { requestId: asked.json.requestId });
    const chain = await verifyTimelines(app.orm.em.fork(), { caseNumber });
    t.deepEqual(chain.breaks, [], 'the timeline chain holds');
  },
);

test.serial('an anonymous petition is told plainly that no new code can exist for it', async (t) => {
  const { app } = t.context;
  const { caseNumber } = await bringPetition(t, { anonymous: true, complainant: undefined });
  const asked = await askForCode(t, { caseNumber, phone: '13900000060' });
  t.is(asked.status, 422);
  t.is(asked.json.error?.code, 'lost_code_impossible');
  t.regex(asked.json.error?.message ?? '', /匿名信访.*无法找回查询码/);
  const page = await (await fetch(`${app.baseUrl}/status/lost-code`)).text();
  t.regex(page, /匿名信访没有登记手机号.*无法找回/);
  const en = await (await fetch(`${app.baseUrl}/status/lost-code?lang=en`)).text();
  t.regex(en, /An anonymous petition has no phone number on record/);
});

test.serial('bad input gets a 4xx in the person’s language, never a 500', async (t) => {
  const zh = await askForCode(t, { caseNumber: 'nonsense', phone: 'abc' });
  t.is(zh.status, 422);
  const messages = (zh.json.error?.details ?? []).map((d) => d.message).join(' ');
  t.regex(messages, /案件编号：格式应为/);
  t.regex(messages, /登记的手机号：请填写有效的电话号码/);
  const en = await askForCode(
    t,
    { caseNumber: 'QL2026-000001', phone: '13900000070' },
    { 'x-forwarded-for': anotherAddress(), 'accept-language': 'en' },
  );
  t.is(en.status, 202);
  t.regex(String(en.json.message), /If this phone number is the one on record/);
  const badCode = await postJson(
    `${t.context.app.baseUrl}/api/v1/lost-code/requests/${String(en.json.requestId)}/confirmation`,
    { code: '12ab' },
    { 'accept-language': 'en' },
  );
  t.is(badCode.status, 422);
  t.regex(badCode.json.error?.details?.[0]?.message ?? '', /6-digit code from the SMS/);
  t.is((await giveCode(t, 'not-a-request', '123456')).status, 404);
});

test.serial(
  'the status page’s own form asks, takes the SMS code and shows the new access code once',
  async (t) => {
    t.timeout(2 * 60_000);
    const { app, centre } = t.context;
    const phone = '13900000080';
    const { caseNumber } = await bringPetition(t, named(phone));
    const form = (path: string, fields: Record<string, string>) =>
      fetch(`${app.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': anotherAddress() },
        body: new URLSearchParams(fields),
      });
    const status = await (await fetch(`${app.baseUrl}/status`)).text();
    t.regex(status, /href="\/status\/lost-code"/);

    const before = centre.received.length;
    const asked = await form('/status/lost-code', { caseNumber: caseNumber.toLowerCase(), phone });
    t.is(asked.status, 202);
    const askedPage = await asked.text();
    t.regex(askedPage, /如果该手机号与案件登记的一致，验证码已通过短信发送/);
    const requestId = /name="requestId" value="([^"]+)"/.exec(askedPage)?.[1] ?? '';
    const code = await codeSentTo(centre, phone, before);

    const wrong = await form('/status/lost-code/confirm', {
      requestId,
      caseNumber,
      code: '000000' === code ? '111111' : '000000',
    });
    t.is(wrong.status, 422);
    t.regex(await wrong.text(), /验证码不正确，或手机号与登记的不一致/);

    const issued = await form('/status/lost-code/confirm', { requestId, caseNumber, code });
    t.is(issued.status, 200);
    const issuedPage = await issued.text();
    const newCode = /id="access-code">([\d ]+)</.exec(issuedPage)?.[1] ?? '';
    t.regex(newCode, /^\d{4}( \d{4}){4}$/);
    t.regex(issuedPage, /原查询码已失效/);
    t.is((await lookUp(t, caseNumber, newCode)).status, 200);
  },
);
