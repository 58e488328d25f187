// Antiderivative benchmark: the integrals corpus (test/corpus/integrals.jsonl) through our integrate
// (nerdamer proposes, our differentiation verifies) and, in the same run, through SymPy's integrate
// (bench/integrate_sympy.py). Prints time per integral (median/p95/max, ours and SymPy's), the share
// answered and verified, what each answers that the other does not, and nerdamer's load time in a
// fresh Node process.
//   npx tsx bench/integrate.ts [--repeat N] [--no-sympy] [--sympy-timeout S]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { integrate, IntegralResult } from '../src/core';
import { readJsonLines } from '../test/support/numeric';
import { quantile } from './stats';

interface Case { id: string; category: string; integrand: string; wrt: string; from?: string; to?: string; sympy: string | null }
interface SympyAnswer { id: string; ok: boolean; ms: number; answered: boolean; error?: string }

export interface Timing { median: number; p95: number; max: number }
export interface IntegrateBenchReport {
  cases: number;
  /** Answered with a verified antiderivative (every answer is verified: unverified ones are never returned). */
  answered: number;
  /** Answers returned without verification: always 0. */
  unverifiedShown: number;
  ours: Timing;
  /** The first integral in this process, nerdamer's load included. */
  firstCallMs: number;
  /** require('nerdamer') + require('nerdamer/Calculus') in a fresh Node process, median of 5. */
  nerdamerLoadMs: number;
  sympy?: { answered: number; timing: Timing; onlySympy: string[]; onlyOurs: string[] };
}

const ROOT = join(__dirname, '..');
const timing = (xs: number[]): Timing => ({ median: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });
const shown = (t: Timing) => `median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, max ${t.max.toFixed(1)} ms`;

/** nerdamer's load time in a fresh process (what the extension's worker pays on its first integral). */
function nerdamerLoadTime(): number {
  const script = "const t = performance.now(); require('nerdamer'); require('nerdamer/Calculus'); console.log(performance.now() - t)";
  const runs = Array.from({ length: 5 }, () => Number(spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).stdout));
  return quantile(runs, 0.5);
}

function sympyAnswers(cases: Case[], repeat: number, timeoutS: number): Map<string, SympyAnswer> | undefined {
  const input = cases.map((c) => JSON.stringify({ id: c.id, integrand: c.integrand, wrt: c.wrt })).join('\n');
  const done = spawnSync('python3', [join(ROOT, 'bench/integrate_sympy.py'), '--repeat', String(repeat), '--timeout', String(timeoutS)], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (done.status !== 0) { console.error(`SymPy not run: ${done.stderr || done.error?.message}`); return undefined; }
  return new Map(readJsonLines<SympyAnswer>(done.stdout).map((a) => [a.id, a]));
}

/** Times ours and SymPy's integrate on the corpus in one run; prints and returns the figures. */
export function benchIntegrate(options: { repeat?: number; sympy?: boolean; sympyTimeoutS?: number; print?: boolean } = {}): IntegrateBenchReport {
  const repeat = options.repeat ?? 3;
  const say = options.print === false ? () => undefined : (line: string) => console.log(line);
  const cases = readJsonLines<Case>(readFileSync(join(ROOT, 'test/corpus/integrals.jsonl'), 'utf8'));
  const nerdamerLoadMs = nerdamerLoadTime();
  const run = (c: Case): IntegralResult => integrate(c.integrand, { notation: 'plain', wrt: c.wrt, budgetMs: 4000 });
  const firstStarted = performance.now();
  run(cases[0]);
  const firstCallMs = performance.now() - firstStarted;

  const times: number[] = [];
  const answeredIds = new Set<string>();
  let unverifiedShown = 0;
  for (const c of cases) {
    const runs: number[] = [];
    let last: IntegralResult | undefined;
    for (let i = 0; i < repeat; i++) {
      const started = performance.now();
      last = run(c);
      runs.push(performance.now() - started);
    }
    times.push(quantile(runs, 0.5));
    if (last!.found) answeredIds.add(c.id);
    if (last!.found !== last!.verified || (!last!.found && last!.plain !== undefined)) unverifiedShown++;
  }
  const report: IntegrateBenchReport = {
    cases: cases.length, answered: answeredIds.size, unverifiedShown, ours: timing(times), firstCallMs, nerdamerLoadMs,
  };
  say(`integrals corpus: ${cases.length} integrands (antiderivatives; definite cases timed without their bounds)`);
  say(`  ours:  ${answeredIds.size}/${cases.length} answered and verified (${((100 * answeredIds.size) / cases.length).toFixed(0)}%), ${unverifiedShown} unverified shown; ${shown(report.ours)} (median of ${repeat} runs each)`);
  say(`  first integral in a process ${firstCallMs.toFixed(0)} ms; nerdamer loads in ${nerdamerLoadMs.toFixed(0)} ms in a fresh process`);
  if (options.sympy !== false) {
    const answers = sympyAnswers(cases, repeat, options.sympyTimeoutS ?? 30);
    if (answers) {
      const sympyTimes = cases.map((c) => answers.get(c.id)?.ms ?? NaN).filter(Number.isFinite);
      const sympyAnswered = cases.filter((c) => answers.get(c.id)?.answered).map((c) => c.id);
      const onlySympy = sympyAnswered.filter((id) => !answeredIds.has(id));
      const onlyOurs = [...answeredIds].filter((id) => !answers.get(id)?.answered);
      report.sympy = { answered: sympyAnswered.length, timing: timing(sympyTimes), onlySympy, onlyOurs };
      say(`  SymPy: ${sympyAnswered.length}/${cases.length} answered (no Integral left; special functions such as Si, Ei count); ${shown(report.sympy.timing)}`);
      say(`  ratio of medians (SymPy/ours): ${(report.sympy.timing.median / report.ours.median).toFixed(1)}×`);
      const integrand = (id: string) => `${id} ${cases.find((c) => c.id === id)!.integrand}`;
      say(`  SymPy only: ${onlySympy.map(integrand).join('; ') || 'none'}`);
      say(`  ours only: ${onlyOurs.map(integrand).join('; ') || 'none'}`);
    }
  }
  return report;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  benchIntegrate({ repeat: Number(option('repeat')) || 3, sympy: !args.includes('--no-sympy'), sympyTimeoutS: Number(option('sympy-timeout')) || 30 });
}
