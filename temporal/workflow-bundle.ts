import path from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import type { Compiler, Module } from 'webpack';
import { projectRoot } from '../config/paths';
import { failureConverterPath } from './payload-codec';

/** One module webpack put in the workflow bundle, and the module that brought it in. */
export interface BundledModule {
  /** Relative to the project root: `domain/time.ts`, `node_modules/dayjs/dayjs.min.js`. */
  path: string;
  importedBy: string | null;
}

const relative = (resource: string) => path.relative(projectRoot, resource);

/** The workflows' entry: every workflow a worker runs is exported from it. */
export const workflowsPath = require.resolve('../workflows');

/**
 * How every workflow bundle is made: by the worker in development, by `npm run build` for
 * production, by the tests. The workflow modules are evaluated once per worker thread and
 * shared by every case it runs (the SDK's `preloadModules`), instead of once for each new
 * case: evaluating ~35 modules was a large part of a registration's CPU. That is safe because
 * they keep no state at module level (a case's state lives in its workflow function); the SDK
 * deep-freezes shared modules, so one that tried would fail at once rather than leak.
 */
export const workflowBundleOptions = {
  workflowsPath,
  failureConverterPath,
  preloadModules: [workflowsPath],
};

/**
 * Bundles the workflow code as workers run it, and lists every module that went in, so that
 * a test can prove the bundle pure and the bench can print its size.
 */
export async function bundleWorkflowsListingModules(
  logger?: Logger,
): Promise<{ code: string; modules: BundledModule[] }> {
  const modules: BundledModule[] = [];
  const listModules = {
    apply(compiler: Compiler) {
      compiler.hooks.compilation.tap('list-workflow-modules', (compilation) => {
        compilation.hooks.finishModules.tap('list-workflow-modules', (finished: Iterable<Module>) => {
          for (const module of finished) {
            const resource = (module as Module & { resource?: string }).resource;
            if (!resource) continue;
            const issuer = compilation.moduleGraph.getIssuer(module) as
              (Module & { resource?: string }) | null;
            modules.push({
              path: relative(resource),
              importedBy: issuer?.resource ? relative(issuer.resource) : null,
            });
          }
        });
      });
    },
  };
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions,
    ...(logger ? { logger } : {}),
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), listModules] }),
  });
  return { code, modules };
}
