import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { caseState } from '../../api/case-commands';
import { verifyAuditTrail, type AuditVerification } from '../../db/audit/chain';
import { removeExpiredAudit } from '../../db/audit/retention';
import { StaffMember } from '../../db/entities';
import { demoPassword } from '../../db/seed/demo-data';
import { uiCodecPath } from '../../temporal/payload-codec';
import { eventually, taskQueue, testTemporalUiUrl } from '../helpers/app';
import { aPetition } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';
import { keepHistory } from '../helpers/histories';

/**
 * The audit trail (安全审计日志): every security-relevant staff action writes exactly one
 * hash-chained row; the verifier finds a row altered, removed or cut off; retention removes
 * only what is past its period and leaves a checkpoint; administrators search and export it.
 */
const test = anyTest as TestFn<StackContext>;

// Two wrong passwords lock an account: the lock-out is reached in two requests.
useTestStack(test, { limits: { staffLock: { failures: 2, windowSeconds: 900, lockSeconds: 900 } } });

const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A browser whose user agent names the action under test, so its audit row is found by it. */
interface Client {
  request(method: string, path: string, body?: unknown): Promise<Response>;
  /** The session's cookie and token, for a multipart upload. */
  headers(): Record<string, string>;
  signIn(email: string, password?: string): Promise<Response>;
}

function client(t: ExecutionContext<StackContext>, userAgent: string): Client {
  let cookie = '';
  let csrfToken = '';
  const request = async (method: string, path: string, body?: unknown) => {
    // The codec route wants the Temporal UI's origin; everywhere else it is the app's own.
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      'accept-language': 'zh-CN',
      origin: path.startsWith(uiCodecPath) ? new URL(testTemporalUiUrl).origin : 'http://localhost',
    };
    if (cookie) headers.cookie = cookie;
    if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${t.context.app.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = response.headers.getSetCookie().map((c) => c.split(';')[0]);
    if (set.length > 0) cookie = set.join('; ');
    return response;
  };
  return {
    request,
    headers: () => ({ 'user-agent': `${userAgent}-upload`, cookie, 'x-csrf-token': csrfToken }),
    async signIn(email, password = demoPassword) {
      const response = await request('POST', '/api/v1/session', { email, password });
      if (response.status === 200)
        csrfToken = ((await response.clone().json()) as { csrfToken: string }).csrfToken;
      return response;
    },
  };
}

interface AuditSqlRow {
  chain_pos: string;
  staff_id: number | null;
  staff_name: string | null;
  unit_name: string | null;
  ip: string | null;
  user_agent: string | null;
  action: string;
  target: string | null;
  outcome: string;
}

const rowsOf = (t: ExecutionContext<StackContext>, userAgent: string) =>
  t.context.app.orm.em
    .fork()
    .getConnection()
    .execute<AuditSqlRow[]>(
      `select chain_pos, staff_id, staff_name, unit_name, ip, user_agent, action, target, outcome
         from audit_event where user_agent = ? order by chain_pos`,
      [userAgent],
    );

/** The one row the action under `userAgent` wrote: it is there when the answer has come. */
async function theRowOf(t: ExecutionContext<StackContext>, userAgent: string): Promise<AuditSqlRow> {
  const rows = await rowsOf(t, userAgent);
  t.is(rows.length, 1, `${userAgent} wrote ${rows.length} audit rows`);
  return rows[0]!;
}

const staffIdOf = async (t: ExecutionContext<StackContext>, email: string) =>
  (await t.context.app.orm.em.fork().findOneOrFail(StaffMember, { email })).id;

const admin = demoAccount.admin('990000');

test.serial(
  'each kind of staff action writes exactly one audit row: who, from where, what, and how it ended',
  async (t) => {
    const head = demoAccount.officeHead('990101001');
    const headId = await staffIdOf(t, head);

    const wrong = client(t, 'ua-sign-in-failure');
    t.is((await wrong.signIn(head, 'not-the-password')).status, 401);
    t.like(await theRowOf(t, 'ua-sign-in-failure'), {
      action: 'sign_in',
      outcome: 'failure',
      staff_id: headId,
      target: head,
    });

    const headBrowser = client(t, 'ua-sign-in');
    t.is((await headBrowser.signIn(head)).status, 200);
    const signedIn = await theRowOf(t, 'ua-sign-in');
    t.like(signedIn, { action: 'sign_in', outcome: 'success', staff_id: headId, unit_name: '城关镇' });
    t.regex(signedIn.ip ?? '', /127\.0\.0\.1/);
    t.truthy(signedIn.staff_name);

    const nobody = client(t, 'ua-sign-in-unknown');
    t.is((await nobody.signIn('nobody@demo.qingling.local', 'whatever')).status, 401);
    t.like(await theRowOf(t, 'ua-sign-in-unknown'), {
      action: 'sign_in',
      outcome: 'failure',
      staff_id: null,
      target: 'nobody@demo.qingling.local',
    });

    // The second wrong password locks the account: a refusal, and so is the next try.
    const locked = demoAccount.clerk('990101002');
    t.is((await client(t, 'ua-lock-1').signIn(locked, 'wrong-1')).status, 401);
    t.is((await client(t, 'ua-lock-2').signIn(locked, 'wrong-2')).status, 429);
    t.is((await client(t, 'ua-lock-3').signIn(locked)).status, 429);
    t.like(await theRowOf(t, 'ua-lock-1'), { action: 'sign_in', outcome: 'failure' });
    t.like(await theRowOf(t, 'ua-lock-2'), { action: 'sign_in', outcome: 'refused' });
    t.like(await theRowOf(t, 'ua-lock-3'), { action: 'sign_in', outcome: 'refused' });

    const changer = client(t, 'ua-password-change');
    t.is((await changer.signIn(demoAccount.clerk('990102001'))).status, 200);
    const changed = await changer.request('PUT', '/api/v1/session/password', {
      currentPassword: demoPassword,
      newPassword: 'Qingling审计-2026-冬季!',
    });
    t.is(changed.status, 200, await changed.text());
    // The sign-in of the same browser is a row of its own.
    const changerRows = await eventually(async () => {
      const rows = await rowsOf(t, 'ua-password-change');
      return rows.length >= 2 ? rows : undefined;
    });
    t.deepEqual(
      changerRows.map((r) => [r.action, r.outcome]),
      [
        ['sign_in', 'success'],
        ['password_change', 'success'],
      ],
    );

    const out = await headBrowser.request('DELETE', '/api/v1/session');
    t.is(out.status, 204);
    const signOuts = await eventually(async () => {
      const rows = (await rowsOf(t, 'ua-sign-in')).filter((r) => r.action === 'sign_out');
      return rows.length > 0 ? rows : undefined;
    });
    t.is(signOuts.length, 1);
    t.like(signOuts[0], { outcome: 'success', staff_id: headId });

    const administrator = client(t, 'ua-admin');
    t.is((await administrator.signIn(admin)).status, 200);
    const adminId = await staffIdOf(t, admin);
    const leaderId = await staffIdOf(t, demoAccount.leader('990101002'));
    const roles = await administrator.request('PUT', `/api/v1/admin/staff/${leaderId}/roles`, {
      roles: ['leader', 'office_head'],
    });
    t.is(roles.status, 200, await roles.text());
    const reset = await administrator.request('POST', `/api/v1/admin/staff/${leaderId}/reset-password`);
    t.is(reset.status, 204, await reset.text());
    const encoded = await administrator.request('POST', '/api/v1/temporal-codec/encode', { payloads: [] });
    t.is(encoded.status, 200);
    const exported = await administrator.request('GET', '/api/v1/admin/log.xlsx');
    t.is(exported.status, 200);
    const adminRows = await eventually(async () => {
      const rows = await rowsOf(t, 'ua-admin');
      return rows.length >= 5 ? rows : undefined;
    });
    t.deepEqual(
      adminRows.map((r) => [r.action, r.outcome, r.staff_id]),
      [
        ['sign_in', 'success', adminId],
        ['administration', 'success', adminId],
        ['password_reset', 'success', adminId],
        ['codec', 'success', adminId],
        ['export', 'success', adminId],
      ],
    );
    t.is(adminRows[1]!.target, `PUT /api/v1/admin/staff/${leaderId}/roles`);

    // A clerk registers a petition, uploads a photo and fetches it, and looks at the complainant.
    const clerk = client(t, 'ua-clerk');
    t.is((await clerk.signIn(demoAccount.clerk('990101001'))).status, 200);
    const registered = await clerk.request('POST', '/api/v1/staff/petitions', {
      channel: 'visit',
      ...aPetition({ unitCode: '990101001', place: '东湖县城关镇', submissionKey: randomUUID() }),
    });
    t.is(registered.status, 201);
    const { caseNumber } = (await registered.json()) as { caseNumber: string };
    await eventually(async () =>
      (await caseState(t.context.app.temporal, caseNumber))?.status === 'registered' ? true : undefined,
    );
    const form = new FormData();
    form.append('file', new Blob([onePixelPng], { type: 'image/png' }), '现场照片.png');
    const uploaded = await fetch(`${t.context.app.baseUrl}/api/v1/staff/attachments`, {
      method: 'POST',
      headers: clerk.headers(),
      body: form,
    });
    t.is(uploaded.status, 201);
    const { id } = (await uploaded.json()) as { id: string };
    t.is((await clerk.request('GET', `/api/v1/staff/attachments/${id}`)).status, 200);
    const looked = await clerk.request('POST', `/api/v1/staff/cases/${caseNumber}/identity`, {
      reason: '核实信访人身份',
    });
    t.is(looked.status, 200);
    const clerkRows = await eventually(async () => {
      const rows = await rowsOf(t, 'ua-clerk');
      return rows.length >= 3 ? rows : undefined;
    });
    t.deepEqual(
      clerkRows.map((r) => [r.action, r.outcome]),
      [
        ['sign_in', 'success'],
        ['download', 'success'],
        ['identity_view', 'success'],
      ],
    );
    // The identity log reads the same rows.
    const [identityLog] = await t.context.app.orm.em
      .fork()
      .getConnection()
      .execute<{ n: number }[]>(`select count(*)::int as n from identity_audit where case_number = ?`, [
        caseNumber,
      ]);
    t.is(identityLog?.n, 1);

    // Every row of all of this, once more: none was written twice in the meantime.
    for (const userAgent of [
      'ua-sign-in-failure',
      'ua-sign-in-unknown',
      'ua-lock-1',
      'ua-lock-2',
      'ua-lock-3',
    ]) {
      t.is((await rowsOf(t, userAgent)).length, 1, userAgent);
    }
    t.is((await rowsOf(t, 'ua-admin')).length, 5);
    t.is((await rowsOf(t, 'ua-clerk')).length, 3);
    t.deepEqual((await verifyAuditTrail(t.context.app.orm.em.fork())).breaks, []);
  },
);

test.serial(
  'an administrator searches the trail of their subtree and exports it as XLSX and CSV',
  async (t) => {
    const administrator = client(t, 'ua-search');
    await administrator.signIn(admin);
    const page = await administrator.request(
      'GET',
      '/api/v1/admin/audit?action=sign_in&outcome=refused&pageSize=2',
    );
    t.is(page.status, 200);
    const body = (await page.json()) as { total: number; items: { action: string; outcome: string }[] };
    t.true(body.total >= 2);
    t.is(body.items.length, 2);
    t.true(body.items.every((r) => r.action === 'sign_in' && r.outcome === 'refused'));

    const byPerson = await administrator.request(
      'GET',
      `/api/v1/admin/audit?person=${encodeURIComponent('nobody@demo')}`,
    );
    const found = (await byPerson.json()) as { total: number; items: { target: string }[] };
    t.is(found.total, 1);
    t.is(found.items[0]!.target, 'nobody@demo.qingling.local');

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const future = await administrator.request('GET', '/api/v1/admin/audit?from=2099-01-01');
    t.is(((await future.json()) as { total: number }).total, 0);
    const todays = await administrator.request('GET', `/api/v1/admin/audit?from=${today}&to=${today}`);
    t.true(((await todays.json()) as { total: number }).total > 0);

    const bad = await administrator.request('GET', '/api/v1/admin/audit?outcome=maybe');
    t.is(bad.status, 422);

    const csv = await administrator.request('GET', '/api/v1/admin/audit.csv?action=sign_in&outcome=refused');
    t.is(csv.status, 200);
    const lines = (await csv.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    t.regex(lines[0]!, /^时间,操作人,单位/);
    t.is(lines.length, body.total + 1);
    t.true(lines.slice(1).every((line) => line.includes('登录') && line.includes('被拒绝')));

    const xlsx = await administrator.request('GET', '/api/v1/admin/audit.xlsx');
    t.is(xlsx.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('安全审计日志')!;
    t.is(sheet.getRow(1).getCell(1).text, '时间');
    t.true(sheet.rowCount > 10);
    // Each export is itself on the trail.
    const exports = await eventually(async () => {
      const rows = (await rowsOf(t, 'ua-search')).filter((r) => r.action === 'export');
      return rows.length >= 2 ? rows : undefined;
    });
    t.is(exports.length, 2);
  },
);

test.serial('someone who is not an administrator is refused the trail, in their language', async (t) => {
  const clerk = client(t, 'ua-not-admin');
  await clerk.signIn(demoAccount.clerk('990101001'));
  const refused = await clerk.request('GET', '/api/v1/admin/audit');
  t.is(refused.status, 403);
  t.regex(((await refused.json()) as { error: { message: string } }).error.message, /[\u4e00-\u9fff]/);
  t.is((await clerk.request('GET', '/api/v1/admin/audit.csv')).status, 403);
  const signedOut = await fetch(`${t.context.app.baseUrl}/api/v1/admin/audit`);
  t.is(signedOut.status, 401);
});

/** Tampers inside a transaction that is rolled back, and says what the verifier saw meanwhile. */
async function verifiedAfter(
  t: ExecutionContext<StackContext>,
  tamper: (sql: (query: string, params?: unknown[]) => Promise<unknown>) => Promise<unknown>,
): Promise<AuditVerification> {
  let seen: AuditVerification | undefined;
  const rollBack = new Error('roll back');
  await t.context.app.orm.em
    .fork()
    .transactional(async (tx) => {
      // As an intruder with the database's own rights would: the guarding triggers switched off.
      await tx.execute(`set local session_replication_role = replica`);
      await tamper((query, params = []) => tx.execute(query, params));
      seen = await verifyAuditTrail(tx);
      throw rollBack;
    })
    .catch((error: unknown) => {
      if (error !== rollBack) throw error;
    });
  return seen!;
}

test.serial('the verifier finds an altered row, a removed row and a chain cut off at its end', async (t) => {
  const em = t.context.app.orm.em.fork();
  t.deepEqual((await verifyAuditTrail(em)).breaks, []);
  const [middle] = await em
    .getConnection()
    .execute<{ pos: string }[]>(`select (min(chain_pos) + max(chain_pos)) / 2 as pos from audit_event`);
  const pos = Number(middle!.pos);

  const altered = await verifiedAfter(t, (sql) =>
    sql(`update audit_event set outcome = 'success', staff_name = '无名' where chain_pos = ?`, [pos]),
  );
  t.deepEqual(altered.breaks, [{ chainPos: pos, problem: 'altered' }]);

  const removed = await verifiedAfter(t, (sql) => sql(`delete from audit_event where chain_pos = ?`, [pos]));
  t.deepEqual(removed.breaks, [{ chainPos: pos + 1, problem: 'position_missing' }]);

  const truncated = await verifiedAfter(t, (sql) =>
    sql(`delete from audit_event where chain_pos = (select max(chain_pos) from audit_event)`),
  );
  t.deepEqual(truncated.breaks, [{ chainPos: null, problem: 'head_missing' }]);

  // And the database itself refuses the same without the triggers switched off.
  await t.throwsAsync(
    em.getConnection().execute(`update audit_event set outcome = 'success' where chain_pos = ?`, [pos]),
    { message: /written once/ },
  );
  await t.throwsAsync(em.getConnection().execute(`delete from audit_event where chain_pos = ?`, [pos]), {
    message: /written once/,
  });
  t.deepEqual((await verifyAuditTrail(em)).breaks, []);
});

test.serial(
  'retention removes only the rows past the period, leaves a checkpoint the verifier accepts, and refuses a period under 180 days',
  async (t) => {
    const em = t.context.app.orm.em.fork();
    const sql = em.getConnection();
    const rows = await sql.execute<{ chain_pos: string; at: Date }[]>(
      `select chain_pos, at from audit_event order by chain_pos`,
    );
    t.true(rows.length >= 10);
    const keptFrom = rows[Math.floor(rows.length / 2)]!;
    // The run as it would happen 180 days after the row kept first: everything before it is past the period.
    const now = new Date(new Date(keptFrom.at).getTime() + 180 * 86_400_000);

    await t.throwsAsync(removeExpiredAudit(em, { retentionDays: 179, now }), { message: /at least 180/ });

    const result = await removeExpiredAudit(em, { retentionDays: 180, now });
    const expected = rows.filter((r) => new Date(r.at) < new Date(keptFrom.at)).length;
    t.is(result.removed, expected);
    t.true(expected > 0);
    const left = await sql.execute<{ chain_pos: string; action: string; detail: Record<string, unknown> }[]>(
      `select chain_pos, action, detail from audit_event order by chain_pos`,
    );
    t.is(Number(left[0]!.chain_pos), Number(rows[expected]!.chain_pos));
    t.is(left.length, rows.length - expected + 1);
    const checkpoint = left.at(-1)!;
    t.is(checkpoint.action, 'audit_checkpoint');
    t.like(checkpoint.detail, { removed: expected, lastRemovedPos: Number(rows[expected - 1]!.chain_pos) });

    const verified = await verifyAuditTrail(em);
    t.deepEqual(verified.breaks, []);
    t.is(verified.rowsRemovedByRetention, Number(rows[expected - 1]!.chain_pos));

    // A run with nothing past its period removes nothing and writes no checkpoint.
    t.deepEqual(await removeExpiredAudit(em, { retentionDays: 180 }), { removed: 0, lastRemovedPos: null });

    // Removing the oldest rows without retention's checkpoint is tampering.
    const removedUnexplained = await verifiedAfter(t, (run) =>
      run(`delete from audit_event where chain_pos = (select min(chain_pos) from audit_event)`),
    );
    t.is(removedUnexplained.breaks[0]?.problem, 'start_unexplained');
  },
);

test.serial('the retention Schedule’s workflow runs retention on the worker', async (t) => {
  const handle = await t.context.app.temporal.workflow.start('auditRetention', {
    taskQueue,
    workflowId: `audit-retention-${randomUUID()}`,
    args: [],
  });
  // Nothing in this database is 180 days old.
  t.deepEqual(await handle.result(), { removed: 0 });
  await keepHistory(handle, 'dev-server-audit-retention-nothing-due');
});
