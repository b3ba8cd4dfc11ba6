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
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath,
    ...(logger ? { logger } : {}),
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), listModules] }),
  });
  return { code, modules };
}
