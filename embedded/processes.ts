import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** What a pid file holds: the process and when it started, so a reused pid is never taken for it. */
interface PidRecord {
  pid: number;
  /** Its start time as the kernel counts it (`/proc/<pid>/stat`, field 22), null where that cannot be read. */
  startTime: string | null;
}

/** When a process started, in clock ticks since boot; null when it does not exist or /proc is not there. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Child processes of the embedded stack, each with a pid file under `<data>/run`,
 * so a start after a crash (or a SIGKILL of the stack) finds and ends leftovers
 * instead of tripping over their ports and locks. A pid file names the process with
 * its start time: after a reboot the same pid may belong to anything, and is left alone.
 */
export class ProcessRegistry {
  private readonly runDir: string;

  constructor(dataDir: string) {
    this.runDir = path.join(dataDir, 'run');
    fs.mkdirSync(this.runDir, { recursive: true });
  }

  record(name: string, pid: number | undefined): void {
    if (!pid) return;
    const record: PidRecord = { pid, startTime: processStartTime(pid) };
    fs.writeFileSync(path.join(this.runDir, `${name}.pid`), JSON.stringify(record));
  }

  forget(name: string): void {
    fs.rmSync(path.join(this.runDir, `${name}.pid`), { force: true });
  }

  /** Ends every process a previous run left behind that is still the one it started; returns their names. */
  async endLeftovers(): Promise<string[]> {
    const ended: string[] = [];
    for (const file of fs.readdirSync(this.runDir).filter((f) => f.endsWith('.pid'))) {
      const record = readPidRecord(path.join(this.runDir, file));
      if (record && isAlive(record.pid) && isSameProcess(record)) {
        await endPid(record.pid);
        ended.push(file.replace(/\.pid$/, ''));
      }
      fs.rmSync(path.join(this.runDir, file), { force: true });
    }
    return ended;
  }
}

/** The pids the stack whose data folder this is has recorded (those still alive or not). */
export function recordedPids(dataDir: string): number[] {
  const runDir = path.join(dataDir, 'run');
  if (!fs.existsSync(runDir)) return [];
  return fs
    .readdirSync(runDir)
    .filter((file) => file.endsWith('.pid'))
    .flatMap((file) => readPidRecord(path.join(runDir, file))?.pid ?? []);
}

function readPidRecord(file: string): PidRecord | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PidRecord>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, startTime: parsed.startTime ?? null } : null;
  } catch {
    // A bare pid from an older version says nothing of which process it was: not ours to end.
    return null;
  }
}

/** Only a start time that was recorded and still matches proves the pid is still the process we started. */
const isSameProcess = (record: PidRecord) =>
  record.startTime !== null && processStartTime(record.pid) === record.startTime;

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
  /** Resolves when its output (from now on) contains `text`; prefer probing a port or protocol where there is one. */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
}

/** Runs a TypeScript entry point (through tsx) with its output appended to a log file. */
export function spawnNodeChild(options: {
  entry: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  cwd: string;
  /** Options for node itself, e.g. `--cpu-prof` (which NODE_OPTIONS may not carry). */
  nodeArgs?: string[];
}): NodeChild {
  const entryIsTs = options.entry.endsWith('.ts');
  const args = [...(options.nodeArgs ?? []), ...(entryIsTs ? ['--import', 'tsx'] : []), options.entry];
  const child = spawn(process.execPath, args, {
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
        // Output arrives in chunks that may cut a line anywhere: look at what came since the wait began.
        let seen = '';
        const listener = (chunk: string) => {
          seen = (seen + chunk).slice(-(text.length + chunk.length));
          if (seen.includes(text)) done();
        };
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

/** Resolves once `url` answers 200, or rejects after the timeout or when `child` exits first. */
export async function waitForHttpOk(url: string, timeoutMs: number, child?: NodeChild): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.process.exitCode !== null) {
      throw new Error(`${url}: the process serving it exited (code ${child.process.exitCode}); see its log`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
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
