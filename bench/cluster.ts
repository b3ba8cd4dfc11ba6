import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { parseKeyring } from '../config/encryption-keys';
import { clusterPorts, startCluster, type RunningCluster } from '../embedded/cluster';
import { createTemporalClient } from '../temporal/client';
import { freeClusterPortBase } from '../tests/helpers/cluster-ports';
import { startCountingSmtp } from '../chaos/smtp';
import type { BenchOptions, Figures } from './figures';
import {
  concurrency,
  round1,
  rounds,
  spreadCells,
  startBare,
  timed,
  warmUp,
  watchRegistrations,
} from './intake';
import { atConcurrency, formatTable, spreadOf } from './timing';
import { aPetition, postJson } from '../tests/helpers/petitions';

let citizens = 0;

/**
 * One petition from a citizen of their own: each comes from another address (X-Forwarded-For,
 * which the API believes from the proxy on this machine), as the public's do, so the
 * per-address intake limit does not take one machine's bench for a flood.
 */
async function submitPetition(apiUrl: string): Promise<string> {
  citizens += 1;
  const address = `10.${(citizens >> 16) & 255}.${(citizens >> 8) & 255}.${citizens & 255}`;
  const answer = await postJson(`${apiUrl}/api/v1/petitions`, aPetition(), { 'x-forwarded-for': address });
  const caseNumber = answer.json?.caseNumber;
  if (answer.status !== 201 || typeof caseNumber !== 'string') {
    throw new Error(`intake answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  return caseNumber;
}

/** The issue's targets on the real server, on this machine. */
const targets = {
  intakeP99Ms: 150,
  ratioToRaw: 0.9,
  registeredP99Ms: 5_000,
  oneWorkerPerSecond: 80,
  twoWorkersRatio: 1.6,
};

/**
 * `npm run bench -- --cluster`: the production topology (`npm run cluster`: the real Temporal
 * server on PostgreSQL, two APIs behind the proxy, two workers from the production build) in
 * a temporary folder. Intake through the proxy against bare `workflow.start` on the same
 * server; then how fast one worker and then two register a backlog of new cases.
 */
export async function runClusterBench({ scale }: BenchOptions): Promise<Figures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-bench-cluster-'));
  const smtp = await startCountingSmtp();
  let cluster: RunningCluster | undefined;
  try {
    cluster = await startCluster({
      dataDir,
      ports: clusterPorts(await freeClusterPortBase()),
      progress: (line) => console.log(`  ${line}`),
      overrides: { SMTP_URL: smtp.url, SEED_DEMO: 'true' },
    });
    const connection = await Connection.connect({ address: cluster.urls.temporal });
    try {
      const temporal = createTemporalClient({
        connection,
        namespace: 'default',
        keyring: parseKeyring(cluster.appEnv.ENCRYPTION_KEYS!),
      });
      const apiUrl = cluster.urls.app.replace('localhost', '127.0.0.1');
      const intake = await measureIntake(cluster, apiUrl, () => startBare(temporal), scale);
      const registration = await measureRegistration(cluster, apiUrl, scale);
      const missed = [
        ...(intake.p99_ms > targets.intakeP99Ms ? ['intake.p99_ms'] : []),
        ...(intake.ratio_to_raw < targets.ratioToRaw ? ['intake.ratio_to_raw'] : []),
        ...(intake.registered_p99_ms > targets.registeredP99Ms ? ['registered.p99_ms'] : []),
        ...(registration.one_worker_per_second < targets.oneWorkerPerSecond
          ? ['registration.one_worker_per_second']
          : []),
        ...(registration.two_workers_ratio < targets.twoWorkersRatio
          ? ['registration.two_workers_ratio']
          : []),
      ];
      console.log(`\ntargets: ${missed.length === 0 ? 'all met' : `MISSED ${missed.join(', ')}`}`);
      const { registered_p50_ms, registered_p99_ms, ...intakeFigures } = intake;
      return {
        cluster: {
          topology: 'real Temporal server v1.31.2 on PostgreSQL, 2 APIs, 2 workers',
          cpus: os.cpus().length,
        },
        cluster_intake: intakeFigures,
        cluster_registered: { p50_ms: registered_p50_ms, p99_ms: registered_p99_ms },
        cluster_registration: registration,
        cluster_targets: targets,
        cluster_missed: { keys: missed.length === 0 ? 'none' : `MISSED: ${missed.join(', ')}` },
      };
    } finally {
      await connection.close();
    }
  } finally {
    await cluster?.stop();
    await smtp.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Petitions through the proxy and bare starts, alternating rounds at the same concurrency; then answer → ledger row. */
async function measureIntake(
  cluster: RunningCluster,
  apiUrl: string,
  raw: () => Promise<void>,
  scale: number,
) {
  const petitions = Math.max(rounds * concurrency, Math.round(2_000 * scale));
  const perRound = Math.ceil(petitions / rounds);
  const ledger = await watchRegistrations(cluster.databaseUrl);
  try {
    await atConcurrency(warmUp, concurrency, async () => void (await submitPetition(apiUrl)));
    await atConcurrency(warmUp, concurrency, raw);
    const api = { samples: [] as number[], seconds: 0 };
    const bare = { samples: [] as number[], seconds: 0 };
    const answered = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      api.seconds += await timed(perRound, api.samples, async () => {
        answered.set(await submitPetition(apiUrl), performance.now());
      });
      bare.seconds += await timed(perRound, bare.samples, raw);
    }
    const registered = spreadOf(await ledger.delaysAfter(answered, 300_000));
    const apiSpread = spreadOf(api.samples);
    const bareSpread = spreadOf(bare.samples);
    const perSecond = api.samples.length / api.seconds;
    const rawPerSecond = bare.samples.length / bare.seconds;
    console.log(
      `\n${api.samples.length} petitions through the proxy and ${bare.samples.length} bare starts on the real server, ` +
        `${concurrency} at a time (load average ${os.loadavg()[0]!.toFixed(1)})\n`,
    );
    console.log(
      formatTable(
        ['', 'per second', 'p50 ms', 'p99 ms', 'max ms'],
        [
          ['petitions (API answered)', perSecond.toFixed(0), ...spreadCells(apiSpread)],
          ['bare workflow.start', rawPerSecond.toFixed(0), ...spreadCells(bareSpread)],
          ['answer → ledger row', '', ...spreadCells(registered)],
        ],
      ),
    );
    return {
      petitions: api.samples.length,
      concurrency,
      per_second: round1(perSecond),
      p50_ms: round1(apiSpread.p50),
      p99_ms: round1(apiSpread.p99),
      raw_start_per_second: round1(rawPerSecond),
      raw_start_p99_ms: round1(bareSpread.p99),
      ratio_to_raw: Math.round((perSecond / rawPerSecond) * 1000) / 1000,
      registered_p50_ms: round1(registered.p50),
      registered_p99_ms: round1(registered.p99),
    };
  } finally {
    await ledger.stop();
  }
}

/**
 * With the workers stopped, petitions pile up as started workflows; then one worker (and
 * later two) starts and registers them: new cases in the ledger per second of its work.
 */
async function measureRegistration(cluster: RunningCluster, apiUrl: string, scale: number) {
  const backlog = Math.max(200, Math.round(1_000 * scale));
  const rate = async (workers: ('worker-1' | 'worker-2')[]) => {
    await Promise.all((['worker-1', 'worker-2'] as const).map((w) => cluster.stopProcess(w)));
    const before = await ledgerCount(cluster.databaseUrl);
    await atConcurrency(backlog, concurrency, async () => void (await submitPetition(apiUrl)));
    const started = performance.now();
    await Promise.all(workers.map((w) => cluster.startProcess(w)));
    const readyAt = performance.now();
    for (;;) {
      if ((await ledgerCount(cluster.databaseUrl)) >= before + backlog) break;
      if (performance.now() - started > 600_000) throw new Error('registration did not finish in 10 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - readyAt) / 1000;
    return backlog / seconds;
  };
  const one = await rate(['worker-1']);
  const two = await rate(['worker-1', 'worker-2']);
  console.log(
    `\nregistration of ${backlog} waiting cases, counted from the workers polling: one worker ${one.toFixed(1)}/s, ` +
      `two ${two.toFixed(1)}/s (${(two / one).toFixed(2)}×; targets ${targets.oneWorkerPerSecond}/s and ${targets.twoWorkersRatio}×)`,
  );
  return {
    backlog,
    one_worker_per_second: round1(one),
    two_workers_per_second: round1(two),
    two_workers_ratio: Math.round((two / one) * 100) / 100,
  };
}

async function ledgerCount(databaseUrl: string): Promise<number> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from petition_case');
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
