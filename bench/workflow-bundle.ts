import { DefaultLogger } from '@temporalio/worker';
import { bundleWorkflowsListingModules } from '../temporal/workflow-bundle';
import type { Figures } from './figures';

/**
 * The workflow bundle every worker loads into each workflow's sandbox: its size and module
 * count, so a change that drags a library into workflow code shows here as well as failing
 * tests/unit/workflow-bundle.test.ts when that library does I/O.
 */
export async function runWorkflowBundleBench(): Promise<Figures> {
  const started = performance.now();
  const { code, modules } = await bundleWorkflowsListingModules(new DefaultLogger('WARN'));
  const kib = Math.round(code.length / 1024);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  console.log(`workflow bundle: ${kib} KiB, ${modules.length} modules, built in ${seconds} s`);
  return { workflow_bundle: { kib, modules: modules.length, build_seconds: seconds } };
}
