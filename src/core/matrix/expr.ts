// The matrix expression tree shared by every matrix dialect. Immutable, with its shape on every node,
// built only through the smart constructors below, which keep it canonical: numbers folded, scalar
// factors collected as powers, like terms collected, transposes pushed down to symbols, and
// `X'` = `X` for symmetric X. Equal keys ⇔ equal trees.
import { FUNCTIONS } from '../functions';
import { Rational } from '../rational';
import { Comparison, COMPLEMENT } from '../syntax';
import { cols, Dim, isScalar, rows, SCALAR, Shape, shape2, shortened, transposeShape } from './shape';

/**
 * An element-wise function: any one-argument function of the scalar function table
 * (src/core/functions.ts), exp and sqrt (powers there), and sigmoid, which only arrays have.
 */
export type ElemFn = string;

/** Whether `name` applies entry by entry (see ElemFn). */
export function isElementwise(name: string): boolean {
  return name === 'exp' || name === 'sqrt' || name === 'sigmoid' || FUNCTIONS.get(name)?.arity === 1;
}

/** f(0) when it is a simple number (heaviside's ½ too). */
function valueAtZero(name: string): Rational | undefined {
  if (name === 'exp') return Rational.ONE;
  if (name === 'sqrt') return Rational.ZERO;
  const v = FUNCTIONS.get(name)?.atZero;
  return v === undefined ? undefined : Rational.parseDecimal(String(v));
}

const HOLDS: Readonly<Record<Comparison, (c: number) => boolean>> = { gt: (c) => c > 0, ge: (c) => c >= 0, lt: (c) => c < 0, le: (c) => c <= 0 };

/** Matrix functions: scalar-valued (sum, prod, tr, det, logdet, norm1, norm2) or matrix-valued (inv, diag). */
/** Matrix functions and reductions: amax and amin are the largest and smallest entry (np.max, MATLAB's max, Julia's maximum). */
export type MatFn = 'sum' | 'prod' | 'tr' | 'det' | 'logdet' | 'inv' | 'diag' | 'norm1' | 'norm2' | 'amax' | 'amin';

interface Node { readonly key: string; readonly shape: Shape }
export interface MNum extends Node { readonly kind: 'num'; readonly value: Rational }
export interface MSym extends Node { readonly kind: 'sym'; readonly name: string; readonly symmetric: boolean }
/** π or Euler's e, a scalar (the Gaussian's 1/√(2π), erf's 2/√π). */
export interface MConst extends Node { readonly kind: 'const'; readonly name: 'pi' | 'e' }
export interface MZero extends Node { readonly kind: 'zero' }
export interface MEye extends Node { readonly kind: 'eye' }
export interface MOnes extends Node { readonly kind: 'ones' }
export interface MAdd extends Node { readonly kind: 'add'; readonly terms: readonly MExpr[] }
/** coeff · (scalar factors) · body; body is a non-scalar, or null for a product of scalars. */
export interface MScale extends Node { readonly kind: 'scale'; readonly coeff: Rational; readonly factors: readonly MExpr[]; readonly body: MExpr | null }
/** A matrix-product chain of two or more non-scalar factors (its value may be a scalar: x'*A*y). */
export interface MMatMul extends Node { readonly kind: 'matmul'; readonly factors: readonly MExpr[] }
export interface MHadamard extends Node { readonly kind: 'hadamard'; readonly factors: readonly MExpr[] }
/** Element-wise power (for a scalar base, the power). */
export interface MPow extends Node { readonly kind: 'pow'; readonly base: MExpr; readonly exp: Rational }
export interface MTranspose extends Node { readonly kind: 'transpose'; readonly arg: MExpr }
export interface MFn extends Node { readonly kind: 'fn'; readonly name: ElemFn; readonly arg: MExpr }
/** An element-wise comparison, 1 where it holds and 0 elsewhere (np.where's condition, MATLAB's mask `(r > 0).*r`). */
export interface MCompare extends Node {
  readonly kind: 'compare'; readonly op: Comparison; readonly left: MExpr; readonly right: MExpr;
  /** The comparison as the user wrote it, not the complement taken for where's other branch: where(c, a, b) prints with this one as c (not part of the key). */
  readonly written?: boolean;
}
/** `written: 'solve'` marks an inverse the user wrote as a solve (A\\b): it prints as one where it can. */
export interface MOp extends Node { readonly kind: 'op'; readonly name: MatFn; readonly arg: MExpr; readonly written?: 'solve' }

/**
 * The rows of the identity from `from` to `to` before the end: S·x is x without its first `from` and last
 * `to` entries (x[1:], theta(2:end)), and S'·g puts g back among zeros, a slice's gradient.
 */
export interface MSelect extends Node { readonly kind: 'select'; readonly from: number; readonly to: number }

export type MExpr = MNum | MSym | MConst | MZero | MEye | MOnes | MSelect | MAdd | MScale | MMatMul | MHadamard | MPow | MTranspose | MFn | MOp | MCompare;

// ── Leaves ────────────────────────────────────────────────────────────────────

const dimKey = (s: Shape) => s.join(',');

export function num(v: Rational | number): MNum {
  const value = v instanceof Rational ? v : Rational.of(v);
  return { kind: 'num', value, shape: SCALAR, key: `#${value}` };
}
export const ONE = num(1);
export const ZERO_S = num(0);

export function sym(name: string, shape: Shape, symmetric = false): MSym {
  return { kind: 'sym', name, shape, symmetric: symmetric && shape.length === 2 && shape[0] === shape[1], key: name };
}
export const PI: MConst = { kind: 'const', name: 'pi', shape: SCALAR, key: '@pi' };
export const EULER: MConst = { kind: 'const', name: 'e', shape: SCALAR, key: '@e' };

export function zero(shape: Shape): MExpr { return isScalar(shape) ? ZERO_S : { kind: 'zero', shape, key: `0[${dimKey(shape)}]` }; }
export function eye(d: Dim): MExpr { return d === 1 ? ONE : { kind: 'eye', shape: [d, d], key: `I[${d}]` }; }
export function ones(shape: Shape): MExpr {
  if (isScalar(shape)) return ONE;
  // a row of ones is the transpose of a vector of them (MATLAB's ones(1, n)), as everywhere else
  if (shape.length === 2 && shape[0] === 1) return transpose(ones([shape[1]]));
  return { kind: 'ones', shape, key: `1[${dimKey(shape)}]` };
}
/**
 * The selection of the entries of an n-vector but its first `from` and last `to`: a (n-from-to)×n matrix.
 * `length` names the slice's length where the type check has not yet resolved n (it defaults to n shortened).
 */
export function select(from: number, to: number, n: Dim, length: Dim = shortened(n, from + to)): MExpr {
  if (from === 0 && to === 0) return eye(n);
  return { kind: 'select', from, to, shape: [length, n], key: `S[${from},${to},${length},${n}]` };
}

/** 1 for a scalar, ones of the shape otherwise. */
export const onesLike = (s: Shape) => ones(s);

export function isZero(e: MExpr): boolean { return e.kind === 'zero' || (e.kind === 'num' && e.value.isZero); }

// ── Sums ─────────────────────────────────────────────────────────────────────

/** A term's numeric coefficient and the rest: 3*A*x → [3, A*x]. */
export function splitCoeff(e: MExpr): [Rational, MExpr] {
  if (e.kind === 'num') return [e.value, ONE];
  if (e.kind === 'scale') return [e.coeff, makeScale(Rational.ONE, e.factors, e.body)];
  return [Rational.ONE, e];
}

export function add(...input: MExpr[]): MExpr {
  const groups = new Map<string, { coeff: Rational; rest: MExpr }>();
  let shape: Shape | undefined;
  const visit = (t: MExpr) => {
    shape ??= t.shape;
    if (t.kind === 'add') { t.terms.forEach(visit); return; }
    if (isZero(t)) return;
    const [c, rest] = splitCoeff(t);
    const g = groups.get(rest.key);
    if (g) g.coeff = g.coeff.add(c);
    else groups.set(rest.key, { coeff: c, rest });
  };
  input.forEach(visit);
  const terms: MExpr[] = [];
  for (const { coeff, rest } of groups.values()) if (!coeff.isZero) terms.push(scaleBy(coeff, rest));
  const s = shape ?? SCALAR;
  if (terms.length === 0) return zero(s);
  if (terms.length === 1) return terms[0];
  return { kind: 'add', terms, shape: s, key: `+(${terms.map((t) => t.key).sort().join(',')})` };
}

export function neg(e: MExpr): MExpr { return scaleBy(Rational.MINUS_ONE, e); }
export function sub(a: MExpr, b: MExpr): MExpr { return add(a, neg(b)); }

// ── Products ─────────────────────────────────────────────────────────────────

function makeScale(coeff: Rational, factors: readonly MExpr[], body: MExpr | null): MExpr {
  if (coeff.isZero) return zero(body ? body.shape : SCALAR);
  if (factors.length === 0 && !body) return num(coeff);
  if (coeff.isOne && factors.length === 0 && body) return body;
  if (coeff.isOne && factors.length === 1 && !body) return factors[0];
  const key = `*(${coeff}|${factors.map((f) => f.key).join(',')}|${body ? body.key : ''})`;
  return { kind: 'scale', coeff, factors, body, shape: body ? body.shape : SCALAR, key };
}

export function scaleBy(c: Rational, e: MExpr): MExpr { return c.isOne ? e : mul(num(c), e); }

/** Base and exponent of a scalar factor: s^2 → [s, 2], s → [s, 1]. */
export function splitPow(e: MExpr): [MExpr, Rational] { return e.kind === 'pow' ? [e.base, e.exp] : [e, Rational.ONE]; }

function chainShape(factors: readonly MExpr[]): Shape { return shape2(rows(factors[0].shape), cols(factors[factors.length - 1].shape)); }

/**
 * Product in the matrix dialect's sense: scalars commute and are collected (equal bases combine into
 * powers), non-scalars form a matrix-product chain in the order given (the caller checks the shapes).
 */
export function mul(...input: MExpr[]): MExpr { return product(input, true); }

/** mul; `spread`: a sum beside a vector of ones may be multiplied out (see sumBesideOnes). */
function product(input: readonly MExpr[], spread: boolean): MExpr {
  let coeff = Rational.ONE;
  const scalars = new Map<string, { base: MExpr; exp: Rational }>();
  const chain: MExpr[] = [];
  const addScalar = (f: MExpr) => {
    const [base, exp] = splitPow(f);
    const g = scalars.get(base.key);
    if (g) g.exp = g.exp.add(exp);
    else scalars.set(base.key, { base, exp });
  };
  const visit = (f: MExpr) => {
    if (f.kind === 'num') { coeff = coeff.mul(f.value); return; }
    // a zero matrix stays in the chain so that the product's shape comes out right
    if (f.kind === 'zero') { chain.push(f); return; }
    if (f.kind === 'scale') { coeff = coeff.mul(f.coeff); f.factors.forEach(addScalar); if (f.body) visit(f.body); return; }
    if (isScalar(f.shape)) { addScalar(f); return; }
    if (f.kind === 'matmul') { chain.push(...f.factors); return; }
    chain.push(f);
  };
  input.forEach(visit);
  const at = spread ? sumBesideOnes(chain) : undefined;
  if (at !== undefined) {
    const others = [num(coeff), ...[...scalars.values()].map((g) => pow(g.base, g.exp))];
    const spreadOut = add(...(chain[at] as MAdd).terms.map((t) => mul(...others, ...chain.slice(0, at), t, ...chain.slice(at + 1))));
    // kept where no longer than the product: the ones meet ones and cancel, not a sum of each term's sums
    const whole = product(input, false);
    return spreadOut.key.length <= whole.key.length ? spreadOut : whole;
  }
  // a scalar inside a chain is a scalar factor: A'*y*(y'*B*y) = (y'*B*y)*A'*y
  for (let changed = true; changed && chain.length > 2;) {
    changed = false;
    for (let i = 0; i < chain.length && !changed; i++) {
      if (rows(chain[i].shape) !== 1) continue;
      for (let j = i + 1; j < chain.length; j++) {
        if (cols(chain[j].shape) !== 1) continue;
        if (i === 0 && j === chain.length - 1) break;
        addScalar(scalarChain(matmulChain(chain.slice(i, j + 1))));
        chain.splice(i, j - i + 1);
        changed = true;
        break;
      }
    }
  }
  const body = chain.length === 0 ? null : matmulChain(chain);
  if (coeff.isZero || body?.kind === 'zero') return zero(body ? body.shape : SCALAR);
  // a chain whose value is a scalar (x'*A*y) is a scalar factor
  let b: MExpr | null = body && scalarChain(body);
  if (b && isScalar(b.shape)) {
    if (b.kind === 'scale') { coeff = coeff.mul(b.coeff); b.factors.forEach(addScalar); b = b.body; }
    else if (b.kind === 'num') { coeff = coeff.mul(b.value); b = null; }
    else { addScalar(b); b = null; }
  } else if (b && b.kind === 'scale') { coeff = coeff.mul(b.coeff); b.factors.forEach(addScalar); b = b.body; }
  stepsOfRamps(scalars);
  // exp(u)*sigmoid(-u) = sigmoid(u), as hadamard does for arrays
  for (const g of scalars.values()) {
    if (g.base.kind !== 'fn' || g.base.name !== 'sigmoid' || g.exp.isNegative || g.exp.isZero) continue;
    const e = scalars.get(`exp(${neg(g.base.arg).key})`);
    if (!e || !e.exp.isOne) continue;
    e.exp = Rational.ZERO;
    g.exp = g.exp.sub(Rational.ONE);
    addScalar(fn('sigmoid', neg(g.base.arg)));
  }
  // √2·√π = √(2π), 1/(√2·√π) = 1/√(2π): the normal density's constant as people write it (as the scalar simplifier does)
  for (const root of [Rational.ONE, Rational.MINUS_ONE]) {
    const roots = [...scalars.values()].filter((g) => g.exp.equals(root) && g.base.kind === 'fn' && g.base.name === 'sqrt' && isRootableConstant(g.base.arg));
    if (roots.length < 2) continue;
    for (const g of roots) g.exp = Rational.ZERO;
    addScalar(pow(fn('sqrt', mul(...roots.map((g) => (g.base as MFn).arg))), root));
  }
  const factors: MExpr[] = [];
  for (const { base, exp } of scalars.values()) {
    if (exp.isZero) continue;
    const p = pow(base, exp);
    if (p.kind === 'num') coeff = coeff.mul(p.value);
    else factors.push(p);
  }
  if (coeff.isZero) return zero(b ? b.shape : SCALAR);
  factors.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return makeScale(coeff, factors, b);
}

/** Where the largest (amax) or smallest (amin) entry of an array is: the mask U ≥ max(U), U ≤ min(U). */
export function whereExtreme(e: MOp): MCompare {
  return compare(e.name === 'amax' ? 'ge' : 'le', e.arg, e) as MCompare;
}

/** A whole number above 1, π, or a product of them: roots of which merge into one. */
function isRootableConstant(c: MExpr): boolean {
  if (c.kind === 'num') return c.value.isInteger && c.value.num > 1n;
  if (c.kind === 'const') return c.name === 'pi';
  return c.kind === 'scale' && !c.body && c.factors.every(isRootableConstant) && (c.coeff.isOne || isRootableConstant(num(c.coeff)));
}

/**
 * Where in `chain` a sum stands beside a vector of ones that one of its terms meets with ones of its
 * own: 1'·(A − 1·1'·A/n). Multiplied out, 1'·1 is the count n, so the column sums of a centred matrix
 * cancel to 0 (the gradient of ‖A − mean(A)‖² is 2(A − mean(A)), not that minus its own mean).
 */
function sumBesideOnes(chain: readonly MExpr[]): number | undefined {
  const vectorOfOnes = (f: MExpr | undefined) => f !== undefined && isVectorOfOnes(f);
  const body = (t: MExpr) => (t.kind === 'scale' && t.body ? t.body : t);
  const first = (t: MExpr) => { const b = body(t); return b.kind === 'matmul' ? b.factors[0] : b; };
  const last = (t: MExpr) => { const b = body(t); return b.kind === 'matmul' ? b.factors[b.factors.length - 1] : b; };
  for (let i = 0; i < chain.length; i++) {
    const s = chain[i];
    if (s.kind !== 'add') continue;
    const before = chain[i - 1], after = chain[i + 1];
    if (before?.kind === 'transpose' && vectorOfOnes(before.arg) && s.terms.some((t) => vectorOfOnes(first(t)))) return i;
    if (vectorOfOnes(after) && s.terms.some((t) => { const l = last(t); return l.kind === 'transpose' && vectorOfOnes(l.arg); })) return i;
  }
  return undefined;
}

/** A scalar-valued chain equals its transpose: keep the orientation with fewer transposes (x'*A*y, not y'*A'*x). */
function scalarChain(c: MExpr): MExpr {
  if (c.kind !== 'matmul' || c.shape.length !== 0) return c;
  const count = (fs: readonly MExpr[]) => fs.filter((f) => f.kind === 'transpose' && f.arg.shape.length === 2).length;
  const flipped = [...c.factors].reverse().map(transpose);
  return count(flipped) < count(c.factors) ? matmulChain(flipped) : c;
}

/** inv(A)*A, A*inv(A) and their transposes are the identity. */
function cancelsWith(p: MExpr, q: MExpr): boolean {
  const inv = (x: MExpr) => x.kind === 'op' && x.name === 'inv';
  if (inv(p) && (p as MOp).arg.key === q.key) return true;
  if (inv(q) && (q as MOp).arg.key === p.key) return true;
  if (p.kind === 'transpose' && q.kind === 'transpose') return cancelsWith(q.arg, p.arg);
  return false;
}

/**
 * An inverse of a product read as the product it inverts: inv(P) → P's factors, inv(P)' → the factors
 * of P' (inv(P)' = inv(P')), so that its neighbours can cancel against either end.
 */
function invertedProduct(f: MExpr): { factors: MExpr[]; transposed: boolean; inverse: MOp } | undefined {
  if (f.kind === 'op' && f.name === 'inv' && f.arg.kind === 'matmul') return { factors: [...f.arg.factors], transposed: false, inverse: f };
  if (f.kind === 'transpose' && f.arg.kind === 'op' && f.arg.name === 'inv' && f.arg.arg.kind === 'matmul') {
    return { factors: [...f.arg.arg.factors].reverse().map(transpose), transposed: true, inverse: f.arg };
  }
  return undefined;
}

/** inv of the product of `factors` (in the orientation invertedProduct gave), written as the original was. */
function inverseOf(factors: MExpr[], transposed: boolean, like: MOp): MExpr {
  if (factors.length === 0) return eye(rows(like.shape));
  const inverse = (m: MExpr) => op('inv', m, like.written);
  return transposed ? transpose(inverse(transpose(mul(...factors)))) : inverse(mul(...factors));
}

/**
 * A square factor next to an inverse of a product that starts (or ends) with it cancels:
 * inv(A*X*B)*A = inv(X*B) when A is square, so A'*inv(A*X*B)'*B' = inv(X)'. More than one factor
 * cancels when their product is square.
 */
function cancelIntoInverse(input: readonly MExpr[]): MExpr[] | undefined {
  for (let k = 0; k < input.length; k++) {
    const inv = invertedProduct(input[k]);
    if (!inv) continue;
    const c = inv.factors;
    // to the right: inv(C)*C[0]*…*C[j-1]
    let best = 0;
    for (let j = 1; j <= c.length && k + j < input.length && input[k + j].key === c[j - 1].key; j++) {
      if (rows(c[0].shape) === cols(c[j - 1].shape)) best = j;
    }
    if (best > 0) return [...input.slice(0, k), inverseOf(c.slice(best), inv.transposed, inv.inverse), ...input.slice(k + best + 1)];
    // to the left: C[n-j]*…*C[n-1]*inv(C)
    for (let j = 1; j <= c.length && k - j >= 0 && input[k - j].key === c[c.length - j].key; j++) {
      if (rows(c[c.length - j].shape) === cols(c[c.length - 1].shape)) best = j;
    }
    if (best > 0) return [...input.slice(0, k - best), inverseOf(c.slice(0, c.length - best), inv.transposed, inv.inverse), ...input.slice(k + 1)];
  }
  return undefined;
}

/**
 * A repeated vector in a chain, taken out where it meets a diagonal or a vector of ones: diag(d)·(u·1' .* M)
 * is (d .* u)·1' .* M, a diagonal scaling the rows of a product that repeats a column scaling that column
 * (the softmax cross-entropy's s[:, None] * Y / s[:, None] cancels); (u·1' .* M)·1 is u .* (M·1); the
 * columns' likewise. The chain with the pair merged, or undefined.
 */
function repeatedVectorsInChain(input: readonly MExpr[]): MExpr[] | undefined {
  const isDiag = (f: MExpr) => f.kind === 'op' && f.name === 'diag' && f.arg.shape.length === 1;
  const repeats = (h: MExpr, orientation: 'column' | 'row') => h.kind === 'hadamard' && h.factors.some((f) => repeatedOrientation(f) === orientation);
  // (u·1' .* M)·1 is u .* (M·1): the row sums of a product that repeats a column (1'·(1·w' .* M) likewise)
  const split = (h: MExpr, orientation: 'column' | 'row') => {
    const factors = (h as MHadamard).factors;
    const i = factors.findIndex((f) => repeatedOrientation(f) === orientation);
    return { vector: repeatedVector(factors[i])!.vector, rest: hadamard(...factors.filter((_, j) => j !== i)) };
  };
  for (let k = 0; k + 1 < input.length; k++) {
    const [a, b] = [input[k], input[k + 1]];
    if (repeats(a, 'column') && isVectorOfOnes(b)) {
      const { vector, rest } = split(a, 'column');
      return [...input.slice(0, k), hadamard(vector, mul(rest, b)), ...input.slice(k + 2)];
    }
    if (a.kind === 'transpose' && isVectorOfOnes(a.arg) && repeats(b, 'row')) {
      const { vector, rest } = split(b, 'row');
      return [...input.slice(0, k), transpose(hadamard(transpose(vector), mul(transpose(rest), a.arg))), ...input.slice(k + 2)];
    }
    if (isDiag(a) && repeats(b, 'column')) {
      const d = (a as MOp).arg;
      return [...input.slice(0, k), hadamard(mul(d, transpose(ones([cols(b.shape)]))), b), ...input.slice(k + 2)];
    }
    if (isDiag(b) && repeats(a, 'row')) {
      const d = (b as MOp).arg;
      return [...input.slice(0, k), hadamard(mul(ones([rows(a.shape)]), transpose(d)), a), ...input.slice(k + 2)];
    }
  }
  return undefined;
}

/** A chain of non-scalar factors: identity matrices drop out, ones(n)*ones(m)' is ones(n, m). */
function matmulChain(input: MExpr[]): MExpr {
  const merged = repeatedVectorsInChain(input);
  if (merged) return mul(...merged);
  for (let k = 0; k + 1 < input.length; k++) {
    if (cancelsWith(input[k], input[k + 1])) {
      const rest = [...input.slice(0, k), ...input.slice(k + 2)];
      return rest.length === 0 ? eye(input[k].shape[0]) : matmulChain(rest);
    }
  }
  const cancelled = cancelIntoInverse(input);
  if (cancelled) return mul(...cancelled);
  const sliced = slicedChain(input);
  if (sliced) return mul(...sliced);
  let factors = input.length > 1 ? input.filter((f) => f.kind !== 'eye') : input;
  if (factors.length === 0) return input[0];
  if (factors.some((f) => f.kind === 'zero')) return zero(chainShape(factors));
  if (factors.length === 2 && factors[0].kind === 'ones' && factors[1].kind === 'transpose' && factors[1].arg.kind === 'ones') return ones(chainShape(factors));
  // 1'*v and v'*1 are sum(v), one node: sum(x) − 1'*x cancels (a transposed matrix of ones sums v into each entry)
  if (factors.length === 2 && factors[0].kind === 'transpose' && factors[1].shape.length === 1) {
    if (isVectorOfOnes(factors[0].arg)) return op('sum', factors[1]);
    if (factors[1].kind === 'ones' && factors[0].arg.shape.length === 1) return op('sum', factors[0].arg);
  }
  if (factors.length === 1) return factors[0];
  factors = [...factors];
  const shape = chainShape(factors);
  return { kind: 'matmul', factors, shape, key: `@(${factors.map((f) => f.key).join(',')})` };
}

/**
 * Selections in a chain, each rule on a neighbouring pair: S·S' is the identity (a slice of the zeros-padded
 * vector is the vector), S·1 is ones of the slice's length, a slice of a slice one slice (x[1:][1:] = x[2:]);
 * a slice moves inside element-wise functions and past diagonals, and pads of pads merge. The chain with the
 * pair replaced, or undefined.
 */
function slicedChain(input: readonly MExpr[]): MExpr[] | undefined {
  for (let k = 0; k + 1 < input.length; k++) {
    const [a, b] = [input[k], input[k + 1]];
    if (a.kind !== 'select') continue;
    let merged: MExpr | undefined;
    if (b.kind === 'transpose' && b.arg.kind === 'select' && b.arg.key === a.key) merged = eye(a.shape[0]);
    else if (b.kind === 'ones' && b.shape.length === 1) merged = ones([a.shape[0]]);
    else if (b.kind === 'select') merged = select(a.from + b.from, a.to + b.to, b.shape[1], a.shape[0]);
    if (merged) return [...input.slice(0, k), merged, ...input.slice(k + 2)];
  }
  // a slice of an element-wise function is the function of the slice: S·sqrt(q) = sqrt(S·q), so equal slices
  // meet as one base (sqrt(q[1:-1]) ./ sqrt(q[1:-1]) is 1)
  for (let k = 0; k + 1 < input.length; k++) {
    const [a, b] = [input[k], input[k + 1]];
    if (a.kind !== 'select') continue;
    const inner = b.kind === 'fn' ? fn(b.name, mul(a, b.arg)) : b.kind === 'pow' && !isScalar(b.base.shape) ? pow(mul(a, b.base), b.exp) : undefined;
    if (inner) return [...input.slice(0, k), inner, ...input.slice(k + 2)];
  }
  // a diagonal scaling a selection scales the slice: diag(v)·S' = S'·diag(S·v) and S·diag(v) = diag(S·v)·S, so v
  // is not evaluated where the slice does not look (1/sqrt(q) of an entry the slice drops)
  const isDiag = (f: MExpr): f is MOp => f.kind === 'op' && f.name === 'diag' && f.arg.shape.length === 1;
  for (let k = 0; k + 1 < input.length; k++) {
    const [a, b] = [input[k], input[k + 1]];
    if (isDiag(a) && b.kind === 'transpose' && b.arg.kind === 'select') return [...input.slice(0, k), b, op('diag', mul(b.arg, a.arg)), ...input.slice(k + 2)];
    if (a.kind === 'select' && isDiag(b)) return [...input.slice(0, k), op('diag', mul(a, b.arg)), a, ...input.slice(k + 2)];
  }
  // a padded vector padded again is padded once: S_a'·S_b' = (S_b·S_a)'
  for (let k = 0; k + 1 < input.length; k++) {
    const [a, b] = [input[k], input[k + 1]];
    if (a.kind === 'transpose' && a.arg.kind === 'select' && b.kind === 'transpose' && b.arg.kind === 'select') {
      return [...input.slice(0, k), transpose(select(a.arg.from + b.arg.from, a.arg.to + b.arg.to, a.arg.shape[1], b.arg.shape[0])), ...input.slice(k + 2)];
    }
  }
  return undefined;
}

/**
 * c*1: an array of equal entries. The sum of a sum with one in it, sum(u + c*1), is sum(u) plus c
 * times the count: kept where that is shorter, as when the count cancels (the entries of x − mean(x)
 * sum to 0).
 */
function isConstantVector(e: MExpr): boolean {
  return e.kind === 'ones' || (e.kind === 'scale' && e.body?.kind === 'ones');
}

/** Element-wise product; a scalar operand multiplies. Equal bases combine: x.*x = x.^2. */
export function hadamard(...input: MExpr[]): MExpr {
  const scalars: MExpr[] = [];
  const groups = new Map<string, { base: MExpr; exp: Rational }>();
  let shape: Shape | undefined;
  let isZeroProduct = false;
  const visit = (f: MExpr) => {
    if (isScalar(f.shape)) { scalars.push(f); return; }
    shape ??= f.shape;
    if (f.kind === 'hadamard') { f.factors.forEach(visit); return; }
    if (f.kind === 'scale' && f.body) { scalars.push(makeScale(f.coeff, f.factors, null)); visit(f.body); return; }
    if (f.kind === 'ones') return;
    if (f.kind === 'zero') { isZeroProduct = true; return; }
    const [base, exp] = splitPow(f);
    const g = groups.get(base.key);
    if (g) g.exp = g.exp.add(exp);
    else groups.set(base.key, { base, exp });
  };
  input.forEach(visit);
  if (!shape) return mul(...scalars);
  if (isZeroProduct) return zero(shape);
  // vectors repeated the same way multiply as vectors: (u·1') .* (v·1') = (u .* v)·1'
  const repeats = new Map<string, { key: string; orientation: 'column' | 'row'; vector: MExpr; ones: MExpr }[]>();
  for (const [key, g] of groups) {
    const r = g.exp.isOne ? repeatedVector(g.base) : undefined;
    if (!r) continue;
    const same = `${r.orientation}|${r.ones.key}`;
    repeats.set(same, [...(repeats.get(same) ?? []), { key, ...r }]);
  }
  for (const rs of repeats.values()) {
    if (rs.length < 2) continue;
    for (const r of rs) groups.delete(r.key);
    visit(repeatedAs(rs[0], (...vs) => hadamard(...vs), ...rs.map((r) => r.vector)));
  }
  if (isZeroProduct) return zero(shape);
  // a padded array times others is padded after the product with their slices: S'·u .* v = S'·(u .* S·v), so v
  // is not evaluated where the slice does not look (1/sqrt(q) of an entry the slice drops)
  for (const [key, g] of groups) {
    const padded = g.exp.isOne && g.base.kind === 'matmul' && g.base.factors[0].kind === 'transpose' && g.base.factors[0].arg.kind === 'select' ? g.base : undefined;
    if (!padded || groups.size < 2) continue;
    const s = (padded.factors[0] as MTranspose).arg;
    const others = [...groups].filter(([k]) => k !== key).map(([, o]) => mul(s, pow(o.base, o.exp)));
    return mul(...scalars, transpose(s), hadamard(mul(...padded.factors.slice(1)), ...others));
  }
  stepsOfRamps(groups);
  // u^a ./ sqrt(u)^c is sqrt(u)^(2a − c) (u ≥ 0 where its root is real): relu(q)./sqrt(relu(q)) is sqrt(relu(q)), not 0/0 at q ≤ 0
  for (const g of groups.values()) {
    if (g.base.kind !== 'fn' || g.base.name !== 'sqrt' || !g.exp.isNegative) continue;
    const u = groups.get(g.base.arg.key);
    if (!u || u.exp.isNegative || u.exp.isZero) continue;
    g.exp = g.exp.add(u.exp.mul(Rational.of(2)));
    u.exp = Rational.ZERO;
  }
  // a mask times the mask of where it fails is 0, and keeps of a where-sum the terms under it: m.*(m.*a + (not m).*b) = m.*a
  for (const g of groups.values()) {
    if (g.base.kind !== 'compare' || g.exp.isNegative) continue;
    const other = complement(g.base).key;
    if (groups.get(other)?.exp.isNegative === false) return zero(shape);
    for (const [key, h] of groups) {
      if (h.base.kind !== 'add' || !h.exp.isOne) continue;
      const kept = h.base.terms.filter((t) => maskedTerm(t)?.mask.key !== other);
      if (kept.length < h.base.terms.length) return hadamard(...[...groups.entries()].filter(([k]) => k !== key).map(([, x]) => pow(x.base, x.exp)), add(...kept), ...scalars);
    }
  }
  // u^v .* u^k = u^(v + k) (u > 0, where log u is read): a .* x.^a ./ x is a .* x.^(a − 1), as a person writes it
  for (const g of groups.values()) {
    const power = g.base.kind === 'fn' && g.base.name === 'exp' && g.exp.isOne ? logPowerParts(g.base.arg) : undefined;
    const u = power && groups.get(power.base.key);
    if (!power || !u || u.exp.isZero) continue;
    const k = isScalar(power.exp.shape) ? num(u.exp) : mul(num(u.exp), ones(power.exp.shape));
    g.base = fn('exp', hadamard(add(power.exp, k), fn('log', power.base)));
    u.exp = Rational.ZERO;
  }
  // exp(-u) .* sigmoid(u) = sigmoid(-u)
  for (const g of groups.values()) {
    if (g.base.kind !== 'fn' || g.base.name !== 'sigmoid' || !g.exp.isOne) continue;
    const minus = neg(g.base.arg);
    const e = groups.get(`exp(${minus.key})`);
    if (e && e.exp.isOne) { groups.delete(`exp(${minus.key})`); g.base = fn('sigmoid', minus); }
  }
  const factors: MExpr[] = [];
  for (const { base, exp } of groups.values()) if (!exp.isZero) factors.push(pow(base, exp));
  factors.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const body: MExpr = factors.length === 0 ? ones(shape)
    : factors.length === 1 ? factors[0]
    : { kind: 'hadamard', factors, shape, key: `.*(${factors.map((f) => f.key).join(',')})` };
  return scalars.length ? mul(...scalars, body) : body;
}

/**
 * heaviside(u)·relu(u)^k = relu(u)^k for k > 0 (both 0 at u = 0): the step drops out of a product with
 * the ramp it steps, as in the derivative of relu(u)²; for k < 0 it is (u > 0)·u^k; u·heaviside(u) is
 * relu(u); and sign(u)·|u|^k = u·|u|^(k−1). `factors`: base key → base and exponent (an exponent left 0
 * is dropped by the caller).
 */
function stepsOfRamps(factors: Map<string, { base: MExpr; exp: Rational }>): void {
  // u joins as a factor of its own only when the product's constructor would keep it whole
  const keptWhole = (u: MExpr) => !(u.kind === 'scale' || u.kind === 'hadamard' || u.kind === 'num' || u.kind === 'ones');
  const raise = (base: MExpr, exp: Rational) => {
    const own = factors.get(base.key);
    if (own) own.exp = own.exp.add(exp);
    else factors.set(base.key, { base, exp });
  };
  for (const [key, g] of factors) {
    // beside its ramp a step's power is the step (the ramp is 0 where the step is not 0 or 1): the Hessian of
    // sum(√relu(u)) has heaviside(u)²
    if (g.base.kind === 'fn' && g.base.name === 'heaviside' && g.exp.isInteger && g.exp.compare(Rational.ONE) > 0
      && (factors.has(`relu(${g.base.arg.key})`) || factors.has(`sqrt(relu(${g.base.arg.key}))`))) g.exp = Rational.ONE;
    if (g.base.kind !== 'fn' || !g.exp.isOne) continue;
    if (g.base.name === 'heaviside') {
      const u = g.base.arg;
      const ramp = factors.get(`relu(${u.key})`);
      if (ramp && !ramp.exp.isNegative && !ramp.exp.isZero) { factors.delete(key); continue; }
      // u^k·heaviside(u) = u^(k−1)·relu(u) for a whole k ≥ 1: the gradient of sum(x .* relu(x)) is 2·relu(x)
      const power = factors.get(u.key);
      if (power && power.exp.isInteger && power.exp.compare(Rational.ONE) >= 0 && keptWhole(u)) {
        factors.delete(key);
        power.exp = power.exp.sub(Rational.ONE);
        raise(fn('relu', u), Rational.ONE);
        continue;
      }
      // heaviside(u)·relu(u)^−k = (u > 0)·u^−k (√relu(u) likewise): where u ≤ 0 it is 0, not 0/0 (the gradient of √relu(u))
      const rootOfRamp = factors.get(`sqrt(relu(${u.key}))`);
      const singular = ramp?.exp.isNegative ? { key: `relu(${u.key})`, base: u, exp: ramp.exp }
        : rootOfRamp?.exp.isNegative ? { key: `sqrt(relu(${u.key}))`, base: fn('sqrt', u), exp: rootOfRamp.exp } : undefined;
      // a root is kept whole whatever u is: sqrt(x/3)
      if (!singular || (singular.base === u && !keptWhole(u))) continue;
      factors.delete(key);
      factors.delete(singular.key);
      // printed as the ramp's own condition: np.where(u > 0, …, 0)
      const mask = compare('gt', u, ZERO_S, true);
      factors.set(mask.key, { base: mask, exp: Rational.ONE });
      raise(singular.base, singular.exp);
    } else if (g.base.name === 'sign') {
      // sign(u)·|u|^k = u·|u|^(k−1) for a whole k ≥ 1, as the scalar simplifier writes it: 3*r.*abs(r), not 3*abs(r).^2.*sign(r)
      const u = g.base.arg;
      if (!keptWhole(u)) continue;
      const abs = factors.get(`abs(${u.key})`);
      if (!abs || !abs.exp.isInteger || abs.exp.compare(Rational.ONE) < 0) continue;
      factors.delete(key);
      abs.exp = abs.exp.sub(Rational.ONE);
      raise(u, Rational.ONE);
    }
  }
}

// ── Powers ───────────────────────────────────────────────────────────────────

/** Element-wise power by a constant (the power, for a scalar). */
export function pow(base: MExpr, exp: Rational): MExpr {
  if (exp.isZero) return onesLike(base.shape);
  if (exp.isOne) return base;
  if (base.kind === 'num') {
    // a power too large to hold exactly (2^(10^7)) stays unevaluated
    const value = exp.isInteger ? base.value.powIntWithin(exp.num) : undefined;
    if (value) return num(value);
  }
  // a mask's entries are 0 and 1
  if (base.kind === 'ones' || (base.kind === 'compare' && exp.compare(Rational.ZERO) > 0)) return base;
  // 1/(1 + exp(-u)) is sigmoid(u)
  if (exp.equals(Rational.MINUS_ONE) && base.kind === 'add' && base.terms.length === 2) {
    const one = base.terms.find((t) => t.kind === 'ones' || (t.kind === 'num' && t.value.isOne));
    const e = base.terms.find((t) => t !== one);
    if (one && e && e.kind === 'fn' && e.name === 'exp') return fn('sigmoid', neg(e.arg));
  }
  if (base.kind === 'pow' && (exp.isInteger || (base.exp.den === 1n && base.exp.num % 2n !== 0n))) return pow(base.base, base.exp.mul(exp));
  // √c² = c for a number or a formula in scalars (where √c is defined): the erf of z/√2 brings e^(−z²/2), not
  // e^(−z²/√2²), and the normal log-likelihood by σ n/σ, not 2πσn/√(2πσ²)². Of arrays √u^k keeps its root
  // (a standard deviation squared prints as the variance)
  if (base.kind === 'fn' && base.name === 'sqrt' && ofScalarsOnly(base.arg) && exp.isInteger && exp.num % 2n === 0n) return pow(base.arg, exp.div(Rational.of(2)));
  // a repeated vector's power is the repeated power: (v·1')^k = v^k·1', (1·w')^k = 1·(w^k)'
  const repeated = repeatedVector(base);
  if (repeated) return repeatedAs(repeated, (v) => pow(v, exp), repeated.vector);
  // where(c, a, b).^k = where(c, a.^k, b.^k): each entry takes one branch
  if (exp.isInteger && !exp.isNegative && base.kind === 'add') {
    const parts = base.terms.map(maskedTerm);
    const first = parts[0]?.mask;
    if (first && parts.every((m) => m && (m.mask.key === first.key || m.mask.key === complement(first).key))) {
      return add(...parts.map((m) => hadamard(m!.mask, pow(m!.rest, exp))));
    }
  }
  if (exp.isInteger) {
    // (c*s*U).^k = c^k * s^k * U.^k and (u.*v).^k = u.^k .* v.^k
    const coeff = base.kind === 'scale' ? base.coeff.powIntWithin(exp.num) : undefined;
    if (base.kind === 'scale' && coeff) return mul(num(coeff), ...base.factors.map((f) => pow(f, exp)), ...(base.body ? [pow(base.body, exp)] : []));
    if (base.kind === 'hadamard') return hadamard(...base.factors.map((f) => pow(f, exp)));
  }
  return { kind: 'pow', base, exp, shape: base.shape, key: `^(${base.key},${exp})` };
}

export function isVectorOfOnes(e: MExpr): boolean { return e.kind === 'ones' && e.shape.length === 1; }

/** Whether `e` is v·1' (a column repeated along the columns) or 1·w' (a row repeated along the rows). */
export function repeatedOrientation(e: MExpr): 'column' | 'row' | undefined {
  if (e.kind !== 'matmul' || e.shape.length !== 2) return undefined;
  const last = e.factors[e.factors.length - 1];
  if (last.kind === 'transpose' && isVectorOfOnes(last.arg)) return 'column';
  return isVectorOfOnes(e.factors[0]) ? 'row' : undefined;
}

/** A repeated vector's parts (see repeatedOrientation): the column v or the row w', and the vector of ones as it stands in the product. */
export function repeatedVector(e: MExpr): { orientation: 'column' | 'row'; vector: MExpr; ones: MExpr } | undefined {
  const orientation = repeatedOrientation(e);
  if (!orientation) return undefined;
  const fs = (e as MMatMul).factors;
  return orientation === 'column' ? { orientation, vector: mul(...fs.slice(0, -1)), ones: fs[fs.length - 1] } : { orientation, vector: mul(...fs.slice(1)), ones: fs[0] };
}

/**
 * `f` of repeated vectors (columns, or rows), repeated as `like` repeats its own: f(v…)·1' or 1·f(w…)'.
 * Rows are taken as the columns they transpose, where powers and products combine: (1·(1/w)')² is 1·(w⁻²)'.
 */
function repeatedAs(like: { orientation: 'column' | 'row'; ones: MExpr }, f: (...vectors: MExpr[]) => MExpr, ...vectors: MExpr[]): MExpr {
  return like.orientation === 'column' ? mul(f(...vectors), like.ones) : mul(like.ones, transpose(f(...vectors.map(transpose))));
}

// ── Transposes ───────────────────────────────────────────────────────────────

/** Transpose, pushed down to symbols: (A*B)' = B'*A', (A + B)' = A' + B', S' = S for symmetric S. */
export function transpose(e: MExpr): MExpr {
  if (isScalar(e.shape)) return e;
  switch (e.kind) {
    case 'transpose': return e.arg;
    case 'zero': return zero(transposeShape(e.shape));
    case 'eye': return e;
    case 'matmul': return mul(...[...e.factors].reverse().map(transpose));
    // a sum of vectors keeps its transpose outside: (x - mu)' reads better than x' - mu'
    case 'add': if (e.shape.length === 2) return add(...e.terms.map(transpose)); break;
    case 'scale': return makeScale(e.coeff, e.factors, e.body ? transpose(e.body) : null);
    case 'hadamard': return hadamard(...e.factors.map(transpose));
    case 'compare': return compare(e.op, transpose(e.left), transpose(e.right), e.written);
    // an element-wise function of a transpose, transposed, is the function of the original: (w'.^-2)' = w.^-2
    case 'pow': if (e.base.kind === 'transpose') return pow(e.base.arg, e.exp); break;
    case 'fn': if (e.arg.kind === 'transpose') return fn(e.name, e.arg.arg); break;
    default: break;
  }
  if (isSymmetric(e)) return e;
  return { kind: 'transpose', arg: e, shape: transposeShape(e.shape), key: `'(${e.key})` };
}

// ── Functions ────────────────────────────────────────────────────────────────

/**
 * u and v of exp(v·log(u)): a power whose exponent is an entry or a name (a likelihood's p^{x_i}, numpy's
 * p**y) is read as exp of its logarithm, and written back as the power. Undefined when `arg` is not v·log(u).
 */
export function logPowerParts(arg: MExpr): { base: MExpr; exp: MExpr } | undefined {
  const body = arg.kind === 'scale' ? arg.body : arg;
  const arrays = body?.kind === 'hadamard' ? body.factors : body ? [body] : [];
  const scalars = arg.kind === 'scale' ? arg.factors : [];
  const log = [...arrays, ...scalars].filter((f) => f.kind === 'fn' && f.name === 'log');
  if (log.length !== 1) return undefined;
  const rest = arrays.filter((f) => f !== log[0]);
  const exp = mul(num(arg.kind === 'scale' ? arg.coeff : Rational.ONE), ...scalars.filter((f) => f !== log[0]), ...(rest.length ? [hadamard(...rest)] : []));
  return { base: (log[0] as MExpr & { kind: 'fn' }).arg, exp };
}

export function fn(name: ElemFn, arg: MExpr): MExpr {
  if (arg.kind === 'num') {
    const v = arg.value;
    if (name === 'abs') return num(v.abs());
    if (name === 'sign') return num(v.isZero ? 0 : v.isNegative ? -1 : 1);
    // the ramp and the step of a number are numbers (relu(q/q) is 1, not a call TensorFlow makes int32)
    if (name === 'relu') return v.isNegative ? ZERO_S : arg;
    if (name === 'heaviside') return num(v.isZero ? Rational.HALF : v.isNegative ? 0 : 1);
    const atZero = v.isZero ? valueAtZero(name) : undefined;
    if (atZero !== undefined) return num(atZero);
    if (v.isOne && name === 'log') return ZERO_S;
  }
  // f(1) of every entry: e·1, not exp(1) of ones; log(1) = 0; f(0) of every entry: sin of zeros is zeros
  if (arg.kind === 'ones') return mul(name === 'exp' ? EULER : fn(name, ONE), arg);
  const atZero = arg.kind === 'zero' ? valueAtZero(name) : undefined;
  if (atZero !== undefined) return atZero.isZero ? arg : mul(num(atZero), ones(arg.shape));
  if (name === 'log' && arg.kind === 'op' && arg.name === 'det') return op('logdet', arg.arg);
  if (name === 'log' && arg.kind === 'fn' && arg.name === 'exp') return arg.arg;
  return { kind: 'fn', name, arg, shape: arg.shape, key: `${name}(${arg.key})` };
}

/** `left op right` entry by entry (a number compares with every entry); both sides numbers give 1 or 0. */
export function compare(cmp: Comparison, left: MExpr, right: MExpr, written = false): MExpr {
  if (left.kind === 'num' && right.kind === 'num') return num(HOLDS[cmp](left.value.compare(right.value)) ? 1 : 0);
  const shape = isScalar(left.shape) ? right.shape : left.shape;
  return { kind: 'compare', op: cmp, left, right, shape, key: `${cmp}(${left.key},${right.key})`, ...(written ? { written } : {}) };
}

/** The mask of where a comparison fails: 1 − mask, as a comparison of the same sides. */
export function complement(c: MCompare): MCompare { return compare(COMPLEMENT[c.op], c.left, c.right) as MCompare; }

export function op(name: MatFn, arg: MExpr, written?: 'solve'): MExpr {
  switch (name) {
    case 'sum':
      if (isScalar(arg.shape)) return arg;
      // mul, not makeScale: the sum of c*1 is c times the count, which may cancel a count in c
      if (arg.kind === 'scale' && arg.body) return mul(num(arg.coeff), ...arg.factors, op('sum', arg.body));
      if (arg.kind === 'add' && arg.terms.some(isConstantVector)) {
        const rest = arg.terms.filter((t) => !isConstantVector(t));
        const sums = add(op('sum', add(...rest)), ...arg.terms.filter(isConstantVector).map((t) => op('sum', t)));
        // kept where shorter than sum(…) itself
        if (sums.key.length < arg.key.length + 5) return sums;
      }
      if (arg.kind === 'transpose') return op('sum', arg.arg);
      break;
    case 'tr':
      if (isScalar(arg.shape)) return arg;
      if (arg.kind === 'transpose') return op('tr', arg.arg);
      if (arg.kind === 'scale' && arg.body) return makeScale(arg.coeff, arg.factors, op('tr', arg.body));
      break;
    case 'det': case 'logdet':
      if (isScalar(arg.shape)) return name === 'det' ? arg : fn('log', arg);
      if (arg.kind === 'transpose') return op(name, arg.arg);
      if (arg.kind === 'eye') return name === 'det' ? ONE : ZERO_S;
      break;
    case 'inv':
      if (isScalar(arg.shape)) return pow(arg, Rational.MINUS_ONE);
      if (arg.kind === 'op' && arg.name === 'inv') return arg.arg;
      if (arg.kind === 'eye') return arg;
      // inv(X') is written inv(X)'
      if (arg.kind === 'transpose') return transpose(op('inv', arg.arg, written));
      if (arg.kind === 'scale' && arg.body) return mul(...[num(arg.coeff), ...arg.factors].map((f) => pow(f, Rational.MINUS_ONE)), op('inv', arg.body, written));
      if (written) return { kind: 'op', name, arg, shape: arg.shape, key: `inv\\(${arg.key})`, written };
      break;
    case 'prod':
      if (isScalar(arg.shape)) return arg;
      if (arg.kind === 'transpose') return op('prod', arg.arg);
      break;
    case 'norm1': case 'norm2':
      if (isScalar(arg.shape)) return fn('abs', arg);
      if (arg.kind === 'transpose') return op(name, arg.arg);
      break;
    case 'amax': case 'amin':
      if (isScalar(arg.shape)) return arg;
      if (arg.kind === 'transpose') return op(name, arg.arg);
      break;
    case 'diag': break;
  }
  const shape = name === 'inv' ? arg.shape
    : name === 'diag' ? (arg.shape.length === 1 ? [arg.shape[0], arg.shape[0]] : [arg.shape[0]])
    : SCALAR;
  return { kind: 'op', name, arg, shape, key: `${name}(${arg.key})` };
}

/** A term under a mask: mask .* rest. */
export interface Masked { mask: MCompare; rest: MExpr }

/** `e` as mask .* rest when a comparison is one of its element-wise or scalar factors (one only). */
export function maskedTerm(e: MExpr): Masked | undefined {
  const m = maskedFactors(e);
  return m?.masks.length === 1 ? { mask: m.masks[0], rest: m.rest } : undefined;
}

/** `e` as the comparisons among its element-wise and scalar factors (a conjunction) .* the rest, when it has any. */
export function maskedFactors(e: MExpr): { masks: MCompare[]; rest: MExpr } | undefined {
  if (e.kind === 'compare') return { masks: [e], rest: ONE };
  const isMask = (f: MExpr): f is MCompare => f.kind === 'compare';
  if (e.kind === 'hadamard') {
    const masks = e.factors.filter(isMask);
    const others = e.factors.filter((f) => !isMask(f));
    return masks.length ? { masks, rest: others.length ? hadamard(...others) : ONE } : undefined;
  }
  if (e.kind !== 'scale') return undefined;
  const masks = e.factors.filter(isMask);
  const inner = e.body ? maskedFactors(e.body) : undefined;
  if (!masks.length && !inner) return undefined;
  const body = inner ? inner.rest : e.body;
  return { masks: [...masks, ...(inner?.masks ?? [])], rest: mul(num(e.coeff), ...e.factors.filter((f) => !isMask(f)), ...(body ? [body] : [])) };
}

// ── Queries ──────────────────────────────────────────────────────────────────

const symmetricCache = new WeakMap<MExpr, boolean>();
/** Whether a square matrix expression is symmetric by construction. */
export function isSymmetric(e: MExpr): boolean {
  if (e.shape.length !== 2 || e.shape[0] !== e.shape[1]) return false;
  const cached = symmetricCache.get(e);
  if (cached !== undefined) return cached;
  let s: boolean;
  switch (e.kind) {
    case 'sym': s = e.symmetric; break;
    case 'eye': case 'ones': case 'zero': s = true; break;
    case 'scale': s = e.body !== null && isSymmetric(e.body); break;
    case 'add': s = e.terms.every(isSymmetric) || sameKeys(e.terms.map(transpose), e.terms); break;
    case 'matmul': s = e.factors.every((f, i) => f.key === transpose(e.factors[e.factors.length - 1 - i]).key); break;
    case 'hadamard': s = e.factors.every(isSymmetric); break;
    case 'pow': s = isSymmetric(e.base); break;
    case 'fn': s = isSymmetric(e.arg); break;
    case 'compare': s = [e.left, e.right].every((x) => isScalar(x.shape) || isSymmetric(x)); break;
    case 'op': s = (e.name === 'inv' && isSymmetric(e.arg)) || (e.name === 'diag' && e.arg.shape.length === 1); break;
    case 'transpose': s = isSymmetric(e.arg); break;
    default: s = false;
  }
  symmetricCache.set(e, s);
  return s;
}

function sameKeys(a: MExpr[], b: readonly MExpr[]): boolean {
  const ka = a.map((x) => x.key).sort(), kb = b.map((x) => x.key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** Whether `e` and everything in it is a scalar (2πσ², not a mean of an array's squares). */
const ofScalarsOnly = (e: MExpr): boolean => isScalar(e.shape) && children(e).every(ofScalarsOnly);

export function children(e: MExpr): readonly MExpr[] {
  switch (e.kind) {
    case 'add': return e.terms;
    case 'scale': return e.body ? [...e.factors, e.body] : e.factors;
    case 'matmul': case 'hadamard': return e.factors;
    case 'pow': return [e.base];
    case 'transpose': case 'fn': case 'op': return [e.arg];
    case 'compare': return [e.left, e.right];
    default: return [];
  }
}

export function dependsOn(e: MExpr, name: string): boolean {
  if (e.kind === 'sym') return e.name === name;
  return children(e).some((c) => dependsOn(c, name));
}

/** Every sub-expression, children before parents, each once (by key). */
export function subexpressions(e: MExpr, out = new Map<string, MExpr>()): Map<string, MExpr> {
  for (const c of children(e)) subexpressions(c, out);
  if (!out.has(e.key)) out.set(e.key, e);
  return out;
}

