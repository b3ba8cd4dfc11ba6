import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { projectRoot } from '../../config/paths';
import { bundleWorkflowsListingModules, workflowBundleOptions } from '../../temporal/workflow-bundle';

const bundlesDir = path.join(projectRoot, 'node_modules', '.cache', 'qingling', 'workflow-bundles');

interface Manifest {
  /** Every file webpack put in the bundle, relative to the project root, with its content's hash. */
  modules: { path: string; sha256: string }[];
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * The workflow bundle as workers run it, made once for a whole test run and kept between
 * runs instead of once in every test file and worker process (webpack took some 4 s of CPU
 * each time, some 70 times a run). It is used only while every module that went into it is
 * unchanged on disk: the bundle lists them, so an edited workflow, domain module or package
 * makes a new one. The file's path is what a worker process is given (WORKFLOW_BUNDLE).
 */
export async function cachedWorkflowBundlePath(): Promise<string> {
  const dir = path.join(bundlesDir, bundleKey());
  const codePath = path.join(dir, 'workflow-bundle.js');
  const manifestPath = path.join(dir, 'manifest.json');
  if (fs.existsSync(codePath) && fs.existsSync(manifestPath) && unchanged(manifestPath)) return codePath;

  const { code, modules } = await bundleWorkflowsListingModules(new DefaultLogger('WARN'));
  const manifest: Manifest = {
    modules: [...new Set(modules.map((m) => m.path.split('?')[0]!))]
      // The SDK's generated entry point lives in webpack's memory, made from the options in the key.
      .filter((file) => fs.existsSync(path.join(projectRoot, file)))
      .sort()
      .map((file) => ({ path: file, sha256: sha256(path.join(projectRoot, file)) })),
  };
  // Written aside and renamed, the manifest last: another test process never reads half a
  // bundle, and a manifest in place vouches for the code beside it.
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of [
    [codePath, code],
    [manifestPath, JSON.stringify(manifest)],
  ] as const) {
    fs.writeFileSync(`${file}.${process.pid}`, text);
    fs.renameSync(`${file}.${process.pid}`, file);
  }
  return codePath;
}

/** Whether every module the bundle was made from is still as it was. */
function unchanged(manifestPath: string): boolean {
  try {
    const { modules } = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
    return modules.length > 0 && modules.every((m) => sha256(path.join(projectRoot, m.path)) === m.sha256);
  } catch {
    return false;
  }
}

/** How the bundle is made: the bundler's options, the SDK's version and this file. */
function bundleKey(): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify(workflowBundleOptions, (_key, value: unknown) =>
      typeof value === 'string' ? path.relative(projectRoot, value) : value,
    ),
  );
  for (const file of [
    path.join(projectRoot, 'node_modules', '@temporalio', 'worker', 'package.json'),
    path.join(projectRoot, 'temporal', 'workflow-bundle.ts'),
    __filename,
  ])
    hash.update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}
