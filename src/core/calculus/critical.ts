// Critical points of f on an interval: roots of the verified derivative f' found numerically (sign
// changes refined by Brent's method, and tangential zeros by a golden-section search of |f'|), each
// classified by the sign of f' on either side, exact where an exact value is found and checks out
// (roots of a derivative that is a polynomial of degree ≤ 2, recognised rationals, multiples of π/12,
// surds, and roots nerdamer's solve gives that make f' exactly 0), with f's value there. Points where f' changes sign through a pole (corners, cusps) are listed
// as not differentiable.
import { InputError, Verification } from '../api';
import { TimeoutError } from '../budget';
import { derivative } from '../diff';
import { DialectStyle, print, toLatex, toPlain } from '../dialects';
import { add, div, E, Expr, isNum, mul, neg, num, ONE, PI, pow, sqrt, sym, symbolsOf, ZERO } from '../expr';
import { call } from '../functions';
import { Rational } from '../rational';
import { CUT_SHORT_WARNING, expand, simplifyReport } from '../simplify';
import { verifiedInTime, verifyDerivatives } from '../verify';
import {
  CalculusOptions, chooseVariable, ExactValue, exactConstant, exactValue, numericValue, readPoint, readScalar, substitute, underBudget,
} from './common';
import { fromNerdamer, nerdamerSolve, renamingFor, toNerdamer } from './nerdamer';
import { along, brent, goldenMinimum } from './numeric';
import { freshName, polynomialDegree, tooHardForNerdamer } from './search';

export const DEFAULT_INTERVAL: readonly [number, number] = [-10, 10];
/** Grid cells the interval is cut into to find sign changes of f'. */
const SAMPLES = 4000;
/** More critical points than this on the interval: the first ones are listed, and a warning says so. */
const MAX_POINTS = 50;

export interface CriticalOptions extends CalculusOptions {
  /** The interval's ends (default [-10, 10]): numbers or exact constants such as "-pi". */
  from?: number | string;
  to?: number | string;
}

export type CriticalKind = 'minimum' | 'maximum' | 'inflection' | 'flat';

export interface CriticalPoint {
  /** The point: exact where an exact value checks out (f' is exactly 0 there), otherwise a decimal. */
  x: ExactValue;
  /** f there. */
  y: ExactValue;
  /** By the sign of f' either side: − then + a minimum, + then − a maximum, the same sign a stationary inflection, 0 on both sides flat. */
  kind: CriticalKind;
  /** False where f' changes sign through a point where it is undefined (a corner or cusp of f). */
  differentiable: boolean;
  /** f''(x), when defined there. */
  secondDerivative?: number;
}

export interface CriticalResult {
  input: { plain: string; latex: string };
  /** f' in the selection's notation, plain and LaTeX. */
  derivative: { result: string; plain: string; latex: string };
  wrt: string;
  interval: { from: ExactValue; to: ExactValue };
  /** Sorted by x. */
  points: CriticalPoint[];
  /** f' checked numerically at random points (the points are found from it). */
  verified: boolean;
  verification: Verification;
  warnings?: string[];
  ms: number;
}

/** The critical points of the selection on [from, to]. Throws InputError on bad input or an empty interval. */
export function criticalPoints(source: string, options: CriticalOptions): CriticalResult {
  return underBudget(options.budgetMs, ({ started, soft }) => {
    const parsed = readScalar(source, options.notation, options.documentText, 'critical points');
    const f = parsed.expr;
    const wrt = chooseVariable(f, options.wrt, 'the critical points are');
    const from = readPoint(options.from ?? DEFAULT_INTERVAL[0], 'the interval\'s start');
    const to = readPoint(options.to ?? DEFAULT_INTERVAL[1], 'the interval\'s end');
    const lo = numericValue(from), hi = numericValue(to);
    if (!(lo < hi)) throw new InputError(`the interval [${toPlain(from)}, ${toPlain(to)}] is empty: its start must be below its end`);
    const others = [...symbolsOf(f)].filter((n) => n !== wrt);
    if (others.length) throw new InputError(`critical points need numbers: the expression has parameters (${others.join(', ')}); substitute values for them`);
    const warnings = [...(parsed.warnings ?? [])];

    const d1 = simplifyReport(derivative(f, wrt).result, { deadline: soft });
    if (isNum(d1.result, 0)) warnings.push(`f does not change with ${wrt}: every point is critical, none is listed`);
    const d2 = simplifyReport(derivative(d1.result, wrt).result, { deadline: soft });
    if (!d1.complete || !d2.complete) warnings.push(CUT_SHORT_WARNING);
    const verification = verifiedInTime(() => verifyDerivatives([{ of: f, claimed: d1.result }], wrt));
    if (!verification.verified && verification.reason?.startsWith('differs')) {
      throw new InputError(`the derivative could not be verified (${verification.reason}), so no critical points are given`);
    }
    const params = new Map<string, number>();
    const F = along(f, wrt, params), D1 = along(d1.result, wrt, params), D2 = along(d2.result, wrt, params);
    const located = isNum(d1.result, 0) ? [] : locate(D1, F, lo, hi);
    const solved = isNum(d1.result, 0) ? [] : solvedRoots(d1.result, wrt, lo, hi, soft);
    const found = withSolvedRoots(located, solved, D1, F, lo, hi);
    if (found.length > MAX_POINTS) warnings.push(`${found.length} critical points on the interval: the first ${MAX_POINTS} are listed; narrow the interval`);
    const style = parsed.style;
    const exactRoots = [...polynomialRoots(d1.result, wrt, soft), ...solved.map((r) => r.root)];
    const points = found.slice(0, MAX_POINTS).map((p): CriticalPoint => {
      const exact = p.differentiable ? exactRoot(p.x, d1.result, wrt, exactRoots, soft) : undefined;
      const xExpr = exact ?? decimalPoint(p.x);
      const yExact = exactConstant(substitute(f, wrt, xExpr), soft, exact ? F(p.x) : undefined);
      const yExpr = exact ? yExact.expr : decimalPoint(F(p.x));
      const curvature = D2(p.x);
      return {
        x: exactValue(xExpr, style, p.x, exact !== undefined),
        y: exactValue(yExpr, style, F(p.x), exact !== undefined && yExact.exact),
        kind: p.kind,
        differentiable: p.differentiable,
        ...(Number.isFinite(curvature) && p.differentiable ? { secondDerivative: curvature } : {}),
      };
    });
    return {
      input: { plain: toPlain(f), latex: toLatex(f) },
      derivative: printedIn(d1.result, style),
      wrt,
      interval: { from: exactValue(from, style, lo, true), to: exactValue(to, style, hi, true) },
      points,
      verified: verification.verified,
      verification,
      ...(warnings.length ? { warnings } : {}),
      ms: performance.now() - started,
    };
  });
}

function printedIn(e: Expr, style: DialectStyle) {
  return { result: print(e, style), plain: toPlain(e), latex: toLatex(e) };
}

interface Located { x: number; kind: CriticalKind; differentiable: boolean }

/**
 * Zeros of f' on [lo, hi]: sign changes on a grid refined by Brent's method (a sign change through a
 * pole of f' where f is finite is a corner), and local minima of |f'| that reach 0 without a sign
 * change (double roots, x³ at 0) refined by golden-section search.
 */
function locate(d1: (t: number) => number, f: (t: number) => number, lo: number, hi: number): Located[] {
  const xs = Array.from({ length: SAMPLES + 1 }, (_, i) => lo + ((hi - lo) * i) / SAMPLES);
  const ds = xs.map(d1);
  const finite = ds.filter(Number.isFinite).map(Math.abs);
  const scale = Math.max(1, finite.length ? finite.sort((a, b) => a - b)[Math.floor(finite.length / 2)] : 1);
  const out: Located[] = [];
  const add1 = (x: number, differentiable: boolean) => {
    if (x < lo || x > hi || !Number.isFinite(f(x))) return;
    if (out.some((p) => Math.abs(p.x - x) <= 1e-9 * Math.max(1, Math.abs(x)))) return;
    // a corner: f's one-sided slopes differ there (|x| at 0, where sign(0) = 0 looks like a zero of f')
    const h = 1e-6 * Math.max(1, Math.abs(x));
    const right = (f(x + h) - f(x)) / h, left = (f(x) - f(x - h)) / h;
    const corner = Number.isFinite(left) && Number.isFinite(right) && Math.abs(left - right) > 1e-3 * Math.max(1, Math.abs(left), Math.abs(right));
    out.push({ x, kind: classify(d1, x, (hi - lo) / SAMPLES), differentiable: differentiable && !corner });
  };
  for (let i = 0; i < SAMPLES; i++) {
    const a = ds[i], b = ds[i + 1];
    // a run of zeros (f constant on a piece) is listed once, at its start
    if (a === 0) { if (i === 0 || ds[i - 1] !== 0) add1(xs[i], true); continue; }
    if (!Number.isFinite(a) && i > 0 && ds[i - 1] * b < 0) { add1(xs[i], false); continue; }
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (a * b < 0) {
      const r = brent(d1, xs[i], xs[i + 1]);
      if (r === undefined) continue;
      const dr = d1(r);
      // Brent converges to a pole as well as to a zero: a zero has f' small there
      const isZero = Number.isFinite(dr) && Math.abs(dr) <= 1e-8 * Math.max(Math.abs(a), Math.abs(b), 1);
      add1(r, isZero);
    }
  }
  if (ds[SAMPLES] === 0 && ds[SAMPLES - 1] !== 0) add1(xs[SAMPLES], true);
  // tangential zeros: |f'| has a local minimum near 0 between grid points, without a sign change
  for (let i = 1; i < SAMPLES; i++) {
    const [a, b, c] = [ds[i - 1], ds[i], ds[i + 1]].map(Math.abs);
    if (!(b <= a && b <= c) || !Number.isFinite(a + b + c) || ds[i - 1] * ds[i + 1] < 0 || b === 0) continue;
    if (b > 1e-2 * scale) continue;
    const m = goldenMinimum((t) => Math.abs(d1(t)), xs[i - 1], xs[i + 1]);
    const dm = Math.abs(d1(m));
    if (Number.isFinite(dm) && dm <= 1e-9 * Math.max(scale, a, c)) add1(m, true);
  }
  return out.sort((p, q) => p.x - q.x);
}

/** min, max, inflection or flat by the sign of f' a little either side (within the grid's resolution). */
function classify(d1: (t: number) => number, x: number, cell: number): CriticalKind {
  const delta = Math.min(cell / 4, 1e-4 * Math.max(1, Math.abs(x)));
  const left = d1(x - delta), right = d1(x + delta);
  // signs only, never sizes: f' may be tiny and still change sign (e^(-x²)·cos(3x) near x = ±10)
  const sl = Math.sign(left), sr = Math.sign(right);
  if (sl < 0 && sr > 0) return 'minimum';
  if (sl > 0 && sr < 0) return 'maximum';
  if (sl === 0 && sr === 0) return 'flat';
  if (sl === 0) return sr > 0 ? 'minimum' : 'maximum';
  if (sr === 0) return sl < 0 ? 'minimum' : 'maximum';
  return 'inflection';
}

function decimalPoint(v: number): Expr {
  const text = Math.abs(v) < 1e-12 ? '0' : v.toPrecision(12).replace(/\.?0+(e|$)/, '$1');
  const negative = text.startsWith('-');
  const r = Rational.parseDecimal(negative ? text.slice(1) : text);
  return num(negative ? r.neg() : r, !r.isInteger);
}

/** Exact roots of f' when it is a polynomial of degree 1 or 2 in x with rational coefficients. */
function polynomialRoots(d: Expr, x: string, deadline: number): Expr[] {
  const expanded = expand(d);
  if (!expanded) return [];
  const coefficients = [Rational.ZERO, Rational.ZERO, Rational.ZERO];
  for (const t of expanded.kind === 'add' ? expanded.terms : [expanded]) {
    const [c, rest] = t.kind === 'mul' && t.factors[0].kind === 'num' && t.factors.length === 2 ? [t.factors[0].value, t.factors[1]] : t.kind === 'num' ? [t.value, undefined] : [Rational.ONE, t];
    let degree: number | undefined;
    if (rest === undefined) degree = 0;
    else if (rest.kind === 'sym' && rest.name === x) degree = 1;
    else if (rest.kind === 'pow' && rest.base.kind === 'sym' && rest.base.name === x && isNum(rest.exp, 2)) degree = 2;
    if (degree === undefined) return [];
    coefficients[degree] = coefficients[degree].add(c);
  }
  const [c0, c1, c2] = coefficients;
  if (c2.isZero) return c1.isZero ? [] : [num(c0.neg().div(c1))];
  const discriminant = c1.mul(c1).sub(Rational.of(4n).mul(c2).mul(c0));
  if (discriminant.isNegative) return [];
  const root = sqrt(num(discriminant));
  const twoA = num(Rational.of(2n).mul(c2));
  return [add(num(c1.neg()), root), add(num(c1.neg()), neg(root))].map((n) => simplifyReport(div(n, twoA), { deadline }).result);
}

/** An exact value equal to x where f' is exactly 0: a root of the polynomial f' or from nerdamer, or a recognised constant that checks out. */
function exactRoot(x: number, d: Expr, wrt: string, exactRoots: readonly Expr[], deadline: number): Expr | undefined {
  const close = (e: Expr) => Math.abs(numericValue(e) - x) <= 1e-9 * Math.max(1, Math.abs(x));
  const known = exactRoots.find(close);
  if (known) return known;
  for (const candidate of candidatesNear(x)) {
    if (!close(candidate)) continue;
    const value = simplifyReport(substitute(d, wrt, candidate), { deadline }).result;
    if (isNum(value, 0)) return candidate;
  }
  return undefined;
}

/** A root of f' from nerdamer's solve, checked: real, on the interval, and f' is exactly 0 there. */
interface SolvedRoot { root: Expr; value: number }

/**
 * Exact roots of f' on [lo, hi] by nerdamer's solve, each kept only when our simplifier makes f' exactly
 * 0 there: nerdamer answers most equations with decimals written as fractions (x³ = 2 → 170909539/135650991),
 * which a floating-point check of f' cannot tell from a root. A univariate polynomial gets only such
 * decimals, so one of degree 3 or 4 is asked with its lowest term scaled by a symbol set to 1 afterwards,
 * which takes nerdamer to its formulas (x³ − 2 → ∛2). Nothing is asked of a polynomial of degree ≤ 2
 * (solved exactly here) or ≥ 5 (decimals only), of anything not a polynomial (decimals, or nothing), of input integrate's guards refuse, or past the deadline
 * (nerdamer cannot be interrupted).
 */
function solvedRoots(d: Expr, wrt: string, lo: number, hi: number, deadline: number): SolvedRoot[] {
  if (performance.now() > deadline || tooHardForNerdamer(d, wrt)) return [];
  const expanded = expand(d) ?? d;
  const degree = polynomialDegree(expanded, wrt);
  // beyond polynomials nerdamer answers in decimals or not at all, at ~50 ms a call: not asked
  if (degree === undefined || degree <= 2 || degree >= 5) return [];
  const scale = freshName(d, 'lift');
  let asked = d;
  if (degree !== undefined && expanded.kind === 'add') {
    const lowest = expanded.terms.reduce((a, b) => (polynomialDegree(b, wrt)! < polynomialDegree(a, wrt)! ? b : a));
    asked = add(...expanded.terms.filter((t) => t !== lowest), mul(sym(scale), lowest));
  }
  const renaming = renamingFor([wrt, ...symbolsOf(asked)]);
  let solutions: string[];
  try {
    solutions = nerdamerSolve(toNerdamer(asked, renaming), renaming.toNerdamer.get(wrt)!).solutions;
  } catch (error) {
    if (error instanceof TimeoutError) throw error;
    // a function nerdamer lacks, or nerdamer failing on the equation: no exact candidates from it
    return [];
  }
  const out: SolvedRoot[] = [];
  for (const text of solutions) {
    let root: Expr;
    try {
      root = simplifyReport(substitute(fromNerdamer(text, renaming), scale, ONE), { deadline }).result;
    } catch (error) {
      if (error instanceof InputError) continue; // complex (the imaginary unit) or unreadable
      throw error;
    }
    if (symbolsOf(root).size) continue;
    const value = numericValue(root);
    if (!(value >= lo && value <= hi)) continue;
    if (!isNum(simplifyReport(substitute(d, wrt, root), { deadline }).result, 0)) continue;
    if (!out.some((r) => Math.abs(r.value - value) <= 1e-9 * Math.max(1, Math.abs(value)))) out.push({ root, value });
  }
  return out;
}

/** The located zeros of f' with the checked roots from nerdamer that the numeric search missed, sorted. */
function withSolvedRoots(located: Located[], solved: readonly SolvedRoot[], d1: (t: number) => number, f: (t: number) => number, lo: number, hi: number): Located[] {
  const missed = solved.filter((r) => Number.isFinite(f(r.value)) && !located.some((p) => Math.abs(p.x - r.value) <= 1e-9 * Math.max(1, Math.abs(r.value))));
  if (!missed.length) return located;
  const added = missed.map((r): Located => ({ x: r.value, kind: classify(d1, r.value, (hi - lo) / SAMPLES), differentiable: true }));
  return [...located, ...added].sort((p, q) => p.x - q.x);
}

/** Constants a critical point often is: p/q (q ≤ 12), p·π/q, ±√(p/q), (p ± m√k)/q, e^(p/2), log of small integers. */
function* candidatesNear(x: number): Generator<Expr> {
  for (let q = 1; q <= 12; q++) {
    const p = Math.round(x * q);
    if (Math.abs(p / q - x) < 1e-9) yield num(Rational.of(BigInt(p), BigInt(q)));
    const pp = Math.round((x * q) / Math.PI);
    if (Math.abs((pp * Math.PI) / q - x) < 1e-9 && pp !== 0) yield mul(num(Rational.of(BigInt(pp), BigInt(q))), PI);
    const s = Math.round(x * x * q);
    if (s > 0 && Math.abs(Math.sqrt(s / q) - Math.abs(x)) < 1e-9) yield mul(num(Math.sign(x)), sqrt(num(Rational.of(BigInt(s), BigInt(q)))));
    for (const k of [2, 3, 5, 6, 7, 10, 11, 13]) {
      for (let m = -6; m <= 6; m++) {
        if (m === 0) continue;
        const p2 = Math.round(x * q - m * Math.sqrt(k));
        if (Math.abs((p2 + m * Math.sqrt(k)) / q - x) < 1e-9) yield div(add(num(p2), mul(num(m), sqrt(num(k)))), num(q));
      }
    }
  }
  for (let p = -8; p <= 8; p++) {
    if (p !== 0 && Math.abs(Math.exp(p / 2) - x) < 1e-9) yield pow(E, num(Rational.of(BigInt(p), 2n)));
  }
  for (let n = 2; n <= 20; n++) {
    if (Math.abs(Math.log(n) - x) < 1e-9) yield call('log', [num(n)]);
  }
  if (Math.abs(x) < 1e-12) yield ZERO;
}

