// Small dense linear algebra in double precision, and the numeric value of a matrix tree: what the
// verification and the tests evaluate. Values are row-major r×c arrays (a scalar is 1×1, a column
// vector n×1, a row vector 1×n).
import { checkDeadline } from '../budget';
import { FUNCTIONS } from '../functions';
import { MExpr } from './expr';
import { cols, Dim, rows, Shape, splitShortened } from './shape';

export interface Value { r: number; c: number; d: Float64Array }

export interface Env {
  /** Size of each named dimension. */
  dims: ReadonlyMap<string, number>;
  /** Value of each symbol. */
  vars: ReadonlyMap<string, Value>;
}

/** Largest size a dimension written as a number keeps in the numeric check. */
const MAX_CHECKED_SIZE = 4;

/**
 * The size of a dimension at a random point. A number above MAX_CHECKED_SIZE (x declared (100000,))
 * stands for a small size of its own, as a named dimension does: the arrays of the check stay small.
 */
export function dimSize(d: Dim, env: Env): number {
  if (typeof d === 'number') return d <= MAX_CHECKED_SIZE ? d : 2 + (d % 3);
  const [base, dropped] = splitShortened(d);
  if (dropped > 0) return dimSize(base, env) - dropped;
  const v = env.dims.get(d);
  if (v === undefined) throw new Error(`no size for dimension ${d}`);
  return v;
}

export function sizeOf(s: Shape, env: Env): { r: number; c: number } {
  return { r: dimSize(rows(s), env), c: dimSize(cols(s), env) };
}

export const scalarValue = (x: number): Value => ({ r: 1, c: 1, d: Float64Array.of(x) });
export const filled = (r: number, c: number, x: number): Value => ({ r, c, d: new Float64Array(r * c).fill(x) });

export function identity(n: number): Value {
  const v = filled(n, n, 0);
  for (let i = 0; i < n; i++) v.d[i * n + i] = 1;
  return v;
}

export function transposeValue(a: Value): Value {
  const out = new Float64Array(a.r * a.c);
  for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) out[j * a.r + i] = a.d[i * a.c + j];
  return { r: a.c, c: a.r, d: out };
}

export function matmul(a: Value, b: Value): Value {
  if (a.c !== b.r) throw new Error(`shape mismatch ${a.r}×${a.c} * ${b.r}×${b.c}`);
  const out = new Float64Array(a.r * b.c);
  for (let i = 0; i < a.r; i++) {
    for (let k = 0; k < a.c; k++) {
      const x = a.d[i * a.c + k];
      if (x === 0) continue;
      for (let j = 0; j < b.c; j++) out[i * b.c + j] += x * b.d[k * b.c + j];
    }
  }
  return { r: a.r, c: b.c, d: out };
}

const plus = (x: number, y: number) => x + y;
const times = (x: number, y: number) => x * y;

function map(a: Value, f: (x: number) => number): Value { return { r: a.r, c: a.c, d: a.d.map(f) }; }

function zip(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (a.r * a.c === 1 && b.r * b.c !== 1) return map(b, (y) => f(a.d[0], y));
  if (b.r * b.c === 1 && a.r * a.c !== 1) return map(a, (x) => f(x, b.d[0]));
  if (a.r !== b.r || a.c !== b.c) throw new Error(`shape mismatch ${a.r}×${a.c} and ${b.r}×${b.c}`);
  const out = new Float64Array(a.d.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.d[i], b.d[i]);
  return { r: a.r, c: a.c, d: out };
}

/** LU decomposition with partial pivoting: determinant and inverse of a square matrix. */
export function lu(a: Value): { det: number; solve: (b: Value) => Value } {
  const n = a.r;
  const m = Float64Array.from(a.d);
  const perm = Array.from({ length: n }, (_, i) => i);
  let det = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) { const t = m[k * n + j]; m[k * n + j] = m[p * n + j]; m[p * n + j] = t; }
      [perm[k], perm[p]] = [perm[p], perm[k]];
      det = -det;
    }
    const pivot = m[k * n + k];
    det *= pivot;
    if (pivot === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const f = (m[i * n + k] /= pivot);
      for (let j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
    }
  }
  const solve = (b: Value): Value => {
    const out = new Float64Array(n * b.c);
    for (let col = 0; col < b.c; col++) {
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = b.d[perm[i] * b.c + col];
        for (let j = 0; j < i; j++) s -= m[i * n + j] * y[j];
        y[i] = s;
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = y[i];
        for (let j = i + 1; j < n; j++) s -= m[i * n + j] * y[j];
        y[i] = s / m[i * n + i];
      }
      for (let i = 0; i < n; i++) out[i * b.c + col] = y[i];
    }
    return { r: n, c: b.c, d: out };
  };
  return { det, solve };
}

const SIGMOID = (x: number) => 1 / (1 + Math.exp(-x));
/** An element-wise function's value: the function table's, plus exp, sqrt and sigmoid. */
function elementValue(name: string): (x: number) => number {
  if (name === 'exp') return Math.exp;
  if (name === 'sqrt') return Math.sqrt;
  if (name === 'sigmoid') return SIGMOID;
  const def = FUNCTIONS.get(name);
  if (!def || def.arity !== 1) throw new Error(`no element-wise function '${name}'`);
  return def.evaluate;
}

/** The value of `e`; sub-expressions are evaluated once per call. */
export function evaluate(e: MExpr, env: Env, memo = new Map<string, Value>()): Value {
  const hit = memo.get(e.key);
  if (hit) return hit;
  checkDeadline();
  const v = evaluateNode(e, env, memo);
  memo.set(e.key, v);
  return v;
}

function evaluateNode(e: MExpr, env: Env, memo: Map<string, Value>): Value {
  switch (e.kind) {
    case 'num': return scalarValue(e.value.toNumber());
    case 'sym': {
      const v = env.vars.get(e.name);
      if (!v) throw new Error(`no value for ${e.name}`);
      return v;
    }
    case 'const': return scalarValue(e.name === 'pi' ? Math.PI : Math.E);
    case 'zero': { const { r, c } = sizeOf(e.shape, env); return filled(r, c, 0); }
    case 'ones': { const { r, c } = sizeOf(e.shape, env); return filled(r, c, 1); }
    case 'eye': return identity(dimSize(e.shape[0], env));
    case 'select': {
      const { r, c } = sizeOf(e.shape, env);
      const v = filled(r, c, 0);
      for (let i = 0; i < r; i++) v.d[i * c + i + e.from] = 1;
      return v;
    }
    case 'add': {
      let acc = evaluate(e.terms[0], env, memo);
      for (let i = 1; i < e.terms.length; i++) acc = zip(acc, evaluate(e.terms[i], env, memo), plus);
      return acc;
    }
    case 'scale': {
      let k = e.coeff.toNumber();
      // a mask that fails makes the product 0, whatever its other factors are there (np.where's meaning)
      let masked = false;
      for (const f of e.factors) {
        const v = evaluate(f, env, memo).d[0];
        if (f.kind === 'compare' && v === 0) masked = true;
        else k *= v;
      }
      if (!e.body) return scalarValue(masked ? 0 : k);
      const b = evaluate(e.body, env, memo);
      if (masked) return { r: b.r, c: b.c, d: new Float64Array(b.d.length) };
      const d = new Float64Array(b.d.length);
      for (let i = 0; i < d.length; i++) d[i] = k * b.d[i];
      return { r: b.r, c: b.c, d };
    }
    case 'matmul': {
      let acc = evaluate(e.factors[0], env, memo);
      for (let i = 1; i < e.factors.length; i++) acc = matmul(acc, evaluate(e.factors[i], env, memo));
      return acc;
    }
    case 'hadamard': {
      const masks = e.factors.filter((f) => f.kind === 'compare').map((f) => evaluate(f, env, memo));
      const others = e.factors.filter((f) => f.kind !== 'compare');
      let acc = others.length ? evaluate(others[0], env, memo) : masks[0];
      for (let i = 1; i < others.length; i++) acc = zip(acc, evaluate(others[i], env, memo), times);
      // where a mask fails the entry is 0, whatever the other factors are there (np.where's meaning)
      for (const m of masks) acc = zip(acc, m, (x, held) => (held === 0 ? 0 : x * held));
      return acc;
    }
    case 'pow': {
      const p = e.exp.toNumber();
      const oddRoot = !e.exp.isInteger && e.exp.den % 2n === 1n;
      const oddNum = e.exp.num % 2n !== 0n;
      return map(evaluate(e.base, env, memo), (x) => (oddRoot && x < 0 ? (oddNum ? -1 : 1) * Math.pow(-x, p) : Math.pow(x, p)));
    }
    case 'transpose': return transposeValue(evaluate(e.arg, env, memo));
    case 'fn': return map(evaluate(e.arg, env, memo), elementValue(e.name));
    case 'compare': return zip(evaluate(e.left, env, memo), evaluate(e.right, env, memo), FUNCTIONS.get(e.op)!.evaluate);
    case 'op': {
      const a = evaluate(e.arg, env, memo);
      switch (e.name) {
        case 'sum': return scalarValue(a.d.reduce((s, x) => s + x, 0));
        case 'prod': return scalarValue(a.d.reduce((s, x) => s * x, 1));
        case 'tr': { let s = 0; for (let i = 0; i < a.r; i++) s += a.d[i * a.c + i]; return scalarValue(s); }
        case 'det': return scalarValue(lu(a).det);
        case 'logdet': return scalarValue(Math.log(lu(a).det));
        case 'inv': {
          const f = lu(a);
          return f.det === 0 ? filled(a.r, a.c, NaN) : f.solve(identity(a.r));
        }
        case 'diag': {
          if (a.c === 1) { const n = a.r; const v = filled(n, n, 0); for (let i = 0; i < n; i++) v.d[i * n + i] = a.d[i]; return v; }
          const n = Math.min(a.r, a.c);
          const v = filled(n, 1, 0);
          for (let i = 0; i < n; i++) v.d[i] = a.d[i * a.c + i];
          return v;
        }
        case 'norm1': return scalarValue(a.d.reduce((s, x) => s + Math.abs(x), 0));
        case 'norm2': return scalarValue(Math.sqrt(a.d.reduce((s, x) => s + x * x, 0)));
        case 'amax': return scalarValue(a.d.reduce((s, x) => Math.max(s, x), -Infinity));
        case 'amin': return scalarValue(a.d.reduce((s, x) => Math.min(s, x), Infinity));
      }
    }
  }
}
