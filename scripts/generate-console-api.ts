import fs from 'node:fs/promises';
import path from 'node:path';
import { consoleApiTypes, consoleApiTypesFile } from './console-api-types';

/** `npm run generate:api`: writes the console's types of the API after the server's schemas changed. */
async function main() {
  const file = path.resolve(__dirname, '..', consoleApiTypesFile);
  await fs.writeFile(file, await consoleApiTypes());
  console.log(`wrote ${consoleApiTypesFile}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
