import { getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { LedgerActivities } from '../activities/ledger';
import { caseWorkflowId } from '../domain/case';
import { calendarLoadedSignal } from './case/messages';

const ledger = proxyActivities<LedgerActivities>({ startToCloseTimeout: '1 minute' });

/** Signals at a time: enough to be quick, few enough not to flood the server. */
const batchSize = 100;

/**
 * An administrator loaded a year's holiday calendar (放假安排): every open case
 * with a provisional deadline is told, and counts its deadlines again itself.
 */
export async function recountProvisionalDeadlines(year: number): Promise<number> {
  const caseNumbers = await ledger.casesWithProvisionalDeadlines();
  for (let i = 0; i < caseNumbers.length; i += batchSize) {
    await Promise.all(
      caseNumbers.slice(i, i + batchSize).map(async (caseNumber) => {
        try {
          await getExternalWorkflowHandle(caseWorkflowId(caseNumber)).signal(calendarLoadedSignal, { year });
        } catch {
          // The case finished meanwhile: nothing left to recount.
        }
      }),
    );
  }
  return caseNumbers.length;
}
