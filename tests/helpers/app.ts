import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Connection, type Client } from '@temporalio/client';
import pino from 'pino';
import type { AbuseLimits } from '../../api/abuse';
import { createApp } from '../../api/app';
import type { StaffRole } from '../../domain/actor';
import { createMailTransport } from '../../config/mail-transport';
import { consoleBuildDir } from '../../config/paths';
import { openDatabase } from '../../db/orm';
import { seedDemoData } from '../../db/seed/demo-data';
import { seedHolidayCalendar } from '../../db/seed/holiday-calendar';
import { createTemporalClient } from '../../temporal/client';
import { createCaseWorker } from '../../temporal/worker';
import { testKeyring } from './keys';
import './quiet-runtime';
import type { TestServices } from './services';
import { cachedWorkflowBundlePath } from './workflow-bundle';

export const testAccessCodeSecret = 'test-secret-0123456789abcdef0123456789abcdef';
export const testSessionSecret = 'test-session-0123456789abcdef0123456789abcdef';
export const taskQueue = 'qingling-test';
export { testEncryptionKeys, testKeyring } from './keys';
/** The Temporal UI origin the test app lets call its codec endpoint. */
export const testTemporalUiUrl = 'http://localhost:8233';

let bundle: Promise<{ code: string }> | undefined;
/** The workflow bundle, built once per test run (tests/helpers/workflow-bundle.ts) and read once per test file. */
export const workflowBundle = () =>
  (bundle ??= cachedWorkflowBundlePath().then((file) => ({ code: fs.readFileSync(file, 'utf8') })));

export interface TestApp {
  baseUrl: string;
  orm: MikroORM;
  temporal: Client;
  stop(): Promise<void>;
}

/** The API on a free port against the test services, with the demo units (unless `demo: false`), and (unless told not to) a worker. */
export async function startTestApp(
  services: TestServices,
  options: {
    worker?: boolean;
    demo?: boolean;
    smtpUrl?: string;
    limits?: Partial<AbuseLimits>;
    /** Takes petitions on a drill policy (QINGLING_DRILL_POLICY), for drills whose deadlines fall due in minutes. */
    drillPolicy?: boolean;
    /** Roles that must give a second factor; none unless a test says (as in the embedded demo). */
    secondFactorRoles?: StaffRole[];
  } = {},
): Promise<TestApp> {
  const orm = await openDatabase(services.databaseUrl, { keyring: testKeyring });
  if (!services.seeded) {
    await seedHolidayCalendar(orm.em.fork());
    if (options.demo !== false) await seedDemoData(orm.em.fork());
  } else if (options.demo === false) {
    throw new Error('a test without the demo province needs services started with an empty database');
  }
  const connection = await Connection.connect({ address: services.temporalAddress });
  const temporal = createTemporalClient({ connection, namespace: 'default', keyring: testKeyring });
  const app = createApp({
    orm,
    temporal,
    taskQueue,
    mail: createMailTransport(options.smtpUrl ?? services.smtp.url),
    accessCodeSecret: testAccessCodeSecret,
    sessionSecrets: [testSessionSecret],
    publicUrl: 'http://localhost',
    log: pino({ level: 'silent' }),
    consoleDir: consoleBuildDir,
    temporalUiUrl: testTemporalUiUrl,
    drillPolicy: options.drillPolicy === true,
    secondFactorRoles: options.secondFactorRoles ?? [],
    // Every test comes from 127.0.0.1: per-address limits are generous unless a test sets them.
    limits: {
      intake: { points: 100_000, durationSeconds: 60 },
      lookup: { points: 100_000, durationSeconds: 60 },
      ...options.limits,
    },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const stopWorker =
    options.worker !== false
      ? await startTestWorker(services, orm, temporal, options.smtpUrl)
      : async () => {};
  return {
    baseUrl,
    orm,
    temporal,
    async stop() {
      await stopWorker();
      await new Promise((resolve) => server.close(resolve));
      await app.closeSessions();
      await connection.close();
      await orm.close();
    },
  };
}

/** A case worker on the test task queue, as the app's own would run; returns how to stop it. */
export async function startTestWorker(
  services: TestServices,
  orm: MikroORM,
  temporal: Client,
  smtpUrl = services.smtp.url,
): Promise<() => Promise<void>> {
  const { worker, connection } = await createCaseWorker({
    address: services.temporalAddress,
    namespace: 'default',
    taskQueue,
    services: {
      orm,
      mail: createMailTransport(smtpUrl),
      mailFrom: 'Qingling test <noreply@qingling.test>',
      publicUrl: 'http://localhost',
      temporal,
    },
    keyring: testKeyring,
    workflowBundle: { code: (await workflowBundle()).code },
  });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    await connection.close();
  };
}

/** Polls `probe` until it returns something other than undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
