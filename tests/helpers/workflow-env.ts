import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ExecutionContext, TestFn } from 'ava';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { actorOf, loadSignedInStaff } from '../../api/auth/staff';
import { departmentRef } from '../../db/refs';
import { createMailTransport } from '../../config/mail-transport';
import type { StaffActor } from '../../domain/actor';
import type { CaseCommandName, CaseCommands, CaseState } from '../../domain/case-commands';
import { CalendarRepository, type CalendarDayInput } from '../../db/calendar';
import { CaseDeadline, CaseEvent, Department, StaffMember } from '../../db/entities';
import { openDatabase } from '../../db/orm';
import { startEmbeddedPostgres } from '../../embedded/postgres';
import { temporalTestServer } from '../../temporal/binaries';
import { encryptedDataConverter } from '../../temporal/payload-codec';
import { caseCommandUpdate } from '../../workflows/case/messages';
import { testKeyring, workflowBundle } from './app';
import { freePort } from './ports';
import { demoDatabaseTemplate, testDatabasePassword } from './postgres-template';
import './quiet-runtime';
import { startTestSmtpServer, type TestSmtpServer } from './smtp';

/**
 * A time-skipping Temporal server with the real activities behind it: embedded
 * PostgreSQL with the demo province and the holiday calendars, and an in-process
 * SMTP server. 60-day deadlines pass in milliseconds; the ledger and the mail
 * are real.
 */
export interface WorkflowTestEnv {
  env: TestWorkflowEnvironment;
  orm: MikroORM;
  smtp: TestSmtpServer;
  bundle: { code: string };
  stop(): Promise<void>;
}

export async function startWorkflowTestEnv(): Promise<WorkflowTestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-wf-'));
  fs.chmodSync(dataDir, 0o755);
  const template = await demoDatabaseTemplate();
  const [postgres, smtp, env, bundle] = await Promise.all([
    freePort().then((port) =>
      startEmbeddedPostgres({ dataDir, port, password: testDatabasePassword, template }),
    ),
    startTestSmtpServer(),
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServer() } },
      client: { dataConverter: encryptedDataConverter(testKeyring) },
    }),
    workflowBundle(),
  ]);
  // Migrated, with the holiday calendars and the demo province: copied from the template.
  const orm = await openDatabase(postgres.databaseUrl, { keyring: testKeyring });
  return {
    env,
    orm,
    smtp,
    bundle,
    async stop() {
      await env.teardown();
      await orm.close();
      await Promise.allSettled([postgres.stop(), smtp.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One time-skipping environment per test (each can put the clock where its story starts) or
 * one for the whole file (its tests share a clock that only goes forward), made ready by
 * `prepare` (a holiday year to load, say) and stopped after.
 */
export function useWorkflowTestEnv(
  anyTest: TestFn,
  scope: 'each test' | 'whole file',
  prepare: (w: WorkflowTestEnv) => Promise<unknown> = async () => {},
): TestFn<{ w: WorkflowTestEnv }> {
  const test = anyTest as TestFn<{ w: WorkflowTestEnv }>;
  const start = async (t: ExecutionContext<{ w: WorkflowTestEnv }>) => {
    t.context.w = await startWorkflowTestEnv();
    await prepare(t.context.w);
  };
  const stop = async (t: ExecutionContext<{ w: WorkflowTestEnv }>) => {
    await t.context.w?.stop();
  };
  if (scope === 'each test') {
    test.beforeEach(start);
    test.afterEach.always(stop);
  } else {
    test.before(start);
    test.after.always(stop);
  }
  return test;
}

/** Runs `body` with a worker on its own task queue, serving the real activities. */
export async function withWorker<T>(
  w: WorkflowTestEnv,
  taskQueue: string,
  body: () => Promise<T>,
): Promise<T> {
  const worker = await Worker.create({
    connection: w.env.nativeConnection,
    taskQueue,
    workflowBundle: { code: w.bundle.code },
    activities: createActivities({
      orm: w.orm,
      mail: createMailTransport(w.smtp.url),
      mailFrom: 'Qingling test <noreply@qingling.test>',
      publicUrl: 'http://localhost',
      temporal: w.env.client,
    }),
    dataConverter: encryptedDataConverter(testKeyring),
  });
  return worker.runUntil(body);
}

/** Moves the skipping clock forward to an instant (ISO with offset). */
export async function skipTo(w: WorkflowTestEnv, instant: string): Promise<void> {
  const target = Date.parse(instant);
  const now = await w.env.currentTimeMs();
  if (target < now) throw new Error(`cannot go back in time to ${instant}`);
  await w.env.sleep(target - now);
}

export async function loadYear(w: WorkflowTestEnv, year: number, days: CalendarDayInput[]): Promise<void> {
  await new CalendarRepository(w.orm.em.fork()).replaceYear(year, {
    source: 'test fixture',
    days,
    loadedBy: 'test',
  });
}

export async function actor(w: WorkflowTestEnv, email: string): Promise<StaffActor> {
  const member = await w.orm.em.fork().findOneOrFail(StaffMember, { email });
  return actorOf((await loadSignedInStaff(w.orm.em.fork(), member.id))!);
}

export async function department(w: WorkflowTestEnv, code: string) {
  return departmentRef(
    await w.orm.em.fork().findOneOrFail(Department, { code }, { populate: ['unit', 'unit.parent'] }),
  );
}

export function command<C extends CaseCommandName>(
  handle: WorkflowHandle,
  name: C,
  by: StaffActor | { kind: 'complainant' } | { kind: 'system' },
  input: CaseCommands[C],
): Promise<CaseState> {
  return handle.executeUpdate(caseCommandUpdate(name), { args: [{ actor: by, input }] });
}

/** The ledger's deadlines of a case, by clock: due date, state and whether provisional. */
export async function ledgerDeadlines(w: WorkflowTestEnv, caseNumber: string) {
  const rows = await w.orm.em.fork().find(CaseDeadline, { caseNumber });
  return Object.fromEntries(
    rows.map((r) => [r.clock, { due: r.dueDate, state: r.state, provisional: r.provisional }]),
  );
}

export async function timeline(w: WorkflowTestEnv, caseNumber: string) {
  return w.orm.em.fork().find(CaseEvent, { caseNumber }, { orderBy: { seq: 'asc' } });
}
