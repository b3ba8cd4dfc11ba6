import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { stopChild, type NodeChild } from '../embedded/processes';
import { startTestApp, type TestApp } from '../tests/helpers/app';
import { startTestServices, type TestServices } from '../tests/helpers/services';
import { startWorkerProcess } from '../tests/helpers/worker-process';

export interface BenchStack {
  services: TestServices;
  /** The API in this process, with a Temporal client of its own; no worker in it. */
  app: TestApp;
  /** The worker as a child process, so its memory is its own to read. */
  worker: NodeChild;
  /** Messages the SMTP sink took in. */
  mailCount(): number;
}

/**
 * The embedded stack in a temporary folder, started by the bench and stopped when
 * `use` ends, fails or is interrupted: PostgreSQL, the Temporal dev server, an SMTP
 * sink, the API in-process and the worker as a child process.
 */
export async function withBenchStack<T>(use: (stack: BenchStack) => Promise<T>): Promise<T> {
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = once(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  });
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const sink = await startSmtpSink();
    stops.push(sink.stop);
    const services = await startTestServices();
    stops.push(services.stop);
    const app = await startTestApp(services, { worker: false, smtpUrl: sink.url });
    stops.push(app.stop);
    const worker = await startWorkerProcess(services, 'bench-worker', sink.url);
    stops.push(() => stopChild(worker.process, 20_000));
    return await use({ services, app, worker, mailCount: sink.count });
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function residentMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/**
 * Takes every message and keeps none: the test SMTP server parses each one, which at
 * bench volumes would load the very process that holds the API under measure.
 */
async function startSmtpSink(): Promise<{ url: string; count(): number; stop(): Promise<void> }> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        count += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => count,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
