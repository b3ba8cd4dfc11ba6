import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client as PgClient } from 'pg';
import { stopChild } from '../embedded/processes';
import { startTestApp } from '../tests/helpers/app';
import { aPetition, postJson } from '../tests/helpers/petitions';
import { startTestServices } from '../tests/helpers/services';
import { startWorkerProcess } from '../tests/helpers/worker-process';
import type { BenchOptions, Figures } from './figures';
import { atConcurrency } from './timing';

/**
 * `npm run bench -- registration`: how fast one worker on the dev server registers a backlog
 * of new petitions (named, with e-mail and phone, as the public's are), taken by the API while
 * no worker ran. `QINGLING_CPU_PROFILE_DIR=<folder>` has the worker write V8 CPU profiles of
 * its threads there (node's `--cpu-prof`), to see where a registration's CPU goes.
 */
export async function runRegistrationBench({ scale }: BenchOptions): Promise<Figures> {
  const backlog = Math.max(100, Math.round(1_000 * scale));
  const services = await startTestServices();
  const app = await startTestApp(services, { worker: false });
  const db = new PgClient({ connectionString: services.databaseUrl });
  await db.connect();
  try {
    await atConcurrency(backlog, 16, async () => {
      const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
      if (answer.status !== 201) throw new Error(`intake answered ${answer.status}: ${answer.text}`);
    });
    const profileDir = process.env.QINGLING_CPU_PROFILE_DIR;
    const started = performance.now();
    const worker = await startWorkerProcess(
      services,
      'registration-worker',
      services.smtp.url,
      {},
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [],
    );
    const polling = performance.now();
    // The worker bundles its workflows at start: only what it spends after it polls is registration.
    const cpuAtPolling = workerCpuSeconds(worker.process.pid!);
    const threadsAtPolling = threadCpuSeconds(worker.process.pid!);
    for (;;) {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from petition_case');
      if (rows[0]!.n >= backlog) break;
      if (performance.now() - started > 600_000) throw new Error('registration did not finish in 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - polling) / 1000;
    const workerCpu = workerCpuSeconds(worker.process.pid!) - cpuAtPolling;
    const byThread = threadCpuSeconds(worker.process.pid!);
    for (const [name, s] of byThread) byThread.set(name, s - (threadsAtPolling.get(name) ?? 0));
    console.log(
      'worker CPU per case by thread (ms): ' +
        [...byThread]
          .filter(([, s]) => s > 0)
          .map(([name, s]) => `${name} ${((s * 1000) / backlog).toFixed(1)}`)
          .join(', '),
    );
    await stopChild(worker.process, 30_000);
    const perSecond = backlog / seconds;
    console.log(
      `\none worker registered ${backlog} waiting petitions in ${seconds.toFixed(1)} s: ${perSecond.toFixed(1)}/s, ` +
        `worker CPU ${((workerCpu * 1000) / backlog).toFixed(1)} ms per case (load average ${os.loadavg()[0]!.toFixed(1)})`,
    );
    return {
      registration: {
        backlog,
        per_second: Math.round(perSecond * 10) / 10,
        worker_cpu_ms_per_case: Math.round((workerCpu * 1000) / backlog),
      },
    };
  } finally {
    await db.end().catch(() => {});
    await app.stop();
    await services.stop();
  }
}

/** User and system CPU a process has used so far, in seconds, from /proc (Linux). */
function workerCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

/** CPU seconds by thread name (the main thread, the workflow thread, the SDK core's threads …). */
function threadCpuSeconds(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = `${fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()}#${tid}`;
      const fields = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      byName.set(name, (byName.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byName;
}
