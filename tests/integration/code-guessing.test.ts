import anyTest, { type TestFn } from 'ava';
import { PetitionCase } from '../../db/entities';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { startTestServices, type TestServices } from '../helpers/services';

const test = anyTest as TestFn<{ services: TestServices; app: TestApp }>;

const lockSeconds = 2;

test.before(async (t) => {
  t.context.services = await startTestServices({ database: 'demo' });
  // Locks of 2 s instead of minutes; no worker needed to read a registered case.
  t.context.app = await startTestApp(t.context.services, {
    limits: { guard: { freeFailures: 5, firstLockSeconds: lockSeconds, maxLockSeconds: lockSeconds } },
  });
});
test.after.always(async (t) => {
  await t.context.app?.stop();
  await t.context.services?.stop();
});

const wrongCode = (i: number) => String(10n ** 19n + BigInt(i)).padStart(20, '0');

test('guessing access codes for one case is throttled, and the right code works again after the lock', async (t) => {
  const { app } = t.context;
  const submitted = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
  const caseNumber = submitted.json.caseNumber as string;
  const accessCode = submitted.json.accessCode as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  const lookUp = (code: string) =>
    fetch(`${app.baseUrl}/api/v1/cases/${caseNumber}`, { headers: { 'x-access-code': code } });

  const statuses = new Map<number, number>();
  let retryAfterSeen = false;
  for (let batch = 0; batch < 20; batch += 1) {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => lookUp(wrongCode(batch * 50 + i))),
    );
    for (const answer of answers) {
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status === 429 && Number(answer.headers.get('retry-after')) >= 1) retryAfterSeen = true;
      await answer.body?.cancel();
    }
  }
  t.false(statuses.has(200), JSON.stringify([...statuses]));
  t.true((statuses.get(429) ?? 0) > 0, JSON.stringify([...statuses]));
  t.deepEqual([...statuses.keys()].sort(), [404, 429]);
  t.true(retryAfterSeen);

  // Locked: even the right code is refused (an unknown number answers the same way).
  const guessed = await postJson(
    `${app.baseUrl}/api/v1/cases/${caseNumber}/evaluation`,
    { satisfied: true },
    {
      'x-access-code': wrongCode(5000),
    },
  );
  t.true([404, 429].includes(guessed.status));
  const during = await lookUp(accessCode);
  t.is(during.status, 429);
  const body = (await during.json()) as { error: { code: string } };
  t.is(body.error.code, 'lookup_locked');

  // After the lock the right code works, and clears the count.
  await new Promise((resolve) => setTimeout(resolve, (lockSeconds + 0.5) * 1000));
  const after = await lookUp(accessCode);
  t.is(after.status, 200, await after.clone().text());
  t.is(((await after.json()) as { caseNumber: string }).caseNumber, caseNumber);
  const guard = await app.orm.em
    .fork()
    .getConnection()
    .execute(`select * from case_lookup_guard where case_number = ?`, [caseNumber]);
  t.is(guard.length, 0);
});

test('per-address limits answer 429 with Retry-After and a translated message', async (t) => {
  const { services } = t.context;
  const app = await startTestApp(services, {
    worker: false,
    limits: { lookup: { points: 3, durationSeconds: 60 } },
  });
  try {
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push(
        await fetch(`${app.baseUrl}/api/v1/cases/QL2026-999999`, {
          headers: { 'x-access-code': '0'.repeat(20), 'accept-language': 'zh-CN' },
        }),
      );
    }
    t.deepEqual(
      answers.map((a) => a.status),
      [404, 404, 404, 429],
    );
    const limited = answers[3]!;
    t.truthy(limited.headers.get('retry-after'));
    t.regex(((await limited.json()) as { error: { message: string } }).error.message, /操作过于频繁/);
  } finally {
    await app.stop();
  }
});
