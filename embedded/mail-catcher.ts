import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stopChild, waitForPort } from './processes';

export interface MailCatcherHandle {
  smtpUrl: string;
  webUrl: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * MailDev: a local SMTP server whose mail is read in the browser. Messages are kept
 * as .eml files in the data folder and loaded again after a restart.
 */
export async function startMailCatcher(options: {
  dataDir: string;
  smtpPort: number;
  webPort: number;
  logFile: string;
}): Promise<MailCatcherHandle> {
  const mailDir = path.join(options.dataDir, 'mail');
  fs.mkdirSync(mailDir, { recursive: true });
  const bin = require.resolve('maildev/bin/maildev');
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      bin,
      '--ip',
      '127.0.0.1',
      '--smtp',
      String(options.smtpPort),
      '--web',
      String(options.webPort),
      '--mail-directory',
      mailDir,
    ],
    { stdio: ['ignore', log, log] },
  );
  await Promise.all([waitForPort(options.smtpPort, 30_000), waitForPort(options.webPort, 30_000)]);
  const webUrl = `http://127.0.0.1:${options.webPort}`;
  // MailDev keeps mail on disk but only lists what arrived since it started, unless asked to reload.
  await fetch(`${webUrl}/reloadMailsFromDirectory`).catch(() => undefined);
  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    webUrl,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}
