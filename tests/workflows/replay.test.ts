import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { encryptedDataConverter } from '../../temporal/payload-codec';
import { testKeyring, workflowBundle } from '../helpers/app';
import { corpusFile, historiesDir, patchIdsInCode, readCorpus } from '../helpers/histories';

/**
 * Cases live for years: every change to workflow code must replay the histories
 * of cases already running. These are histories of real runs kept from the
 * workflow tests (`npm run record-histories`); a change that would break a
 * running case fails here with a determinism error.
 */
const stored = fs
  .readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json') && path.join(historiesDir, file) !== corpusFile)
  .sort();

test('there are stored histories to replay, from several stories', (t) => {
  t.true(stored.length >= 4, `only ${stored.length} histories in ${historiesDir}`);
});

test('every stored case history replays against the current workflow code', async (t) => {
  const { code } = await workflowBundle();
  const histories = stored.map((file) => ({
    workflowId: path.basename(file, '.json'),
    history: temporal.api.history.v1.History.fromObject(
      JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')) as object,
    ),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { code }, dataConverter: encryptedDataConverter(testKeyring) },
    histories,
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  t.deepEqual(failures, []);
});

test('the corpus says what code recorded each stored history, and no history is unaccounted for', (t) => {
  const corpus = readCorpus();
  t.deepEqual(Object.keys(corpus).sort(), stored);
  for (const file of stored) t.true(file.includes(`@${corpus[file]!.recordedWith}.json`), file);
});

test('every patch in the workflow code has a stored history from before it and one from after it', (t) => {
  const entries = Object.values(readCorpus());
  const uncovered = patchIdsInCode().flatMap((id) => [
    ...(entries.some((e) => !e.patchesInCode.includes(id)) ? [] : [`${id}: no history recorded before it`]),
    ...(entries.some((e) => e.patchesInCode.includes(id)) ? [] : [`${id}: no history recorded after it`]),
  ]);
  t.deepEqual(
    uncovered,
    [],
    'record histories with `npm run record-histories` (they are added, never replaced)',
  );
});
