import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../embedded/postgres';
import { DevServerStartError, startDevServer } from '../../temporal/dev-server';
import { freePort, freePorts } from './ports';
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
  const startTemporal = async () => {
    const [port, uiPort, httpPort, metricsPort] = (await freePorts(4)) as [number, number, number, number];
    return startDevServer({
      dbFile: path.join(dataDir, 'temporal.db'),
      logFile: path.join(dataDir, 'temporal.log'),
      port,
      uiPort,
      httpPort,
      metricsPort,
    });
  };
  const pgPort = await freePort();
  const started = await Promise.allSettled([
    startEmbeddedPostgres({
      dataDir,
      port: pgPort,
      password: testDatabasePassword,
      ...(template ? { template } : {}),
    }),
    startTemporal(),
    startTestSmtpServer(),
  ]);
  // The dev server still picks its internal ports itself, and one may be taken before it binds
  // it (by the others starting beside it): now that they listen, a second start is safe.
  if (
    started[1].status === 'rejected' &&
    started[1].reason instanceof DevServerStartError &&
    started[0].status === 'fulfilled' &&
    started[2].status === 'fulfilled'
  ) {
    console.warn(`${started[1].reason.message}\nstarting it again`);
    [started[1]] = await Promise.allSettled([startTemporal()]);
  }
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
