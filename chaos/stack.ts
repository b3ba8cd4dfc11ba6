import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../config/paths';
import { readPostmasterPid, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../embedded/postgres';
import { isAlive, spawnNodeChild, waitForPort, type NodeChild } from '../embedded/processes';
import { startDevServer, type DevServerHandle } from '../temporal/dev-server';
import { startSmsCentre, type SmsCentre } from '../embedded/sms-centre';
import { startOutageFront, type OutageFront } from '../tests/helpers/outage';
import { freePort } from '../tests/helpers/ports';
import { startCountingSmtp, type CountingSmtp } from './smtp';

export const drillTaskQueue = 'qingling-chaos';

type AppName = 'api' | 'worker';

export interface ChaosStack {
  dataDir: string;
  databaseUrl: string;
  temporalAddress: string;
  encryptionKeys: string;
  apiUrl: string;
  smtp: CountingSmtp;
  /** With `notices`: an SMS centre, and the fronts the worker reaches it and the SMTP server through. */
  notices?: NoticeChannels;
  /** SIGKILL, then start it again; resolves when it is ready (or was found dead again, and is being restarted). */
  kill(name: AppName): Promise<void>;
  restartTemporal(): Promise<void>;
  restartPostgres(): Promise<void>;
  /** Starts of a child the drill did not ask for: it died by itself and the supervisor brought it back. */
  unplannedRestarts: string[];
  /** Ends every process the stack started and removes its data folder. */
  stop(): Promise<void>;
}

export interface NoticeChannels {
  sms: SmsCentre;
  smsSignature: string;
  smtpFront: OutageFront;
  smsFront: OutageFront;
}

const readyLine: Record<AppName, string> = { api: 'api listening', worker: 'worker polling' };
const entry: Record<AppName, string> = { api: 'api/main.ts', worker: 'temporal/worker-main.ts' };

/**
 * The whole system as real processes on 127.0.0.1, private to one drill: embedded
 * PostgreSQL, the Temporal dev server on a SQLite file (a restart keeps its state), a
 * counting SMTP server in this process, and the API and the worker as node children.
 * A child that dies without being told to is started again, as a process manager would.
 */
export async function startChaosStack(
  log: (line: string) => void,
  signal?: AbortSignal,
  /** `notices`: the worker also sends SMS, and both channels go through outage fronts (chaos/notices-outage.ts). */
  options: { notices?: boolean } = {},
): Promise<ChaosStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-chaos-'));
  // As root, embedded PostgreSQL runs as the postgres user, which must reach its data folder.
  fs.chmodSync(dataDir, 0o755);
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir);
  const [pgPort, temporalPort, uiPort, apiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const pgPassword = randomBytes(12).toString('hex');
  const encryptionKeys = `chaos:${randomBytes(32).toString('base64')}`;

  let postgres: EmbeddedPostgresHandle | undefined;
  let temporal: DevServerHandle | undefined;
  let smtp: CountingSmtp | undefined;
  let notices: NoticeChannels | undefined;
  const children = new Map<AppName, NodeChild>();
  const expectedExit = new Set<number>();
  const unplannedRestarts: string[] = [];
  let stopping = false;
  // Ctrl-C reaches the children too (one process group): they end, and must not be restarted.
  signal?.addEventListener('abort', () => (stopping = true));
  // Should this process die without running `stop` (an uncaught error), its children die with it.
  const killAllNow = () => {
    for (const child of children.values()) child.process.kill('SIGKILL');
    temporal?.process.kill('SIGKILL');
    const postmaster = readPostmasterPid(path.join(dataDir, 'postgres'));
    if (postmaster && isAlive(postmaster)) process.kill(postmaster, 'SIGQUIT');
  };
  process.once('exit', killAllNow);

  const startPostgres = () =>
    startEmbeddedPostgres({
      dataDir,
      port: pgPort,
      password: pgPassword,
      onLog: (line) => fs.appendFileSync(path.join(logDir, 'postgres.log'), line),
    });
  const startTemporal = () =>
    startDevServer({
      dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      port: temporalPort,
      uiPort,
      logFile: path.join(logDir, 'temporal.log'),
    });

  const stop = async () => {
    stopping = true;
    process.off('exit', killAllNow);
    for (const child of children.values()) {
      if (child.process.pid) expectedExit.add(child.process.pid);
      child.process.kill('SIGKILL');
    }
    const exited = (c: NodeChild) =>
      new Promise<void>((resolve) =>
        c.process.exitCode !== null || c.process.signalCode !== null
          ? resolve()
          : c.process.once('exit', () => resolve()),
      );
    await Promise.all([...children.values()].map(exited));
    await Promise.allSettled([
      temporal?.stop(),
      postgres?.stop(),
      smtp?.stop(),
      notices?.smtpFront.stop(),
      notices?.smsFront.stop(),
      notices?.sms.stop(),
    ]);
    if (process.env.CHAOS_KEEP_DATA === 'true') log(`data and logs kept in ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    [postgres, temporal, smtp] = await Promise.all([startPostgres(), startTemporal(), startCountingSmtp()]);
    const databaseUrl = postgres.databaseUrl;
    if (options.notices) {
      const sms = await startSmsCentre({
        port: await freePort(),
        systemId: 'qingling',
        password: 'drill-pw',
      });
      const smsUrl = new URL(sms.url);
      notices = {
        sms,
        smsSignature: '清零信访',
        smtpFront: await startOutageFront({ host: '127.0.0.1', port: Number(new URL(smtp.url).port) }),
        smsFront: await startOutageFront({ host: '127.0.0.1', port: Number(smsUrl.port) }),
      };
    }
    const smsUrl = notices ? new URL(notices.sms.url) : undefined;
    if (smsUrl && notices) smsUrl.port = String(notices.smsFront.port);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: drillTaskQueue,
      SMTP_URL: notices ? `smtp://127.0.0.1:${notices.smtpFront.port}` : smtp.url,
      ...(smsUrl && notices ? { SMS_URL: smsUrl.toString(), SMS_SIGNATURE: notices.smsSignature } : {}),
      ACCESS_CODE_SECRET: randomBytes(32).toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEYS: encryptionKeys,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      QINGLING_DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      QINGLING_DRILL_POLICY: 'true',
      LOG_LEVEL: 'info',
    };

    const startApp = async (name: AppName): Promise<void> => {
      const child = spawnNodeChild({
        entry: path.join(projectRoot, entry[name]),
        env,
        logFile: path.join(logDir, `${name}.log`),
        cwd: projectRoot,
      });
      children.set(name, child);
      child.process.once('exit', (code, signal) => {
        const pid = child.process.pid ?? 0;
        if (stopping || expectedExit.delete(pid)) return;
        unplannedRestarts.push(`${name} (${signal ?? `code ${code}`})`);
        log(`${name} died by itself (${signal ?? `code ${code}`}): starting it again`);
        setTimeout(() => {
          if (!stopping)
            startApp(name).catch((error: unknown) => log(`${name} did not start: ${String(error)}`));
        }, 1000);
      });
      await child.waitForOutput(readyLine[name], 180_000);
    };

    const kill = async (name: AppName) => {
      const child = children.get(name);
      if (child?.process.pid) {
        expectedExit.add(child.process.pid);
        const exited = new Promise((resolve) => child.process.once('exit', resolve));
        child.process.kill('SIGKILL');
        await exited;
      }
      // A start that fails (PostgreSQL or Temporal down meanwhile) is retried by the supervisor.
      await startApp(name).catch((error: unknown) => log(`${name} did not start: ${String(error)}`));
    };

    // The API migrates the database and loads the demo units before the worker polls.
    log('starting the API (migrations, demo units) …');
    await startApp('api');
    log('starting the worker (bundling the workflows) …');
    await startApp('worker');
    return {
      dataDir,
      databaseUrl,
      temporalAddress: temporal.address,
      encryptionKeys,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      smtp,
      ...(notices ? { notices } : {}),
      kill,
      async restartTemporal() {
        await temporal?.stop();
        temporal = await startTemporal();
      },
      async restartPostgres() {
        await postgres?.stop();
        postgres = await startPostgres();
        await waitForPort(pgPort, 30_000);
      },
      unplannedRestarts,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
