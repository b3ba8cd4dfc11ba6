import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../embedded/postgres';
import { startDevServer } from '../../temporal/dev-server';
import { freePort } from './ports';
import { startTestSmtpServer, type TestSmtpServer } from './smtp';

export interface TestServices {
  dataDir: string;
  databaseUrl: string;
  temporalAddress: string;
  smtp: TestSmtpServer;
  stop(): Promise<void>;
}

/**
 * The real services a test file needs, each fresh and private to the file:
 * embedded PostgreSQL, the Temporal CLI dev server and an in-process SMTP server.
 */
export async function startTestServices(): Promise<TestServices> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-test-'));
  // The postgres user must be able to reach its data folder.
  fs.chmodSync(dataDir, 0o755);
  const [pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const [postgres, temporal, smtp] = await Promise.all([
    startEmbeddedPostgres({ dataDir, port: pgPort, password: 'test-password' }),
    startDevServer({ dbFile: path.join(dataDir, 'temporal.db'), port: temporalPort, uiPort }),
    startTestSmtpServer(),
  ]);
  return {
    dataDir,
    databaseUrl: postgres.databaseUrl,
    temporalAddress: temporal.address,
    smtp,
    async stop() {
      await Promise.allSettled([postgres.stop(), temporal.stop(), smtp.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
