// Bundles every entry point with esbuild. `--watch` rebuilds on change; `--production` minifies.
// Prints one line: what it built, how big, how long (esbuild itself prints only warnings and errors).
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const started = performance.now();

/** One entry per runtime: the extension host, its worker, the CLI. */
const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/extension/worker.ts', out: 'worker' },
  // MathJax (TeX → SVG for hover previews) in a worker of its own, so the core worker stays lean
  { in: 'src/extension/render/mathjaxWorker.ts', out: 'mathjax' },
  { in: 'src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  // nerdamer (antiderivatives) on its own: the worker and the CLI require it on the first integral
  { in: 'src/core/calculus/nerdamerModule.ts', out: 'nerdamer' },
];

/** The other bundles load nerdamerModule from dist/nerdamer.js at run time instead of containing it. */
const nerdamerApart = {
  name: 'nerdamer-apart',
  setup(build) {
    build.onResolve({ filter: /[\\/]nerdamerModule$/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: './nerdamer.js', external: true }));
  },
};
/** Outputs of the first build, reported together once every context has finished it. */
const firstBuilds = { pending: new Set([...nodeEntries.map((e) => e.out), 'webview']), outputs: [], errors: 0 };

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
  plugins: [reportSizes()],
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
      plugins: [nerdamerApart, ...common.plugins],
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
    plugins: [katexWoff2Only, ...common.plugins],
  }),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  // esbuild has printed the errors, and reportSizes a line counting them
  if (results.some((r) => r.status === 'rejected')) process.exitCode = 1;
}

/**
 * Reports the outputs (not source maps): the first build of every context as one summary line, and in
 * `--watch` each later rebuild as a line of its own.
 */
function reportSizes() {
  return {
    name: 'report-sizes',
    setup(build) {
      let rebuildStart = 0;
      build.onStart(() => {
        rebuildStart = performance.now();
      });
      build.onEnd((result) => {
        const errors = result.errors.length;
        const outputs = Object.entries(result.metafile?.outputs ?? {})
          .filter(([file]) => !file.endsWith('.map'))
          .map(([file, { bytes }]) => ({ file, bytes }));
        const entry = build.initialOptions.entryPoints[0].out;
        if (!firstBuilds.pending.has(entry)) {
          if (errors > 0) console.log(`rebuild of ${entry} failed: ${plural(errors, 'error')} (above)`);
          else console.log(`rebuilt ${describe(outputs)} in ${seconds(performance.now() - rebuildStart)}`);
          return;
        }
        firstBuilds.pending.delete(entry);
        firstBuilds.outputs.push(...outputs);
        firstBuilds.errors += errors;
        if (firstBuilds.pending.size > 0) return;
        if (firstBuilds.errors > 0) console.log(`build failed: ${plural(firstBuilds.errors, 'error')} (above)`);
        else console.log(`built${production ? ' (production)' : ''} ${describe(firstBuilds.outputs)} in ${seconds(performance.now() - started)}`);
      });
    },
  };
}

/** `dist/worker.js 505 KB, …`, in entry order; assets (the webview's fonts) summed per folder. */
function describe(outputs) {
  const order = [...nodeEntries.map((e) => e.out), 'webview'];
  const rank = (file) => order.indexOf(path.basename(file).replace(/\.\w+$/, ''));
  const isCss = (file) => (file.endsWith('.css') ? 1 : 0);
  const bundles = outputs
    .filter(({ file }) => /\.(js|css)$/.test(file))
    .sort((a, b) => rank(a.file) - rank(b.file) || isCss(a.file) - isCss(b.file));
  const assetFolders = new Map();
  for (const { file, bytes } of outputs.filter(({ file }) => !/\.(js|css)$/.test(file))) {
    const folder = path.dirname(file);
    const sum = assetFolders.get(folder) ?? { count: 0, bytes: 0 };
    assetFolders.set(folder, { count: sum.count + 1, bytes: sum.bytes + bytes });
  }
  return [
    ...bundles.map(({ file, bytes }) => `${file} ${size(bytes)}`),
    ...[...assetFolders].map(([folder, { count, bytes }]) => `${folder}/ ${count} files ${size(bytes)}`),
  ].join(', ');
}

function size(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function plural(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
