import path from 'node:path';
import { loadEnv } from '../config/env';
import { backupCluster } from '../embedded/backup';

/**
 * `npm run backup [-- <folder>]`: an online backup of the running cluster (`npm run cluster`),
 * Qingling's and Temporal's databases as of one instant, with the secrets needed to read them.
 * The cluster is CLUSTER_DATA_DIR (default `.data/cluster`); the backup goes to the folder named,
 * or `.data/backups/<time>`. docs/OPERATIONS.md says how to restore it.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const clusterDataDir = path.resolve(process.env.CLUSTER_DATA_DIR ?? path.join(env.dataDir, 'cluster'));
  const target = path.resolve(
    process.argv[2] ?? path.join(env.dataDir, 'backups', new Date().toISOString().replace(/[:.]/g, '-')),
  );
  const started = Date.now();
  const manifest = await backupCluster({ clusterDataDir, target });
  console.log(
    `[backup] ${manifest.databases.join(', ')} as of ${manifest.stopLsn} in ${target} (${((Date.now() - started) / 1000).toFixed(1)} s); it holds the secrets too: keep it as safe as they are`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
