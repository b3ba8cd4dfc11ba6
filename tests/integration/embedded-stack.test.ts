import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { projectRoot } from '../../config/paths';
import { isAlive, recordedPids, spawnNodeChild, type NodeChild } from '../../embedded/processes';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { freePort } from '../helpers/ports';

/** `npm start` as a user runs it, on its own data folder and ports; its output is also logged in that folder. */
function startStack(
  dataDir: string,
  ports: Record<string, number>,
  run: string,
): NodeChild & { output: () => string } {
  const logFile = path.join(dataDir, `npm-start-${run}.log`);
  const stack = spawnNodeChild({
    entry: path.join(projectRoot, 'scripts', 'start-embedded.ts'),
    cwd: projectRoot,
    logFile,
    env: {
      ...process.env,
      QINGLING_DATA_DIR: dataDir,
      PORT: String(ports.api),
      EMBEDDED_POSTGRES_PORT: String(ports.postgres),
      EMBEDDED_TEMPORAL_PORT: String(ports.temporal),
      EMBEDDED_TEMPORAL_UI_PORT: String(ports.temporalUi),
      EMBEDDED_SMTP_PORT: String(ports.smtp),
      EMBEDDED_MAIL_WEB_PORT: String(ports.mailWeb),
      EMBEDDED_SMPP_PORT: String(ports.smpp),
      EMBEDDED_SMS_WEB_PORT: String(ports.smsWeb),
    },
  });
  let output = '';
  stack.process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { ...stack, output: () => output };
}

const ready = 'Ctrl-C stops everything';

async function interrupt(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

const pidsIn = recordedPids;

async function freshStackFolder() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-stack-'));
  fs.chmodSync(dataDir, 0o755);
  const ports = {
    api: await freePort(),
    postgres: await freePort(),
    temporal: await freePort(),
    temporalUi: await freePort(),
    smtp: await freePort(),
    mailWeb: await freePort(),
    smpp: await freePort(),
    smsWeb: await freePort(),
  };
  return { dataDir, ports };
}

function cleanUp(dataDir: string): void {
  for (const pid of pidsIn(dataDir)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// One stack at a time: each picks its ports before it starts, and the other stack's Temporal
// (which takes random free ports of its own for HTTP and metrics) could take one meanwhile.
test.serial(
  'npm start brings every part up healthy, Ctrl-C stops them all, and a second start keeps the cases',
  async (t) => {
    t.timeout(240_000);
    const { dataDir, ports } = await freshStackFolder();
    const baseUrl = `http://127.0.0.1:${ports.api}`;
    try {
      const first = startStack(dataDir, ports, 'first');
      await first.waitForOutput(ready, 180_000);
      t.regex(first.output(), /Temporal UI\s+http:\/\/localhost:\d+/);
      const health = await fetch(`${baseUrl}/healthz`);
      t.deepEqual(await health.json(), {
        status: 'ok',
        checks: { database: 'ok', temporal: 'ok', smtp: 'ok' },
      });
      const receipt = await postJson(`${baseUrl}/api/v1/petitions`, aPetition());
      t.is(receipt.status, 201);
      const statusOfCase = async () => {
        const response = await fetch(`${baseUrl}/api/v1/cases/${receipt.json.caseNumber as string}`, {
          headers: { 'x-access-code': receipt.json.accessCode as string },
        });
        return ((await response.json()) as { status: string }).status;
      };
      await eventually(async () => ((await statusOfCase()) === 'registered' ? true : undefined));
      const pidsWhileRunning = pidsIn(dataDir);
      t.true(pidsWhileRunning.length >= 5, `pid files: ${pidsWhileRunning.join(', ')}`);

      t.is(await interrupt(first.process), 0);
      t.deepEqual(
        pidsWhileRunning.filter((pid) => isAlive(pid)),
        [],
        'no process of the stack outlives Ctrl-C',
      );

      const second = startStack(dataDir, ports, 'second');
      await second.waitForOutput(ready, 180_000);
      t.false(second.output().includes('ended processes left by an earlier run'));
      t.is(await statusOfCase(), 'registered');
      t.is(await interrupt(second.process), 0);
    } finally {
      cleanUp(dataDir);
    }
  },
);

test.serial('Ctrl-C while npm start is still starting stops every part it had started', async (t) => {
  t.timeout(240_000);
  const { dataDir, ports } = await freshStackFolder();
  try {
    const stack = startStack(dataDir, ports, 'interrupted');
    await stack.waitForOutput('API on port', 180_000);
    const startedPids = pidsIn(dataDir);
    t.true(startedPids.length >= 3, `pid files: ${startedPids.join(', ')}`);
    t.is(await interrupt(stack.process), 0);
    t.regex(stack.output(), /\[qingling\] stopped/);
    t.deepEqual(
      [...startedPids, ...pidsIn(dataDir)].filter((pid) => isAlive(pid)),
      [],
    );
  } finally {
    cleanUp(dataDir);
  }
});
