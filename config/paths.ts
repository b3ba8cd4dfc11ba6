import fs from 'node:fs';
import path from 'node:path';

/** The project folder, found the same way from sources (tsx) and from the compiled `dist/`. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${start}`);
  }
}

export const projectRoot = findProjectRoot(__dirname);
export const consoleBuildDir = path.join(projectRoot, 'dist', 'console');
export const publicAssetsDir = path.join(projectRoot, 'web', 'public');
export const prebuiltWorkflowBundle = path.join(projectRoot, 'dist', 'workflow-bundle.js');
export const temporalToolsDir = path.join(projectRoot, 'tools', 'temporal', 'bin');
