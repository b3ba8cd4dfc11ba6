import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Histories of real runs from the workflow tests, replayed against the current code by tests/workflows/replay.test.ts. */
export const historiesDir = path.join(__dirname, '..', 'workflows', 'histories');
/** What each stored history was recorded with: the code version and the patch ids that code had. */
export const corpusFile = path.join(historiesDir, 'corpus.json');
const workflowsDir = path.join(__dirname, '..', '..', 'workflows');

export interface CorpusEntry {
  /** The commit the history was recorded on (`+changes` when workflow code was not committed yet). */
  recordedWith: string;
  recordedOn: string;
  /** The `patched()` ids the workflow code had when it ran: the history is from after these, before the rest. */
  patchesInCode: string[];
}
export type Corpus = Record<string, CorpusEntry>;

export const readCorpus = (): Corpus =>
  fs.existsSync(corpusFile) ? (JSON.parse(fs.readFileSync(corpusFile, 'utf8')) as Corpus) : {};

/** Every `patched('…')` / `deprecatePatch('…')` id in the workflow code as it is on disk. */
export function patchIdsInCode(dir = workflowsDir): string[] {
  const ids = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const source = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const match of source.matchAll(/\b(?:patched|deprecatePatch)\(\s*'([^']+)'\s*\)/g))
      ids.add(match[1]!);
  }
  return [...ids].sort();
}

function codeVersion(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: workflowsDir, encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--short=8', 'HEAD');
  return git('status', '--porcelain', '--', '.').length > 0 ? `${commit}+changes` : commit;
}

/**
 * Keeps the history of a test's case when `npm run record-histories` runs the workflow
 * tests (RECORD_HISTORIES=1). The corpus only grows: the file is named for the code
 * version that made it, an existing file is never written again, and `corpus.json` says
 * which patches that code had, so the replay test can tell that every patch has a
 * history from before it and one from after it.
 */
export async function keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const version = codeVersion();
  const file = `${name}@${version}.json`;
  const target = path.join(historiesDir, file);
  if (fs.existsSync(target)) return;
  // Through the generated class's own JSON form: enum names and 64-bit numbers as strings, as `temporal workflow show --output json` writes them.
  const history = temporal.api.history.v1.History.fromObject(await handle.fetchHistory());
  fs.mkdirSync(historiesDir, { recursive: true });
  fs.writeFileSync(target, JSON.stringify(history.toJSON(), null, 1), { flag: 'wx' });
  // Read and written with nothing awaited between, so tests of one file recording at once do not lose entries.
  const corpus = readCorpus();
  corpus[file] = {
    recordedWith: version,
    recordedOn: new Date().toISOString().slice(0, 10),
    patchesInCode: patchIdsInCode(),
  };
  const sorted = Object.fromEntries(Object.entries(corpus).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(corpusFile, `${JSON.stringify(sorted, null, 2)}\n`);
}
