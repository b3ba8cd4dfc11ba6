import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { PostgresStartError, startEmbeddedPostgres } from '../../embedded/postgres';
import { DevServerStartError, startDevServer } from '../../temporal/dev-server';
import { freePorts } from '../helpers/ports';
import { demoDatabaseTemplate, testDatabasePassword } from '../helpers/postgres-template';

test('a dev server that cannot start says why, from its own log', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-dev-server-'));
  const [port, uiPort, httpPort, metricsPort] = (await freePorts(4)) as [number, number, number, number];
  // Something else already listens on the port it is told to serve its HTTP API on.
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(httpPort, '127.0.0.1', resolve));
  try {
    const error = await t.throwsAsync(
      startDevServer({
        dbFile: path.join(dir, 'temporal.db'),
        logFile: path.join(dir, 'temporal.log'),
        port,
        uiPort,
        httpPort,
        metricsPort,
      }),
      { instanceOf: DevServerStartError },
    );
    t.regex(error?.message ?? '', /exited with code \d+ while starting; its log \(.*temporal\.log\) ends:\n/);
    t.regex(error?.message ?? '', new RegExp(`${httpPort}|address already in use`));
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a PostgreSQL that cannot start says why, from its own log', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-postgres-'));
  fs.chmodSync(dir, 0o755);
  const [port] = (await freePorts(1)) as [number];
  // Something else already listens on its port.
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
  try {
    const error = await t.throwsAsync(
      startEmbeddedPostgres({
        dataDir: dir,
        port,
        password: testDatabasePassword,
        template: await demoDatabaseTemplate(),
      }),
      { instanceOf: PostgresStartError },
    );
    t.regex(
      error?.message ?? '',
      new RegExp(`PostgreSQL on port ${port} exited while starting; its log ends:\n`),
    );
    t.regex(error?.message ?? '', /could not bind|Address already in use/);
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
