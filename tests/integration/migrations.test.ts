import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../db/config';
import { verifyAuditTrail } from '../../db/audit/chain';
import { migrationsList } from '../../db/migrations';
import { migrateDatabase, openDatabase, PendingMigrationsError } from '../../db/orm';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../embedded/postgres';
import { testKeyring } from '../helpers/app';
import { freePort } from '../helpers/ports';

const test = anyTest as TestFn<{ postgres: EmbeddedPostgresHandle; dataDir: string }>;

/** Databases made so far on the file's server (tests run at once, each with databases of its own). */
let databases = 0;

test.before(async (t) => {
  t.context.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-migrations-'));
  fs.chmodSync(t.context.dataDir, 0o755);
  t.context.postgres = await startEmbeddedPostgres({
    dataDir: t.context.dataDir,
    port: await freePort(),
    password: 'test-password',
  });
});

test.after.always(async (t) => {
  await t.context.postgres?.stop();
  fs.rmSync(t.context.dataDir, { recursive: true, force: true });
});

/** A fresh, empty database on the file's server, and its URL. */
async function emptyDatabase(t: { context: { postgres: EmbeddedPostgresHandle } }) {
  databases += 1;
  const name = `migrations_${databases}`;
  const admin = await MikroORM.init(ormConfig(t.context.postgres.databaseUrl, { poolMax: 1 }));
  await admin.em
    .getConnection()
    .execute(`create database ${name} template template0 encoding 'UTF8' locale 'C.UTF-8'`);
  await admin.close();
  const url = new URL(t.context.postgres.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * What migrations make in SQL that the entities do not model, and so the generator would drop:
 * trigram, partial and composite indexes, foreign keys on plain case-number and id columns.
 * Dropping is all it may want: anything it would add or change is drift.
 */
const madeByMigrationsOnly = [/^drop index "\w+";$/, /^alter table "\w+" drop constraint "\w+";$/];

test('every table, column, default, index and key the entities describe is in the migrated schema as described: the schema generator would add or change nothing', async (t) => {
  const orm = await openDatabase(await emptyDatabase(t), { keyring: testKeyring, poolMax: 2 });
  try {
    // `safe` and no dropped tables: the tables and columns only raw SQL uses (the session
    // store, the timeline chain's columns …) are not the entities' to drop.
    const sql = await orm
      .getSchemaGenerator()
      .getUpdateSchemaSQL({ wrap: false, safe: true, dropTables: false });
    const statements = sql
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    const drift = statements.filter((line) => !madeByMigrationsOnly.some((pattern) => pattern.test(line)));
    t.deepEqual(drift, [], `entities and migrations disagree:\n${drift.join('\n')}`);
  } finally {
    await orm.close();
  }
});

test('a production process refuses a database that lacks migrations and says to run npm run migrate', async (t) => {
  const url = await emptyDatabase(t);
  const error = await t.throwsAsync(openDatabase(url, { keyring: testKeyring, migrations: 'require' }), {
    instanceOf: PendingMigrationsError,
  });
  t.regex(error!.message, /npm run migrate/);
  t.is((error as PendingMigrationsError).pending.length, migrationsList.length);
  // Once migrated, the same start succeeds.
  const migrated = await openDatabase(url, { keyring: testKeyring });
  await migrated.close();
  const orm = await openDatabase(url, { keyring: testKeyring, migrations: 'require' });
  await orm.close();
  t.pass();
});

test('processes migrating the same database at once apply each migration once', async (t) => {
  const url = await emptyDatabase(t);
  const orms = await Promise.all([1, 2, 3].map(() => MikroORM.init(ormConfig(url, { poolMax: 2 }))));
  try {
    const applied = await Promise.all(orms.map((orm) => migrateDatabase(orm, url)));
    t.deepEqual(
      applied.flat().sort(),
      migrationsList.map((m) => m.name),
    );
  } finally {
    await Promise.all(orms.map((orm) => orm.close()));
  }
});

test('a database that ran the timeline chain before its trigger was changed ends with the same trigger as a new one', async (t) => {
  const functionBody = async (orm: MikroORM) =>
    (
      await orm.em
        .getConnection()
        .execute<{ body: string }[]>(`select pg_get_functiondef('case_event_chain'::regproc) as body`)
    )[0]!.body;

  const fresh = await openDatabase(await emptyDatabase(t), { keyring: testKeyring, poolMax: 2 });
  const expected = await functionBody(fresh);
  await fresh.close();

  const oldUrl = await emptyDatabase(t);
  const old = await MikroORM.init(ormConfig(oldUrl, { poolMax: 2 }));
  try {
    await old.getMigrator().up({ to: 'Migration20261121180300_timeline_chain' });
    // The trigger function as the timeline-chain migration first shipped: a per-case advisory lock.
    const shipped = expected.replace(
      /perform 1 from petition_case where case_number = new\.case_number for update;/,
      `perform pg_advisory_xact_lock(hashtext('case_event_chain:' || new.case_number));`,
    );
    t.not(shipped, expected);
    await old.em.getConnection().execute(shipped);
    t.regex(await functionBody(old), /pg_advisory_xact_lock/);

    await migrateDatabase(old, oldUrl);
    t.is(await functionBody(old), expected);
  } finally {
    await old.close();
  }
});

test('the identity log moves into the audit trail in its order, chained, and still reads as identity_audit', async (t) => {
  const url = await emptyDatabase(t);
  const old = await MikroORM.init(ormConfig(url, { poolMax: 2 }));
  try {
    await old.getMigrator().up({ to: 'Migration20261203120000_ledger_count_accused' });
    const sql = old.em.getConnection();
    await sql.execute(
      `insert into unit (code, name, level, path) values ('990000', '示范省', 'province', '/1/')`,
    );
    const [unit] = await sql.execute<{ id: number }[]>(`select id from unit where code = '990000'`);
    await sql.execute(
      `insert into staff_member (unit_id, name, title, role, email) values (?, '李四', '信访室主任', 'office_head', 'lisi@example.cn')`,
      [unit!.id],
    );
    const [staff] = await sql.execute<{ id: number }[]>(`select id from staff_member`);
    await sql.execute(
      `insert into petition_case (case_number, unit_id, unit_path, status, category, channel, place, summary,
                                  request, anonymous, policy_version, received_at, registered_at, last_event_seq, updated_at)
         values ('QL2026-000001', ?, '/1/', 'registered', 'land', 'visit', '东湖县', '……', '……', false, 'v1',
                 now(), now(), 1, now())`,
      [unit!.id],
    );
    for (const [action, minutesAgo] of [
      ['identity_view_refused', 3],
      ['identity_view', 2],
    ] as const) {
      await sql.execute(
        `insert into identity_audit (case_number, action, staff_id, staff_name, staff_role, staff_unit_id, reason, ip, at)
           values ('QL2026-000001', ?, ?, '李四', 'office_head', ?, '核实', '10.0.0.1', now() - make_interval(mins => ?))`,
        [action, staff!.id, unit!.id, minutesAgo],
      );
    }
    await migrateDatabase(old, url);
    const moved = await sql.execute<
      { chain_pos: string; action: string; outcome: string; unit_name: string }[]
    >(`select chain_pos, action, outcome, unit_name from audit_event order by chain_pos`);
    t.deepEqual(
      moved.map((r) => [Number(r.chain_pos), r.action, r.outcome, r.unit_name]),
      [
        [1, 'identity_view_refused', 'refused', '示范省'],
        [2, 'identity_view', 'success', '示范省'],
      ],
    );
    const viewed = await sql.execute<{ action: string; reason: string }[]>(
      `select action, reason from identity_audit order by id`,
    );
    t.deepEqual(
      viewed.map((r) => r.action),
      ['identity_view_refused', 'identity_view'],
    );
    t.deepEqual((await verifyAuditTrail(old.em.fork())).breaks, []);
  } finally {
    await old.close();
  }
});
