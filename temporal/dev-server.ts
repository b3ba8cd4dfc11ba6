import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stopChild, waitForPort } from '../embedded/processes';
import { temporalCli } from './binaries';

/** The dev server ended before it listened; the message ends with what it logged. */
export class DevServerStartError extends Error {
  override name = 'DevServerStartError';
}

/** The last lines the server wrote, so a failed start says why. */
function logTail(logFile: string | undefined): string {
  if (!logFile) return '';
  try {
    const lines = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15);
    return lines.length > 0 ? `; its log (${logFile}) ends:\n${lines.join('\n')}` : '';
  } catch {
    return '';
  }
}

export interface DevServerHandle {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
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
  /** Where its web UI decodes the encrypted payloads (the API's codec endpoint). */
  uiCodecEndpoint?: string;
  /**
   * Its HTTP API and metrics ports. Unset, the server picks free ones itself, and a port it
   * picked can be taken by another process before it binds it (then it exits at start).
   */
  httpPort?: number;
  metricsPort?: number;
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
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
    ...(options.httpPort ? ['--http-port', String(options.httpPort)] : []),
    ...(options.metricsPort ? ['--metrics-port', String(options.metricsPort)] : []),
  ];
  const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(temporalCli(), args, { stdio: ['ignore', log, log] });
  const exitedEarly = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(
        new DevServerStartError(
          `Temporal dev server exited with code ${code} while starting${logTail(options.logFile)}`,
        ),
      ),
    ),
  );
  await Promise.race([waitForPort(options.port, 60_000), exitedEarly]);
  return {
    address: `127.0.0.1:${options.port}`,
    // localhost, not 127.0.0.1: the same site as the app's default PUBLIC_URL, so the staff
    // session cookie goes along when the UI calls the codec endpoint.
    uiUrl: `http://localhost:${options.uiPort}`,
    process: child,
    stop: () => stopChild(child),
  };
}
