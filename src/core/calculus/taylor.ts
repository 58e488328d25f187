// The Taylor polynomial of order n at a point: Σ f⁽ᵏ⁾(a)/k!·(x − a)ᵏ with exact coefficients, the
// remainder stated (+ O(x⁶) in plain and LaTeX, a trailing comment in code), checked twice: each
// derivative against a numeric derivative, and the error |f − Tₙ| shrinking like h^(n+1) as x → a.
import { InputError, Verification } from '../api';
import { derivative } from '../diff';
import { DialectStyle, print, toLatex, toPlain } from '../dialects';
import { parenthesized } from '../dialects/latex';
import { add, Expr, mul, num, pow, sub, sym, symbolsOf } from '../expr';
import { nonDifferentiableWhere } from '../kinks';
import { Rational } from '../rational';
import { CUT_SHORT_WARNING, simplifyReport } from '../simplify';
import { verifiedInTime, VerificationLevel } from '../verify';
import {
  CalculusOptions, chooseVariable, ExactValue, exactConstant, exactValue, numericValue, printTerms, readPoint, readScalar, substitute, underBudget,
} from './common';
import { along, checkDerivativeNear, oneSidedSlopes, parameterValues } from './numeric';
import { taylorSeries } from './series';

/** Highest order asked for: each order is one more derivative, simplified and checked. */
export const MAX_TAYLOR_ORDER = 20;
export const DEFAULT_TAYLOR_ORDER = 5;

export interface TaylorOptions extends CalculusOptions {
  /** The expansion point a (default 0): a number or an exact constant such as "pi/4". */
  at?: number | string;
  /** The order n (default 5): the polynomial has the terms up to (x − a)ⁿ. */
  order?: number;
}

export interface TaylorResult {
  input: { plain: string; latex: string };
  /** The polynomial in the selection's notation with the remainder: `+ O(x^6)` in plain and LaTeX, a trailing comment in code (`  # O(x**6)`). */
  result: string;
  /** The polynomial alone in the selection's notation (what Insert writes). */
  polynomial: string;
  /** The polynomial in plain syntax, WITHOUT the O term: `x - x^3/6 + x^5/120`. */
  plain: string;
  /** The polynomial in plain syntax WITH the O term: `x - x^3/6 + x^5/120 + O(x^6)`. */
  plainWithRemainder: string;
  /** The polynomial in LaTeX with the O term. */
  latex: string;
  /** The polynomial in LaTeX without the O term. */
  latexPolynomial: string;
  /** The remainder's order: O((x − a)^(n+1)), plain and LaTeX. */
  remainder: { plain: string; latex: string; order: number };
  wrt: string;
  at: ExactValue;
  order: number;
  /** f⁽ᵏ⁾(a)/k! for k = 0…n, exact where exact (a value depending on parameters has value NaN). */
  coefficients: ExactValue[];
  /** Every derivative checked numerically, and the error shrinking at the stated order. */
  verified: boolean;
  verification: Verification;
  /** The error's observed order near a (about n + 1 or more); absent when the error is at rounding level throughout. */
  observedOrder?: number;
  warnings?: string[];
  ms: number;
}

export const TAYLOR_METHOD = "each derivative checked by Ridders' central differences at points near a; |f − T| at a ± h for shrinking h falls like h^(n+1) or faster";
/** The check of a polynomial whose coefficients come from f's series at a removable singularity (the derivatives there are limits). */
export const TAYLOR_SERIES_METHOD = "the coefficients from f's power series at a (f is undefined at a itself); |f − T| at a ± h for shrinking h falls like h^(n+1) or faster, up to the step where f's own rounding takes over";

/** The Taylor polynomial of the selection. Throws InputError where f or one of its derivatives is undefined at a. */
export function taylor(source: string, options: TaylorOptions): TaylorResult {
  return underBudget(options.budgetMs, ({ started, soft }) => {
    const parsed = readScalar(source, options.notation, options.documentText, 'a Taylor polynomial (for a function of a vector, the second-order expansion: taylorVector)');
    const f = parsed.expr;
    const wrt = chooseVariable(f, options.wrt, 'the Taylor polynomial');
    const a = readPoint(options.at ?? 0, 'the expansion point');
    const n = options.order ?? DEFAULT_TAYLOR_ORDER;
    if (!Number.isInteger(n) || n < 0 || n > MAX_TAYLOR_ORDER) throw new InputError(`the order of a Taylor polynomial must be a whole number from 0 to ${MAX_TAYLOR_ORDER}, not ${n}`);
    const warnings = [...(parsed.warnings ?? [])];
    const kinks = nonDifferentiableWhere(f, wrt, toPlain);
    if (kinks) warnings.push(kinks);
    const params = parameterValues(f, wrt);
    const aValue = numericValue(a);
    const aText = toPlain(a);
    if (n >= 1) {
      const sides = oneSidedSlopes(f, wrt, a, params);
      if (sides && !sides.agree) throw new InputError(`f is not differentiable at ${wrt} = ${aText}, so it has no Taylor polynomial there`);
    }

    const x = sym(wrt);
    const shift = a.kind === 'num' && a.value.isZero ? x : sub(x, a);
    const levels: VerificationLevel[] = [];
    const coefficients: { expr: Expr; value: number; exact: boolean }[] = [];
    let current = f;
    let complete = true;
    let factorial = Rational.ONE;
    // where f or a derivative is undefined at a, its limit there may still exist (sin(x)/x at 0): the
    // coefficients then come from the series of f at a, computed once
    let series: Expr[] | undefined;
    for (let k = 0; k <= n; k++) {
      if (k > 0) {
        const d = simplifyReport(derivative(current, wrt).result, { deadline: soft });
        complete &&= d.complete;
        levels.push({ of: current, claimed: d.result });
        current = d.result;
        factorial = factorial.mul(Rational.of(BigInt(k)));
      }
      const expected = along(current, wrt, params)(aValue);
      if (!Number.isFinite(expected) && !series) {
        series = taylorSeries(f, wrt, a, n, soft);
        if (!series) {
          throw new InputError(k === 0
            ? `f is not defined at ${wrt} = ${aText}`
            : `the ${ordinal(k)} derivative of f is not defined at ${wrt} = ${aText}, so f has no Taylor polynomial of order ${n} there`);
        }
      }
      if (series) break;
      const at = substitute(current, wrt, a);
      const c = params.size > 0
        ? { expr: simplifyReport(at, { deadline: soft }).result, value: NaN, exact: true }
        : exactConstant(at, soft, expected);
      const scaled = mul(c.expr, num(factorial.powInt(-1n)));
      coefficients.push({ expr: scaled, value: c.value / factorial.toNumber(), exact: c.exact });
    }
    if (series) {
      warnings.push(`f is undefined at ${wrt} = ${aText}; the polynomial expands its limit there (the removable singularity filled in)`);
      coefficients.splice(0, coefficients.length, ...series.map((c) => ({ expr: c, value: params.size > 0 ? NaN : numericValue(c), exact: true })));
    }
    if (!complete) warnings.push(CUT_SHORT_WARNING);

    const terms = coefficients.map((c, k) => mul(c.expr, pow(shift, num(k))));
    const polynomialExpr = add(...terms);
    // printed with x − a as one symbol, so (x − 1)² stays (x − 1)² and c·(x − 1) is not expanded
    const shiftFree = shift === x ? undefined : sym(placeholderFor(f));
    const shown = (e: Expr) => (shiftFree ? substitute(e, wrt, add(shiftFree, a)) : e);
    const shownTerms = terms.map(shown);
    const printer = (write: (e: Expr) => string, grouped: string) => (e: Expr) =>
      shiftFree ? write(e).split(write(shiftFree)).join(grouped) : write(e);
    const grouped = (write: (e: Expr) => string, open = '(', close = ')') => `${open}${write(shift)}${close}`;
    const latexGroup = toLatex(shift).includes('\\frac') ? grouped(toLatex, '\\left(', '\\right)') : grouped(toLatex);
    const style = parsed.style;
    const inNotation = printer((e) => print(e, style), style.dialect === 'latex' ? latexGroup : grouped((e) => print(e, style)));
    const inPlain = printer(toPlain, grouped(toPlain));
    const inLatex = printer(toLatex, latexGroup);
    const remainderTerm = pow(shiftFree ?? x, num(n + 1));
    const remainder = { plain: `O(${inPlain(remainderTerm)})`, latex: `O${parenthesized(inLatex(remainderTerm))}`, order: n + 1 };
    // a leading (x − a) alone needs no brackets: x - 1 - (x - 1)^2/2
    const leading = shownTerms.find((t) => !(t.kind === 'num' && t.value.isZero));
    const bare = (text: string, group: string, write: (e: Expr) => string) =>
      shiftFree && leading === shiftFree && text.startsWith(group) ? write(shift) + text.slice(group.length) : text;
    const polynomial = bare(printTerms(shownTerms, inNotation), style.dialect === 'latex' ? latexGroup : grouped((e) => print(e, style)), (e) => print(e, style));
    const plain = bare(printTerms(shownTerms, inPlain), grouped(toPlain), toPlain);
    const latexPolynomial = bare(printTerms(shownTerms, inLatex), latexGroup, toLatex);

    let observedOrder: number | undefined;
    const check = verifiedInTime(() => {
      // a series' coefficients are not the derivatives' values at a: only the error's order checks them
      const v = verifyTaylor(series ? [] : levels, wrt, f, polynomialExpr, aValue, n, params, series ? TAYLOR_SERIES_METHOD : TAYLOR_METHOD, !!series);
      observedOrder = v.observedOrder;
      return v;
    });
    return {
      input: { plain: toPlain(f), latex: toLatex(f) },
      result: withRemainder(polynomial, remainder, style),
      polynomial,
      plain,
      plainWithRemainder: `${plain} + ${remainder.plain}`,
      latex: `${latexPolynomial} + ${remainder.latex}`,
      latexPolynomial,
      remainder,
      wrt,
      at: exactValue(a, style, aValue, true),
      order: n,
      coefficients: coefficients.map((c) => exactValue(c.expr, style, c.value, c.exact)),
      verified: check.verified,
      verification: check,
      ...(observedOrder !== undefined ? { observedOrder } : {}),
      ...(warnings.length ? { warnings } : {}),
      ms: performance.now() - started,
    };
  });
}

/**
 * The polynomial with its remainder: written after it in plain and LaTeX, as a trailing comment in
 * code, its power in the language's syntax (`x**4` in Python, `x ** 4` in JavaScript as the
 * polynomial beside it prints powers, `x^4` in MATLAB and Julia: the comment's O is not elementwise).
 */
function withRemainder(polynomial: string, remainder: { plain: string; latex: string }, style: DialectStyle): string {
  switch (style.dialect) {
    case 'plain': return `${polynomial} + ${remainder.plain}`;
    case 'latex': return `${polynomial} + ${remainder.latex}`;
    case 'python': return `${polynomial}  # + ${remainder.plain.replace(/\^/g, '**')}`;
    case 'julia': return `${polynomial}  # + ${remainder.plain}`;
    case 'javascript': return `${polynomial}  // + ${remainder.plain.replace(/\^/g, ' ** ')}`;
    case 'c': return `${polynomial}  // + ${remainder.plain}`;
    case 'matlab': return `${polynomial}  % + ${remainder.plain}`;
  }
}

/** A symbol name the expression does not use, standing for x − a while printing. */
function placeholderFor(f: Expr): string {
  const used = symbolsOf(f);
  let name = 'xshift';
  while (used.has(name)) name += '_';
  return name;
}

function ordinal(k: number): string {
  if (k === 1) return 'first';
  if (k === 2) return 'second';
  const suffix = k % 100 >= 11 && k % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][k % 10] ?? 'th';
  return `${k}${suffix}`;
}

/** Steps h at which the error is measured: h₀/2ʲ. */
const STEPS = 12;

/**
 * The derivatives checked one by one, then the error: e(h) = max |f(a ± h) − T(a ± h)| falls at least
 * like h^(n+1) between the two smallest steps where it is above rounding. A polynomial that equals f
 * (error at rounding level at every step) passes.
 */
function verifyTaylor(
  levels: VerificationLevel[], wrt: string, f: Expr, polynomial: Expr, a: number, n: number, params: ReadonlyMap<string, number>, method: string, cancelling = false,
): Verification & { observedOrder?: number } {
  let maxRelError = 0;
  const points: Record<string, number>[] = [];
  for (const [k, level] of levels.entries()) {
    const v = checkDerivativeNear(level.of, level.claimed, wrt, a, params);
    if (!v.ok) return { verified: false, method, points, maxRelError, reason: `the ${ordinal(k + 1)} derivative ${v.reason}` };
    maxRelError = Math.max(maxRelError, v.maxRelError);
  }
  const F = along(f, wrt, params), T = along(polynomial, wrt, params);
  const h0 = 0.5 * Math.max(1, Math.abs(a) / 4);
  const errors: { h: number; error: number; noise: number }[] = [];
  for (let j = 0; j < STEPS; j++) {
    const h = h0 / 2 ** j;
    let error = 0, noise = 0, defined = true;
    for (const t of [a + h, a - h]) {
      const fv = F(t), tv = T(t);
      if (!Number.isFinite(fv) || !Number.isFinite(tv)) { defined = false; break; }
      error = Math.max(error, Math.abs(fv - tv));
      noise = Math.max(noise, 1e-13 * Math.max(1, Math.abs(fv)));
    }
    if (defined) errors.push({ h, error, noise });
  }
  const steps = errors.map((e) => ({ [wrt]: a + e.h }));
  if (errors.length < 3) return { verified: false, method, points, maxRelError, reason: `f is not defined on both sides of ${wrt} = ${a} at enough points` };
  // near a removable singularity f itself loses digits as h → 0 ((1 − cos h)/h²): its error is the
  // polynomial's only while it falls, so the steps after the first that does not fall are rounding
  const rising = cancelling ? errors.findIndex((e, j) => j > 0 && e.error >= errors[j - 1].error) : -1;
  const falling = rising < 0 ? errors : errors.slice(0, Math.max(2, rising));
  const usable = falling.filter((e) => e.error > 100 * e.noise);
  if (usable.length === 0) return { verified: true, method, points: [...steps, ...points], maxRelError };
  // the two smallest steps where the error is above rounding: asymptotic there
  const last = usable[usable.length - 1];
  const next = errors[errors.indexOf(last) + 1];
  if (usable.length === 1) {
    // above rounding at one step only: the next step's error must have fallen to rounding or by about 2^(n+1)
    const fell = !next || next.error <= 100 * next.noise || next.error <= (2 * last.error) / 2 ** (n + 1);
    return fell
      ? { verified: true, method, points: [...steps, ...points], maxRelError }
      : { verified: false, method, points: steps, maxRelError, reason: `the error at ${wrt} = ${a} ± ${last.h} does not shrink at order ${n + 1}` };
  }
  const before = usable[usable.length - 2];
  const observedOrder = Math.log(before.error / last.error) / Math.log(before.h / last.h);
  if (observedOrder >= n + 1 - 0.5) return { verified: true, method, points: [...steps, ...points], maxRelError, observedOrder };
  return {
    verified: false, method, points: steps, maxRelError, observedOrder,
    reason: `the error |f - T| shrinks like h^${observedOrder.toFixed(2)} near ${wrt} = ${a}, not like h^${n + 1}`,
  };
}
