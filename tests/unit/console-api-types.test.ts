import test from 'ava';
import fs from 'node:fs/promises';
import path from 'node:path';
import { consoleApiTypes, consoleApiTypesFile } from '../../scripts/console-api-types';

test('the console’s committed API types match the document the server builds now (else: npm run generate:api)', async (t) => {
  const committed = await fs.readFile(path.resolve(__dirname, '../..', consoleApiTypesFile), 'utf8');
  t.is(committed, await consoleApiTypes());
});
