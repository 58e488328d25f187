// Scalar benchmark: the corpus through our engine and, in the same run, through SymPy
// (diff + simplify). Prints correctness, per-case median/p95 time and output size ratios.
//   npx tsx bench/scalar.ts [--repeat N] [--no-sympy] [--show-failures]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { differentiate } from '../src/core';
import { parsePlain } from '../src/core/dialects/plain';
import { treeSize } from '../src/core/expr';
import { displaySize } from '../src/core/simplify';
import { agreeNumerically, readJsonLines } from '../test/support/numeric';

interface Case { id: string; category: string; expr: string; wrt: string; order: number; expected: string }
const args = process.argv.slice(2);
const repeat = Number(args[args.indexOf('--repeat') + 1]) || 5;
const withSympy = !args.includes('--no-sympy');
const showFailures = args.includes('--show-failures');

const cases = readJsonLines<Case>(readFileSync('test/corpus/scalar.jsonl', 'utf8'));
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const median = (xs: number[]) => quantile(xs, 0.5);
const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

// warm up the JIT once over the corpus, then time each case `repeat` times
for (const c of cases) differentiate(c.expr, { dialect: 'plain', wrt: c.wrt, order: c.order, explain: false });
const ours = cases.map((c) => {
  const times: number[] = [];
  let r = differentiate(c.expr, { dialect: 'plain', wrt: c.wrt, order: c.order, explain: false });
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    r = differentiate(c.expr, { dialect: 'plain', wrt: c.wrt, order: c.order, explain: false });
    times.push(performance.now() - t);
  }
  const mine = parsePlain(r.plain), theirs = parsePlain(c.expected);
  const agreement = agreeNumerically(mine, theirs, 7);
  return {
    c, r, ms: median(times), agreement,
    nodeRatio: treeSize(mine) / treeSize(theirs),
    tokenRatio: displaySize(mine) / displaySize(theirs),
  };
});

const correct = ours.filter((o) => o.agreement.agree);
const verified = ours.filter((o) => o.r.verified);
const both = ours.filter((o) => o.agreement.agree && o.r.verified);
const ms = ours.map((o) => o.ms);

console.log(`scalar corpus: ${cases.length} cases`);
console.log(`ours:  correct ${correct.length}/${cases.length} (${(100 * correct.length / cases.length).toFixed(1)}%), verified ${verified.length}/${cases.length}, correct and verified ${both.length}/${cases.length}`);
console.log(`ours:  time per case (diff + simplify + verification, warm, median of ${repeat}): median ${median(ms).toFixed(3)} ms, p95 ${quantile(ms, 0.95).toFixed(3)} ms, max ${Math.max(...ms).toFixed(3)} ms`);
console.log(`size vs SymPy simplify (geometric mean of ours/SymPy): tree nodes ${geomean(ours.map((o) => o.nodeRatio)).toFixed(4)}, printed tokens ${geomean(ours.map((o) => o.tokenRatio)).toFixed(4)}; larger than SymPy in ${ours.filter((o) => o.nodeRatio > 1).length} cases, smaller in ${ours.filter((o) => o.nodeRatio < 1).length}`);

if (withSympy) {
  const input = cases.map((c) => JSON.stringify({ id: c.id, expr: c.expr, wrt: c.wrt, order: c.order })).join('\n');
  const run = spawnSync('python3', ['bench/sympy_scalar.py'], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) { console.error(run.stderr); process.exit(1); }
  const sympy = readJsonLines<{ id: string; ok: boolean; ms: number }>(run.stdout);
  const sms = sympy.filter((s) => s.ok).map((s) => s.ms);
  console.log(`SymPy: diff + simplify per case (first run): median ${median(sms).toFixed(3)} ms, p95 ${quantile(sms, 0.95).toFixed(3)} ms; ok ${sms.length}/${cases.length}`);
  console.log(`ratio: SymPy median / ours median = ${(median(sms) / median(ms)).toFixed(1)}x, p95 ratio ${(quantile(sms, 0.95) / quantile(ms, 0.95)).toFixed(1)}x`);
}

const failures = ours.filter((o) => !o.agreement.agree || !o.r.verified);
if (failures.length) console.log(`not correct or not verified: ${failures.map((o) => o.c.id).join(', ')}`);
if (showFailures) {
  for (const o of failures) console.log(`  ${o.c.id}: ${o.c.expr}  ->  ${o.r.plain}  expected ${o.c.expected}  ${o.agreement.detail ?? ''} ${o.r.verification.reason ?? ''}`);
  for (const o of [...ours].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`  slow ${o.ms.toFixed(2)} ms ${o.c.id}: ${o.c.expr}`);
  const big = ours.filter((o) => o.nodeRatio > 1.2).sort((a, b) => b.nodeRatio - a.nodeRatio).slice(0, 40);
  for (const o of big) console.log(`  bigger ${o.nodeRatio.toFixed(2)} ${o.c.id}: ${o.r.plain}   vs SymPy ${o.c.expected}`);
}
