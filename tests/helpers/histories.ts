import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Histories of real runs from the workflow tests, replayed against the current code by tests/workflows/replay.test.ts. */
export const historiesDir = path.join(__dirname, '..', 'workflows', 'histories');

/**
 * Keeps the history of a test's case when `npm run record-histories` runs the
 * workflow tests (RECORD_HISTORIES=1). Recorded only on purpose: a history is
 * kept as the record of a released workflow version, not refreshed on every run.
 */
export async function keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(historiesDir, { recursive: true });
  // Through the generated class's own JSON form: enum names and 64-bit numbers as strings, as `temporal workflow show --output json` writes them.
  const history = temporal.api.history.v1.History.fromObject(await handle.fetchHistory());
  fs.writeFileSync(path.join(historiesDir, `${name}.json`), JSON.stringify(history.toJSON(), null, 1));
}
