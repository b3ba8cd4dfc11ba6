import anyTest, { type TestFn } from 'ava';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { demoPassword } from '../../db/seed/demo-data';
import { caseWorkflowId } from '../../domain/case';
import { encryptedEncoding, PayloadEncryptionCodec, uiCodecPath } from '../../temporal/payload-codec';
import { eventually, testKeyring, testTemporalUiUrl } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount } from '../helpers/staff';

/**
 * Petition text and identities go through Temporal only as ciphertext: Temporal's
 * database and its web UI see nothing readable, and the UI shows payloads decrypted
 * only through the API's codec endpoint, to an office head or an administrator.
 */
const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001'; // 城关镇
const secrets = {
  name: '欧阳青澜',
  phone: '13577778888',
  email: 'ouyang.qinglan.probe@example.cn',
  summary: '青澜溪上游的采砂场夜间作业，噪音扰民已持续三个月，多次反映无人处理。',
};

let registered: Promise<string> | undefined;
/** The case of the distinctive petition, registered once for the file (hooks run side by side). */
const theCase = (t: { context: StackContext }) => (registered ??= register(t.context));

async function register(context: StackContext): Promise<string> {
  const answer = await postJson(
    `${context.app.baseUrl}/api/v1/petitions`,
    aPetition({
      summary: secrets.summary,
      complainant: { name: secrets.name, phone: secrets.phone, email: secrets.email },
    }),
  );
  if (answer.status !== 201) throw new Error(`petition not received: ${answer.text}`);
  const caseNumber = answer.json.caseNumber as string;
  // Wait for an activity's input and a local activity's result in the history, not only the workflow's input.
  await eventually(async () => {
    const paths = (await historyOf(context.app.temporal, caseNumber)).found.map((f) => f.path).join(' ');
    return paths.includes('activityTaskScheduled') && paths.includes('details.result') ? true : undefined;
  }, 60_000);
  return caseNumber;
}

interface FoundPayload {
  path: string;
  payload: Payload;
}

/** Every payload in a history, with where it sits. */
function payloadsIn(value: unknown, path = ''): FoundPayload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  const record = value as Record<string, unknown>;
  if (record.data instanceof Uint8Array && record.metadata && typeof record.metadata === 'object') {
    return [{ path, payload: record as Payload }];
  }
  return Object.entries(record).flatMap(([key, child]) => payloadsIn(child, `${path}.${key}`));
}

/** A history as text a reader of Temporal's database would see: the JSON plus every payload's bytes as UTF-8. */
function readable(history: temporal.api.history.v1.IHistory, payloads: Payload[]): string {
  const json = JSON.stringify(temporal.api.history.v1.History.fromObject(history).toJSON());
  const bytes = payloads.flatMap(({ data, metadata }) => [data, ...Object.values(metadata ?? {})]);
  return [json, ...bytes.map((b) => Buffer.from(b ?? []).toString('utf8'))].join('\n');
}

/**
 * Payloads the SDK's core writes itself, not through the codec: search attributes (indexed
 * in the clear by design, so they must hold nothing personal) and the bookkeeping of patch
 * and local-activity markers (ids, attempts, times). The plain-text check covers them too.
 */
const codecPasses = ({ path }: FoundPayload) =>
  !/\.searchAttributes\.|\.markerRecordedEventAttributes\.details\.(patch-data|data)\./.test(path);

async function historyOf(client: Client, caseNumber: string) {
  const handle: WorkflowHandle = client.workflow.getHandle(caseWorkflowId(caseNumber));
  const history = await handle.fetchHistory();
  return { history, found: payloadsIn(history) };
}

test("Temporal holds the case's payloads encrypted: no name, phone, e-mail or petition text in its history", async (t) => {
  const { app } = t.context;
  const plainClient = new Client({ connection: app.temporal.connection, namespace: 'default' });
  const { history, found } = await historyOf(plainClient, await theCase(t));
  const encrypted = found.filter(codecPasses);
  t.true(encrypted.some(({ path }) => path.includes('workflowExecutionStartedEventAttributes.input')));
  t.true(encrypted.some(({ path }) => path.includes('activityTaskScheduledEventAttributes.input')));
  t.true(encrypted.some(({ path }) => /markerRecordedEventAttributes\.details\.result/.test(path)));
  for (const { path, payload } of encrypted) {
    t.is(Buffer.from(payload.metadata!.encoding!).toString(), encryptedEncoding, path);
  }
  const seen = readable(
    history,
    found.map((f) => f.payload),
  );
  for (const [what, value] of Object.entries(secrets)) t.false(seen.includes(value), `${what} in clear`);
});

test("with the keys, the same history reads in full: the complainant's identity and the petition text are there", async (t) => {
  const { history, found } = await historyOf(t.context.app.temporal, await theCase(t));
  const decoded = await new PayloadEncryptionCodec(testKeyring).decode(found.map((f) => f.payload));
  const seen = readable(history, decoded);
  for (const [what, value] of Object.entries(secrets)) t.true(seen.includes(value), `${what} not found`);
});

/** The workflow's input as the Temporal UI would send it to the codec endpoint. */
async function startInput(t: { context: StackContext }) {
  const { history } = await historyOf(t.context.app.temporal, await theCase(t));
  const started = temporal.api.history.v1.History.fromObject(history).toJSON() as {
    events: { workflowExecutionStartedEventAttributes?: { input: { payloads: unknown[] } } }[];
  };
  return started.events[0]!.workflowExecutionStartedEventAttributes!.input;
}

const codecUrl = (t: { context: StackContext }, action: 'decode' | 'encode') =>
  `${t.context.app.baseUrl}${uiCodecPath}/${action}`;
const uiHeaders = { origin: new URL(testTemporalUiUrl).origin, 'x-namespace': 'default' };

test('the codec endpoint decrypts payloads for a signed-in office head, as the Temporal UI asks', async (t) => {
  const cookie = await sessionCookie(t.context.app.baseUrl, demoAccount.officeHead(township));
  const input = await startInput(t);
  const answer = await postJson(codecUrl(t, 'decode'), input, { ...uiHeaders, cookie });
  t.is(answer.status, 200, answer.text);
  const [payload] = (
    answer.json as unknown as { payloads: { metadata: Record<string, string>; data: string }[] }
  ).payloads;
  t.is(Buffer.from(payload!.metadata.encoding!, 'base64').toString(), 'json/plain');
  const text = Buffer.from(payload!.data, 'base64').toString('utf8');
  t.true(text.includes(secrets.name));
  t.true(text.includes(secrets.summary));

  const reEncoded = await postJson(codecUrl(t, 'encode'), answer.json, { ...uiHeaders, cookie });
  t.is(reEncoded.status, 200, reEncoded.text);
  const back = await postJson(codecUrl(t, 'decode'), reEncoded.json, { ...uiHeaders, cookie });
  t.deepEqual(back.json, answer.json);

  // Each decode that showed the case is in the identity log, like a view on the case page.
  const caseNumber = await theCase(t);
  const [logged] = await t.context.app.orm.em
    .fork()
    .execute<{ n: string }[]>(
      `select count(*) as n from identity_audit where case_number = ? and action = 'identity_view' and reason = 'Temporal UI'`,
      [caseNumber],
    );
  t.true(Number(logged?.n) >= 2);
});

test('an office head of another county gets the case’s payloads back still encrypted', async (t) => {
  const cookie = await sessionCookie(t.context.app.baseUrl, demoAccount.officeHead('990102'));
  const input = await startInput(t);
  const answer = await postJson(codecUrl(t, 'decode'), input, { ...uiHeaders, cookie });
  t.is(answer.status, 200, answer.text);
  t.deepEqual(answer.json, input as never);
  t.false(answer.text.includes(secrets.name));
});

test('the codec endpoint answers 401 without a session and 403 to a department handler', async (t) => {
  const input = await startInput(t);
  const anonymous = await postJson(codecUrl(t, 'decode'), input, uiHeaders);
  t.is(anonymous.status, 401);
  t.is(anonymous.json.error?.code, 'sign_in_required');
  t.false(anonymous.text.includes(secrets.name));

  const handler = await sessionCookie(t.context.app.baseUrl, demoAccount.handler(`${township}-zz`));
  const refused = await postJson(codecUrl(t, 'decode'), input, { ...uiHeaders, cookie: handler });
  t.is(refused.status, 403);
  t.is(refused.json.error?.code, 'role_not_allowed');
});

test('the codec endpoint refuses a forged payload with a message, not a server error', async (t) => {
  const cookie = await sessionCookie(t.context.app.baseUrl, demoAccount.officeHead(township));
  const input = await startInput(t);
  const [payload] = input.payloads as { metadata: Record<string, string>; data: string }[];
  const forged = {
    payloads: [{ ...payload, data: Buffer.from('not the ciphertext at all').toString('base64') }],
  };
  const answer = await postJson(codecUrl(t, 'decode'), forged, { ...uiHeaders, cookie });
  t.is(answer.status, 422);
  t.is(answer.json.error?.code, 'payload_undecryptable');
  const notPayloads = await postJson(codecUrl(t, 'decode'), { payloads: 'x' }, { ...uiHeaders, cookie });
  t.is(notPayloads.status, 422);
});

test('the CORS preflight is allowed from the configured Temporal UI origin, with credentials', async (t) => {
  const answer = await preflight(t, new URL(testTemporalUiUrl).origin);
  t.is(answer.status, 204);
  t.is(answer.headers.get('access-control-allow-origin'), new URL(testTemporalUiUrl).origin);
  t.is(answer.headers.get('access-control-allow-credentials'), 'true');
  t.regex(answer.headers.get('access-control-allow-headers') ?? '', /x-namespace/i);
  t.regex(answer.headers.get('access-control-allow-methods') ?? '', /POST/);
});

test('the CORS preflight and a credentialed call from any other origin are refused', async (t) => {
  const answer = await preflight(t, 'https://evil.example');
  t.is(answer.status, 403);
  t.is(answer.headers.get('access-control-allow-origin'), null);

  const cookie = await sessionCookie(t.context.app.baseUrl, demoAccount.officeHead(township));
  const forged = await postJson(codecUrl(t, 'decode'), await startInput(t), {
    origin: 'https://evil.example',
    cookie,
  });
  t.is(forged.status, 403);
  t.is(forged.json.error?.code, 'origin_not_allowed');
  t.false(forged.text.includes(secrets.name));
});

test('a post that is not JSON is refused even with a session, so no plain form can reach the codec', async (t) => {
  const cookie = await sessionCookie(t.context.app.baseUrl, demoAccount.officeHead(township));
  const answer = await fetch(codecUrl(t, 'decode'), {
    method: 'POST',
    headers: { 'content-type': 'text/plain', cookie },
    body: JSON.stringify(await startInput(t)),
  });
  t.is(answer.status, 415);
});

function preflight(t: { context: StackContext }, origin: string) {
  return fetch(codecUrl(t, 'decode'), {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-namespace',
    },
  });
}

/** The session cookie of a demo person, as the browser sends it along from the Temporal UI. */
async function sessionCookie(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
