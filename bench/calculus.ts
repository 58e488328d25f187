// Calculus benchmark: the tangent, Taylor and implicit corpora through our engine and, in the same run,
// through SymPy (the tangent line by subs/simplify/expand, series(...).removeO(), idiff; SymPy's cache
// cleared before each run, bench/sympy_calculus.py). Per operation: cases answered equal to SymPy's and
// verified, time per case (median/p95/max, ours and SymPy's) and the ratio of medians. Then the
// integrals (bench/integrate.ts: ours against SymPy's integrate on test/corpus/integrals.jsonl).
//   npm run bench:calculus -- [--repeat N] [--sympy-repeat N] [--no-sympy] [--no-integrate] [--show-failures]
import { spawnSync } from 'node:child_process';
import { benchIntegrate } from './integrate';
import { median, sympyVersion, timeFigures } from './stats';
import {
  calculusCorpus, ImplicitCase, implicitProblem, runImplicit, runTangent, runTaylor, TangentCase, tangentProblem, TaylorCase, taylorProblem,
} from '../test/support/calculusCorpus';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const repeat = Number(option('repeat')) || 5;
const sympyRepeat = Number(option('sympy-repeat')) || 3;
const withSympy = !args.includes('--no-sympy');
const showFailures = args.includes('--show-failures');
const withIntegrals = !args.includes('--no-integrate');

const figures = (xs: number[]) => timeFigures(xs, 2);

interface SympyLine { op: string; id: string; ok: boolean; ms?: number; error?: string }

/** SymPy's time per case, by op and id (empty without SymPy). */
function sympyTimes(): Map<string, SympyLine> {
  if (!withSympy) return new Map();
  const r = spawnSync('python3', ['bench/sympy_calculus.py', '--repeat', String(sympyRepeat)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bench/sympy_calculus.py failed: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as SympyLine);
  return new Map(lines.map((l) => [`${l.op}/${l.id}`, l]));
}

/** Our time per case: the best of `repeat` runs after a warm one, and whether the answer equals SymPy's. */
function measure<T extends { id: string }, R>(cases: T[], run: (c: T) => R, problem: (c: T, r: R) => string | undefined) {
  const times: number[] = [];
  const firstRuns: number[] = [];
  const failures: string[] = [];
  for (const c of cases) {
    try {
      const coldStart = performance.now();
      const first = run(c);
      firstRuns.push(performance.now() - coldStart);
      const found = problem(c, first);
      if (found) failures.push(`${c.id}: ${found}`);
      let best = Infinity;
      for (let k = 0; k < repeat; k++) {
        const started = performance.now();
        run(c);
        best = Math.min(best, performance.now() - started);
      }
      times.push(best);
    } catch (e) {
      failures.push(`${c.id}: refused: ${(e as Error).message}`);
    }
  }
  return { times, firstRuns, failures };
}

export interface OperationFigures { op: string; cases: number; correct: number; ours: number[]; oursFirst: number[]; sympy: number[]; sympyFailed: number }

function report(f: OperationFigures, against: string): void {
  console.log(`\n${f.op}: ${f.correct}/${f.cases} equal to SymPy and verified`);
  console.log(`  ours   ${figures(f.ours)}`);
  console.log(`  ours, first run of each case   ${figures(f.oursFirst)}`);
  if (f.sympy.length) {
    console.log(`  SymPy  ${figures(f.sympy)}  (${against}${f.sympyFailed ? `; ${f.sympyFailed} failed or timed out` : ''})`);
    console.log(`  SymPy/ours at the median: ${(median(f.sympy) / median(f.ours)).toFixed(1)}× (repeated runs), ${(median(f.sympy) / median(f.oursFirst)).toFixed(1)}× (our first runs)`);
  }
}

function main(): void {
  console.log(`calculus benchmark: ours best of ${repeat} after a warm run${withSympy ? `, SymPy ${sympyVersion()} best of ${sympyRepeat} (cache cleared each run), same machine, same run` : ''}`);
  const sympy = sympyTimes();
  const operations: [string, string, () => ReturnType<typeof measure>, string[]][] = [];
  const tangents = calculusCorpus<TangentCase>('tangent');
  const taylors = calculusCorpus<TaylorCase>('taylor');
  const implicits = calculusCorpus<ImplicitCase>('implicit');
  operations.push(['tangent', 'subs + simplify + expand', () => measure(tangents, runTangent, tangentProblem), tangents.map((c) => c.id)]);
  operations.push(['taylor', 'series().removeO()', () => measure(taylors, runTaylor, taylorProblem), taylors.map((c) => c.id)]);
  operations.push(['implicit', 'idiff', () => measure(implicits, runImplicit, implicitProblem), implicits.map((c) => c.id)]);
  for (const [op, against, run, ids] of operations) {
    const { times, firstRuns, failures } = run();
    const theirs = ids.map((id) => sympy.get(`${op}/${id}`)).filter((l): l is SympyLine => l !== undefined);
    report({
      op, cases: ids.length, correct: ids.length - failures.length, ours: times, oursFirst: firstRuns,
      sympy: theirs.filter((l) => l.ok).map((l) => l.ms!), sympyFailed: theirs.filter((l) => !l.ok).length,
    }, against);
    if (showFailures) for (const f of failures) console.log(`  ${f}`);
  }
  if (withIntegrals) {
    console.log('\nintegrate (bench/integrate.ts):');
    benchIntegrate({ repeat: Math.min(repeat, 3), sympy: withSympy });
  }
}

main();
