import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Child processes of the embedded stack, each with a pid file under `<data>/run`,
 * so a start after a crash (or a SIGKILL of the stack) finds and ends leftovers
 * instead of tripping over their ports and locks.
 */
export class ProcessRegistry {
  private readonly runDir: string;

  constructor(dataDir: string) {
    this.runDir = path.join(dataDir, 'run');
    fs.mkdirSync(this.runDir, { recursive: true });
  }

  record(name: string, pid: number | undefined): void {
    if (pid) fs.writeFileSync(path.join(this.runDir, `${name}.pid`), String(pid));
  }

  forget(name: string): void {
    fs.rmSync(path.join(this.runDir, `${name}.pid`), { force: true });
  }

  /** Ends every process a previous run left behind; returns their names. */
  async endLeftovers(): Promise<string[]> {
    const ended: string[] = [];
    for (const file of fs.readdirSync(this.runDir).filter((f) => f.endsWith('.pid'))) {
      const pid = Number(fs.readFileSync(path.join(this.runDir, file), 'utf8'));
      if (pid > 0 && isAlive(pid)) {
        await endPid(pid);
        ended.push(file.replace(/\.pid$/, ''));
      }
      fs.rmSync(path.join(this.runDir, file), { force: true });
    }
    return ended;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after the grace period. */
export async function endPid(pid: number, graceMs = 10_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export interface NodeChild {
  process: ChildProcess;
  /** Resolves when a line of its output contains `text`. */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
}

/** Runs a TypeScript entry point (through tsx) with its output appended to a log file. */
export function spawnNodeChild(options: {
  entry: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  cwd: string;
}): NodeChild {
  const entryIsTs = options.entry.endsWith('.ts');
  const child = spawn(process.execPath, [...(entryIsTs ? ['--import', 'tsx'] : []), options.entry], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(options.logFile, { flags: 'a' });
  const listeners = new Set<(chunk: string) => void>();
  // The last of what it said, so a child that dies early says why in the error itself.
  let tail = '';
  const onChunk = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-1500);
    for (const listener of listeners) listener(chunk.toString('utf8'));
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);
  child.once('exit', () => log.end());
  return {
    process: child,
    waitForOutput: (text, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            done(
              new Error(`no "${text}" from ${options.entry} within ${timeoutMs} ms; see ${options.logFile}`),
            ),
          timeoutMs,
        );
        const onExit = (code: number | null) =>
          done(
            new Error(
              `${options.entry} exited (code ${code}); see ${options.logFile}; it last said:\n${tail}`,
            ),
          );
        const listener = (chunk: string) => chunk.includes(text) && done();
        function done(error?: Error) {
          clearTimeout(timer);
          listeners.delete(listener);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(listener);
        child.once('exit', onExit);
      }),
  };
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
