// Scalar benchmark: each corpus through our engine and, in the same run, through SymPy (diff +
// simplify). Per corpus it prints correctness, time per case (median/p95/max, ours and SymPy's) and
// output size against SymPy's (geometric mean, count over 2×, the worst five with their forms).
// Corpora: the bench corpus (test/corpus/scalar.jsonl), high orders (bench/highorder.cases.jsonl:
// orders 3–5 of products of 3–4 functions, the sigmoid, the Gaussian) and the differential fuzzer's
// cases in plain notation (bench/fuzz/generate.ts).
//   npm run bench -- [--repeat N] [--no-sympy] [--corpus bench,high-order,fuzz]
//                       [--fuzz-cases N] [--fuzz-seed S] [--sympy-timeout S] [--show-failures] [--fresh-sympy]
// SymPy's answers do not depend on our engine, so they are kept in node_modules/.cache (keyed by the
// case, the SymPy version and the timeout) and reused by later runs; --fresh-sympy asks SymPy again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DerivativeResult, differentiate, InputError, TimeoutError } from '../src/core';
import { parsePlain } from '../src/core/dialects/plain';
import { Expr, treeSize } from '../src/core/expr';
import { displaySize } from '../src/core/simplify';
import { agreeNumerically, readJsonLines } from '../test/support/numeric';
import { makeCase } from './fuzz/generate';
import { median, quantile, sympyVersion, timeFigures } from './stats';

interface Case { id: string; category: string; expr: string; wrt: string; order: number; expected?: string; reference?: string }
interface SympyAnswer { id: string; ok: boolean; ms: number; result?: string; error?: string }

const args = process.argv.slice(2);
const option = (name: string): string | undefined => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const repeat = Number(option('repeat')) || 5;
const withSympy = !args.includes('--no-sympy');
const showFailures = args.includes('--show-failures');
const fuzzCases = Number(option('fuzz-cases') ?? 255);
const fuzzSeed = Number(option('fuzz-seed') ?? 12);
const sympyTimeout = Number(option('sympy-timeout') ?? 60);
const only = option('corpus')?.split(',');
const freshSympy = args.includes('--fresh-sympy');
const SYMPY_CACHE_DIR = 'node_modules/.cache/derivative-assistant-bench';
const SYMPY_CACHE = `${SYMPY_CACHE_DIR}/sympy-scalar.jsonl`;

const geomean = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const figures = (xs: number[]) => timeFigures(xs, 3);
const target = (xs: number[]) => {
  const met = median(xs) < 0.5 && quantile(xs, 0.95) < 5 && Math.max(...xs) < 100;
  return met ? 'target (median < 0.5 ms, p95 < 5 ms, max < 100 ms) met' : 'target (median < 0.5 ms, p95 < 5 ms, max < 100 ms) NOT met';
};

function fuzzCorpus(): Case[] {
  return Array.from({ length: fuzzCases }, (_, i) => {
    const c = makeCase(fuzzSeed, i, 'plain');
    return { id: `fuzz-${i}`, category: 'fuzz', expr: c.source, wrt: c.wrt, order: c.order, reference: c.sympy };
  });
}

const corpora: { name: string; cases: () => Case[] }[] = [
  { name: 'bench', cases: () => readJsonLines<Case>(readFileSync('test/corpus/scalar.jsonl', 'utf8')) },
  { name: 'high-order', cases: () => readJsonLines<Case>(readFileSync('bench/highorder.cases.jsonl', 'utf8')) },
  { name: 'fuzz', cases: fuzzCorpus },
];

const run = (c: Case) => differentiate(c.expr, { dialect: 'plain', wrt: c.wrt, order: c.order, explain: false });

/** Our answer to a case, timed `repeat` times after one warm run; undefined when refused. */
function ours(c: Case): { r?: DerivativeResult; ms: number; refusal?: string } {
  const times: number[] = [];
  let r: DerivativeResult | undefined;
  for (let i = 0; i <= repeat; i++) {
    const t = performance.now();
    try { r = run(c); } catch (e) {
      if (e instanceof InputError || e instanceof TimeoutError) return { ms: performance.now() - t, refusal: e.message };
      throw e;
    }
    if (i > 0) times.push(performance.now() - t);
  }
  return { r, ms: median(times) };
}

const sympyQuestion = (c: Case) => (c.reference
  ? { id: c.id, reference: c.reference, wrt: c.wrt, order: c.order }
  : { id: c.id, expr: c.expr, wrt: c.wrt, order: c.order });

function sympyAnswers(cases: Case[]): Map<string, SympyAnswer> {
  const version = sympyVersion();
  const cacheKey = (c: Case) => JSON.stringify([version, sympyTimeout, { ...sympyQuestion(c), id: undefined }]);
  const cache = new Map<string, SympyAnswer>();
  if (!freshSympy && existsSync(SYMPY_CACHE)) {
    for (const line of readJsonLines<{ key: string; answer: SympyAnswer }>(readFileSync(SYMPY_CACHE, 'utf8'))) cache.set(line.key, line.answer);
  }
  const missing = cases.filter((c) => !cache.has(cacheKey(c)));
  if (missing.length) {
    const input = missing.map((c) => JSON.stringify(sympyQuestion(c))).join('\n');
    const done = spawnSync('python3', ['bench/sympy_scalar.py', '--timeout', String(sympyTimeout)], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (done.status !== 0) { console.error(done.stderr); process.exit(1); }
    const byId = new Map(readJsonLines<SympyAnswer>(done.stdout).map((a) => [a.id, a]));
    for (const c of missing) { const a = byId.get(c.id); if (a) cache.set(cacheKey(c), a); }
    mkdirSync(SYMPY_CACHE_DIR, { recursive: true });
    writeFileSync(SYMPY_CACHE, [...cache].map(([key, answer]) => JSON.stringify({ key, answer })).join('\n') + '\n');
  }
  return new Map(cases.flatMap((c) => { const a = cache.get(cacheKey(c)); return a ? [[c.id, { ...a, id: c.id }] as const] : []; }));
}

function measure(name: string, cases: Case[]): void {
  for (const c of cases) { try { run(c); } catch { /* warm-up only */ } }
  const mine = cases.map((c) => ({ c, ...ours(c) }));
  const answered = mine.filter((o) => o.r);
  const sympy = withSympy ? sympyAnswers(cases) : new Map<string, SympyAnswer>();
  const rows = answered.map((o) => {
    const s = sympy.get(o.c.id);
    const referenceText = s?.ok ? s.result : withSympy ? undefined : o.c.expected;
    let reference: Expr | undefined;
    try { reference = referenceText !== undefined ? parsePlain(referenceText) : undefined; } catch { reference = undefined; }
    const result = parsePlain(o.r!.plain);
    const agreement = reference ? agreeNumerically(result, reference, 7) : undefined;
    return {
      ...o, r: o.r!, result, reference, agreement,
      nodeRatio: reference ? treeSize(result) / treeSize(reference) : undefined,
      tokenRatio: reference ? displaySize(result) / displaySize(reference) : undefined,
    };
  });
  const compared = rows.filter((o) => o.nodeRatio !== undefined);
  const judged = rows.filter((o) => o.agreement && o.agreement.points >= 3);
  const disagree = judged.filter((o) => !o.agreement!.agree);
  const unverified = rows.filter((o) => !o.r.verified);
  const cut = rows.filter((o) => o.r.warnings?.some((w) => w.includes("cut simplification short")));
  const ms = rows.map((o) => o.ms);
  console.log(`\n== ${name}: ${cases.length} cases ==`);
  console.log(`ours:  answered ${answered.length}/${cases.length}, verified ${rows.length - unverified.length}/${answered.length}, agrees with SymPy ${judged.length - disagree.length}/${judged.length} judged; simplification cut short by the time budget in ${cut.length}`);
  console.log(`ours:  time per case (diff + simplify + verification, warm, median of ${repeat}): ${figures(ms)}; ${target(ms)}`);
  if (withSympy) {
    const sms = [...sympy.values()].filter((s) => s.ok).map((s) => s.ms);
    console.log(`SymPy: diff + simplify per case (first run, as measured when its answer was cached): ${figures(sms)}; ok ${sms.length}/${cases.length} (timeout ${sympyTimeout} s)`);
  }
  if (compared.length) {
    const nodes = compared.map((o) => o.nodeRatio!);
    console.log(`size vs SymPy (ours/SymPy tree nodes, ${compared.length} cases): geomean ${geomean(nodes).toFixed(4)}, printed tokens ${geomean(compared.map((o) => o.tokenRatio!)).toFixed(4)}; over 2x ${nodes.filter((r) => r > 2).length}, larger ${nodes.filter((r) => r > 1).length}, smaller ${nodes.filter((r) => r < 1).length}`);
    console.log('worst five:');
    for (const o of [...compared].sort((a, b) => b.nodeRatio! - a.nodeRatio!).slice(0, 5)) {
      console.log(`  ${o.nodeRatio!.toFixed(2)}x ${o.c.id} d^${o.c.order}/d${o.c.wrt}^${o.c.order} ${o.c.expr}\n    ours  (${treeSize(o.result)}): ${o.r.plain}\n    SymPy (${treeSize(o.reference!)}): ${sympy.get(o.c.id)?.result ?? o.c.expected}`);
    }
  }
  const refused = mine.filter((o) => o.refusal);
  if (refused.length) console.log(`refused: ${refused.map((o) => `${o.c.id} (${o.refusal})`).join('; ')}`);
  if (disagree.length || unverified.length) console.log(`not correct or not verified: ${[...new Set([...disagree, ...unverified].map((o) => o.c.id))].join(', ')}`);
  if (showFailures) {
    for (const o of [...disagree, ...unverified]) console.log(`  ${o.c.id}: ${o.c.expr}  ->  ${o.r.plain}  SymPy ${o.reference ? sympy.get(o.c.id)?.result ?? o.c.expected : ''}  ${o.agreement?.detail ?? ''} ${o.r.verification.reason ?? ''}`);
    for (const o of [...rows].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`  slow ${o.ms.toFixed(2)} ms ${o.c.id}: d^${o.c.order} ${o.c.expr}`);
    for (const o of compared.filter((x) => x.nodeRatio! > 1.2).sort((a, b) => b.nodeRatio! - a.nodeRatio!).slice(0, 40)) {
      console.log(`  bigger ${o.nodeRatio!.toFixed(2)} ${o.c.id}: ${o.r.plain}   vs SymPy ${sympy.get(o.c.id)?.result ?? o.c.expected}`);
    }
  }
}

for (const corpus of corpora) if (!only || only.includes(corpus.name)) measure(corpus.name, corpus.cases());
