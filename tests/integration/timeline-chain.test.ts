import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import anyTest, { type TestFn } from 'ava';
import { projectRoot } from '../../config/paths';
import { Department } from '../../db/entities';
import { verifyTimelines } from '../../db/timeline-chain';
import { eventually, testEncryptionKeys, type TestApp } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';

/**
 * The tamper-evident timeline: events written by real case workflows are chained by
 * the database; the verifier finds an event changed, removed or cut off the end by
 * someone writing to PostgreSQL directly, and the command exits non-zero on it.
 */
const test = anyTest as TestFn<StackContext>;

useTestStack(test);

const township = '990101001';

async function caseWithEvents(app: TestApp, events: number): Promise<string> {
  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
  const caseNumber = answer.json.caseNumber as string;
  const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
  await eventually(async () => ((await eventCount(app, caseNumber)) > 0 ? true : undefined));
  const accepted = await clerk.act(caseNumber, 'triage', { decision: 'accept' });
  if (accepted.status !== 200) throw new Error(accepted.text);
  const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
  const dispatched = await clerk.act(caseNumber, 'dispatch', { departmentId: department.id });
  if (dispatched.status !== 200) throw new Error(dispatched.text);
  await eventually(async () => ((await eventCount(app, caseNumber)) >= events ? true : undefined));
  return caseNumber;
}

async function eventCount(app: TestApp, caseNumber: string): Promise<number> {
  const [row] = await app.orm.em
    .fork()
    .execute<{ n: string }[]>('select count(*) as n from case_event where case_number = ?', [caseNumber]);
  return Number(row?.n ?? 0);
}

/** As someone with the database's superuser would: with the append-only trigger out of the way. */
async function tamper(app: TestApp, sql: string, params: unknown[]): Promise<void> {
  await app.orm.em.fork().transactional(async (tx) => {
    await tx.execute(`set local session_replication_role = replica`);
    await tx.execute(sql, params);
  });
}

const verifyCommand = promisify(execFile);

async function runVerifier(databaseUrl: string, caseNumber: string) {
  try {
    const { stdout } = await verifyCommand(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'scripts', 'verify-timeline.ts'), caseNumber],
      {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: databaseUrl, ENCRYPTION_KEYS: testEncryptionKeys },
      },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

test('events written by the workflow form an intact chain, and a retried projection does not move its head', async (t) => {
  const { app } = t.context;
  const caseNumber = await caseWithEvents(app, 2);
  const result = await verifyTimelines(app.orm.em.fork(), { caseNumber });
  t.true(result.eventsChecked >= 2);
  t.deepEqual(result.breaks, []);

  const [head] = await app.orm.em
    .fork()
    .execute<{ timeline_length: number; timeline_head: string }[]>(
      'select timeline_length, timeline_head from petition_case where case_number = ?',
      [caseNumber],
    );
  // The same event written again, as an activity retried after a lost answer would.
  await app.orm.em.fork().execute(
    `insert into case_event (case_number, seq, type, occurred_at, actor, data, policy_version)
     select case_number, seq, type, occurred_at, actor, data, policy_version from case_event
      where case_number = ? and seq = 1
     on conflict (case_number, seq) do nothing`,
    [caseNumber],
  );
  const [after] = await app.orm.em
    .fork()
    .execute<{ timeline_length: number; timeline_head: string }[]>(
      'select timeline_length, timeline_head from petition_case where case_number = ?',
      [caseNumber],
    );
  t.deepEqual(after, head);
  t.deepEqual((await verifyTimelines(app.orm.em.fork(), { caseNumber })).breaks, []);

  const command = await runVerifier(t.context.services.databaseUrl, caseNumber);
  t.is(command.code, 0);
  t.regex(command.stdout, /timeline chain intact/);
});

test.serial('the verifier finds an event altered directly in the database', async (t) => {
  const { app } = t.context;
  const caseNumber = await caseWithEvents(app, 2);
  await tamper(
    app,
    `update case_event set data = data || '{"decision":"reject"}' where case_number = ? and seq = 2`,
    [caseNumber],
  );
  const result = await verifyTimelines(app.orm.em.fork(), { caseNumber });
  t.deepEqual(
    result.breaks.map((b) => [b.seq, b.problem]),
    [[2, 'altered']],
  );
  const command = await runVerifier(t.context.services.databaseUrl, caseNumber);
  t.is(command.code, 1, command.stdout);
  t.regex(command.stdout, new RegExp(`BROKEN ${caseNumber} event 2 \\(chain position \\d+\\): altered`));
});

test('rewriting an event together with its hash breaks the link to the next one', async (t) => {
  const { app } = t.context;
  const caseNumber = await caseWithEvents(app, 2);
  await tamper(
    app,
    `update case_event e set actor = 'system', hash = case_event_hash(e.prev_hash, (select x from case_event x where x.id = e.id))
      where case_number = ? and seq = 1`,
    [caseNumber],
  );
  // Recompute once more now that the stored actor changed, as a careful forger would.
  await tamper(
    app,
    `update case_event e set hash = case_event_hash(e.prev_hash, e) where case_number = ? and seq = 1`,
    [caseNumber],
  );
  const breaks = (await verifyTimelines(app.orm.em.fork(), { caseNumber })).breaks;
  t.true(breaks.some((b) => b.problem === 'link_broken'));
  t.false(breaks.some((b) => b.seq === 1));
});

test('the verifier finds an event removed from the middle and one cut off the end', async (t) => {
  const { app } = t.context;
  const middle = await caseWithEvents(app, 3);
  const [second] = await app.orm.em
    .fork()
    .execute<{ chain_pos: number }[]>(
      'select chain_pos from case_event where case_number = ? order by chain_pos offset 1 limit 1',
      [middle],
    );
  await tamper(app, 'delete from case_event where case_number = ? and chain_pos = ?', [
    middle,
    second!.chain_pos,
  ]);
  const middleBreaks = (await verifyTimelines(app.orm.em.fork(), { caseNumber: middle })).breaks;
  t.true(middleBreaks.some((b) => b.problem === 'position_missing'));

  const end = await caseWithEvents(app, 2);
  await tamper(
    app,
    'delete from case_event where case_number = ? and chain_pos = (select max(chain_pos) from case_event where case_number = ?)',
    [end, end],
  );
  const endBreaks = (await verifyTimelines(app.orm.em.fork(), { caseNumber: end })).breaks;
  t.deepEqual(
    endBreaks.map((b) => b.problem),
    ['head_missing'],
  );

  // Checking the whole database at once names both.
  const broken = new Set((await verifyTimelines(app.orm.em.fork())).breaks.map((b) => b.caseNumber));
  t.true(broken.has(middle) && broken.has(end));
});
