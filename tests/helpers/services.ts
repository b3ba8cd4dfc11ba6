import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../embedded/postgres';
import { startDevServer } from '../../temporal/dev-server';
import { stopChild } from '../../embedded/processes';
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
  const [postgres, temporal, smtp] = await Promise.all([
    startEmbeddedPostgres({
      dataDir,
      port: pgPort,
      password: testDatabasePassword,
      ...(template ? { template } : {}),
    }),
    startDevServer({ dbFile: path.join(dataDir, 'temporal.db'), port: temporalPort, uiPort }),
    startTestSmtpServer(),
  ]);
  return {
    dataDir,
    databaseUrl: postgres.databaseUrl,
    temporalAddress: temporal.address,
    smtp,
    seeded: template !== undefined,
    async stop() {
      // The file's data is thrown away: the dev server has nothing to shut down gracefully for.
      await Promise.allSettled([postgres.stop(), stopChild(temporal.process, 0), smtp.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
