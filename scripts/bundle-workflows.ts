import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../temporal/workflow-bundle';
import { prebuiltWorkflowBundle } from '../config/paths';

/** Pre-bundles the workflow code for production workers (`npm run build`), so they start without webpack. */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode(workflowBundleOptions);
  fs.mkdirSync(path.dirname(prebuiltWorkflowBundle), { recursive: true });
  fs.writeFileSync(prebuiltWorkflowBundle, code);
  console.log(`workflow bundle: ${prebuiltWorkflowBundle} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
