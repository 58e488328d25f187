// Compiles the e2e suite (test/e2e/suite/index.ts and every *.e2e.test.ts) with esbuild to
// out/test/e2e/suite/ as CommonJS for VS Code's extension host. `vscode` is provided by the host and
// mocha is resolved from node_modules at run time (one mocha instance shared by index and tests);
// any other import (src/ modules, helpers) is bundled into each test file.
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suiteOutDir = path.join(repoRoot, 'out', 'test', 'e2e', 'suite');

export async function buildSuite() {
  rmSync(suiteOutDir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['test/e2e/suite/index.ts', 'test/e2e/suite/**/*.e2e.test.ts'],
    outbase: 'test/e2e/suite',
    outdir: suiteOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return suiteOutDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildSuite();
}
