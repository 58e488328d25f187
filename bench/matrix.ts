// Matrix benchmark: the matrix corpus through our engine (every identity in every dialect) and, in
// the same run, through SymPy's MatrixSymbol.diff (bench/sympy_matrix.py); correctness counts and
// time per identity, side by side.
//   npm run bench:matrix -- [--repeat N] [--no-sympy] [--show-failures]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median, quantile } from './stats';
import { differentiateMatrix, MATRIX_DIALECTS, MatrixDialect } from '../src/core/matrix/api';
import { formula, MatrixCase, maxDifference } from '../test/unit/core/matrix/support';

const args = process.argv.slice(2);
const repeat = Number(args[args.indexOf('--repeat') + 1]) || 5;
const withSympy = !args.includes('--no-sympy');
const showFailures = args.includes('--show-failures');

const corpusText = readFileSync('test/corpus/matrix.jsonl', 'utf8');
const cases = corpusText.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as MatrixCase);
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));

interface Run { c: MatrixCase; dialect: MatrixDialect; ms: number; msExplain: number; correct: boolean; verified: boolean; error?: string; result?: string }

const run = (c: MatrixCase, dialect: MatrixDialect, explain: boolean) => differentiateMatrix(c[dialect], { dialect, wrt: c.wrt, order: c.order, vars: c.vars, explain });

// warm up the JIT once over the corpus, then time each identity `repeat` times (median)
for (const c of cases) for (const d of MATRIX_DIALECTS) { try { run(c, d, false); } catch { /* reported below */ } }
const ours: Run[] = [];
for (const c of cases) {
  const expected = formula(c.expected, 'python', c.vars);
  for (const dialect of MATRIX_DIALECTS) {
    try {
      const times: number[] = [], timesExplain: number[] = [];
      let r = run(c, dialect, false);
      for (let i = 0; i < repeat; i++) {
        let t = performance.now();
        r = run(c, dialect, false);
        times.push(performance.now() - t);
        t = performance.now();
        run(c, dialect, true);
        timesExplain.push(performance.now() - t);
      }
      const agreement = maxDifference(formula(r.matrix, 'matrix', c.vars), expected, c.vars, c.positive);
      ours.push({ c, dialect, ms: median(times), msExplain: median(timesExplain), correct: agreement.points >= 3 && agreement.worst < 1e-8, verified: r.verified, result: r.result });
    } catch (e) {
      ours.push({ c, dialect, ms: NaN, msExplain: NaN, correct: false, verified: false, error: (e as Error).message });
    }
  }
}

interface SympyRow { id: string; ok: boolean; correct?: boolean; ms?: number; error?: string; detail?: string }
let sympy: SympyRow[] = [];
if (withSympy) {
  const p = spawnSync('python3', ['bench/sympy_matrix.py', '--timeout', '20'], { input: corpusText, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (p.status !== 0) console.error(`SymPy side failed: ${p.stderr.split('\n').slice(-3).join(' ')}`);
  sympy = p.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as SympyRow);
}

const n = cases.length;
const total = ours.length;
const correct = ours.filter((o) => o.correct).length;
const verified = ours.filter((o) => o.verified).length;
const both = ours.filter((o) => o.correct && o.verified).length;
const ms = ours.filter((o) => Number.isFinite(o.ms)).map((o) => o.ms);
const msExplain = ours.filter((o) => Number.isFinite(o.msExplain)).map((o) => o.msExplain);
const perCase = cases.map((c) => ours.filter((o) => o.c === c).every((o) => o.correct && o.verified));

console.log(`matrix corpus: ${n} identities × ${MATRIX_DIALECTS.length} dialects (${MATRIX_DIALECTS.join(', ')}) = ${total} runs; ${cases.filter((c) => c.order === 2).length} Hessians`);
console.log('');
console.log('                         ours                          SymPy MatrixSymbol.diff');
const sympyCorrect = sympy.filter((s) => s.ok && s.correct).length;
const sympyWrong = sympy.filter((s) => s.ok && !s.correct).length;
const sympyUnevaluated = sympy.filter((s) => !s.ok && /unevaluated|could not be evaluated/.test(s.error ?? '')).length;
const sympyRaised = sympy.filter((s) => !s.ok).length - sympyUnevaluated;
const sympyMs = sympy.filter((s) => typeof s.ms === 'number').map((s) => s.ms!);
const row = (label: string, a: string, b: string) => console.log(`${label.padEnd(25)}${a.padEnd(30)}${b}`);
row('identities correct', `${perCase.filter(Boolean).length}/${n} (all dialects)`, withSympy ? `${sympyCorrect}/${n}` : 'skipped');
row('runs correct', `${correct}/${total}`, withSympy ? `${sympyCorrect}/${n} (numpy form)` : '');
row('runs verified', `${verified}/${total}`, withSympy ? 'no verification' : '');
row('correct and verified', `${both}/${total}`, '');
if (withSympy) {
  row('wrong result', `${ours.filter((o) => !o.error && !o.correct).length}`, `${sympyWrong}`);
  row('no result', `${ours.filter((o) => o.error).length}`, `${sympyRaised} raised, ${sympyUnevaluated} unevaluated or unusable`);
}
row('time per identity', `median ${fmt(median(ms))} ms, p95 ${fmt(quantile(ms, 0.95))} ms`, withSympy && sympyMs.length ? `median ${fmt(median(sympyMs))} ms, p95 ${fmt(quantile(sympyMs, 0.95))} ms` : '');
row('  what is timed', 'parse+diff+back+print+verify', withSympy ? `diff only (${sympyMs.length} that returned)` : '');
row('  with explanation data', `median ${fmt(median(msExplain))} ms, p95 ${fmt(quantile(msExplain, 0.95))} ms`, '');
console.log('');
console.log(`ours: warm, median of ${repeat} runs per identity and dialect; SymPy: first run, cache as it comes`);

// per category
const categories = [...new Set(cases.map((c) => c.category))];
console.log('');
console.log('by category              ours correct+verified      SymPy correct');
for (const cat of categories) {
  const cs = cases.filter((c) => c.category === cat);
  const o = ours.filter((r) => r.c.category === cat);
  const s = sympy.filter((r) => cs.some((c) => c.id === r.id) && r.ok && r.correct).length;
  console.log(`${cat.padEnd(25)}${`${o.filter((r) => r.correct && r.verified).length}/${o.length}`.padEnd(27)}${withSympy ? `${s}/${cs.length}` : ''}`);
}

if (showFailures) {
  for (const o of ours.filter((r) => !r.correct || !r.verified)) console.log(`ours ${o.c.id} [${o.dialect}]: ${o.error ?? o.result} (verified ${o.verified})`);
  for (const s of sympy.filter((r) => !r.ok || !r.correct)) console.log(`sympy ${s.id}: ${s.error ?? s.detail}`);
}
process.exitCode = both === total ? 0 : 1;
