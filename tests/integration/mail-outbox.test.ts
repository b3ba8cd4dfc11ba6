import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { sendMailOnce, type MailDeps } from '../../activities/mail';
import { openDatabase } from '../../db/orm';
import { startEmbeddedPostgres } from '../../embedded/postgres';
import { testKeyring } from '../helpers/app';
import { freePort } from '../helpers/ports';

// Found by the fault drill (chaos/): a PostgreSQL restart during a send used to lose the
// record of a message the SMTP server had already taken, and the retry sent it again.
test('an e-mail the SMTP server took is sent once even when every database connection dies during the send, and no transaction is open meanwhile', async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-outbox-'));
  fs.chmodSync(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    password: 'test-password',
  });
  const orm = await openDatabase(postgres.databaseUrl, { keyring: testKeyring, poolMax: 3 });
  const admin = new pg.Client({ connectionString: postgres.databaseUrl });
  await admin.connect();
  try {
    let sends = 0;
    let openTransactions = -1;
    // The server answers 250, and meanwhile every connection of the pool is cut, as a restart does.
    const mail = {
      async sendMail() {
        sends += 1;
        const open = await admin.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and state like 'idle in transaction%'`,
        );
        openTransactions = open.rows[0]!.n;
        await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        );
        return { messageId: '<drill@qingling>' };
      },
    } as unknown as Transporter;
    const deps: MailDeps = {
      orm,
      mail,
      mailFrom: 'test <noreply@qingling.test>',
      publicUrl: 'http://localhost',
    };
    const message = {
      key: 'QL2026-000001/1/complainant',
      to: 'wangming@example.cn',
      subject: '回执',
      text: '已收到',
    };

    t.is(await sendMailOnce(deps, message), 'sent');
    t.is(await sendMailOnce(deps, message), 'already_sent');
    t.is(sends, 1);
    t.is(openTransactions, 0, 'no transaction open while the message was on the wire');
    const { rows } = await admin.query<{ sent: boolean; message_id: string }>(
      'select sent_at is not null as sent, message_id from mail_delivery where key = $1',
      [message.key],
    );
    t.deepEqual(rows, [{ sent: true, message_id: '<drill@qingling>' }]);
  } finally {
    await admin.end();
    await orm.close();
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
