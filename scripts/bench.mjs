// Runs a benchmark on the engine as it ships: the entry (bench/*.ts) and the core it imports are
// bundled and minified by esbuild with the production bundles' settings, then run by node. (Through
// tsx every call between modules goes through an export getter and every closure through a name
// helper: 20–40% slower than the shipped worker, and not what a user runs.)
//   node scripts/bench.mjs bench/scalar.ts [its arguments]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/bench.mjs bench/<name>.ts [arguments]');
  process.exit(2);
}
const outdir = path.join('node_modules', '.cache', 'derivative-assistant-bench', 'bundles');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, `${path.basename(entry, '.ts')}.cjs`);
await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  plugins: [sourceDirname()],
});
const run = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);

/** `__dirname` in a bundled source file is that file's folder, as when node runs it (corpora are found from it). */
function sourceDirname() {
  return {
    name: 'source-dirname',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('__dirname')) return undefined;
        return { contents: text.replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))), loader: 'ts' };
      });
    },
  };
}
