import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterPorts, startCluster, type ClusterProcessName } from '../embedded/cluster';
import { freeClusterPortBase } from '../tests/helpers/cluster-ports';
import { drillTaskQueue, type ChaosStack } from './stack';
import { startCountingSmtp } from './smtp';

/**
 * The drill on the production topology (`npm run chaos -- --cluster`): the cluster of
 * `npm run cluster` (real Temporal server on PostgreSQL, two APIs behind the proxy, two workers)
 * in a temporary folder, its mail to the drill's counting SMTP server. Killing "the worker" or
 * "the API" kills one of the two, in turn, while the other keeps serving.
 */
export async function startClusterChaosStack(log: (line: string) => void): Promise<ChaosStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-chaos-cluster-'));
  const smtp = await startCountingSmtp();
  const cluster = await startCluster({
    dataDir,
    ports: clusterPorts(await freeClusterPortBase()),
    progress: log,
    overrides: { SMTP_URL: smtp.url, SEED_DEMO: 'true', TEMPORAL_TASK_QUEUE: drillTaskQueue },
    extraEnv: { QINGLING_DRILL_POLICY: 'true' },
  }).catch(async (error: unknown) => {
    await smtp.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const kills = { api: 0, worker: 0 };
  const stop = async () => {
    await cluster.stop();
    await smtp.stop();
    if (process.env.CHAOS_KEEP_DATA === 'true') log(`data and logs kept in ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    dataDir,
    databaseUrl: cluster.databaseUrl,
    temporalAddress: cluster.urls.temporal,
    encryptionKeys: cluster.appEnv.ENCRYPTION_KEYS!,
    apiUrl: cluster.urls.app.replace('localhost', '127.0.0.1'),
    smtp,
    kill: async (name) => {
      kills[name] += 1;
      const which = `${name}-${((kills[name] - 1) % 2) + 1}` as ClusterProcessName;
      log(`  (${which}; the other ${name} keeps serving)`);
      await cluster.killAndRestart(which);
    },
    restartTemporal: () => cluster.restartTemporal(),
    restartPostgres: () => cluster.restartPostgres(),
    unplannedRestarts: cluster.unplannedRestarts,
    stop,
  };
}
