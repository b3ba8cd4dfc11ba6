import { loadEnv } from '../config/env';
import { verifyAuditTrail } from '../db/audit/chain';
import { openDatabase } from '../db/orm';
import { commandDatabase } from '../embedded/command-database';
import { exitWith } from './exit-code';

/**
 * `npm run verify-audit`: walks the hash-chained audit trail and lists each row that was
 * altered or removed, and a chain cut short at its end. Rows retention removed are accepted
 * where a checkpoint row accounts for them. Exit code 1 when anything is broken, so it can
 * run from cron or CI against a copy of production.
 */
async function main(): Promise<number> {
  const { databaseUrl, keyring } = commandDatabase(loadEnv());
  const orm = await openDatabase(databaseUrl, { keyring, poolMax: 2 });
  try {
    const result = await verifyAuditTrail(orm.em.fork());
    console.log(
      `audit rows checked: ${result.rowsChecked}, removed by retention before them: ${result.rowsRemovedByRetention}`,
    );
    if (result.breaks.length === 0) {
      console.log('audit chain intact');
      return 0;
    }
    for (const b of result.breaks) {
      console.log(`BROKEN ${b.chainPos === null ? 'end of the chain' : `row ${b.chainPos}`}: ${b.problem}`);
    }
    return 1;
  } finally {
    await orm.close();
  }
}

exitWith(main);
