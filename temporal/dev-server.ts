import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { temporalCli } from './binaries';

export interface DevServerHandle {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Resolves once something accepts TCP connections on host:port, or rejects after the timeout. */
export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Nothing listened on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ends a child process: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs the Temporal CLI dev server: a real Temporal server on a SQLite file, with its web UI.
 * State survives restarts because the SQLite file lives in the data folder.
 */
export async function startDevServer(options: {
  dbFile: string;
  port: number;
  uiPort: number;
  logFile?: string;
  namespace?: string;
}): Promise<DevServerHandle> {
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'warn',
  ];
  const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(temporalCli(), args, { stdio: ['ignore', log, log] });
  const exitedEarly = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`Temporal dev server exited with code ${code} while starting`)),
    ),
  );
  await Promise.race([waitForPort(options.port, 60_000), exitedEarly]);
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    process: child,
    stop: () => stopChild(child),
  };
}
