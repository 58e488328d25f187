// What the calculus operations (tangent, Taylor, implicit, critical points) share: reading a scalar
// selection and a point, exact values at a point (special values of the circular functions folded),
// sums printed term by term in any notation, and the request's time budget.
import { InputError, Notation, variableName, Verification } from '../api';
import { hardDeadline, withDeadline } from '../budget';
import { asScalar, DialectStyle, Parsed, print, read, toLatex, toPlain } from '../dialects';
import { compile } from '../evaluate';
import { children, div, dividesByZero, Expr, NodeCache, isNegative, MINUS_ONE, mul, neg, num, ONE, PI, pow, rebuild, sqrt, symbolsOf, TWO, ZERO } from '../expr';
import { call } from '../functions';
import { Rational } from '../rational';
import { routeReading } from '../route';
import { simplifyReport } from '../simplify';
import { tidyConstant } from './constants';

/** Default simplification budget of one calculus operation (several derivatives and their checks). */
export const DEFAULT_CALCULUS_BUDGET_MS = 1500;

/** What every calculus request carries besides the selection. */
export interface CalculusOptions {
  /** The selection's notation; results print in it (Python stays numpy, LaTeX stays LaTeX). */
  notation: Notation;
  /** The variable; defaults to the only free symbol (an error when there are several). */
  wrt?: string;
  /** The document around the selection: its imports and conventions decide how code prints. */
  documentText?: string;
  /** Simplification budget in milliseconds; every stage stops at most 0.75 s past it. */
  budgetMs?: number;
}

/** A constant at a point: exact where it is exact (√2/2, log(2)), with its value. */
export interface ExactValue {
  /** In the selection's notation. */
  result: string;
  plain: string;
  latex: string;
  value: number;
  /** False when only the decimal value could be found (it is then printed as a decimal). */
  exact: boolean;
}

/** The soft deadline (simplification) and hard deadline (every stage) of a request started now. */
export function deadlines(budgetMs: number | undefined): { started: number; soft: number; hard: number } {
  const started = performance.now();
  const budget = budgetMs ?? DEFAULT_CALCULUS_BUDGET_MS;
  if (!(budget > 0)) throw new InputError(`the time budget must be a positive number of milliseconds, not ${budgetMs}`);
  return { started, soft: started + budget, hard: hardDeadline(started, budget) };
}

/** Runs an operation under its budget: the hard deadline in force for every stage. */
export function underBudget<T>(budgetMs: number | undefined, work: (d: { started: number; soft: number }) => T): T {
  const d = deadlines(budgetMs);
  return withDeadline(d.hard, () => work(d));
}

/** A selection read as one scalar expression; vector and matrix input is refused with `what` named. */
export function readScalar(source: string, notation: Notation, documentText: string | undefined, what: string): Parsed {
  const reading = read(source, notation, documentText);
  if (routeReading(reading, { documentText }).engine === 'matrix') throw new InputError(`${what} takes a scalar expression; this selection is vector or matrix calculus`);
  const parsed = asScalar(reading);
  if (parsed.operator) throw new InputError(`${what} takes an expression, not a derivative operator: select its operand`);
  if (dividesByZero(parsed.expr)) throw new InputError('the expression divides by zero');
  return parsed;
}

/** The variable of an operation: the one asked for, else the only free symbol. */
export function chooseVariable(e: Expr, wanted: string | undefined, what: string): string {
  if (wanted !== undefined) {
    return variableName(wanted, (name) => symbolsOf(e).has(name));
  }
  const free = [...symbolsOf(e)].sort();
  if (free.length === 1) return free[0];
  if (free.length === 0) return 'x';
  throw new InputError(`the expression has several variables (${free.join(', ')}): say which one ${what} is in`);
}

/**
 * A point: a number, or an exact constant read as plain math ("pi/4", "e", "1/3", "sqrt(2)").
 * Decimals stay exact decimals (0.5 is 1/2, printed 0.5).
 */
export function readPoint(at: number | string, name = 'the point'): Expr {
  if (typeof at === 'number') {
    if (!Number.isFinite(at)) throw new InputError(`${name} must be a finite number, not ${at}`);
    const text = String(at);
    const negative = text.startsWith('-');
    const r = Rational.parseDecimal(negative ? text.slice(1) : text);
    return num(negative ? r.neg() : r, !Number.isInteger(at));
  }
  if (typeof at !== 'string' || at.trim() === '') throw new InputError(`${name} must be a number or a constant such as "pi/4"`);
  let e: Expr;
  try {
    e = asScalar(read(at, 'plain')).expr;
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${name} "${at}" is not a number or a constant expression: ${error.detail}`);
    throw error;
  }
  const free = [...symbolsOf(e)];
  if (free.length) throw new InputError(`${name} "${at}" must be a constant, but it contains ${free.join(', ')}`);
  const v = numericValue(e);
  if (!Number.isFinite(v)) throw new InputError(`${name} "${at}" is not a finite real number`);
  return e;
}

/** Value of a constant expression (NaN when it is undefined or not real). */
export function numericValue(e: Expr): number {
  return compile(e, [])(new Float64Array(0));
}

/** e at name = value, every call folded at its special values (atan(−1) = −π/4, asin(1) = π/2), also calls without `name`. */
export function valueAt(e: Expr, name: string, value: Expr): Expr {
  const fold = (u: Expr): Expr => {
    if (u.kind === 'num' || u.kind === 'sym' || u.kind === 'const') return u;
    return foldSpecialValue(rebuild(u, children(u).map(fold), call));
  };
  return fold(substitute(e, name, value));
}

const memoKey = (name: string, value: Expr) => `${name}=${value.key}`;
const substituteMemo = new NodeCache<Map<string, Expr>>();

/** `e` with `name` replaced by `value`, rebuilt through the canonical constructors (sin(π) → 0). */
export function substitute(e: Expr, name: string, value: Expr): Expr {
  if (!symbolsOf(e).has(name)) return e;
  if (e.kind === 'sym') return value;
  let memo = substituteMemo.get(e);
  const key = memoKey(name, value);
  const known = memo?.get(key);
  if (known) return known;
  const out = foldSpecialValue(rebuild(e, children(e).map((c) => substitute(c, name, value)), call));
  if (!memo) substituteMemo.set(e, (memo = new Map()));
  memo.set(key, out);
  return out;
}

// ── Special values: the circular functions at multiples of π/6 and π/4, their inverses at those values ──

const SQRT2_HALF = div(sqrt(TWO), TWO);
const SQRT3_HALF = div(sqrt(num(3)), TWO);
/** sin(jπ/12) for j = 0…6 where it is a surd (j = 1, 5 are not taken). */
const SINE_TWELFTHS: ReadonlyMap<number, Expr> = new Map([[0, ZERO], [2, num(Rational.HALF)], [3, SQRT2_HALF], [4, SQRT3_HALF], [6, ONE]]);

/** The multiple j of π/12 that `u` is, when u = r·π with 12r whole. */
function twelfths(u: Expr): number | undefined {
  if (u === PI) return 12;
  if (u.kind !== 'mul' || u.factors.length !== 2 || u.factors[1] !== PI || u.factors[0].kind !== 'num') return undefined;
  const j = u.factors[0].value.mul(Rational.of(12n));
  return j.isInteger ? Number(j.num) : undefined;
}

function sineOfTwelfths(j: number): Expr | undefined {
  const k = ((j % 24) + 24) % 24;
  if (k >= 12) { const s = sineOfTwelfths(k - 12); return s && neg(s); }
  return SINE_TWELFTHS.get(k <= 6 ? k : 12 - k);
}

/** Values of the inverse functions at the surds above: asin(√2/2) = π/4, atan(√3) = π/3. */
const INVERSE_VALUES: ReadonlyMap<string, ReadonlyMap<string, Expr>> = (() => {
  const angle = (j: number) => mul(num(Rational.of(BigInt(j), 12n)), PI);
  const m = new Map<string, Map<string, Expr>>([['asin', new Map()], ['acos', new Map()], ['atan', new Map()]]);
  for (let j = -6; j <= 6; j++) {
    const s = sineOfTwelfths(j);
    if (s) m.get('asin')!.set(s.key, angle(j));
    const c = sineOfTwelfths(j + 6);
    if (c && j >= 0) m.get('acos')!.set(c.key, angle(j));
    if (c && s && j > -6 && j < 6) {
      const t = simplifyReport(div(s, c), { deadline: Infinity }).result;
      m.get('atan')!.set(t.key, angle(j));
    }
  }
  for (let j = 6; j <= 12; j++) {
    const c = sineOfTwelfths(j + 6);
    if (c) m.get('acos')!.set(c.key, angle(j));
  }
  return m;
})();

/** A call at a special value, exactly: sin(π/4) = √2/2, tan(π/3) = √3, atan(1) = π/4; otherwise `e`. */
export function foldSpecialValue(e: Expr): Expr {
  if (e.kind !== 'call' || e.args.length !== 1) return e;
  const u = e.args[0];
  const j = twelfths(u);
  if (j !== undefined) {
    const s = sineOfTwelfths(j), c = sineOfTwelfths(j + 6);
    if (s && c) {
      switch (e.fn) {
        case 'sin': return s;
        case 'cos': return c;
        case 'tan': return div(s, c);
        case 'cot': return div(c, s);
        case 'sec': return pow(c, MINUS_ONE);
        case 'csc': return pow(s, MINUS_ONE);
      }
    }
  }
  const inverse = INVERSE_VALUES.get(e.fn)?.get(u.key);
  return inverse ?? e;
}

/**
 * The exact constant `e` simplified, checked against `expected` (its value computed from the input
 * in floating point): exact when they agree, otherwise the decimal value. NaN or an infinity when
 * undefined there.
 */
export function exactConstant(e: Expr, deadline: number, expected?: number): { expr: Expr; value: number; exact: boolean } {
  const simplified = dividesByZero(e) ? e : tidyConstant(simplifyReport(e, { deadline }).result);
  const value = dividesByZero(simplified) ? NaN : numericValue(simplified);
  if (expected === undefined || !Number.isFinite(value) || !Number.isFinite(expected)) return { expr: simplified, value, exact: true };
  if (Math.abs(value - expected) <= 1e-9 * Math.max(1, Math.abs(expected))) return { expr: simplified, value, exact: true };
  return { expr: decimal(expected), value: expected, exact: false };
}

/** A number as an exact decimal constant (15 significant digits). */
export function decimal(v: number): Expr {
  const text = v.toPrecision(15).replace(/\.?0+(e|$)/, '$1');
  const negative = text.startsWith('-');
  const r = Rational.parseDecimal(negative ? text.slice(1) : text);
  return num(negative ? r.neg() : r, true);
}

/** A constant printed in the notation, plain and LaTeX, with its value. */
export function exactValue(e: Expr, style: DialectStyle, value: number, exact: boolean): ExactValue {
  return { result: print(e, style), plain: toPlain(e), latex: toLatex(e), value, exact };
}

/** Prints a sum term by term (`terms` kept as given, so c·(x − 1)² is not expanded), with + and − between them. */
export function printTerms(terms: readonly Expr[], printer: (e: Expr) => string): string {
  const nonzero = terms.filter((t) => !(t.kind === 'num' && t.value.isZero));
  if (nonzero.length === 0) return printer(ZERO);
  return nonzero.map((t, i) => {
    if (i === 0) return printer(t);
    return isNegative(t) ? ` - ${printer(neg(t))}` : ` + ${printer(t)}`;
  }).join('');
}

/** A verification that failed for `reason`, with the method named. */
export function unverified(method: string, reason: string): Verification {
  return { verified: false, method, points: [], maxRelError: 0, reason };
}

/** The name a result's equation assigns to: `y`, or another when y is taken. */
export function resultName(taken: ReadonlySet<string>, preferred = 'y'): string {
  for (const n of [preferred, 'y', 'T', 'L', 'tangent']) if (!taken.has(n)) return n;
  return 'result';
}
