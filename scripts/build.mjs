// Bundles every entry point with esbuild. `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** One entry per runtime: the extension host, its worker, the CLI. */
const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/extension/worker.ts', out: 'worker' },
  // MathJax (TeX → SVG for hover previews) in a worker of its own, so the core worker stays lean
  { in: 'src/extension/render/mathjaxWorker.ts', out: 'mathjax' },
  { in: 'src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
];

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const contexts = await Promise.all(
  nodeEntries.map((entry) =>
    esbuild.context({
      ...common,
      entryPoints: [{ in: entry.in, out: entry.out }],
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      banner: entry.banner ? { js: entry.banner } : undefined,
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
