import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../embedded/postgres';
import { startDevServer } from '../../temporal/dev-server';
import { freePort } from './ports';
import { demoDatabaseTemplate, testDatabasePassword } from './postgres-template';
import { startTestSmtpServer, type TestSmtpServer } from './smtp';

export interface TestServices {
  dataDir: string;
  databaseUrl: string;
  temporalAddress: string;
  smtp: TestSmtpServer;
  /** The database came migrated, with the holiday calendars and the demo province in it. */
  seeded: boolean;
  stop(): Promise<void>;
}

/**
 * The real services a test file needs, each fresh and private to the file:
 * embedded PostgreSQL, the Temporal CLI dev server and an in-process SMTP server.
 */
export async function startTestServices(
  /** `demo`: start from the migrated, seeded template (tests/helpers/postgres-template.ts) instead of an empty database. */
  options: { database?: 'empty' | 'demo' } = {},
): Promise<TestServices> {
  const template = options.database === 'demo' ? await demoDatabaseTemplate() : undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-test-'));
  // The postgres user must be able to reach its data folder.
  fs.chmodSync(dataDir, 0o755);
  const [pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const started = await Promise.allSettled([
    startEmbeddedPostgres({
      dataDir,
      port: pgPort,
      password: testDatabasePassword,
      ...(template ? { template } : {}),
    }),
    startDevServer({ dbFile: path.join(dataDir, 'temporal.db'), port: temporalPort, uiPort }),
    startTestSmtpServer(),
  ]);
  const [pgStart, temporalStart, smtpStart] = started;
  if (
    pgStart.status === 'rejected' ||
    temporalStart.status === 'rejected' ||
    smtpStart.status === 'rejected'
  ) {
    // What did start is stopped: a file whose services half-started must still end, not hang.
    await Promise.allSettled([
      pgStart.status === 'fulfilled' ? pgStart.value.stop() : undefined,
      temporalStart.status === 'fulfilled' ? temporalStart.value.stop() : undefined,
      smtpStart.status === 'fulfilled' ? smtpStart.value.stop() : undefined,
    ]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw (started.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason;
  }
  const [postgres, temporal, smtp] = [pgStart.value, temporalStart.value, smtpStart.value];
  return {
    dataDir,
    databaseUrl: postgres.databaseUrl,
    temporalAddress: temporal.address,
    smtp,
    seeded: template !== undefined,
    async stop() {
      await Promise.allSettled([postgres.stop(), temporal.stop(), smtp.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
