import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import test from 'ava';
import pg from 'pg';
import { countDrill, failures } from '../../chaos/report';
import { makeSubmissions, runIntake } from '../../chaos/load';
import { startCountingSmtp } from '../../chaos/smtp';
import { parseKeyring } from '../../config/encryption-keys';
import { backupCluster, restoreCluster } from '../../embedded/backup';
import { clusterPorts, startCluster, type RunningCluster } from '../../embedded/cluster';
import { createTemporalClient } from '../../temporal/client';
import { clusterBinariesInstalled } from '../../temporal/server';
import { freeClusterPortBase } from '../helpers/cluster-ports';
import { demoAccount, signIn } from '../helpers/staff';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cases brought in before the backup; half run on a drill clock that falls due only after the restore. */
const petitions = 40;
const drillCases = 20;
// Long enough for the backup and the restore to come first (about 20 s here), short enough not to wait idly.
const drillMinutes = 2;

async function scalar(databaseUrl: string, sql: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: number }>(sql);
    return rows[0]?.n ?? 0;
  } finally {
    await db.end();
  }
}

if (!clusterBinariesInstalled()) {
  console.log(
    'backup-restore.test.ts: the real Temporal server is not built (node scripts/install.mjs --cluster), so this file registers no test',
  );
} else {
  test('a cluster backed up while it runs and restored into a new data folder keeps every case, fires the deadlines due after the backup, takes commands and sends no e-mail twice', async (t) => {
    t.timeout(15 * 60_000);
    const log = (line: string) => t.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-backup-'));
    fs.chmodSync(root, 0o755);
    const smtp = await startCountingSmtp();
    const ports = clusterPorts(await freeClusterPortBase());
    const settings = {
      overrides: { SMTP_URL: smtp.url, SEED_DEMO: 'true' },
      extraEnv: { QINGLING_DRILL_POLICY: 'true' },
    };
    let cluster: RunningCluster | undefined;
    try {
      const first = path.join(root, 'first');
      fs.mkdirSync(first);
      cluster = await startCluster({ dataDir: first, ports, progress: log, ...settings });
      const submissions = makeSubmissions(petitions, drillCases);
      const firstDeadline = Date.now() + drillMinutes * 60_000;
      await runIntake(
        {
          apiUrl: cluster.urls.app,
          petitions,
          drillCases,
          drillMinutes,
          concurrency: 4,
          spreadMs: 5_000,
          giveUpAt: Date.now() + 120_000,
        },
        submissions,
      );
      const acknowledged = submissions.filter((s) => s.caseNumbers.size > 0).length;
      t.is(acknowledged, petitions);
      // Every case registered and its receipt mailed: nothing in flight when the copy is taken.
      const databaseUrl = cluster.databaseUrl;
      for (let i = 0; i < 120; i += 1) {
        const registered = await scalar(databaseUrl, 'select count(*)::int as n from petition_case');
        const waiting = await scalar(
          databaseUrl,
          'select count(*)::int as n from mail_delivery where sent_at is null',
        );
        if (registered === petitions && waiting === 0 && smtp.received.length > 0) break;
        await sleep(1_000);
      }
      const mailsBefore = smtp.received.length;
      log(`${mailsBefore} e-mails before the backup`);

      const backup = path.join(root, 'backup');
      const started = Date.now();
      const manifest = await backupCluster({ clusterDataDir: first, target: backup });
      log(`backup of ${manifest.databases.join(', ')} in ${Date.now() - started} ms`);
      t.deepEqual(
        manifest.databases.filter((d) => d !== 'postgres'),
        ['qingling', 'temporal', 'temporal_visibility'],
      );

      await cluster.stop();
      cluster = undefined;
      fs.rmSync(first, { recursive: true, force: true });
      log('the first cluster is gone; restoring into a new data folder');

      const second = path.join(root, 'second');
      restoreCluster({ backup, target: second });
      cluster = await startCluster({ dataDir: second, ports, progress: log, ...settings });
      log(
        `restored and running ${Math.round((firstDeadline - Date.now()) / 1000)} s before the first drill deadline`,
      );

      // Every drill deadline (warning and breach) fires after the restore, each mailed once.
      const drillAcked = submissions.filter((s) => s.drill).length;
      let counts = (await countDrill({ databaseUrl, submissions, mails: smtp.received, drillMinutes }))
        .counts;
      for (
        let i = 0;
        i < 150 && !(counts.timers_due === 2 * drillAcked && failures(counts).length === 0);
        i += 1
      ) {
        await sleep(3_000);
        counts = (await countDrill({ databaseUrl, submissions, mails: smtp.received, drillMinutes })).counts;
      }
      const connection = await Connection.connect({ address: cluster.urls.temporal });
      try {
        const temporal = createTemporalClient({
          connection,
          namespace: 'default',
          keyring: parseKeyring(cluster.appEnv.ENCRYPTION_KEYS!),
        });
        counts = (
          await countDrill({ databaseUrl, submissions, mails: smtp.received, drillMinutes, temporal })
        ).counts;
      } finally {
        await connection.close();
      }
      log(JSON.stringify(counts));
      t.deepEqual(failures(counts), []);
      t.is(counts.cases_found, petitions);
      t.is(counts.timers_due, 2 * drillAcked);
      t.is(counts.timers_fired, counts.timers_due);
      t.is(counts.email_duplicates, 0);
      t.true(smtp.received.length > mailsBefore, 'the deadlines after the restore were mailed');

      // A staff command on a restored case is taken by its restored workflow.
      const caseNumber = [...submissions.find((s) => !s.drill)!.caseNumbers][0]!;
      const clerk = await signIn(cluster.urls.app, demoAccount.clerk('990101001'));
      const answer = await clerk.act(caseNumber, 'triage', { decision: 'accept' });
      t.is(answer.status, 200, JSON.stringify(answer.json));
    } finally {
      await cluster?.stop();
      await smtp.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}
