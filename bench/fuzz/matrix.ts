// The matrix engine's differential fuzzer against numpy (bench/fuzz_matrix.ts runs it, a unit test a
// CI subset): random array expressions as numpy code, each differentiated by the engine, and the
// printed gradient run by numpy against central differences of the source itself, which numpy
// evaluates (a reading and a derivative we did not write). With --library tf the same expressions are
// TensorFlow code (tf.linalg.matvec, tf.tensordot), run by TensorFlow. A quarter of the cases by a vector are
// Hessians, judged against central differences of the printed gradient once that is judged right.
// Categories: correct; wrong (the printed gradient differs where the source is defined and smooth),
// and of those the ones the engine called verified; not-finite (the printed gradient is nan or
// infinite where the source is smooth: 0/0 of a step beside a division by a ramp, or a root of the
// ramp of a product, sqrt(max(x .* (A @ x), 0))); refused (with the message); internal-error (an exception that is not an InputError);
// misprinted (numpy cannot run the printed result); undecided (no point where the source is real and smooth).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { InputError } from '../../src/core/api';
import { differentiateMatrix, MatrixVar } from '../../src/core/matrix/api';
import { mulberry32 } from '../../src/core/random';
import { timeFigures } from '../stats';
// @ts-expect-error: an .mjs script without types
import { ensurePythonLibraries } from '../../scripts/pylibs.mjs';

const VARS: Record<string, MatrixVar> = {
  p: { shape: ['n'] }, q: { shape: ['n'] }, x: { shape: ['n'] }, y: { shape: ['m'] },
  A: { shape: ['n', 'n'] }, W: { shape: ['m', 'n'] }, c: { shape: [] },
};
const SIZES = { n: 3, m: 4 };

/** The library a case is written in: numpy, or TensorFlow with its vectors 1-D (tf.linalg.matvec, tf.tensordot). */
export type MatrixLibrary = 'numpy' | 'tf';

/** How each library spells what the generator writes. */
const SPELLING: Readonly<Record<MatrixLibrary, {
  fn: (name: string) => string; matvec: (m: 'A' | 'A.T' | 'W' | 'W.T', v: string) => string; dot: (u: string, v: string) => string;
  outer: (u: string, v: string) => string; sum: string; mean: string; variance: string; std: string; maximum: string; where: string; norm: string;
  /** The sample (ddof 1) variance's extra argument, where the library has one. */
  sample?: string;
}>> = {
  numpy: {
    fn: (name) => `np.${name}`, matvec: (m, v) => `(${m} @ ${v})`, dot: (u, v) => `${u} @ ${v}`, outer: (u, v) => `np.outer(${u}, ${v})`,
    sum: 'np.sum', mean: 'np.mean', variance: 'np.var', std: 'np.std', maximum: 'np.maximum', where: 'np.where', norm: 'np.linalg.norm', sample: ', ddof=1',
  },
  tf: {
    fn: (name) => (name === 'log' ? 'tf.math.log' : `tf.${name}`),
    matvec: (m, v) => `tf.linalg.matvec(${m.replace('.T', '')}, ${v}${m.endsWith('.T') ? ', transpose_a=True' : ''})`,
    dot: (u, v) => `tf.tensordot(${u}, ${v}, 1)`, outer: (u, v) => `tf.tensordot(${u}, ${v}, 0)`,
    sum: 'tf.reduce_sum', mean: 'tf.reduce_mean', variance: 'tf.math.reduce_variance', std: 'tf.math.reduce_std', maximum: 'tf.maximum', where: 'tf.where', norm: 'tf.norm',
  },
};

/** A random array expression, written as people write such code in `library`: vectors of n entries, m×n matrices. */
class Generator {
  private readonly s: (typeof SPELLING)[MatrixLibrary];
  constructor(private readonly rand: () => number, library: MatrixLibrary = 'numpy') { this.s = SPELLING[library]; }
  private pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.rand() * xs.length)]; }

  /** An n-vector, entry by entry. */
  vector(depth: number): string {
    const r = this.rand();
    const s = this.s;
    if (depth <= 0 || r < 0.2) return this.pick(['p', 'q', 'x', 'p', 'q', 'x', s.matvec('A', 'x'), s.matvec('W.T', 'y')]);
    if (r < 0.45) return `(${this.vector(depth - 1)} ${this.pick(['+', '-', '*', '/'])} ${this.operand(depth - 1)})`;
    if (r < 0.55) return `${this.pick(['p', 'q', 'x'])}**${this.pick(['2', '3', '-1', '0.5'])}`;
    if (r < 0.8) return `${s.fn(this.pick(['exp', 'log', 'sin', 'cos', 'tanh', 'sqrt', 'abs']))}(${this.vector(depth - 1)})`;
    if (r < 0.88) return s.matvec(this.pick(['A', 'A.T'] as const), this.vector(depth - 1));
    if (r < 0.92) return `${s.maximum}(${this.vector(depth - 1)}, 0)`;
    if (r < 0.95) return `${s.where}(${this.condition()}, ${this.vector(depth - 1)}, ${this.operand(depth - 1)})`;
    if (r < 0.98) return `(${this.scalar(depth - 1)} * ${this.vector(depth - 1)})`;
    return this.reduction([s.sum, s.mean, s.variance, s.std], this.matrix(depth - 1), 0);
  }

  /** A sum, mean, variance or standard deviation of `m` along `axis` (variances sometimes the sample's). */
  private reduction(names: readonly string[], m: string, axis: 0 | 1): string {
    const name = this.pick(names);
    const sample = (name === this.s.variance || name === this.s.std) && this.s.sample && this.rand() < 0.3 ? this.s.sample : '';
    return `${name}(${m}, axis=${axis}${sample})`;
  }

  /** An m-vector (a column of W's shape): y, W·v, a matrix's row sums or means. */
  private columnVector(depth: number): string {
    const r = this.rand();
    if (depth <= 0 || r < 0.4) return 'y';
    if (r < 0.7) return this.s.matvec('W', this.vector(depth - 1));
    return this.reduction([this.s.sum, this.s.mean, this.s.sum, this.s.mean, this.s.variance, this.s.std], this.matrix(depth - 1), 1);
  }

  /** An m×n matrix, with rows (n-vectors) and columns (m-vectors, v[:, None]) broadcast along it as numpy does. */
  private matrix(depth: number): string {
    const r = this.rand();
    const s = this.s;
    if (depth <= 0 || r < 0.25) return this.pick(['W', 'W', s.outer('y', this.pick(['p', 'q', 'x']))]);
    // a column against a 1-D array: the matrix of every pair
    if (r < 0.3) return `(${this.columnVector(depth - 1)}[:, None] ${this.pick(['+', '-', '*', '/'])} ${this.vector(depth - 1)})`;
    const m = this.matrix(depth - 1);
    if (r < 0.45) {
      const other = this.pick([() => this.matrix(depth - 1), () => this.vector(depth - 1), () => `${this.columnVector(depth - 1)}[:, None]`, () => this.pick(['2', 'c'])])();
      return `(${m} ${this.pick(['+', '-', '*', '/'])} ${other})`;
    }
    if (r < 0.6) return `${s.fn(this.pick(['exp', 'sin', 'tanh', 'abs']))}(${m})`;
    if (r < 0.68) return `${m}**2`;
    // centred along an axis, each row's softmax
    if (r < 0.8) return this.rand() < 0.5 ? `(${m} - ${s.mean}(${m}, axis=0))` : `(${m} - ${s.mean}(${m}, axis=1, keepdims=True))`;
    if (r < 0.86) return `(${s.fn('exp')}(${m}) / ${s.sum}(${s.fn('exp')}(${m}), axis=1, keepdims=True))`;
    // each row scaled to unit length
    if (r < 0.9) return `(${m} / ${s.norm}(${m}, axis=1, keepdims=True))`;
    // each column standardized (z-scores)
    if (r < 0.93) return `((${m} - ${s.mean}(${m}, axis=0)) / ${s.std}(${m}, axis=0))`;
    return `${s.maximum}(${m}, 0)`;
  }

  /** A comparison of entries, or two joined by & or |. */
  private condition(): string {
    const one = () => `${this.pick(['p', 'q', 'x'])} ${this.pick(['>', '<', '>=', '<='])} ${this.pick(['0', '0.5', '-1', 'q'])}`;
    const r = this.rand();
    return r < 0.4 ? one() : `(${one()}) ${r < 0.75 ? '&' : '|'} (${one()})`;
  }

  private operand(depth: number): string { return this.rand() < 0.75 ? this.vector(depth) : this.pick(['2', '3', '0.5', 'c']); }

  /** A scalar: a reduction of vectors. */
  scalar(depth: number): string {
    const r = this.rand();
    const s = this.s;
    if (depth <= 0 || r < 0.29) return `${s.sum}(${this.vector(Math.max(depth, 1))})`;
    if (r < 0.35) return `${s.sum}(${this.matrix(depth - 1)})`;
    if (r < 0.6) return s.dot(this.vector(depth - 1), this.vector(depth - 1));
    if (r < 0.7) return s.dot(this.vector(depth - 1), s.matvec('A', this.vector(depth - 1)));
    if (r < 0.8) return `${s.norm}(${this.vector(depth - 1)})**2`;
    if (r < 0.9) return `${s.mean}((${this.vector(depth - 1)})**2)`;
    if (r < 0.95) return this.sliced(`(${this.vector(depth - 1)})`);
    return `${s.fn('log')}(${s.sum}(${s.fn('exp')}(${this.vector(depth - 1)})))`;
  }

  /** A scalar of slices of an n-vector: neighbours' products and differences, an inner part (numpy's np.diff too). */
  private sliced(v: string): string {
    const s = this.s;
    const forms = [`${s.sum}(${v}[1:] * ${v}[:-1])`, `${s.sum}((${v}[1:] - ${v}[:-1])**2)`, `${s.sum}(${v}[1:-1]**2)`, s.dot(`${v}[2:]`, `${v}[:-2]`)];
    return this.pick(s === SPELLING.numpy ? [...forms, `${s.sum}(np.diff(${v})**2)`] : forms);
  }
}

export const MATRIX_CATEGORIES = ['correct', 'wrong', 'wrong-but-verified', 'not-finite', 'refused', 'internal-error', 'misprinted', 'undecided'] as const;
export type MatrixCategory = (typeof MATRIX_CATEGORIES)[number];
/** `gradient`: of a second-order case (its `result` is the Hessian), judged first. */
export interface MatrixCase { id: number; source: string; wrt: string; order: 1 | 2; result?: string; gradient?: string; verified?: boolean; message?: string; category?: MatrixCategory; detail?: string }
export interface MatrixFuzzReport { cases: MatrixCase[]; counts: Record<MatrixCategory, number>; times: number[] }

/** Generates `count` cases from `seed` in `library`, differentiates them, and has that library judge every answer. */
export function runMatrixFuzz(count: number, seed: number, library: MatrixLibrary = 'numpy'): MatrixFuzzReport {
  const gen = new Generator(mulberry32(seed), library);
  const documentText = library === 'tf' ? 'import tensorflow as tf' : 'import numpy as np';
  const all: MatrixCase[] = [];
  const times: number[] = [];
  for (let id = 0; all.length < count; id++) {
    const source = gen.scalar(3);
    const present = Object.keys(VARS).filter((v) => v !== 'c' && new RegExp(`\\b${v}\\b`).test(source));
    if (present.length === 0) continue;
    const wrt = present[id % present.length];
    // a quarter of the cases by a vector are Hessians
    const order = VARS[wrt].shape.length === 1 && id % 4 === 3 ? 2 : 1;
    const c: MatrixCase = { id, source, wrt, order };
    const t = performance.now();
    try {
      const r = differentiateMatrix(source, { dialect: 'python', wrt, order, vars: VARS, explain: false, timeBudgetMs: 2000, documentText });
      c.result = r.result;
      c.verified = r.verified;
      if (order === 2) c.gradient = differentiateMatrix(source, { dialect: 'python', wrt, vars: VARS, explain: false, timeBudgetMs: 2000, documentText }).result;
    } catch (e) {
      if (e instanceof InputError) { c.category = 'refused'; c.message = e.message; } else { c.category = 'internal-error'; c.message = String(e); }
    }
    times.push(performance.now() - t);
    all.push(c);
  }

  // the library judges every answered case (bench/fuzz/judge_matrix.py)
  const judged = all.filter((c) => c.result !== undefined);
  const question = { cases: judged, sizes: SIZES, shapes: Object.fromEntries(Object.entries(VARS).map(([k, v]) => [k, v.shape])), seed, library };
  const python = library === 'tf' ? (ensurePythonLibraries() as { python: string }).python : 'python3';
  const out = spawnSync(python, [path.join(__dirname, 'judge_matrix.py')], { input: JSON.stringify(question), encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  if (out.status !== 0) throw new Error(`${library}'s judge failed: ${out.stderr.slice(-3000)}`);
  const verdicts = new Map<number, { verdict: string; detail: string }>(out.stdout.trim().split('\n').map((l) => { const v = JSON.parse(l); return [v.id, v]; }));
  for (const c of judged) {
    const v = verdicts.get(c.id)!;
    c.category = (v.verdict === 'wrong' && c.verified ? 'wrong-but-verified' : v.verdict) as MatrixCategory;
    c.detail = v.detail;
  }
  const counts = Object.fromEntries(MATRIX_CATEGORIES.map((k) => [k, all.filter((c) => c.category === k).length])) as Record<MatrixCategory, number>;
  return { cases: all, counts, times };
}

/** The counts, refusals by message and engine times, as bench/fuzz_matrix.ts prints them. */
export function formatMatrixReport(r: MatrixFuzzReport, seed: number, library: MatrixLibrary = 'numpy'): string {
  const n = r.cases.length;
  const lines = [`matrix fuzzer against ${library === 'tf' ? 'TensorFlow' : 'numpy'}: seed ${seed}, ${n} cases`];
  for (const k of MATRIX_CATEGORIES) lines.push(`  ${k.padEnd(20)} ${String(r.counts[k]).padStart(6)} (${((r.counts[k] / n) * 100).toFixed(2)}%)`);
  lines.push(`  correct but not verified by the engine: ${r.cases.filter((c) => c.category === 'correct' && !c.verified).length}`);
  const refusals = new Map<string, number>();
  for (const c of r.cases) if (c.category === 'refused') { const m = c.message!.replace(/\(column \d+\)/, '').replace(/'[^']*'/g, '…'); refusals.set(m, (refusals.get(m) ?? 0) + 1); }
  if (refusals.size) lines.push('refused, by message:', ...[...refusals].sort((a, b) => b[1] - a[1]).map(([m, k]) => `  ${String(k).padStart(6)}  ${m}`));
  lines.push(`engine time per case: ${timeFigures(r.times, 2)}`);
  return lines.join('\n');
}
