// Differential fuzzer against SymPy: random expressions as people write them, in every dialect.
//   npm run bench:fuzz -- --cases 100000 --seed 1 [--dialect python] [--budget 2000] [--json-out file]
//                         [--failures test-artifacts/fuzz-failures.jsonl] [--examples 20] [--jobs 2]
//                         [--progress file]   (--jobs: SymPy reference processes; --progress: counts so far, every 5 s)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DIALECTS, Dialect } from '../src/core/api';
import { formatReport, runFuzz } from './fuzz/run';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const cases = Number(option('cases') ?? 10_000);
const seed = Number(option('seed') ?? 1);
const budgetMs = Number(option('budget') ?? 2000);
const dialectArg = option('dialect');
const dialects = dialectArg ? dialectArg.split(',') as Dialect[] : DIALECTS;
for (const d of dialects) if (!DIALECTS.includes(d)) { console.error(`unknown dialect '${d}' (expected ${DIALECTS.join(', ')})`); process.exit(2); }
const failuresFile = option('failures') ?? 'test-artifacts/fuzz-failures.jsonl';
const jsonOut = option('json-out');
const progressFile = option('progress');

async function main(): Promise<void> {
const startedAt = performance.now();
let last = 0;
const report = await runFuzz({
  cases, seed, dialects, budgetMs, examples: Number(option('examples') ?? 20), referenceProcesses: Number(option('jobs') ?? 2),
  onProgress: (done, total, soFar) => {
    if (performance.now() - last < 5000 && done !== total) return;
    last = performance.now();
    if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total}`);
    // a long run leaves its counts so far where they can be read before it ends
    if (progressFile) writeFileSync(progressFile, JSON.stringify({ ...soFar, done, total, seconds: (performance.now() - startedAt) / 1000, times: undefined }, null, 1));
  },
});
if (process.stderr.isTTY) process.stderr.write('\n');
console.log(`seed ${seed}, dialects ${dialects.join(', ')}, budget ${budgetMs} ms`);
console.log(formatReport(report));
mkdirSync(dirname(failuresFile), { recursive: true });
writeFileSync(failuresFile, report.examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
console.log(`examples of each bad category: ${failuresFile}`);
if (jsonOut) {
  mkdirSync(dirname(jsonOut), { recursive: true });
  writeFileSync(jsonOut, JSON.stringify({ seed, dialects, budgetMs, ...report }, null, 2));
}
}

main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
