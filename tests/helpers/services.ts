import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresStartError, startEmbeddedPostgres } from '../../embedded/postgres';
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
  const startPostgres = async () =>
    startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      password: testDatabasePassword,
      ...(template ? { template } : {}),
    });
  const started = await Promise.allSettled([startPostgres(), startTemporal(), startTestSmtpServer()]);
  // The dev server picks its internal ports itself while PostgreSQL starts beside it: a port
  // one of them was given can be taken by the other before it binds it. Once the other one
  // listens, a second start of the one that lost is safe.
  const lostPort = (result: PromiseSettledResult<unknown>) =>
    result.status === 'rejected' &&
    (result.reason instanceof DevServerStartError || result.reason instanceof PostgresStartError);
  if (started[2].status === 'fulfilled' && lostPort(started[0]) !== lostPort(started[1])) {
    const again = lostPort(started[0]) ? 0 : 1;
    console.warn(`${(started[again] as PromiseRejectedResult).reason}\nstarting it again`);
    if (again === 0) [started[0]] = await Promise.allSettled([startPostgres()]);
    else [started[1]] = await Promise.allSettled([startTemporal()]);
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
