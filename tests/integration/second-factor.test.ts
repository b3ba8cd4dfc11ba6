import anyTest, { type TestFn } from 'ava';
import { generate } from 'otplib';
import { defaultSecondFactorRoles } from '../../config/env';
import { demoPassword } from '../../db/seed/demo-data';
import { parseKeyring } from '../../config/encryption-keys';
import { SecondFactorRepository } from '../../db/second-factor';
import { eventually, testEncryptionKeys, testKeyring } from '../helpers/app';
import { createAdmin, linkToken } from '../helpers/administration';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';

const test = anyTest as TestFn<StackContext>;

// The production default: administrators, office heads, leaders and supervisors must give a second factor.
// Each test works with its own accounts, so the tests share the stack and run side by side.
useTestStack(test, { worker: false, secondFactorRoles: [...defaultSecondFactorRoles] });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; json: any };

/** One browser: the cookie and CSRF token of whatever session the answers gave it. */
class Browser {
  private cookie = '';
  private csrfToken = '';
  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { 'accept-language': 'zh-CN', cookie: this.cookie };
    if (method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
    if (cookies.length > 0) this.cookie = cookies.join('; ');
    const json = (await response.json().catch(() => undefined)) as Answer['json'];
    if (typeof json?.csrfToken === 'string') this.csrfToken = json.csrfToken;
    return { status: response.status, json };
  }

  signIn(email: string): Promise<Answer> {
    return this.call('POST', '/api/v1/session', { email, password: demoPassword });
  }
}

/** The authenticator's code `stepsAhead` time steps from now, as a phone shows it. */
const codeOf = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

/** A six-digit code that is not the right one now. */
const wrongCodeFor = async (secret: string) =>
  String((Number(await codeOf(secret)) + 500_000) % 1_000_000).padStart(6, '0');

/** Enrols from a session that may enrol (signed in, or sent to enrol); the secret and the recovery codes. */
async function enrol(t: { is: (a: unknown, b: unknown, m?: string) => void }, browser: Browser) {
  const offer = await browser.call('POST', '/api/v1/session/second-factor/enrolment');
  t.is(offer.status, 200, 'the enrolment offers a secret');
  const secret = offer.json.secret as string;
  const confirmed = await browser.call('PUT', '/api/v1/session/second-factor/enrolment', {
    code: await codeOf(secret),
  });
  t.is(confirmed.status, 200, 'a right code confirms the enrolment');
  return { secret, recoveryCodes: confirmed.json.recoveryCodes as string[] };
}

test('a person enrols from the account menu, then signs in with a code; a wrong or reused code and a spent recovery code are refused', async (t) => {
  const browser = new Browser(t.context.app.baseUrl);
  const email = demoAccount.clerk('990101001');
  t.is((await browser.signIn(email)).status, 200, 'a clerk needs no second factor until they enrol one');
  const before = await browser.call('GET', '/api/v1/session');
  t.deepEqual(before.json.secondFactor, { enrolled: false, required: false });

  const offer = await browser.call('POST', '/api/v1/session/second-factor/enrolment');
  t.is(offer.status, 200);
  const secret = offer.json.secret as string;
  t.regex(secret, /^[A-Z2-7]{32}$/, 'the secret to type in is base32');
  t.true((offer.json.otpauthUri as string).startsWith('otpauth://totp/'), 'the QR code holds an otpauth URI');
  t.true((offer.json.qrSvg as string).includes('<svg'), 'the QR code comes as SVG');
  const wrong = await browser.call('PUT', '/api/v1/session/second-factor/enrolment', {
    code: await wrongCodeFor(secret),
  });
  t.is(wrong.status, 422, 'a wrong code does not confirm the enrolment');
  t.regex(wrong.json.error.message, /动态验证码不正确/);
  const enrolCode = await codeOf(secret);
  const confirmed = await browser.call('PUT', '/api/v1/session/second-factor/enrolment', { code: enrolCode });
  t.is(confirmed.status, 200);
  const recoveryCodes = confirmed.json.recoveryCodes as string[];
  t.is(new Set(recoveryCodes).size, 10, 'ten different recovery codes, shown once');
  t.deepEqual((await browser.call('GET', '/api/v1/session')).json.secondFactor, {
    enrolled: true,
    required: false,
  });
  t.is(
    (await browser.call('POST', '/api/v1/session/second-factor/enrolment')).status,
    409,
    'an enrolled person does not enrol again',
  );
  t.is((await browser.call('DELETE', '/api/v1/session')).status, 204);

  const password = await browser.signIn(email);
  t.is(password.status, 202, 'the right password alone is not a session');
  t.is(password.json.secondFactor, 'code');
  t.is(password.json.staff, undefined, 'nobody is shown before the second factor');
  for (const [method, path] of [
    ['GET', '/api/v1/session'],
    ['GET', '/api/v1/ledger'],
    ['POST', '/api/v1/staff/petitions'],
  ] as const) {
    const refused = await browser.call(method, path, method === 'POST' ? {} : undefined);
    t.is(refused.status, 401, `${method} ${path} waits for the second factor`);
    t.is(refused.json.error.code, 'second_factor_required');
    t.regex(refused.json.error.message, /动态验证码/);
  }
  const failed = await browser.call('POST', '/api/v1/session/second-factor', {
    code: await wrongCodeFor(secret),
  });
  t.is(failed.status, 401, 'a wrong code is refused');
  t.is(failed.json.error.code, 'second_factor_failed');
  t.is(
    (await browser.call('POST', '/api/v1/session/second-factor', { code: enrolCode })).status,
    401,
    'the code that confirmed the enrolment is not taken again',
  );
  const nextCode = await codeOf(secret, 1);
  const signedIn = await browser.call('POST', '/api/v1/session/second-factor', { code: nextCode });
  t.is(signedIn.status, 200, 'a fresh code signs in');
  t.is(signedIn.json.staff.email, email);
  t.is((await browser.call('GET', '/api/v1/ledger')).status, 200, 'and the session works');
  await browser.call('DELETE', '/api/v1/session');

  t.is((await browser.signIn(email)).status, 202);
  t.is(
    (await browser.call('POST', '/api/v1/session/second-factor', { code: nextCode })).status,
    401,
    'a code used to sign in is not taken a second time within its window',
  );
  t.is(
    (await browser.call('POST', '/api/v1/session/second-factor', { code: recoveryCodes[0] })).status,
    200,
    'a recovery code signs in instead of the phone',
  );
  await browser.call('DELETE', '/api/v1/session');

  t.is((await browser.signIn(email)).status, 202);
  t.is(
    (await browser.call('POST', '/api/v1/session/second-factor', { code: recoveryCodes[0] })).status,
    401,
    'a recovery code is spent by its use',
  );
  const typedLoosely = ` ${recoveryCodes[1]!.toUpperCase().replace('-', ' ')} `;
  t.is(
    (await browser.call('POST', '/api/v1/session/second-factor', { code: typedLoosely })).status,
    200,
    'another recovery code, typed with spaces and capitals, still signs in',
  );

  // The audit trail: one row per step. The password steps that owed a code began no session
  // and leave no sign-in row of their own; each code step says whether the person got in.
  const rows = await eventually(async () => {
    const found = await t.context.app.orm.em
      .fork()
      .getConnection()
      .execute<{ action: string; outcome: string; n: number }[]>(
        `select action, outcome, count(*)::int as n from audit_event
           where staff_id = (select id from staff_member where email = ?)
             and action in ('sign_in', 'second_factor')
           group by action, outcome order by action, outcome`,
        [email],
      );
    return found.reduce((sum, r) => sum + r.n, 0) >= 12 ? found : undefined;
  });
  t.deepEqual(
    rows.map((r) => `${r.action} ${r.outcome} ${r.n}`),
    ['second_factor failure 6', 'second_factor success 5', 'sign_in success 1'],
  );
});

test('a person whose role requires a second factor and has none is sent to enrol and can do nothing else until enrolled', async (t) => {
  const browser = new Browser(t.context.app.baseUrl);
  const password = await browser.signIn(demoAccount.officeHead('990101002'));
  t.is(password.status, 202);
  t.is(password.json.secondFactor, 'enrol', 'an office head without an authenticator is sent to enrol');
  for (const path of ['/api/v1/session', '/api/v1/ledger', '/api/v1/queues/escalations']) {
    const refused = await browser.call('GET', path);
    t.is(refused.status, 401, `GET ${path} waits for the enrolment`);
    t.is(refused.json.error.code, 'second_factor_enrolment_required');
    t.regex(refused.json.error.message, /绑定身份验证器/);
  }
  t.is(
    (await browser.call('POST', '/api/v1/session/second-factor', { code: '123456' })).status,
    401,
    'there is no code to give before enrolling',
  );
  const { recoveryCodes } = await enrol(t, browser);
  t.is(recoveryCodes.length, 10);
  const session = await browser.call('GET', '/api/v1/session');
  t.is(session.status, 200, 'enrolled, the person is signed in');
  t.deepEqual(session.json.secondFactor, { enrolled: true, required: true });
  t.is((await browser.call('GET', '/api/v1/ledger')).status, 200);
});

test("an administrator resets a person's second factor: they are signed out everywhere, it is logged, and they sign in with the password again", async (t) => {
  const admin = new Browser(t.context.app.baseUrl);
  t.is((await admin.signIn(demoAccount.admin('990000'))).json.secondFactor, 'enrol');
  await enrol(t, admin);

  const person = new Browser(t.context.app.baseUrl);
  const email = demoAccount.clerk('990101002');
  await person.signIn(email);
  const personId = (await person.call('GET', '/api/v1/session')).json.staff.id as number;
  await enrol(t, person);
  t.is((await person.call('GET', '/api/v1/ledger')).status, 200);
  // The staff list says who has an authenticator: what the administrator can reset.
  const boundOf = async () => {
    const list = await admin.call('GET', '/api/v1/admin/staff?q=990101002');
    t.is(list.status, 200, JSON.stringify(list.json));
    const items = list.json.items as { id: number; secondFactor: boolean }[];
    return items.find((m) => m.id === personId)?.secondFactor;
  };
  t.true(await boundOf());

  t.is((await admin.call('POST', `/api/v1/admin/staff/${personId}/reset-second-factor`)).status, 204);
  t.false(await boundOf());
  t.is((await person.call('GET', '/api/v1/ledger')).status, 401, 'the person is signed out everywhere');
  const log = await admin.call('GET', '/api/v1/admin/log?entity=staff');
  t.true(
    log.json.entries.some(
      (e: { action: string; entityId: string }) =>
        e.action === 'staff.reset_second_factor' && e.entityId === String(personId),
    ),
    'the reset is in the administration log',
  );
  t.is((await person.signIn(email)).status, 200, 'without a factor, the password alone signs a clerk in');
  const again = await admin.call('POST', `/api/v1/admin/staff/${personId}/reset-second-factor`);
  t.is(again.status, 409, 'there is nothing left to reset');
  t.regex(again.json.error.message, /尚未绑定身份验证器/);
});

test('wrong second-factor codes lock the account like wrong passwords, and the lock holds against the right code', async (t) => {
  const browser = new Browser(t.context.app.baseUrl);
  const email = demoAccount.leader('990101002');
  await browser.signIn(email);
  const { secret } = await enrol(t, browser);
  await browser.call('DELETE', '/api/v1/session');

  t.is((await browser.signIn(email)).status, 202);
  const wrong = await wrongCodeFor(secret);
  const answers: number[] = [];
  for (let i = 0; i < 5; i++) {
    answers.push((await browser.call('POST', '/api/v1/session/second-factor', { code: wrong })).status);
  }
  t.deepEqual(answers, [401, 401, 401, 401, 429], 'the fifth wrong code locks the account');
  t.is(
    (await browser.call('POST', '/api/v1/session/second-factor', { code: await codeOf(secret, 1) })).status,
    429,
    'while locked, even the right code is refused',
  );
  t.is((await browser.signIn(email)).status, 429, 'and so is the password');
});

test('the security auditor reads the administration log and the audit trail and nothing else', async (t) => {
  const browser = new Browser(t.context.app.baseUrl);
  t.is((await browser.signIn(demoAccount.auditor('990000'))).status, 200);
  t.is((await browser.call('GET', '/api/v1/admin/log')).status, 200, 'the log is theirs to read');
  t.is((await browser.call('GET', '/api/v1/admin/audit')).status, 200, 'and so is the audit trail');
  t.is((await browser.call('GET', '/api/v1/admin/audit.csv')).status, 200, 'with its export');
  for (const path of [
    '/api/v1/ledger',
    '/api/v1/admin/staff',
    '/api/v1/admin/units',
    '/api/v1/queues/escalations',
  ]) {
    const refused = await browser.call('GET', path);
    t.is(refused.status, 403, `GET ${path} is refused to the auditor`);
  }
  t.is(
    (await browser.call('POST', '/api/v1/admin/units', { name: '审计员建的单位' })).status,
    403,
    'the auditor changes nothing',
  );
});

test('a password set with a one-time link does not skip the second factor: a new administrator is sent to enrol', async (t) => {
  const email = 'new-admin@second-factor.test';
  const made = await createAdmin(t.context.services, [email, '--name', '新管理员', '--unit-code', '990000']);
  t.is(made.code, 0, made.output);
  const browser = new Browser(t.context.app.baseUrl);
  const answer = await browser.call('POST', '/api/v1/session/link/password', {
    token: linkToken(made.output),
    password: 'copper-kettle-meadow-sixteen',
  });
  t.is(answer.status, 202);
  t.is(answer.json.secondFactor, 'enrol');
  t.is((await browser.call('GET', '/api/v1/admin/staff')).status, 401, 'nothing before enrolling');
});

// Serial: it rotates every secret, so no other test enrols meanwhile (ava runs serial tests first).
test.serial(
  'rotating the encryption keys writes the authenticator secrets under the new key, and codes still sign in',
  async (t) => {
    const browser = new Browser(t.context.app.baseUrl);
    const email = demoAccount.clerk('990101');
    await browser.signIn(email);
    const staffId = (await browser.call('GET', '/api/v1/session')).json.staff.id as number;
    const { secret } = await enrol(t, browser);
    const stored = async () =>
      (
        await t.context.app.orm.em
          .fork()
          .getConnection()
          .execute<{ secret: string }[]>(`select secret from staff_second_factor where staff_id = ?`, [
            staffId,
          ])
      )[0]!.secret;
    t.true(
      (await stored()).startsWith(`enc:v1:${testKeyring.current.id}:`),
      'encrypted at rest, never plain',
    );
    t.false((await stored()).includes(secret));

    // The older test key put first, as an operator does with a new one.
    const [newest, older] = testEncryptionKeys.split(',');
    const rotated = parseKeyring(`${older},${newest}`);
    const repository = new SecondFactorRepository(t.context.app.orm.em.fork());
    t.true((await repository.rotateSecrets(rotated)) >= 1);
    t.true(
      (await stored()).startsWith(`enc:v1:${rotated.current.id}:`),
      'written again under the current key',
    );
    t.is(await repository.rotateSecrets(rotated), 0, 'a second run finds nothing to do');

    await browser.call('DELETE', '/api/v1/session');
    await browser.signIn(email);
    const signedIn = await browser.call('POST', '/api/v1/session/second-factor', {
      code: await codeOf(secret, 1),
    });
    t.is(signedIn.status, 200, 'the rotated secret still checks codes');
    await repository.rotateSecrets(testKeyring);
  },
);
