import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../config/env';
import { projectRoot } from '../config/paths';
import { startDevServer } from '../temporal/dev-server';
import { uiCodecPath } from '../temporal/payload-codec';
import { startMailCatcher } from './mail-catcher';
import { startLocalSmsCatcher } from './sms-centre';
import { readPostmasterPid, startEmbeddedPostgres } from './postgres';
import { waitForWorkerPolling } from '../temporal/worker-readiness';
import { ProcessRegistry, spawnNodeChild, stopChild, waitForHttpOk } from './processes';
import { loadOrCreateSecrets } from './secrets';

/** Ports of the embedded services; each can be moved with an environment variable. */
export interface EmbeddedPorts {
  postgres: number;
  temporal: number;
  temporalUi: number;
  smtp: number;
  mailWeb: number;
  smpp: number;
  smsWeb: number;
  api: number;
}

export function embeddedPorts(env: Env, source: NodeJS.ProcessEnv = process.env): EmbeddedPorts {
  const port = (name: string, fallback: number) => Number(source[name] ?? fallback);
  return {
    postgres: port('EMBEDDED_POSTGRES_PORT', 5433),
    temporal: port('EMBEDDED_TEMPORAL_PORT', 7233),
    temporalUi: port('EMBEDDED_TEMPORAL_UI_PORT', 8233),
    smtp: port('EMBEDDED_SMTP_PORT', 1025),
    mailWeb: port('EMBEDDED_MAIL_WEB_PORT', 1080),
    smpp: port('EMBEDDED_SMPP_PORT', 2775),
    smsWeb: port('EMBEDDED_SMS_WEB_PORT', 1081),
    api: env.PORT,
  };
}

export interface RunningStack {
  urls: { app: string; console: string; temporalUi?: string; mail?: string; sms?: string; health: string };
  stop(): Promise<void>;
}

type Progress = (message: string) => void;

/**
 * The whole system on one machine: PostgreSQL, the Temporal dev server, a mail
 * catcher and an SMS centre (each only where its variable is unset), then the worker and the API
 * with demo data. All state is under the data folder.
 */
export async function startEmbeddedStack(
  env: Env,
  progress: Progress,
  ports = embeddedPorts(env),
): Promise<RunningStack> {
  const dataDir = env.dataDir;
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const registry = new ProcessRegistry(dataDir);
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const { name, stop } of stops.reverse()) {
      progress(`stopping ${name}`);
      await stop().catch((error: unknown) => progress(`  ${name} did not stop cleanly: ${String(error)}`));
      registry.forget(name);
    }
  };

  try {
    const leftovers = await registry.endLeftovers();
    if (leftovers.length > 0) progress(`ended processes left by an earlier run: ${leftovers.join(', ')}`);
    const secrets = loadOrCreateSecrets(dataDir);

    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      progress(`PostgreSQL (embedded) on port ${ports.postgres} …`);
      const postgres = await startEmbeddedPostgres({
        dataDir,
        port: ports.postgres,
        password: secrets.postgresPassword,
        onLog: (line) => fs.appendFileSync(path.join(logDir, 'postgres.log'), line),
      });
      registry.record('postgres', readPostmasterPid(path.join(dataDir, 'postgres')));
      stops.push({ name: 'postgres', stop: postgres.stop });
      databaseUrl = postgres.databaseUrl;
    } else progress('PostgreSQL: using DATABASE_URL');

    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUi: string | undefined;
    if (!temporalAddress) {
      progress(`Temporal dev server on port ${ports.temporal} …`);
      const temporal = await startDevServer({
        dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
        port: ports.temporal,
        uiPort: ports.temporalUi,
        logFile: path.join(logDir, 'temporal.log'),
        namespace: env.TEMPORAL_NAMESPACE,
        uiCodecEndpoint: `${env.PUBLIC_URL.replace(/\/$/, '')}${uiCodecPath}`,
      });
      registry.record('temporal', temporal.process.pid);
      stops.push({ name: 'temporal', stop: temporal.stop });
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
      progress(
        `  its UI shows payloads decrypted to a signed-in office head or admin: tick "include cross-origin credentials" in the UI's codec server settings`,
      );
    } else progress('Temporal: using TEMPORAL_ADDRESS');

    let smtpUrl = env.SMTP_URL;
    let mailWeb: string | undefined;
    if (!smtpUrl) {
      progress(`mail catcher (MailDev) on SMTP port ${ports.smtp} …`);
      const mail = await startMailCatcher({
        dataDir,
        smtpPort: ports.smtp,
        webPort: ports.mailWeb,
        logFile: path.join(logDir, 'mail.log'),
      });
      registry.record('mail', mail.pid);
      stops.push({ name: 'mail', stop: mail.stop });
      smtpUrl = mail.smtpUrl;
      mailWeb = mail.webUrl;
    } else progress('SMTP: using SMTP_URL');

    let smsUrl = env.SMS_URL;
    let smsWeb: string | undefined;
    if (!smsUrl) {
      progress(`SMS centre (SMPP) on port ${ports.smpp}, its messages on port ${ports.smsWeb} …`);
      const centre = await startLocalSmsCatcher(ports, secrets.accessCodeSecret);
      stops.push({ name: 'sms', stop: centre.stop });
      smsUrl = centre.url;
      smsWeb = centre.webUrl ?? undefined;
    } else progress('SMS: using SMS_URL');

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
      TEMPORAL_TASK_QUEUE: env.TEMPORAL_TASK_QUEUE,
      SMTP_URL: smtpUrl,
      SMS_URL: smsUrl,
      ACCESS_CODE_SECRET: env.ACCESS_CODE_SECRET ?? secrets.accessCodeSecret,
      SESSION_SECRET: env.SESSION_SECRET ?? secrets.sessionSecret,
      ENCRYPTION_KEYS: env.ENCRYPTION_KEYS ?? secrets.encryptionKeys,
      // The codec endpoint answers the UI this stack started, wherever its port was moved.
      TEMPORAL_UI_URL: temporalUi ?? env.TEMPORAL_UI_URL,
      PORT: String(ports.api),
      QINGLING_DATA_DIR: dataDir,
      // The embedded stack is for trying Qingling out: demo units unless told otherwise.
      SEED_DEMO: process.env.SEED_DEMO ?? 'true',
      // Demo accounts sign in with the password alone; set SECOND_FACTOR_ROLES to try the requirement.
      // `none`, not empty: an empty variable counts as unset, which means the production default.
      SECOND_FACTOR_ROLES: process.env.SECOND_FACTOR_ROLES || 'none',
    };

    const startAppProcess = (name: 'api' | 'worker', entry: string) => {
      const child = spawnNodeChild({
        entry: path.join(projectRoot, entry),
        env: childEnv,
        logFile: path.join(logDir, `${name}.log`),
        cwd: projectRoot,
      });
      registry.record(name, child.process.pid);
      // A worker finishing an activity may need longer than the API to let go.
      stops.push({ name, stop: () => stopChild(child.process, name === 'worker' ? 20_000 : 10_000) });
      return child;
    };
    // The API runs migrations and loads demo data before the worker starts polling. Each is ready
    // when it says so in its own protocol: the API's health answers 200, Temporal lists the worker's poller.
    progress(`API on port ${ports.api} (migrations, demo data) …`);
    const api = startAppProcess('api', 'api/main.ts');
    await waitForHttpOk(`http://127.0.0.1:${ports.api}/healthz`, 120_000, api);
    progress('worker …');
    const worker = startAppProcess('worker', 'temporal/worker-main.ts');
    await waitForWorkerPolling(
      { address: temporalAddress, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE },
      worker,
      180_000,
    );

    const app = `http://localhost:${ports.api}`;
    return {
      urls: {
        app,
        console: `${app}/console/`,
        health: `${app}/healthz`,
        ...(temporalUi ? { temporalUi } : {}),
        ...(mailWeb ? { mail: mailWeb } : {}),
        ...(smsWeb ? { sms: smsWeb } : {}),
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
