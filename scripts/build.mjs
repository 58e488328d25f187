// Bundles every entry point with esbuild. `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

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

// The explanation panel's webview: its script (runs in the webview's browser sandbox) and, from
// the CSS it imports, dist/webview.css (KaTeX, uPlot, codicons) with the fonts in dist/fonts/.
// KaTeX's CSS lists woff2, woff and ttf for every font; webviews read woff2, so only those ship.
const katexWoff2Only = {
  name: 'katex-woff2-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]katex[\\/]dist[\\/]katex\.min\.css$/ }, async (args) => {
      const css = await readFile(args.path, 'utf8');
      return { contents: css.replace(/,url\([^)]*\.woff\) format\("woff"\)|,url\([^)]*\.ttf\) format\("truetype"\)/g, ''), loader: 'css', resolveDir: path.dirname(args.path) };
    });
  },
};
contexts.push(
  await esbuild.context({
    ...common,
    entryPoints: [{ in: 'src/webview/main.ts', out: 'webview' }],
    outdir: 'dist',
    // always minified: the webview parses it on every load (a reopened panel waits for it)
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    loader: { '.woff2': 'file', '.ttf': 'file' },
    assetNames: 'fonts/[name]',
    plugins: [katexWoff2Only],
  }),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
