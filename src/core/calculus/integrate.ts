// Antiderivatives and definite integrals. nerdamer proposes an antiderivative; it is read back,
// simplified by our simplifier and accepted only when our own differentiation of it gives the
// integrand back (the difference simplifies to 0, or the numeric derivative of the antiderivative
// matches the integrand at random real points). Anything else is "no antiderivative found". Definite
// integrals get adaptive quadrature with an error estimate, and F(b) − F(a) when F is continuous on
// [a, b] and that value agrees with the quadrature; an infinite bound takes F's limit there.
import { InputError, Verification } from '../api';
import { ifInTime, pastDeadline, withDeadline } from '../budget';
import { asScalar, DialectStyle, print, read, toLatex, toPlain } from '../dialects';
import { parenthesized } from '../dialects/latex';
import { derivative } from '../diff';
import { compile } from '../evaluate';
import { add, children, div, dividesByZero, Expr, isNonNegative, isNum, mul, ONE, pow, rebuild, sub, symbolsOf, TWO, ZERO } from '../expr';
import { call } from '../functions';
import { hashText, mulberry32 } from '../random';
import { expand, simplifyReport } from '../simplify';
import { verifyDerivatives } from '../verify';
import { CalculusOptions, chooseVariable, deadlines, exactConstant, numericValue, readPoint, readScalar, unverified, valueAt } from './common';
import { candidates, polynomialDegree, SearchLog } from './search';
import { readIntegral, WrittenIntegral } from './integralNotation';
import { limitAtInfinity } from './limit';
import { finiteRange, integrateNumerically } from './quadrature';

/** Default budget of an integral: nerdamer's first load (~70 ms) and its search come on top of the checks. */
export const DEFAULT_INTEGRATE_BUDGET_MS = 2000;

export interface IntegrateOptions extends CalculusOptions {
  /** Lower bound of a definite integral: a number, an exact constant read as plain math ("pi/2"), or "-inf". */
  from?: number | string;
  /** Upper bound; both bounds or neither. */
  to?: number | string;
}

/** A bound as read: plain, LaTeX and its value (±Infinity for an infinite bound, written `inf` and `\\infty`). */
export interface Bound {
  plain: string;
  latex: string;
  value: number;
}

export interface DefiniteIntegral {
  from: Bound;
  to: Bound;
  /** The quadrature's value and its estimated absolute error. */
  value: number;
  errorEstimate: number;
  /** The quadrature method that gave the value. */
  method: string;
  /** Whether the quadrature met its tolerance (relative 1e-10); when not, the integral may diverge. */
  converged: boolean;
  /** Set when the integral diverges: where (a non-integrable singularity, or ±Infinity when the integrand decays too slowly); `value` is then NaN. */
  divergesAt?: number;
  /** F(b) − F(a), when the antiderivative was found, is continuous on [a, b] and agrees with the quadrature. */
  exact?: { result: string; plain: string; latex: string; value: number };
}

export interface IntegralResult {
  /** The integrand as read; `latexIntegrand` as it stands between \int and dx (a sum in brackets). */
  input: { plain: string; latex: string; latexIntegrand: string };
  /** Whether a verified antiderivative was found. Without one, result/plain/latex/equation are absent. */
  found: boolean;
  /** The antiderivative in the selection's notation (code prints as code), without + C. */
  result?: string;
  /** The antiderivative in plain syntax, without + C. */
  plain?: string;
  /** The antiderivative in LaTeX, without + C (the equation below shows it with + C). */
  latex?: string;
  /** The whole statement: ∫ f dx = F + C, or for bounds ∫ₐᵇ f dx = exact value. */
  equation?: { plain: string; latex: string };
  /** Why there is no antiderivative ("no antiderivative found: …"); set when found is false. */
  message?: string;
  wrt: string;
  freeSymbols: string[];
  /** True only when `verification` proves dF/dx = f; never true when found is false. */
  verified: boolean;
  verification: Verification;
  /** How nerdamer was asked for the accepted antiderivative: as written, in sin and cos, term by term, by substitution… */
  strategy?: string;
  definite?: DefiniteIntegral;
  assignedTo?: string;
  warnings?: string[];
  /** Set when the selection was an integral as written in LaTeX (`\\int_0^1 x^2 \\, dx`): its integrand, variable and bounds were read from it. */
  written?: { integrand: string; wrt: string; from?: string; to?: string };
  /** Wall time spent, milliseconds; `searchMs` of it in nerdamer (including its first load). */
  ms: number;
  searchMs: number;
}

export const NO_ANTIDERIVATIVE = 'no antiderivative found';
const SYMBOLIC_METHOD = 'symbolic: the derivative of the antiderivative minus the integrand simplifies to 0';

/**
 * The antiderivative of a scalar selection by `wrt`, verified, and with `from`/`to` the definite
 * integral. Throws InputError on bad input. nerdamer cannot be interrupted: no call of it starts that
 * the longest one so far says would end past the budget, and an answer found by then is printed even
 * past the hard deadline (printing is linear), as differentiate does.
 */
export function integrate(source: string, given: IntegrateOptions): IntegralResult {
  const d = deadlines(given.budgetMs ?? DEFAULT_INTEGRATE_BUDGET_MS);
  const written = given.notation === 'latex' ? readIntegral(source) : undefined;
  if (written) source = written.integrand;
  const options = written ? withWrittenIntegral(given, written) : given;
  const work = withDeadline(d.hard, () => {
    const parsed = readScalar(source, options.notation, options.documentText, 'integration');
    const f = parsed.expr;
    const wrt = chooseVariable(f, options.wrt, 'to integrate by');
    const bounds = readBounds(options, f, wrt);
    const input = { plain: toPlain(f), latex: toLatex(f), latexIntegrand: integrandLatex(f) };
    const searchStarted = performance.now();
    const found = antiderivative(f, wrt, d.soft);
    const searchMs = performance.now() - searchStarted;
    const warnings = [...(parsed.warnings ?? []), ...(found.ok ? found.warnings : [])];
    const definite = bounds ? definiteIntegral(f, found.ok ? found.F : undefined, wrt, bounds, parsed.style, d.hard, warnings) : undefined;
    return { parsed, f, wrt, input, found, searchMs, warnings, definite };
  });
  const { parsed, f, wrt, input, found, searchMs, warnings, definite } = work;
  const base = {
    input, wrt, freeSymbols: [...symbolsOf(f)].sort(),
    ...(parsed.assignedTo !== undefined ? { assignedTo: parsed.assignedTo } : {}),
    ...(written ? { written: { ...written } } : {}),
  };
  const finish = () => ({ ...(warnings.length ? { warnings } : {}), ms: performance.now() - d.started, searchMs });
  if (!found.ok) {
    return {
      ...base, found: false, message: `${NO_ANTIDERIVATIVE}: ${found.reason}`, verified: false,
      verification: unverified(found.verification?.method ?? SYMBOLIC_METHOD, found.verification?.reason ?? found.reason),
      ...(definite ? { definite, equation: definiteEquation(f, wrt, definite) } : {}),
      ...finish(),
    };
  }
  const F = found.F;
  return {
    ...base, found: true,
    result: printedIn(F, parsed.style, warnings), plain: toPlain(F), latex: toLatex(F),
    equation: definite ? definiteEquation(f, wrt, definite) : indefiniteEquation(f, F, wrt),
    verified: true, verification: found.verification, strategy: found.strategy,
    ...(definite ? { definite } : {}),
    ...finish(),
  };
}

/**
 * The options with the variable and bounds the written integral states; a variable or bound also
 * given in the options must be the same (compared by value), else the request contradicts itself.
 */
function withWrittenIntegral(options: IntegrateOptions, written: WrittenIntegral): IntegrateOptions {
  if (options.wrt !== undefined && options.wrt !== written.wrt) {
    throw new InputError(`the integral is in d${written.wrt}, but the variable asked for is ${options.wrt}`);
  }
  const bound = (given: number | string | undefined, latex: string | undefined, name: string): string | number | undefined => {
    if (latex === undefined) return given;
    const infinite = infiniteBound(latex);
    const plain = infinite ? INFINITE_PLAIN[infinite] : toPlain(asScalar(read(latex, 'latex')).expr);
    if (given !== undefined) {
      const value = boundValue(readBound(plain, name));
      const asked = boundValue(readBound(given, name));
      const same = value === asked || Math.abs(value - asked) <= 1e-12 * Math.max(1, Math.abs(value));
      if (!same) throw new InputError(`the integral's ${name} is ${latex.trim()}, but ${given} was asked for`);
    }
    return plain;
  };
  if (written.from === undefined && (options.from !== undefined || options.to !== undefined)) {
    throw new InputError('the integral is written without bounds, but bounds were asked for');
  }
  const from = bound(options.from, written.from, 'lower bound'), to = bound(options.to, written.to, 'upper bound');
  return { ...options, wrt: written.wrt, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** F in the selection's notation; in plain math with the reason as a warning when the notation cannot write it (erf in JavaScript). */
function printedIn(F: Expr, style: DialectStyle, warnings: string[]): string {
  try {
    return print(F, style);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    warnings.push(`${error.detail}: the antiderivative is given in plain math`);
    return toPlain(F);
  }
}

type Search =
  | { ok: true; F: Expr; verification: Verification; warnings: string[]; strategy: string }
  | { ok: false; reason: string; verification?: Verification };

/**
 * The first candidate (search.ts; all computed by nerdamer) that, simplified, differentiates back to
 * the integrand; or why there is none. A candidate that fails the check is never shown.
 */
function antiderivative(f: Expr, wrt: string, softDeadline: number): Search {
  let log: SearchLog | undefined;
  let rejected: Verification | undefined;
  const firstVerified = (): Search | undefined => {
    for (const candidate of candidates(f, wrt, softDeadline, (l) => { log = l; })) {
      const accepted = accept(candidate.F, f, wrt, softDeadline);
      if (accepted.verification.verified) return { ok: true, ...accepted, strategy: candidate.strategy };
      rejected ??= accepted.verification;
    }
    return undefined;
  };
  // past the hard deadline the search stops with what it has checked
  const found = ifInTime(firstVerified, () => undefined);
  if (found) return found;
  if (rejected) return { ok: false, reason: `the symbolic integrator's answer does not differentiate back to the integrand (${rejected.reason})`, verification: rejected };
  if (log?.firstFailure) return { ok: false, reason: log.firstFailure };
  return { ok: false, reason: pastDeadline() ? "the time budget ran out while checking the symbolic integrator's answer" : 'the symbolic integrator found none' };
}

/** A candidate simplified and put in the form shown, with its verification (and warnings when verified). */
function accept(raw: Expr, f: Expr, wrt: string, softDeadline: number): { F: Expr; verification: Verification; warnings: string[] } {
  if (dividesByZero(raw)) return { F: raw, verification: unverified(SYMBOLIC_METHOD, "the symbolic integrator's answer divides by zero"), warnings: [] };
  const { result: simplified, complete } = simplifyReport(withoutDoubleAngleArctangents(raw), { deadline: softDeadline });
  const F = withAbsoluteLogs(textbookForm(withoutConstantTerms(simplified, wrt), wrt), f, wrt);
  const verification = verifyAntiderivative(F, f, wrt, softDeadline);
  const warnings: string[] = [];
  if (!verification.verified) return { F, verification, warnings };
  if (!complete) warnings.push('the time budget cut simplification short: the antiderivative is correct but may not be in its simplest form');
  const narrower = narrowerDomain(F, f, wrt);
  if (narrower) warnings.push(narrower);
  return { F, verification, warnings };
}

/** A polynomial antiderivative the simplifier factored (x·(18x⁴ − 20x² + …)/30) is shown expanded, as tables do. */
function textbookForm(F: Expr, wrt: string): Expr {
  if (F.kind !== 'mul' || polynomialDegree(F, wrt) === undefined) return F;
  if (!F.factors.some((factor) => factor.kind === 'add')) return F;
  return expand(F) ?? F;
}

/**
 * Accepted only when d/dx F − f simplifies to 0, or the numeric derivative of F equals f at random
 * real points (Ridders' method, verify.ts). A numeric mismatch rejects F even when the symbols cancel.
 */
function verifyAntiderivative(F: Expr, f: Expr, wrt: string, softDeadline: number): Verification {
  const numeric = verifyDerivatives([{ of: F, claimed: f }], wrt);
  if (!numeric.verified && numeric.points.length > 0 && numeric.reason?.startsWith('differs')) return numeric;
  const dF = derivative(F, wrt).result;
  const difference = simplifyReport(sub(dF, f), { deadline: softDeadline }).result;
  if (difference === ZERO || difference.key === ZERO.key) return { ...numeric, verified: true, method: numeric.verified ? `${SYMBOLIC_METHOD}; ${numeric.method}` : SYMBOLIC_METHOD };
  return numeric;
}

/**
 * nerdamer's trigonometric substitutions come back as cos(asin(x)), sin(atan(x))^3, sin(2·atan(x)):
 * the first two are algebraic once read (call folds a function of an inverse of its family,
 * inverseCompositions.ts); the double angles are written here (2x/(1 + x²)), so that the simplifier
 * can combine them.
 */
function withoutDoubleAngleArctangents(e: Expr): Expr {
  if (e.kind === 'num' || e.kind === 'sym' || e.kind === 'const') return e;
  const kids = children(e).map(withoutDoubleAngleArctangents);
  if (e.kind === 'call' && (e.fn === 'sin' || e.fn === 'cos') && kids.length === 1) {
    // sin(2·atan u) = 2u/(1 + u²), cos(2·atan u) = (1 − u²)/(1 + u²)
    const [arg] = kids;
    if (arg.kind === 'mul' && arg.factors.length === 2 && isNum(arg.factors[0], 2) && arg.factors[1].kind === 'call' && arg.factors[1].fn === 'atan') {
      const u = arg.factors[1].args[0];
      const denominator = add(ONE, pow(u, TWO));
      return e.fn === 'sin' ? div(mul(TWO, u), denominator) : div(sub(ONE, pow(u, TWO)), denominator);
    }
  }
  return rebuild(e, kids, call);
}

/** F without the terms of its sum that do not depend on the variable: they belong to the constant C. */
function withoutConstantTerms(F: Expr, wrt: string): Expr {
  if (F.kind !== 'add') return F;
  const kept = F.terms.filter((t) => symbolsOf(t).has(wrt));
  return kept.length === F.terms.length ? F : add(...kept);
}

/** Sample points of every symbol where `f` is real: the variable and parameters drawn as verify.ts draws them. */
function samplePoints(f: Expr, names: readonly string[], count: number, seed: string): Float64Array[] {
  const value = compile(f, names);
  const rand = mulberry32(hashText(seed));
  const points: Float64Array[] = [];
  for (let attempt = 0; attempt < count * 4 && points.length < count; attempt++) {
    const vs = new Float64Array(names.map(() => {
      const r = rand(), m = rand();
      return r < 0.4 ? 0.2 + 2.3 * m : r < 0.8 ? -(0.2 + 2.3 * m) : r < 0.9 ? 2.5 + 3.5 * m : -(2.5 + 3.5 * m);
    }));
    if (Number.isFinite(value(vs))) points.push(vs);
  }
  return points;
}

/**
 * log(u) → log(|u|) where u is negative somewhere the integrand is real (∫ 1/x = log|x|, ∫ tan = −log|cos|):
 * the derivative is the same, and the antiderivative then holds on the integrand's whole domain.
 */
function withAbsoluteLogs(F: Expr, f: Expr, wrt: string): Expr {
  const names = [...new Set([wrt, ...symbolsOf(f), ...symbolsOf(F)])];
  const points = samplePoints(f, names, 24, `${f.key}|${wrt}|logs`);
  const negativeSomewhere = (u: Expr) => {
    const value = compile(u, names);
    return points.some((p) => value(p) < 0);
  };
  const visit = (e: Expr): Expr => {
    if (!symbolsOf(e).has(wrt)) return e;
    const rebuilt = e.kind === 'num' || e.kind === 'sym' || e.kind === 'const' ? e : rebuild(e, children(e).map(visit), call);
    if (rebuilt.kind === 'call' && rebuilt.fn === 'log' && !isNonNegative(rebuilt.args[0]) && negativeSomewhere(rebuilt.args[0])) {
      return call('log', [call('abs', [rebuilt.args[0]])]);
    }
    return rebuilt;
  };
  return visit(F);
}

/** A warning when F is not real at points where the integrand is (F then holds on part of its domain only). */
function narrowerDomain(F: Expr, f: Expr, wrt: string): string | undefined {
  const names = [...new Set([wrt, ...symbolsOf(f), ...symbolsOf(F)])];
  const points = samplePoints(f, names, 40, `${f.key}|${wrt}|domain`);
  const value = compile(F, names);
  const outside = points.find((p) => !Number.isFinite(value(p)));
  if (!outside) return undefined;
  return `the antiderivative is real on part of the integrand's domain only (not at ${wrt} = ${formatNumber(outside[0])})`;
}

/** A bound: an exact constant, or +∞ (1) or −∞ (−1). */
type BoundPoint = Expr | 1 | -1;

interface Bounds { a: BoundPoint; b: BoundPoint; from: Bound; to: Bound }

const INFINITE_PLAIN = { 1: 'inf', [-1]: '-inf' } as const;
const INFINITE_LATEX = { 1: '\\infty', [-1]: '-\\infty' } as const;

/** ±1 when the text writes an infinity (inf, -inf, oo, ∞, Infinity, np.inf, \\infty, -\\infty), else undefined. */
export function infiniteBound(text: string): 1 | -1 | undefined {
  const m = /^\s*([+-]?)\s*(?:inf|infinity|oo|∞|\\infty|(?:np|numpy|math)\.inf)\s*$/i.exec(text);
  return m ? (m[1] === '-' ? -1 : 1) : undefined;
}

function readBound(given: number | string, name: string): BoundPoint {
  if (given === Infinity || given === -Infinity) return given > 0 ? 1 : -1;
  return (typeof given === 'string' ? infiniteBound(given) : undefined) ?? readPoint(given, name);
}

const boundValue = (p: BoundPoint): number => (p === 1 ? Infinity : p === -1 ? -Infinity : numericValue(p));

function readBounds(options: IntegrateOptions, f: Expr, wrt: string): Bounds | undefined {
  if (options.from === undefined && options.to === undefined) return undefined;
  if (options.from === undefined || options.to === undefined) throw new InputError('a definite integral needs both bounds (from and to)');
  const others = [...symbolsOf(f)].filter((s) => s !== wrt);
  if (others.length) throw new InputError(`a definite integral needs a number for every other symbol: the integrand also contains ${others.join(', ')}`);
  const a = readBound(options.from, 'the lower bound'), b = readBound(options.to, 'the upper bound');
  const bound = (p: BoundPoint): Bound => (p === 1 || p === -1
    ? { plain: INFINITE_PLAIN[p], latex: INFINITE_LATEX[p], value: boundValue(p) }
    : { plain: toPlain(p), latex: toLatex(p), value: boundValue(p) });
  return { a, b, from: bound(a), to: bound(b) };
}

/** Relative size of the quadrature's error above which its value is said to be unreliable. */
const UNRELIABLE = 1e-6;

function definiteIntegral(f: Expr, F: Expr | undefined, wrt: string, bounds: Bounds, style: DialectStyle, hardDeadline: number, warnings: string[]): DefiniteIntegral {
  const integrand = compile(f, [wrt]);
  const at = new Float64Array(1);
  const fx = (x: number) => { at[0] = x; return integrand(at); };
  const { from, to } = bounds;
  const q = integrateNumerically(fx, from.value, to.value, { deadline: hardDeadline - 50 });
  const out: DefiniteIntegral = {
    from, to, value: q.value, errorEstimate: q.errorEstimate, method: q.method, converged: q.converged,
    ...(q.divergesAt !== undefined ? { divergesAt: q.divergesAt } : {}),
  };
  if (q.divergesAt !== undefined) {
    warnings.push(Number.isFinite(q.divergesAt)
      ? `the integral diverges: the integrand is not integrable near ${wrt} = ${formatNumber(q.divergesAt)}`
      : `the integral diverges: the integrand does not decay fast enough as ${wrt} → ${q.divergesAt > 0 ? '∞' : '−∞'}`);
    return out;
  }
  if (!(q.errorEstimate <= UNRELIABLE * Math.max(1, Math.abs(q.value)))) {
    warnings.push(`the numeric integral did not converge (estimated error ${q.errorEstimate.toPrecision(2)}): the integral may diverge on [${from.plain}, ${to.plain}]`);
  }
  if (!F) return out;
  const jump = discontinuity(F, f, wrt, from.value, to.value);
  if (jump) {
    warnings.push(`no exact value: the antiderivative ${jump}, so F(${to.plain}) − F(${from.plain}) is not the integral`);
    return out;
  }
  const Fb = endValue(F, wrt, bounds.b), Fa = endValue(F, wrt, bounds.a);
  if (!Fa || !Fb) {
    warnings.push(`no exact value: the limit of the antiderivative as ${wrt} → ${(Fa ? bounds.b : bounds.a) === 1 ? '∞' : '−∞'} is not known`);
    return out;
  }
  const { expr: exact, value } = exactConstant(sub(Fb, Fa), hardDeadline - 50);
  if (!Number.isFinite(value)) return out;
  // the exact value must agree with the quadrature within its error estimate (and rounding)
  if (Math.abs(value - q.value) > q.errorEstimate + 1e-12 * Math.max(1, Math.abs(value))) {
    warnings.push(`no exact value: F(${to.plain}) − F(${from.plain}) = ${value} disagrees with the numeric value ${q.value} ± ${q.errorEstimate.toPrecision(2)}`);
    return out;
  }
  return { ...out, exact: { result: printedIn(exact, style, warnings), plain: toPlain(exact), latex: toLatex(exact), value } };
}

/** How near an infinite end (in the finite range's variable) F is still sampled for jumps: x ≈ 1000 far out. */
const NEAR_INFINITE_END = 1e-3;

/**
 * Where F is not continuous on [a, b], said in words, or undefined. F must be finite on a fine grid
 * with both ends, and no step may change F by more than the integrand can: a change that stays
 * while the step is halved 40 times is a jump (atan(tan(x)) style antiderivatives). An infinite end
 * is checked through the quadrature's change of variable, up to x ≈ ±1000.
 */
export function discontinuity(F: Expr, f: Expr, wrt: string, a: number, b: number): string | undefined {
  const Fc = compile(F, [wrt]), fc = compile(f, [wrt]);
  const at = new Float64Array(1);
  const range = finiteRange(Math.min(a, b), Math.max(a, b));
  const Fx = (t: number) => { at[0] = range.x(t); return Fc(at); };
  const fx = (t: number) => { at[0] = range.x(t); return fc(at) * range.dx(t); };
  const lo = range.lo + (Number.isFinite(Math.min(a, b)) ? 0 : NEAR_INFINITE_END);
  const hi = range.hi - (Number.isFinite(Math.max(a, b)) ? 0 : NEAR_INFINITE_END);
  const N = 256;
  const xs = Array.from({ length: N + 1 }, (_, i) => (i === N ? hi : lo + ((hi - lo) * i) / N));
  const Fs = xs.map(Fx);
  const bad = xs.findIndex((_, i) => !Number.isFinite(Fs[i]));
  if (bad >= 0) return `is not defined at ${wrt} = ${formatNumber(range.x(xs[bad]))}`;
  const scale = Math.max(1, ...Fs.map(Math.abs));
  const jumpsBetween = (u: number, v: number, Fu: number, Fv: number, depth: number): boolean => {
    const mid = (u + v) / 2;
    const Fm = Fx(mid);
    if (!Number.isFinite(Fm)) return true;
    const slope = Math.max(Math.abs(fx(u)), Math.abs(fx(v)), Math.abs(fx(mid)));
    // a continuous F changes by at most about |f|·width over a short step
    const allowed = 4 * slope * (v - u) + 1e-9 * scale;
    if (Math.abs(Fv - Fu) <= allowed || !Number.isFinite(slope)) return false;
    if (depth >= 40) return true;
    return jumpsBetween(u, mid, Fu, Fm, depth + 1) || jumpsBetween(mid, v, Fm, Fv, depth + 1);
  };
  for (let i = 0; i < N; i++) {
    if (jumpsBetween(xs[i], xs[i + 1], Fs[i], Fs[i + 1], 0)) return `jumps between ${wrt} = ${formatNumber(range.x(xs[i]))} and ${formatNumber(range.x(xs[i + 1]))}`;
  }
  return undefined;
}

/** F at a bound: its value, or its limit at an infinite bound; undefined when that limit is not known or not finite. */
function endValue(F: Expr, wrt: string, point: BoundPoint): Expr | undefined {
  if (point !== 1 && point !== -1) return valueAt(F, wrt, point);
  const limit = limitAtInfinity(F, wrt, point);
  return limit && 'finite' in limit ? limit.finite : undefined;
}

/** A number for a message: six significant digits, without trailing zeros. */
function formatNumber(x: number): string { return String(Number(x.toPrecision(6))); }

function indefiniteEquation(f: Expr, F: Expr, wrt: string): { plain: string; latex: string } {
  return {
    plain: `integrate(${toPlain(f)}, ${wrt}) = ${toPlain(F)} + C`,
    latex: `\\int ${integrandLatex(f)} \\, d${wrt} = ${toLatex(F)} + C`,
  };
}

function definiteEquation(f: Expr, wrt: string, definite: DefiniteIntegral): { plain: string; latex: string } {
  const integral = `\\int_{${definite.from.latex}}^{${definite.to.latex}} ${integrandLatex(f)} \\, d${wrt}`;
  if (!Number.isFinite(definite.value)) {
    return { plain: `integrate(${toPlain(f)}, ${wrt}, ${definite.from.plain}, ${definite.to.plain}) diverges`, latex: `${integral} \\text{ diverges}` };
  }
  const value = definite.exact ? { plain: definite.exact.plain, latex: definite.exact.latex } : { plain: `${definite.value}`, latex: `${definite.value}` };
  const approx = definite.exact ? '=' : '≈';
  return {
    plain: `integrate(${toPlain(f)}, ${wrt}, ${definite.from.plain}, ${definite.to.plain}) ${approx} ${value.plain}`,
    latex: `${integral} ${definite.exact ? '=' : '\\approx'} ${value.latex}`,
  };
}

/** The integrand in LaTeX, bracketed when it is a sum (∫ (x + 1) dx). */
function integrandLatex(f: Expr): string {
  const latex = toLatex(f);
  return f.kind === 'add' ? parenthesized(latex) : latex;
}
