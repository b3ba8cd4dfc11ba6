import {
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { LedgerActivities } from '../../activities/ledger';
import { caseWorkflowId } from '../../domain/case';
import { calendarLoadedSignal } from '../case/messages';
import { calendarLoadedAgainSignal } from './messages';

const ledger = proxyActivities<LedgerActivities>({ startToCloseTimeout: '1 minute' });

/** Signals at a time: enough to be quick, few enough not to flood the server. */
const batchSize = 100;
/** Cases read per page; each costs about two history events when signalled. */
const defaultPageSize = 1_000;
/** Temporal refuses a history past 51,200 events: a run continues as new well before. */
const defaultHistoryEventLimit = 10_000;

export interface RecountInput {
  year: number;
  /** The last case number already told, when a run continues as new. */
  after?: string | null | undefined;
  /** Cases told by the runs before this one. */
  told?: number | undefined;
  /** Tests lower these to prove the recount continues as new. */
  historyEventLimit?: number | undefined;
  pageSize?: number | undefined;
}

/**
 * An administrator loaded a year's holiday calendar (放假安排): every open case
 * with a provisional deadline is told, and counts its deadlines again itself.
 * A province has tens of thousands of such cases in December, more than one history
 * holds, so they are told page by page and the run continues as new as it grows. The
 * year loaded again meanwhile starts the telling over, so every case reads the newest load.
 */
export async function recountProvisionalDeadlines(input: number | RecountInput): Promise<number> {
  const recount: RecountInput = typeof input === 'number' ? { year: input } : input;
  if (!patched('recount-in-pages')) return tellAllAtOnce(recount.year);
  const limit = recount.historyEventLimit ?? defaultHistoryEventLimit;
  const pageSize = recount.pageSize ?? defaultPageSize;
  let after = recount.after ?? null;
  let told = recount.told ?? 0;
  // Loads of the year still to answer; the first run's own start comes as one (signal-with-start), so it counts from -1.
  let loadsSinceStart = recount.told === undefined ? -1 : 0;
  setHandler(calendarLoadedAgainSignal, () => {
    loadsSinceStart += 1;
  });
  for (;;) {
    const page = await ledger.casesWithProvisionalDeadlinesAfter({ after, limit: pageSize });
    await tell(page, recount.year);
    told += page.length;
    after = page.length < pageSize ? null : page[page.length - 1]!;
    if (loadsSinceStart > 0) {
      loadsSinceStart = 0;
      after = null;
    } else if (after === null) {
      return told;
    }
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > limit) {
      await continueAsNew<typeof recountProvisionalDeadlines>({ ...recount, after, told });
    }
  }
}

async function tell(caseNumbers: string[], year: number): Promise<void> {
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
}

/** How recounts ran before they went in pages: replayed for a recount started then. */
async function tellAllAtOnce(year: number): Promise<number> {
  const caseNumbers = await ledger.casesWithProvisionalDeadlines();
  await tell(caseNumbers, year);
  return caseNumbers.length;
}
