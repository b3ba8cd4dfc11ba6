import { condition, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { LedgerActivities } from '../activities/ledger';
import type { CaseStart, CaseStatus } from '../domain/case';

const ledger = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface CaseProgress {
  caseNumber: string;
  status: CaseStatus;
  policyVersion: string;
}

export const caseProgressQuery = defineQuery<CaseProgress>('caseProgress');

/**
 * One petition case (信访事项), from receipt to its end. The workflow is the source
 * of truth for where the case is; every step is projected to the ledger.
 */
export async function petitionCase(start: CaseStart): Promise<void> {
  let status: CaseStatus = 'received';
  let lastEventSeq = 0;
  setHandler(caseProgressQuery, () => ({
    caseNumber: start.caseNumber,
    status,
    policyVersion: start.policyVersion,
  }));

  // 登记: the office ledger gets the case and its first timeline event.
  lastEventSeq += 1;
  await ledger.registerCase({
    ...start,
    seq: lastEventSeq,
    // Temporal's clock, deterministic on replay.
    registeredAt: new Date().toISOString(),
  });
  status = 'registered';

  // Next the office triages the case (受理/不予受理/转办); that step and its 15-day
  // clock arrive with the case lifecycle (issue #3). Until then the case waits, open.
  await condition(() => status !== 'registered');
}
