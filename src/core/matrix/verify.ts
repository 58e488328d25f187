// Numeric verification of matrix derivatives: random small dimensions, random entries (well
// conditioned square matrices, symmetric positive definite where declared symmetric), and central
// differences (4-point, Richardson) of the expression compared entry by entry with the formula.
import { MExpr, MSym, subexpressions } from './expr';
import { Label, Term } from './index-form';
import { Dim, indexDims, splitShortened } from './shape';
import { dimSize, Env, evaluate, Value } from './numeric';
import { mulberry32 } from '../random';
import { checkDeadline, pastDeadline, TimeoutError, withDeadline } from '../budget';

/** The evidence behind `verified`. */
export interface MatrixVerification {
  verified: boolean;
  method: string;
  /** One record per point: the dimension sizes drawn and the relative error there. */
  points: { dims: Record<string, number>; maxRelError: number }[];
  /** Largest relative error (max |formula − numeric| / max |numeric|) over every point and order. */
  maxRelError: number;
  /** Why it is not verified (when verified is false). */
  reason?: string;
}

/** How to evaluate one derivative level: flattened row-major over its free indices (numerator order). */
export type LevelEvaluator = (env: Env) => Float64Array;

export function matrixLevel(e: MExpr): LevelEvaluator {
  return (env) => Float64Array.from(evaluate(e, env).d);
}

/** A level with no matrix form: its index form, evaluated as an einsum over all index values. */
export function einsumLevel(terms: readonly Term[], out: readonly Label[], dims: ReadonlyMap<Label, Dim>): LevelEvaluator {
  return (env) => {
    const size = (l: Label) => dimSize(dims.get(l)!, env);
    const outSizes = out.map(size);
    const total = outSizes.reduce((a, b) => a * b, 1);
    const result = new Float64Array(total);
    for (const t of terms) {
      const memo = new Map<string, Value>();
      let k = t.coeff.toNumber();
      for (const s of t.scalars) k *= Math.pow(evaluate(s.atom, env, memo).d[0], s.exp.toNumber());
      const labels = [...new Set([...out, ...t.factors.flatMap((f) => f.idx)])];
      const sizes = labels.map(size);
      const pos = new Map(labels.map((l, i) => [l, i]));
      const values = t.factors.map((f) => (f.kind === 'atom' ? evaluate(f.atom, env, memo) : undefined));
      const at = new Array<number>(labels.length).fill(0);
      for (;;) {
        checkDeadline();
        let p = k;
        for (let q = 0; q < t.factors.length && p !== 0; q++) {
          const f = t.factors[q];
          if (f.kind === 'delta') p *= at[pos.get(f.idx[0])!] === at[pos.get(f.idx[1])!] ? 1 : 0;
          else if (f.kind === 'atom') {
            const v = values[q]!;
            const i0 = at[pos.get(f.idx[0])!];
            const idx = f.idx.length === 2 ? i0 * v.c + at[pos.get(f.idx[1])!] : i0;
            p *= v.d[idx];
          }
        }
        let flat = 0;
        for (let i = 0; i < out.length; i++) flat = flat * outSizes[i] + at[i];
        result[flat] += p;
        let d = labels.length - 1;
        while (d >= 0 && ++at[d] === sizes[d]) { at[d] = 0; d--; }
        if (d < 0) break;
      }
    }
    return result;
  };
}


/**
 * Where the entries of a draw lie: near ±1 (magnitudes in [0.2, 1.2], away from the poles and kinks at 0:
 * 1/x, log|x|, abs, sign), of either sign or all positive (for logs and roots of entries); beyond e
 * (log(log(x)) needs x > 1, log(log(log(x))) x > e); or negative (sqrt(−x); a tower of exponentials
 * overflows for positive entries); or between 0 and 1 (probabilities: log(p) beside log(1 − p)).
 */
export type Draw = 'signed' | 'positive' | 'beyondE' | 'negative' | 'unit';

/** Random inputs of random small dimensions, their entries as `draw` says. */
export function randomEnv(symbols: readonly MSym[], dimNames: readonly string[], rand: () => number, draw: Draw = 'signed'): Env {
  const dims = new Map<string, number>();
  // a vector sliced (x[1:-1], length n-2) is longer by the entries dropped: every slice keeps two or more
  const dropped = new Map<Dim, number>();
  for (const d of dimNames) { const [base, k] = splitShortened(d); dropped.set(base, Math.max(dropped.get(base) ?? 0, k)); }
  for (const d of dimNames) if (splitShortened(d)[1] === 0) dims.set(d, 2 + dropped.get(d)! + Math.floor(rand() * 3));
  const env: Env = { dims, vars: new Map() };
  const vars = env.vars as Map<string, Value>;
  const positive = draw === 'positive';
  const entry = draw === 'beyondE' ? () => 3 + rand() : draw === 'negative' ? () => -(0.2 + rand()) : draw === 'unit' ? () => 0.1 + 0.8 * rand()
    : () => (positive || rand() < 0.5 ? 1 : -1) * (0.2 + rand());
  const scalar = draw === 'beyondE' || draw === 'negative' || draw === 'unit' ? entry : positive ? () => 0.5 + rand() : () => (rand() < 0.5 ? -1 : 1) * (0.5 + rand());
  for (const s of symbols) {
    const r = dimSize(s.shape.length === 0 ? 1 : s.shape[0], env);
    const c = dimSize(s.shape.length === 2 ? s.shape[1] : 1, env);
    const d = new Float64Array(r * c);
    if (s.shape.length === 0) d[0] = scalar();
    else for (let i = 0; i < d.length; i++) d[i] = entry();
    if (r === c && r > 1) {
      // square: diagonally dominant, so inverses, determinants and log-determinants are well defined
      if (s.symmetric) for (let i = 0; i < r; i++) for (let j = 0; j < i; j++) d[j * c + i] = d[i * c + j];
      for (let i = 0; i < r; i++) d[i * c + i] += r;
    }
    vars.set(s.name, { r, c, d });
  }
  return env;
}

export interface VerifyInput {
  /** Level 0 is the expression; level k the k-th derivative (numerator order). */
  levels: LevelEvaluator[];
  wrt: MSym;
  symbols: readonly MSym[];
  dimNames: readonly string[];
  seed: number;
  /** Gradient with respect to a symmetric matrix, in the symmetric convention (G + G')/2. */
  symmetric: boolean;
  /** performance.now() past which checking stops (as does any earlier deadline in force): the result is then not verified. */
  deadline?: number;
}

const POINTS = 4;
const TOL = 1e-6;

const DRAWS: readonly Draw[] = ['signed', 'positive', 'beyondE', 'negative', 'unit'];

/** Compares every level with central differences of the level before it. */
export function verifyMatrix(input: VerifyInput): MatrixVerification {
  return withDeadline(input.deadline ?? Infinity, () => verifyWithin(input));
}

function verifyWithin(input: VerifyInput): MatrixVerification {
  const method = 'central differences (4-point Richardson) of the expression at random inputs of random small dimensions';
  const rand = mulberry32(input.seed);
  const points: MatrixVerification['points'] = [];
  let maxRel = 0;
  let attempts = 0;
  while (points.length < POINTS && attempts < 3 * POINTS) {
    attempts++;
    let outcome: { rel: number; ok: boolean; detail?: string } | undefined;
    let env: Env | undefined;
    try {
      // signed entries first, then positive ones; then, where neither is defined, beyond e and negative
      for (const draw of DRAWS) {
        env = randomEnv(input.symbols, input.dimNames, rand, draw);
        outcome = checkPoint(input, env);
        if (outcome) break;
      }
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      return { verified: false, method, points, maxRelError: maxRel, reason: `the numeric check ran out of time after ${points.length} point${points.length === 1 ? '' : 's'}` };
    }
    if (!outcome || !env) continue;
    const dims = Object.fromEntries(env.dims);
    points.push({ dims, maxRelError: outcome.rel });
    maxRel = Math.max(maxRel, outcome.rel);
    if (!outcome.ok) {
      return { verified: false, method, points, maxRelError: maxRel, reason: `differs from the numeric derivative${Object.keys(dims).length ? ` at ${Object.entries(dims).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}: ${outcome.detail}` };
    }
  }
  if (points.length < 3) return { verified: false, method, points, maxRelError: maxRel, reason: 'too few random points where the expression and its derivative are defined' };
  return { verified: true, method, points, maxRelError: maxRel };
}

/** One random point: undefined when something is not finite there. */
function checkPoint(input: VerifyInput, env: Env): { rel: number; ok: boolean; detail?: string } | undefined {
  const v = env.vars.get(input.wrt.name)!;
  const nv = v.d.length;
  let worst = 0;
  for (let k = 1; k < input.levels.length; k++) {
    const prev = input.levels[k - 1], claimedFn = input.levels[k];
    const base = prev(env);
    const claimed = claimedFn(env);
    if (!allFinite(base) || !allFinite(claimed)) return undefined;
    const nf = base.length;
    if (claimed.length !== nf * nv) return { rel: Infinity, ok: false, detail: `the formula has ${claimed.length} entries, expected ${nf * nv}` };
    const numeric = new Float64Array(nf * nv);
    const compare = new Float64Array(nf * nv);
    const c = v.c;
    for (let q = 0; q < nv; q++) {
      if (pastDeadline()) throw new TimeoutError();
      const [i, j] = [Math.floor(q / c), q % c];
      const mirror = j * c + i;
      if (input.symmetric && j < i) continue;
      const x0 = v.d[q];
      const h = 1e-3 * Math.max(Math.abs(x0), 0.1);
      const at = (t: number) => {
        const savedMirror = v.d[mirror];
        v.d[q] = x0 + t;
        if (input.symmetric && mirror !== q) v.d[mirror] = savedMirror + t;
        const out = prev(env);
        v.d[q] = x0;
        if (input.symmetric && mirror !== q) v.d[mirror] = savedMirror;
        return out;
      };
      // two step sizes: where they disagree the function varies too fast here to judge by
      const estimate = (s: number) => {
        const p1 = at(s), m1 = at(-s), p2 = at(2 * s), m2 = at(-2 * s);
        return p1.map((_, p) => (8 * (p1[p] - m1[p]) - (p2[p] - m2[p])) / (12 * s));
      };
      const coarse = estimate(h);
      let fine: Float64Array | undefined;
      for (let p = 0; p < nf; p++) {
        // symmetric convention: the directional derivative along E_ij + E_ji is G_ij + G_ji
        const c = input.symmetric && i !== j ? claimed[p * nv + q] + claimed[p * nv + mirror] : claimed[p * nv + q];
        let d = coarse[p];
        if (Math.abs(d - c) > 1e-9 * Math.max(1, Math.abs(d), Math.abs(c))) {
          // a disagreement is judged on a second, smaller step; where the two steps disagree the
          // function varies too fast here to judge by
          fine ??= estimate(h / 2);
          if (Math.abs(fine[p] - d) > 1e-8 * Math.max(1, Math.abs(fine[p]))) return undefined;
          d = fine[p];
        }
        numeric[p * nv + q] = d;
        compare[p * nv + q] = c;
      }
    }
    if (!allFinite(numeric)) return undefined;
    let err = 0, scale = 0, fscale = 0, where = 0;
    for (let q = 0; q < numeric.length; q++) {
      if (input.symmetric) { const qq = q % nv; if (qq % c < Math.floor(qq / c)) continue; }
      const e = Math.abs(numeric[q] - compare[q]);
      if (e > err) { err = e; where = q; }
      scale = Math.max(scale, Math.abs(numeric[q]), Math.abs(compare[q]));
    }
    for (const x of base) fscale = Math.max(fscale, Math.abs(x));
    if (input.symmetric) {
      // the symmetric convention's gradient is itself symmetric
      for (let p = 0; p < nf; p++) for (let q = 0; q < nv; q++) {
        const [i, j] = [Math.floor(q / c), q % c];
        const e = Math.abs(claimed[p * nv + q] - claimed[p * nv + j * c + i]);
        if (e > err) { err = e; where = p * nv + q; }
      }
    }
    const rel = err === 0 ? 0 : err / Math.max(scale, 1e-300);
    worst = Math.max(worst, Math.min(rel, 1));
    if (err > TOL * scale + 1e-9 * Math.max(1, fscale)) {
      return { rel, ok: false, detail: `order ${k}, entry ${where}: formula ${compare[where]} vs numeric ${numeric[where]}` };
    }
  }
  return { rel: worst, ok: true };
}

function allFinite(a: Float64Array): boolean {
  for (const x of a) if (!Number.isFinite(x)) return false;
  return true;
}

/** The dimension names a set of symbols uses. */
export function dimNamesOf(symbols: readonly MSym[], extra: readonly MExpr[] = []): string[] {
  const out = new Set<string>();
  const visit = (s: readonly Dim[]) => { for (const d of s) if (typeof d === 'string') out.add(d); };
  for (const s of symbols) visit(s.shape);
  for (const e of extra) visit(indexDims(e.shape));
  // a slice's length (n-1), which sizes its vector so that it keeps entries (randomEnv), and the sizes of
  // arrays no symbol shares (LaTeX's \mathbf{1}^\top \mathbf{1})
  const sized = new Set(['select', 'ones', 'zero', 'eye']);
  for (const e of extra) for (const x of subexpressions(e).values()) if (sized.has(x.kind)) visit(x.shape);
  return [...out];
}
