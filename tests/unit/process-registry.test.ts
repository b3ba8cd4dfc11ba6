import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { isAlive, ProcessRegistry, processStartTime, spawnNodeChild } from '../../embedded/processes';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-run-'));
const sleeper = () => spawn('sleep', ['60'], { stdio: 'ignore' });

test('a leftover that is still the process the last run started is ended', async (t) => {
  const registry = new ProcessRegistry(dataDir());
  const child = sleeper();
  registry.record('worker', child.pid);
  t.deepEqual(await registry.endLeftovers(), ['worker']);
  t.false(isAlive(child.pid!));
});

test('a pid file whose pid now belongs to another process (a reboot, a reused pid) leaves that process alone', async (t) => {
  const dir = dataDir();
  const registry = new ProcessRegistry(dir);
  const stranger = sleeper();
  t.teardown(() => stranger.kill('SIGKILL'));
  // What the last run wrote for its own worker, whose pid the stranger now has, started at another time.
  const started = Number(processStartTime(stranger.pid!));
  fs.writeFileSync(
    path.join(dir, 'run', 'worker.pid'),
    JSON.stringify({ pid: stranger.pid, startTime: String(started - 1000) }),
  );
  t.deepEqual(await registry.endLeftovers(), []);
  t.true(isAlive(stranger.pid!));
  t.false(fs.existsSync(path.join(dir, 'run', 'worker.pid')), 'the stale pid file is removed');
});

test('a bare pid from before pid files named their process is not acted on', async (t) => {
  const dir = dataDir();
  const registry = new ProcessRegistry(dir);
  const stranger = sleeper();
  t.teardown(() => stranger.kill('SIGKILL'));
  fs.writeFileSync(path.join(dir, 'run', 'api.pid'), String(stranger.pid));
  t.deepEqual(await registry.endLeftovers(), []);
  t.true(isAlive(stranger.pid!));
});

test('a ready line cut across two chunks of output is still seen', async (t) => {
  const dir = dataDir();
  const entry = path.join(dir, 'speaks-in-halves.js');
  fs.writeFileSync(
    entry,
    `process.stdout.write('worker pol'); setTimeout(() => process.stdout.write('ling\\n'), 300);`,
  );
  const child = spawnNodeChild({ entry, env: process.env, logFile: path.join(dir, 'child.log'), cwd: dir });
  await t.notThrowsAsync(child.waitForOutput('worker polling', 10_000));
});
