import { loadEnv } from '../config/env';
import { openDatabase } from '../db/orm';
import { verifyTimelines } from '../db/timeline-chain';
import { commandDatabase } from '../embedded/command-database';
import { exitWith } from './exit-code';

/**
 * `npm run verify-timeline [-- <case number>]`: walks every case's hash-chained timeline
 * and lists each event that was altered or removed. Exit code 1 when anything is broken,
 * so it can run from cron or CI against a copy of production.
 */
async function main(): Promise<number> {
  const { databaseUrl, keyring } = commandDatabase(loadEnv());
  const caseNumber = process.argv[2];
  const orm = await openDatabase(databaseUrl, { keyring, poolMax: 2 });
  try {
    const result = await verifyTimelines(orm.em.fork(), caseNumber ? { caseNumber } : {});
    console.log(`cases checked: ${result.casesChecked}, events checked: ${result.eventsChecked}`);
    if (result.breaks.length === 0) {
      console.log('timeline chain intact');
      return 0;
    }
    for (const b of result.breaks) {
      const where = b.seq === null ? '' : ` event ${b.seq} (chain position ${b.chainPos})`;
      console.log(`BROKEN ${b.caseNumber}${where}: ${b.problem}`);
    }
    return 1;
  } finally {
    await orm.close();
  }
}

exitWith(main);
