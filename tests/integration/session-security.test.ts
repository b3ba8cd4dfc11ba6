import anyTest, { type TestFn } from 'ava';
import { SignInGuard, TooManyRequests } from '../../api/abuse';
import { PetitionCase, StaffMember } from '../../db/entities';
import { demoPassword } from '../../db/seed/demo-data';
import { eventually, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

const test = anyTest as TestFn<StackContext>;

// Each test works with its own accounts: locks, password changes and ended sessions stay in it.
useTestStack(test);

const township = '990101001'; // 城关镇
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; json: any; headers: Headers };

/** A request built by hand with the session's cookie and, when given, an `X-CSRF-Token`. */
async function raw(
  app: TestApp,
  session: Pick<StaffSession, 'cookie'>,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; form?: FormData } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { cookie: session.cookie, 'accept-language': 'zh-CN' };
  if (options.token !== undefined) headers['x-csrf-token'] = options.token;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers,
    body: options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
  });
  return {
    status: response.status,
    json: await response.json().catch(() => undefined),
    headers: response.headers,
  };
}

async function trySignIn(app: TestApp, email: string, password: string, language = 'zh-CN'): Promise<Answer> {
  const response = await fetch(`${app.baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': language },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

const pngForm = () => {
  const form = new FormData();
  form.append('file', new Blob([onePixelPng], { type: 'image/png' }), '照片.png');
  return form;
};

async function newCase(app: TestApp): Promise<string> {
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition({ unitCode: township }));
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  return caseNumber;
}

/** Moves a stored session's clock fields back, as if that much time had passed. */
async function age(app: TestApp, staffId: number, fields: { signedInAt?: number; lastSeenAt?: number }) {
  for (const [field, msAgo] of Object.entries(fields)) {
    await app.orm.em
      .fork()
      .getConnection()
      .execute(
        `update staff_session set sess = jsonb_set(sess::jsonb, ?, to_jsonb(?::bigint))::json
          where (sess ->> 'staffId')::int = ?`,
        [`{${field}}`, Date.now() - msAgo, staffId],
      );
  }
}

const staffIdOf = async (app: TestApp, email: string) =>
  (await app.orm.em.fork().findOneOrFail(StaffMember, { email })).id;

const minutes = (n: number) => n * 60_000;

test('a state-changing staff request without the session’s CSRF token is refused, with it accepted', async (t) => {
  const { app } = t.context;
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  const caseNumber = await newCase(app);

  // The token the sign-in handed out is the one the session shows again.
  const shown = await raw(app, clerk, 'GET', '/api/v1/session');
  t.is(shown.status, 200);
  t.is(shown.json.csrfToken, clerk.csrfToken);
  t.is(shown.headers.get('cache-control'), 'no-store');

  const triage = `/api/v1/staff/cases/${caseNumber}/actions/triage`;
  for (const token of [undefined, '', 'forged-token', `${clerk.csrfToken}x`]) {
    const refused = await raw(app, clerk, 'POST', triage, { token, json: { decision: 'accept' } });
    t.is(refused.status, 403, `token ${token}`);
    t.is(refused.json.error.code, 'csrf_failed');
    t.is(refused.json.error.message, '页面已过期，请刷新后重试');
  }
  const english = await fetch(`${app.baseUrl}${triage}`, {
    method: 'POST',
    headers: { cookie: clerk.cookie, 'accept-language': 'en', 'content-type': 'application/json' },
    body: '{"decision":"accept"}',
  });
  t.is(
    ((await english.json()) as Answer['json']).error.message,
    'This page has expired; reload it and try again',
  );
  t.is((await app.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber })).status, 'registered');

  const accepted = await raw(app, clerk, 'POST', triage, {
    token: clerk.csrfToken,
    json: { decision: 'accept' },
  });
  t.is(accepted.status, 200, JSON.stringify(accepted.json));

  const upload = '/api/v1/staff/attachments';
  t.is((await raw(app, clerk, 'POST', upload, { form: pngForm() })).status, 403);
  t.is((await raw(app, clerk, 'POST', upload, { form: pngForm(), token: clerk.csrfToken })).status, 201);

  const intake = await raw(app, clerk, 'POST', '/api/v1/staff/petitions', { json: {} });
  t.is(intake.json.error.code, 'csrf_failed');
  const calendar = await raw(app, clerk, 'PUT', '/api/v1/admin/calendar/2031', { json: {} });
  t.is(calendar.json.error.code, 'csrf_failed');

  // Signing out is a change too: a foreign page cannot end the session.
  t.is((await raw(app, clerk, 'DELETE', '/api/v1/session')).status, 403);
  t.is((await clerk.get('/api/v1/ledger')).status, 200);
  t.is((await raw(app, clerk, 'DELETE', '/api/v1/session', { token: clerk.csrfToken })).status, 204);
  t.is((await clerk.get('/api/v1/ledger')).status, 401);
});

test('without a session a state-changing request is simply not signed in, and sign-in needs no token', async (t) => {
  const { app } = t.context;
  const nobody = await raw(app, { cookie: '' }, 'POST', '/api/v1/staff/attachments', { form: pngForm() });
  t.is(nobody.status, 401);
  t.is(nobody.json.error.code, 'sign_in_required');
  t.is((await trySignIn(app, demoAccount.officeHead(township), demoPassword)).status, 200);
});

test('a session idle for more than 30 minutes, or 12 hours after sign-in, is over', async (t) => {
  const { app } = t.context;
  const idle = await signIn(app.baseUrl, demoAccount.clerk('990101002'));
  const idleId = await staffIdOf(app, idle.email);
  await age(app, idleId, { lastSeenAt: minutes(29) });
  t.is((await idle.get('/api/v1/ledger')).status, 200);
  await age(app, idleId, { lastSeenAt: minutes(31) });
  const ended = await idle.get('/api/v1/ledger');
  t.is(ended.status, 401);
  t.is(ended.json.error.code, 'sign_in_required');
  t.is((await idle.get('/api/v1/session')).status, 401);

  const busy = await signIn(app.baseUrl, demoAccount.officeHead('990101002'));
  const busyId = await staffIdOf(app, busy.email);
  await age(app, busyId, { signedInAt: minutes(11 * 60 + 59), lastSeenAt: 0 });
  t.is((await busy.get('/api/v1/ledger')).status, 200);
  await age(app, busyId, { signedInAt: minutes(12 * 60 + 1), lastSeenAt: 0 });
  t.is((await busy.get('/api/v1/ledger')).status, 401);

  // Ending one person's session leaves nobody else's.
  const other = await signIn(app.baseUrl, demoAccount.leader('990101002'));
  t.is((await other.get('/api/v1/ledger')).status, 200);
});

test('signing out everywhere ends every session of the person, and only theirs', async (t) => {
  const { app } = t.context;
  const email = demoAccount.officeHead('990102');
  const office = await signIn(app.baseUrl, email);
  const phone = await signIn(app.baseUrl, email);
  const colleague = await signIn(app.baseUrl, demoAccount.clerk('990102'));

  t.is((await raw(app, office, 'DELETE', '/api/v1/session/all')).status, 403);
  t.is((await office.delete('/api/v1/session/all')).status, 204);
  t.is((await office.get('/api/v1/ledger')).status, 401);
  t.is((await phone.get('/api/v1/ledger')).status, 401);
  t.is((await phone.post('/api/v1/staff/petitions', {})).status, 401);
  t.is((await colleague.get('/api/v1/ledger')).status, 200);
  const [counted] = await app.orm.em
    .fork()
    .getConnection()
    .execute<{ left: string }[]>(
      `select count(*) as left from staff_session where (sess ->> 'staffId')::int = ?`,
      [await staffIdOf(app, email)],
    );
  t.is(Number(counted?.left), 0);

  const again = await signIn(app.baseUrl, email);
  t.is((await again.get('/api/v1/ledger')).status, 200);
});

test('five wrong passwords lock the account for 15 minutes, even against the right one; a right one resets the count', async (t) => {
  const { app } = t.context;
  // An account no other test here signs in with: a sign-in running beside this test would reset the count.
  const email = demoAccount.clerk('990102002');
  const staffId = await staffIdOf(app, email);

  for (let i = 0; i < 3; i++) t.is((await trySignIn(app, email, 'wrong-password')).status, 401);
  t.is((await trySignIn(app, email, demoPassword)).status, 200);
  for (let i = 0; i < 4; i++) {
    const wrong = await trySignIn(app, email, 'wrong-password');
    t.is(wrong.status, 401);
    t.is(wrong.json.error.message, '邮箱或密码不正确');
  }
  const locking = await trySignIn(app, email, 'wrong-password');
  t.is(locking.status, 429);
  t.is(locking.json.error.code, 'sign_in_locked');
  t.is(locking.json.error.message, '登录失败次数过多，请 15 分钟后再试');
  t.is(locking.headers.get('retry-after'), '900');

  const right = await trySignIn(app, email, demoPassword);
  t.is(right.status, 429);
  t.deepEqual(right.json, locking.json);
  t.is(right.headers.get('set-cookie'), null);
  const english = await trySignIn(app, email, demoPassword, 'en');
  t.regex(english.json.error.message, /^Too many failed sign-ins; try again in 1[45] minutes$/);

  await app.orm.em
    .fork()
    .getConnection()
    .execute(`update staff_member set locked_until = now() - interval '1 second' where id = ?`, [staffId]);
  t.is((await trySignIn(app, email, demoPassword)).status, 200);
  const member = await app.orm.em.fork().findOneOrFail(StaffMember, { id: staffId });
  t.like(member, { failedSignIns: 0, lockedUntil: null });

  // Unknown e-mails are never "locked": the answers do not tell which accounts exist.
  for (let i = 0; i < 6; i++) {
    t.is((await trySignIn(app, 'nobody.here@demo.qingling.local', 'wrong-password')).status, 401);
  }
});

test('too many failed sign-ins from one address are refused for a while, whatever the account', async (t) => {
  const { app } = t.context;
  const guard = new SignInGuard(() => app.orm.em.fork(), {
    signIn: { points: 3, durationSeconds: 600 },
    staffLock: { failures: 5, windowSeconds: 900, lockSeconds: 900 },
  });
  const address = '203.0.113.7';
  for (let i = 0; i < 3; i++) {
    await guard.checkAddress(address);
    await guard.recordFailure(address, undefined);
  }
  const refused = await t.throwsAsync(guard.checkAddress(address), { instanceOf: TooManyRequests });
  t.is(refused?.code, 'sign_in_locked');
  await t.notThrowsAsync(guard.checkAddress('203.0.113.8'));
});

test('a password change keeps to the policy, ends the other sessions, and the old password stops working', async (t) => {
  const { app } = t.context;
  const email = demoAccount.officeHead('990101');
  const member = await app.orm.em.fork().findOneOrFail(StaffMember, { email });
  const here = await signIn(app.baseUrl, email);
  const elsewhere = await signIn(app.baseUrl, email);
  const change = (currentPassword: string, newPassword: string, token = here.csrfToken) =>
    raw(app, here, 'PUT', '/api/v1/session/password', { token, json: { currentPassword, newPassword } });
  const refusal = async (currentPassword: string, newPassword: string) => {
    const answer = await change(currentPassword, newPassword);
    t.is(answer.status, 422, JSON.stringify(answer.json));
    return (answer.json.error.details as { field: string; message: string }[]).map(
      (d) => `${d.field}: ${d.message}`,
    );
  };
  const good = 'lantern-harbour-violet-ninety';

  t.is((await change(demoPassword, good, '')).status, 403);
  t.deepEqual(await refusal('not-my-password', good), ['currentPassword: 当前密码不正确']);
  t.deepEqual(await refusal(demoPassword, 'short-1'), ['newPassword: 新密码至少需要 12 个字符，请加长']);
  t.deepEqual(await refusal(demoPassword, 'password1234'), [
    'newPassword: 新密码太容易被猜到（常见密码、键盘顺序、日期或重复字符），请改用几个不相关的词组成的较长密码',
  ]);
  t.deepEqual(await refusal(demoPassword, 'x-head.990101-violet'), [
    'newPassword: 新密码不能包含您的邮箱用户名，请换用与邮箱无关的内容',
  ]);
  t.deepEqual(await refusal(demoPassword, `灯塔${member.name}港湾紫罗兰九十九`), [
    'newPassword: 新密码不能包含您的姓名，请换用与姓名无关的内容',
  ]);
  t.deepEqual(await refusal(demoPassword, demoPassword), [
    'newPassword: 新密码不能与当前密码相同',
    'newPassword: 新密码太容易被猜到（常见密码、键盘顺序、日期或重复字符），请改用几个不相关的词组成的较长密码',
  ]);

  const changed = await change(demoPassword, good);
  t.is(changed.status, 200);
  t.is(changed.json.staff.email, email);
  t.not(changed.json.csrfToken, here.csrfToken);
  // This session goes on under a new id and token; the other one is over.
  const renewed = {
    cookie: changed.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  };
  t.is((await raw(app, renewed, 'GET', '/api/v1/ledger')).status, 200);
  t.is((await raw(app, here, 'GET', '/api/v1/ledger')).status, 401);
  t.is((await elsewhere.get('/api/v1/ledger')).status, 401);

  t.is((await trySignIn(app, email, demoPassword)).status, 401);
  t.is((await trySignIn(app, email, good)).status, 200);
});

test('staff and status answers carry strict headers, and a too-large body is a 413 saying the limit', async (t) => {
  const { app } = t.context;
  const status = await fetch(`${app.baseUrl}/status`);
  t.is(status.headers.get('referrer-policy'), 'no-referrer');
  const csp = status.headers.get('content-security-policy') ?? '';
  t.regex(csp, /script-src 'self'(;|$)/);
  t.notRegex(csp, /script-src[^;]*unsafe-inline/);

  const clerk = await signIn(app.baseUrl, demoAccount.leader(township));
  t.is((await clerk.fetch('/api/v1/ledger')).headers.get('cache-control'), 'no-store');
  const tooLong = await clerk.post('/api/v1/staff/petitions', { summary: 'x'.repeat(200_000) });
  t.is(tooLong.status, 413);
  t.is(tooLong.json.error?.code, 'body_too_large');
  t.regex(tooLong.json.error?.message ?? '', /上限为 100 KB/);

  const tooBig = await clerk.upload('/api/v1/staff/attachments', 'file', {
    name: '录音.mp3',
    content: new Uint8Array(10 * 1024 * 1024 + 1),
  });
  t.is(tooBig.status, 413);
  t.is(tooBig.json.error.code, 'file_too_large');
  t.regex(tooBig.json.error.message, /不能超过 10 MB/);
});
