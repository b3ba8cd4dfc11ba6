import anyTest, { type TestFn } from 'ava';
import pg from 'pg';
import { CaseEvent, PetitionCase } from '../../db/entities';
import { stopChild } from '../../embedded/processes';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { startWorkerProcess } from '../helpers/worker-process';

const test = anyTest as TestFn<StackContext>;

// The API only; the worker runs as a separate process that the test can kill.
useTestStack(test, { worker: false });

test('a worker killed in the middle of registering a case leaves it registered exactly once after restart', async (t) => {
  const { services, app } = t.context;
  const first = await startWorkerProcess(services, 'worker-1');

  // Hold the ledger table so the registration is caught half-way, inside its transaction.
  const blocker = new pg.Client({ connectionString: services.databaseUrl });
  await blocker.connect();
  await blocker.query('begin');
  await blocker.query('lock table petition_case in exclusive mode');

  const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
  t.is(answer.status, 201);
  const caseNumber = answer.json.caseNumber as string;

  await eventually(async () => {
    // Asked on another connection: inside the blocker's transaction the statistics are a frozen snapshot.
    const waiting = await app.orm.em
      .fork()
      .getConnection()
      .execute(
        `select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'insert into "petition_case"%'`,
      );
    return waiting.length > 0 ? true : undefined;
  });
  first.process.kill('SIGKILL');
  await new Promise((resolve) => first.process.once('exit', resolve));
  await blocker.query('commit');
  await blocker.end();

  const second = await startWorkerProcess(services, 'worker-2');
  try {
    // The activity's time-out expires, Temporal retries it on the new worker.
    await eventually(
      async () => (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ?? undefined,
      60_000,
    );
    const em = app.orm.em.fork();
    t.is(await em.count(PetitionCase, { caseNumber }), 1);
    t.is(await em.count(CaseEvent, { caseNumber }), 1);
  } finally {
    await stopChild(second.process);
  }
});
