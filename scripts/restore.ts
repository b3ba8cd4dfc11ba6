import path from 'node:path';
import { loadEnv } from '../config/env';
import { restoreCluster } from '../embedded/backup';

/**
 * `npm run restore -- <backup folder> [<new data folder>]`: lays a backup (`npm run backup`) out as
 * a cluster's data folder, by default CLUSTER_DATA_DIR (`.data/cluster`), which must not hold a
 * cluster yet. `npm run cluster` with that folder then recovers and starts it.
 */
function main(): void {
  const env = loadEnv();
  const [backup, target] = process.argv.slice(2);
  if (!backup)
    throw new Error('Name the backup folder: npm run restore -- <backup folder> [<new data folder>]');
  const dataDir = path.resolve(target ?? process.env.CLUSTER_DATA_DIR ?? path.join(env.dataDir, 'cluster'));
  const manifest = restoreCluster({ backup: path.resolve(backup), target: dataDir });
  console.log(
    `[restore] backup of ${manifest.createdAt} laid out in ${dataDir}; start it with CLUSTER_DATA_DIR=${dataDir} npm run cluster`,
  );
}

try {
  main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
