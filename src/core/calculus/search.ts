// Candidate antiderivatives, all computed by nerdamer: the integrand as written, then forms of it that
// nerdamer handles better (sin/cos instead of tan/sec/csc/cot, term by term, partial fractions, a
// linear substitution that completes the square or frees a root, a substitution u whose derivative
// divides the integrand). Candidates come lazily, cheapest first; the caller verifies each and keeps
// the first whose derivative is the integrand, so a strategy can only add answers, never wrong ones.
import { InputError } from '../api';
import { TimeoutError } from '../budget';
import { derivative } from '../diff';
import { add, children, div, E, Expr, mul, num, ONE, pow, rebuild, sym, symbolsOf, treeSize } from '../expr';
import { call } from '../functions';
import { Rational } from '../rational';
import { expand, rationalRoots, simplifyReport } from '../simplify';
import { substitute } from './common';
import { fromNerdamer, nerdamerIntegrate, nerdamerPartialFractions, renamingFor, toNerdamer, UnknownToNerdamer } from './nerdamer';

/** One proposal: the antiderivative as read back, and how it was found. */
export interface Candidate {
  F: Expr;
  strategy: string;
}

/** Why a search found nothing, from its first attempt (the integrand as written). */
export interface SearchLog {
  firstFailure?: string;
  /** Calls made to nerdamer, their total time and the longest one. */
  calls: number;
  nerdamerMs: number;
  longestMs: number;
}

// Inputs whose search can run for seconds in nerdamer, which cannot be interrupted (measured: a
// polynomial power (3x + 2)^100 expands for 12 s, 1/(x^10 + 1) takes 5 s of partial fractions, an
// irreducible cubic denominator about 2 s). Past these bounds the integrand is not sent at all.
/** Largest integrand, in tree nodes. */
const MAX_INTEGRAND_NODES = 80;
/** Largest degree of an expanded polynomial power, (x + 1)^n with degree·n. */
const MAX_EXPANDED_DEGREE = 24;
/** Largest total degree of polynomial denominators (partial fractions). */
const MAX_DENOMINATOR_DEGREE = 4;
/** Coefficients past which a cubic's rational roots are not searched (it is then not refused). */
const MAX_ROOT_TESTED = 10_000n;
/** Calls to nerdamer one search may make (each is 1–300 ms on textbook integrands). */
const MAX_CALLS = 12;

/** A reason not to send `f` to nerdamer (its search could outlast any budget), or undefined. */
export function tooHardForNerdamer(f: Expr, wrt: string): string | undefined {
  if (treeSize(f) > MAX_INTEGRAND_NODES) return `the integrand is too large for the symbolic integrator (${treeSize(f)} nodes, at most ${MAX_INTEGRAND_NODES})`;
  let expanded = 0, denominator = 0;
  let irreducibleCubic: Expr | undefined;
  const visit = (e: Expr, inProduct: boolean): void => {
    if (e.kind === 'pow' && e.exp.kind === 'num' && e.exp.value.isInteger && e.base.kind === 'add' && symbolsOf(e.base).has(wrt)) {
      const degree = polynomialDegree(e.base, wrt);
      const n = Number(e.exp.value.num);
      if (degree === 3 && n < 0 && !hasRationalRoot(e.base, wrt)) irreducibleCubic ??= e.base;
      if (degree !== undefined && n > 0) expanded = Math.max(expanded, degree * n);
      if (degree !== undefined && n < 0) denominator = inProduct ? denominator + degree * -n : Math.max(denominator, degree * -n);
    }
    for (const c of children(e)) visit(c, e.kind === 'mul');
  };
  visit(f, false);
  if (expanded > MAX_EXPANDED_DEGREE) return `a polynomial power of degree ${expanded} is too large for the symbolic integrator (at most ${MAX_EXPANDED_DEGREE})`;
  // measured 1–2 s in nerdamer, always unevaluated: the partial fractions need the cubic's irrational roots
  if (irreducibleCubic) return 'the denominator is a cubic without a rational root, whose partial fractions the symbolic integrator cannot find';
  if (denominator > MAX_DENOMINATOR_DEGREE) return `a denominator of degree ${denominator} is too large for the symbolic integrator's partial fractions (at most ${MAX_DENOMINATOR_DEGREE})`;
  return undefined;
}

/**
 * Whether a polynomial in x with rational coefficients has a rational root (the rational root test);
 * true when a coefficient is not a number or too large to test, so that only a proven case is refused.
 */
function hasRationalRoot(p: Expr, x: string): boolean {
  const coefficients = polynomialCoefficients(p, x, 3);
  if (!coefficients || coefficients.some((c) => c.kind !== 'num')) return true;
  const rationals = coefficients.map((c) => (c as Expr & { kind: 'num' }).value);
  if (rationals[0].isZero) return true;
  const roots = rationalRoots(rationals, MAX_ROOT_TESTED);
  return roots === undefined || roots.length > 0;
}

/** Degree of a polynomial in `x` (other symbols are coefficients), or undefined when it is not one. */
export function polynomialDegree(e: Expr, x: string): number | undefined {
  if (!symbolsOf(e).has(x)) return 0;
  switch (e.kind) {
    case 'sym': return 1;
    case 'add': {
      let max = 0;
      for (const t of e.terms) { const d = polynomialDegree(t, x); if (d === undefined) return undefined; max = Math.max(max, d); }
      return max;
    }
    case 'mul': {
      let sum = 0;
      for (const t of e.factors) { const d = polynomialDegree(t, x); if (d === undefined) return undefined; sum += d; }
      return sum;
    }
    case 'pow': {
      if (e.exp.kind !== 'num' || !e.exp.value.isInteger || e.exp.value.isNegative) return undefined;
      const d = polynomialDegree(e.base, x);
      return d === undefined ? undefined : d * Number(e.exp.value.num);
    }
    default: return undefined;
  }
}

/** The search's state: the variable, its deadline and its log. */
class Search {
  readonly log: SearchLog = { calls: 0, nerdamerMs: 0, longestMs: 0 };
  constructor(readonly wrt: string, readonly deadline: number) {}

  /** No call to nerdamer is started that the longest one so far says would end past the deadline (it cannot be interrupted). */
  private get exhausted(): boolean { return this.log.calls >= MAX_CALLS || performance.now() + this.log.longestMs > this.deadline; }

  private record(ms: number): void {
    this.log.nerdamerMs += ms;
    this.log.longestMs = Math.max(this.log.longestMs, ms);
  }

  /** nerdamer's antiderivative of `f` by `x`, read back; undefined with the reason logged when there is none. */
  direct(f: Expr, x = this.wrt): Expr | undefined {
    const fail = (reason: string) => { this.log.firstFailure ??= reason; return undefined; };
    if (!symbolsOf(f).has(x)) return mul(f, sym(x));
    const tooHard = tooHardForNerdamer(f, x);
    if (tooHard) return fail(tooHard);
    if (this.exhausted) return fail('the time budget ran out before the symbolic integrator found an answer');
    const renaming = renamingFor([x, ...symbolsOf(f)]);
    try {
      this.log.calls++;
      const answer = nerdamerIntegrate(toNerdamer(f, renaming), renaming.toNerdamer.get(x)!);
      this.record(answer.ms);
      return fromNerdamer(answer.text, renaming);
    } catch (error) {
      if (error instanceof TimeoutError) throw error;
      if (error instanceof UnknownToNerdamer || error instanceof InputError) return fail(error instanceof InputError ? error.detail : error.message);
      // nerdamer reports what it cannot do by throwing (division by zero, unsupported forms)
      return fail(`the symbolic integrator failed (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** ∫ f term by term, each term as written or with sin/cos; undefined when a term has no answer. */
  termwise(f: Expr, x = this.wrt): Expr | undefined {
    const terms = f.kind === 'add' ? f.terms : [f];
    const parts: Expr[] = [];
    for (const t of terms) {
      const F = this.direct(t, x) ?? (hasReciprocalTrig(t) ? this.direct(inSinCos(t), x) : undefined);
      if (!F) return undefined;
      parts.push(F);
    }
    return add(...parts);
  }

  /** Partial fractions by nerdamer, then term by term (for a rational integrand whose whole nerdamer missed). */
  partialFractions(f: Expr): Expr | undefined {
    if (!isRational(f, this.wrt) || this.exhausted || tooHardForNerdamer(f, this.wrt)) return undefined;
    const renaming = renamingFor([this.wrt, ...symbolsOf(f)]);
    let parts: Expr;
    try {
      this.log.calls++;
      const answer = nerdamerPartialFractions(toNerdamer(f, renaming), renaming.toNerdamer.get(this.wrt)!);
      this.record(answer.ms);
      parts = fromNerdamer(answer.text, renaming);
    } catch (error) {
      if (error instanceof TimeoutError) throw error;
      return undefined;
    }
    return parts.kind === 'add' ? this.termwise(parts) : undefined;
  }

  /**
   * ∫ f(x) dx with x = (t − b)/a: G(t) = ∫ f((t − b)/a)/a dt, then F(x) = G(ax + b). Chosen to complete the
   * square of a quadratic (1/(x² + 2x + 5)) or to free a linear root (x·√(x + 1)).
   */
  linear(f: Expr): Expr | undefined {
    const shift = linearSubstitution(f, this.wrt);
    if (!shift) return undefined;
    const { a, b } = shift;
    const t = freshName(f, 't');
    const T = sym(t);
    const x = div(add(T, mul(num(-1), b)), a);
    const g = simplifyReport(div(substitute(f, this.wrt, x), a), { deadline: this.deadline }).result;
    const expanded = expand(g) ?? g;
    const G = this.direct(g, t) ?? (expanded.key !== g.key ? this.termwise(expanded, t) : undefined);
    return G && substitute(G, t, add(mul(a, sym(this.wrt)), b));
  }

  /** ∫ p·L dx = P·L − ∫ P·L' dx for a polynomial p (P = ∫ p) times one logarithm or inverse function L. */
  byParts(f: Expr): Expr | undefined {
    const factors = f.kind === 'mul' ? f.factors : [f];
    const logs = factors.filter((g) => g.kind === 'call' && BY_PARTS.has(g.fn) && symbolsOf(g).has(this.wrt));
    if (logs.length !== 1) return undefined;
    const L = logs[0];
    const p = mul(...factors.filter((g) => g !== L));
    if (polynomialDegree(p, this.wrt) === undefined) return undefined;
    const P = this.direct(p);
    if (!P) return undefined;
    const rest = simplifyReport(mul(P, derivative(L, this.wrt).result), { deadline: this.deadline }).result;
    const expanded = expand(rest);
    const R = this.direct(rest) ?? (expanded && expanded.kind === 'add' ? this.termwise(expanded) : undefined) ?? this.partialFractions(rest);
    return R && add(mul(P, L), mul(num(-1), R));
  }

  /** ∫ g(u(x))·u'(x) dx = G(u(x)) where G = ∫ g(t) dt, for u among the integrand's inner expressions. */
  derivativeDivides(f: Expr): Expr | undefined {
    const t = freshName(f, 'u');
    for (const u of innerCandidates(f, this.wrt)) {
      if (this.exhausted) return undefined;
      const du = derivative(u, this.wrt).result;
      if (du.kind === 'num' && du.value.isZero) continue;
      const quotient = simplifyReport(div(f, du), { deadline: this.deadline }).result;
      const g = inTermsOf(quotient, u, t, this.wrt);
      if (!g || symbolsOf(g).has(this.wrt)) continue;
      const G = this.direct(g, t);
      if (G) return substitute(G, t, u);
    }
    return undefined;
  }
}

/**
 * Candidate antiderivatives of `f` by `wrt`, cheapest first, each computed by nerdamer; `log` tells
 * why the first attempt failed when none is accepted. Stops at `deadline` and after MAX_CALLS calls.
 */
export function* candidates(f: Expr, wrt: string, deadline: number, log?: (l: SearchLog) => void): Generator<Candidate> {
  const search = new Search(wrt, deadline);
  try {
    const attempts: [string, () => Expr | undefined][] = [
      ['as written', () => search.direct(f)],
      ['in sin and cos', () => (hasReciprocalTrig(f) ? search.direct(inSinCos(f)) : undefined)],
      ['term by term', () => { const e = expand(f); return e && e.kind === 'add' ? search.termwise(e) : undefined; }],
      ['by partial fractions', () => search.partialFractions(f)],
      ['by a linear substitution', () => search.linear(f)],
      ['by substitution', () => search.derivativeDivides(f)],
      ['by parts', () => search.byParts(f)],
    ];
    for (const [strategy, attempt] of attempts) {
      if (strategy !== 'as written' && performance.now() > deadline) return;
      const F = attempt();
      if (F) yield { F, strategy };
    }
  } finally {
    log?.(search.log);
  }
}

const RECIPROCAL_TRIG = new Set(['tan', 'sec', 'csc', 'cot']);
/** Factors integration by parts differentiates away: logarithms and inverse functions. */
const BY_PARTS = new Set(['log', 'atan', 'asin', 'acos', 'acot', 'asinh', 'acosh', 'atanh']);

function hasReciprocalTrig(e: Expr): boolean {
  return (e.kind === 'call' && RECIPROCAL_TRIG.has(e.fn)) || children(e).some(hasReciprocalTrig);
}

/** tan, sec, csc, cot written with sin and cos. */
function inSinCos(e: Expr): Expr {
  if (e.kind === 'num' || e.kind === 'sym' || e.kind === 'const') return e;
  const kids = children(e).map(inSinCos);
  if (e.kind === 'call' && RECIPROCAL_TRIG.has(e.fn)) {
    const [u] = kids;
    const sin = call('sin', [u]), cos = call('cos', [u]);
    switch (e.fn) {
      case 'tan': return div(sin, cos);
      case 'sec': return div(ONE, cos);
      case 'csc': return div(ONE, sin);
      default: return div(cos, sin);
    }
  }
  return rebuild(e, kids, call);
}

/** A quotient of polynomials in x. */
function isRational(e: Expr, x: string): boolean {
  if (polynomialDegree(e, x) !== undefined) return true;
  if (e.kind === 'pow') return e.exp.kind === 'num' && e.exp.value.isInteger && polynomialDegree(e.base, x) !== undefined;
  if (e.kind === 'mul' || e.kind === 'add') return children(e).every((c) => isRational(c, x));
  return false;
}

/** u = a·x + b to substitute: the shift completing a quadratic's square, or a linear polynomial under a root or in a function. */
function linearSubstitution(f: Expr, x: string): { a: Expr; b: Expr } | undefined {
  let found: { a: Expr; b: Expr } | undefined;
  const visit = (e: Expr): void => {
    if (found) return;
    const inside = e.kind === 'pow' && !(e.exp.kind === 'num' && e.exp.value.isInteger && !e.exp.value.isNegative) ? e.base : e.kind === 'call' ? e.args[0] : undefined;
    if (inside && inside.kind === 'add') {
      const c = polynomialCoefficients(inside, x);
      if (c?.length === 2 && !(isZeroNum(c[0]))) found = { a: c[1], b: c[0] };
      // α x² + β x + γ = α (x + β/2α)² + …: substitute t = x + β/(2α)
      if (c?.length === 3 && !isZeroNum(c[1])) found = { a: ONE, b: div(c[1], mul(num(2), c[2])) };
    }
    for (const k of children(e)) visit(k);
  };
  visit(f);
  return found;
}

function isZeroNum(e: Expr): boolean { return e.kind === 'num' && e.value.isZero; }

/** Coefficients [c0, c1, …] of a polynomial in x whose coefficients are constants, or undefined. */
function polynomialCoefficients(e: Expr, x: string, maxDegree = 2): Expr[] | undefined {
  const degree = polynomialDegree(e, x);
  if (degree === undefined || degree > maxDegree) return undefined;
  const coefficients: Expr[] = Array.from({ length: degree + 1 }, () => num(0));
  for (const t of e.kind === 'add' ? e.terms : [e]) {
    const factors = t.kind === 'mul' ? t.factors : [t];
    let power = 0;
    const rest: Expr[] = [];
    for (const factor of factors) {
      if (factor.kind === 'sym' && factor.name === x) power += 1;
      else if (factor.kind === 'pow' && factor.base.kind === 'sym' && factor.base.name === x && factor.exp.kind === 'num' && factor.exp.value.isInteger) power += Number(factor.exp.value.num);
      else if (symbolsOf(factor).has(x)) return undefined;
      else rest.push(factor);
    }
    coefficients[power] = add(coefficients[power], mul(...rest));
  }
  return coefficients;
}

/** Inner expressions worth substituting: function arguments, bases of roots, exponents of e (largest first). */
function innerCandidates(f: Expr, x: string): Expr[] {
  const found = new Map<string, Expr>();
  const visit = (e: Expr): void => {
    const take = (u: Expr) => { if (symbolsOf(u).has(x) && !(u.kind === 'sym') && !found.has(u.key)) found.set(u.key, u); };
    if (e.kind === 'call' && e.args.length === 1) { take(e.args[0]); if (e.fn !== 'abs') take(e); }
    if (e.kind === 'pow' && e.base === E) { take(e.exp); take(e); }
    if (e.kind === 'pow' && e.exp.kind === 'num' && !e.exp.value.isInteger) take(e.base.kind === 'sym' ? e : e.base);
    if (e.kind === 'pow' && e.exp.kind === 'num' && e.exp.value.isInteger && e.base.kind === 'add') take(e.base);
    for (const c of children(e)) visit(c);
  };
  visit(f);
  return [...found.values()].sort((p, q) => treeSize(q) - treeSize(p)).slice(0, 6);
}

/**
 * `q` with `u` replaced by the symbol `t`: occurrences of u itself, e^(c·g) as t^c when u = e^g, and
 * x as t^(1/r) when u = x^r. Undefined when nothing was replaced.
 */
function inTermsOf(q: Expr, u: Expr, t: string, x: string): Expr | undefined {
  const T = sym(t);
  let replaced = false;
  const visit = (e: Expr): Expr => {
    if (e.key === u.key) { replaced = true; return T; }
    if (u.kind === 'pow' && u.base === E && e.kind === 'pow' && e.base === E) {
      const ratio = simplifyReport(div(e.exp, u.exp), { deadline: Infinity }).result;
      if (ratio.kind === 'num') { replaced = true; return pow(T, ratio); }
    }
    if (e.kind === 'num' || e.kind === 'sym' || e.kind === 'const') return e;
    return rebuild(e, children(e).map(visit), call);
  };
  let out = visit(q);
  if (u.kind === 'pow' && u.base.kind === 'sym' && u.base.name === x && u.exp.kind === 'num' && symbolsOf(out).has(x)) {
    out = substitute(out, x, pow(T, num(Rational.ONE.div(u.exp.value))));
  }
  return replaced ? out : undefined;
}

/** A symbol name not in `f`: `base`, or base1, base2, … */
export function freshName(f: Expr, base: string): string {
  const taken = symbolsOf(f);
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
