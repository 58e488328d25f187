// The function table: one entry per function, owning its numeric value, its canonical rules and
// its derivative. The derivative identities here drive both the result and the explanation steps.
import {
  absolute, add, div, E, Expr, isNegative, isNonNegative, isNum, MINUS_ONE, mul, neg, negateTerms, num, Num, ONE, PI, pow, rawCall,
  sqrt, sub, TWO, ZERO,
} from './expr';
import { Rational } from './rational';
import { InputError } from './api';
import { inverseComposition } from './inverseCompositions';
import { beta, digamma, erf, erfc, gamma, gelu, geluTanh, GELU_TANH_CUBIC, heaviside, lgamma, logaddexp, normcdf, normpdf, polygamma, roundHalfEven, sigmoid, sinc, softplus } from './special';

export interface FunctionDef {
  readonly name: string;
  readonly arity: number;
  /** Real value, NaN outside the real domain. */
  readonly evaluate: (...xs: number[]) => number;
  /** ∂f/∂(argument i), as an expression in the arguments. */
  readonly partial: (args: readonly Expr[], i: number) => Expr;
  /** The differentiation identity, for explanations (u is the argument, u' its derivative). */
  readonly identity: string;
  /** Symmetry: odd f(-u) = -f(u), even f(-u) = f(u). */
  readonly parity?: 'odd' | 'even';
  /** Value at 0, when it is a simple number. */
  readonly atZero?: number;
  /** The name is also a usual variable (gamma is γ): readers take it as the function only when it is called. */
  readonly alsoVariable?: boolean;
  /** Where the function is not defined (its poles), for messages next to the result. */
  readonly poles?: string;
}

const c = (fn: string, ...args: Expr[]) => call(fn, args);
const sq = (u: Expr) => pow(u, TWO);
const MINUS_HALF = num(Rational.of(-1n, 2n));
const invSqrt = (u: Expr) => pow(u, MINUS_HALF);
const HALF_EXPR = num(Rational.HALF);
/** k/√π·e^(−u²): erf' (k = 2) and erfc' (k = −2). */
const gaussian = (u: Expr, k: number) => mul(num(k), pow(PI, MINUS_HALF), pow(E, neg(sq(u))));
/** gelu_tanh's constants √(2/π) and 0.044715. */
export const GELU_K = sqrt(mul(TWO, pow(PI, MINUS_ONE)));
export const GELU_C = num(Rational.parseDecimal(String(GELU_TANH_CUBIC)), true);
/** The comparison predicates gt, ge, lt, le and when each holds. */
export const COMPARISONS: readonly (readonly [string, (a: number, b: number) => boolean])[] = [
  ['gt', (a, b) => a > b], ['ge', (a, b) => a >= b], ['lt', (a, b) => a < b], ['le', (a, b) => a <= b],
];

const table: FunctionDef[] = [
  // d/dx sin(u) = cos(u)·u'
  { name: 'sin', arity: 1, evaluate: Math.sin, partial: ([u]) => c('cos', u), identity: "sin(u)' = cos(u)*u'", parity: 'odd', atZero: 0 },
  // d/dx cos(u) = −sin(u)·u'
  { name: 'cos', arity: 1, evaluate: Math.cos, partial: ([u]) => neg(c('sin', u)), identity: "cos(u)' = -sin(u)*u'", parity: 'even', atZero: 1 },
  // d/dx tan(u) = sec²(u)·u'
  { name: 'tan', arity: 1, evaluate: Math.tan, partial: ([u]) => sq(c('sec', u)), identity: "tan(u)' = sec(u)^2*u'", parity: 'odd', atZero: 0 },
  // d/dx sec(u) = sec(u)·tan(u)·u'
  { name: 'sec', arity: 1, evaluate: (x) => 1 / Math.cos(x), partial: ([u]) => mul(c('sec', u), c('tan', u)), identity: "sec(u)' = sec(u)*tan(u)*u'", parity: 'even', atZero: 1 },
  // d/dx csc(u) = −csc(u)·cot(u)·u'
  { name: 'csc', arity: 1, evaluate: (x) => 1 / Math.sin(x), partial: ([u]) => neg(mul(c('csc', u), c('cot', u))), identity: "csc(u)' = -csc(u)*cot(u)*u'", parity: 'odd' },
  // d/dx cot(u) = −csc²(u)·u'
  { name: 'cot', arity: 1, evaluate: (x) => 1 / Math.tan(x), partial: ([u]) => neg(sq(c('csc', u))), identity: "cot(u)' = -csc(u)^2*u'", parity: 'odd' },
  // d/dx asin(u) = u'/√(1−u²)
  { name: 'asin', arity: 1, evaluate: Math.asin, partial: ([u]) => invSqrt(sub(ONE, sq(u))), identity: "asin(u)' = u'/sqrt(1 - u^2)", parity: 'odd', atZero: 0 },
  // d/dx acos(u) = −u'/√(1−u²)
  { name: 'acos', arity: 1, evaluate: Math.acos, partial: ([u]) => neg(invSqrt(sub(ONE, sq(u)))), identity: "acos(u)' = -u'/sqrt(1 - u^2)" },
  // d/dx atan(u) = u'/(1+u²)
  { name: 'atan', arity: 1, evaluate: Math.atan, partial: ([u]) => div(ONE, add(ONE, sq(u))), identity: "atan(u)' = u'/(1 + u^2)", parity: 'odd', atZero: 0 },
  // d/dx acot(u) = −u'/(1+u²)
  { name: 'acot', arity: 1, evaluate: (x) => Math.atan(1 / x), partial: ([u]) => neg(div(ONE, add(ONE, sq(u)))), identity: "acot(u)' = -u'/(1 + u^2)", parity: 'odd' },
  // d/dx asec(u) = u'/(|u|·√(u²−1))
  { name: 'asec', arity: 1, evaluate: (x) => Math.acos(1 / x), partial: ([u]) => div(ONE, mul(c('abs', u), sqrt(sub(sq(u), ONE)))), identity: "asec(u)' = u'/(abs(u)*sqrt(u^2 - 1))" },
  // d/dx acsc(u) = −u'/(|u|·√(u²−1))
  { name: 'acsc', arity: 1, evaluate: (x) => Math.asin(1 / x), partial: ([u]) => neg(div(ONE, mul(c('abs', u), sqrt(sub(sq(u), ONE))))), identity: "acsc(u)' = -u'/(abs(u)*sqrt(u^2 - 1))", parity: 'odd' },
  // d/dx sinh(u) = cosh(u)·u'
  { name: 'sinh', arity: 1, evaluate: Math.sinh, partial: ([u]) => c('cosh', u), identity: "sinh(u)' = cosh(u)*u'", parity: 'odd', atZero: 0 },
  // d/dx cosh(u) = sinh(u)·u'
  { name: 'cosh', arity: 1, evaluate: Math.cosh, partial: ([u]) => c('sinh', u), identity: "cosh(u)' = sinh(u)*u'", parity: 'even', atZero: 1 },
  // d/dx tanh(u) = u'/cosh²(u)
  { name: 'tanh', arity: 1, evaluate: Math.tanh, partial: ([u]) => pow(c('cosh', u), num(-2)), identity: "tanh(u)' = u'/cosh(u)^2", parity: 'odd', atZero: 0 },
  // d/dx sech(u) = −sech(u)·tanh(u)·u'
  { name: 'sech', arity: 1, evaluate: (x) => 1 / Math.cosh(x), partial: ([u]) => neg(mul(c('sech', u), c('tanh', u))), identity: "sech(u)' = -sech(u)*tanh(u)*u'", parity: 'even', atZero: 1 },
  // d/dx csch(u) = −csch(u)·coth(u)·u'
  { name: 'csch', arity: 1, evaluate: (x) => 1 / Math.sinh(x), partial: ([u]) => neg(mul(c('csch', u), c('coth', u))), identity: "csch(u)' = -csch(u)*coth(u)*u'", parity: 'odd' },
  // d/dx coth(u) = −u'/sinh²(u)
  { name: 'coth', arity: 1, evaluate: (x) => 1 / Math.tanh(x), partial: ([u]) => neg(pow(c('sinh', u), num(-2))), identity: "coth(u)' = -u'/sinh(u)^2", parity: 'odd' },
  // d/dx asinh(u) = u'/√(u²+1)
  { name: 'asinh', arity: 1, evaluate: Math.asinh, partial: ([u]) => invSqrt(add(sq(u), ONE)), identity: "asinh(u)' = u'/sqrt(u^2 + 1)", parity: 'odd', atZero: 0 },
  // d/dx acosh(u) = u'/√(u²−1)
  { name: 'acosh', arity: 1, evaluate: Math.acosh, partial: ([u]) => invSqrt(sub(sq(u), ONE)), identity: "acosh(u)' = u'/sqrt(u^2 - 1)" },
  // d/dx atanh(u) = u'/(1−u²)
  { name: 'atanh', arity: 1, evaluate: Math.atanh, partial: ([u]) => div(ONE, sub(ONE, sq(u))), identity: "atanh(u)' = u'/(1 - u^2)", parity: 'odd', atZero: 0 },
  // d/dx acoth(u) = u'/(1−u²)
  { name: 'acoth', arity: 1, evaluate: (x) => Math.atanh(1 / x), partial: ([u]) => div(ONE, sub(ONE, sq(u))), identity: "acoth(u)' = u'/(1 - u^2)", parity: 'odd' },
  // d/dx asech(u) = −u'/(u·√(1−u²))
  { name: 'asech', arity: 1, evaluate: (x) => Math.acosh(1 / x), partial: ([u]) => neg(div(ONE, mul(u, sqrt(sub(ONE, sq(u)))))), identity: "asech(u)' = -u'/(u*sqrt(1 - u^2))" },
  // d/dx acsch(u) = −u'/(|u|·√(1+u²))
  { name: 'acsch', arity: 1, evaluate: (x) => Math.asinh(1 / x), partial: ([u]) => neg(div(ONE, mul(c('abs', u), sqrt(add(ONE, sq(u)))))), identity: "acsch(u)' = -u'/(abs(u)*sqrt(1 + u^2))", parity: 'odd' },
  // d/dx log(u) = u'/u
  { name: 'log', arity: 1, evaluate: Math.log, partial: ([u]) => pow(u, MINUS_ONE), identity: "log(u)' = u'/u" },
  // d/dx log1p(u) = u'/(1+u)
  { name: 'log1p', arity: 1, evaluate: Math.log1p, partial: ([u]) => pow(add(ONE, u), MINUS_ONE), identity: "log1p(u)' = u'/(1 + u)", atZero: 0 },
  // d/dx expm1(u) = e^u·u'
  { name: 'expm1', arity: 1, evaluate: Math.expm1, partial: ([u]) => pow(E, u), identity: "expm1(u)' = exp(u)*u'", atZero: 0 },
  // d/dx |u| = sign(u)·u'   (u ≠ 0)
  { name: 'abs', arity: 1, evaluate: Math.abs, partial: ([u]) => c('sign', u), identity: "abs(u)' = sign(u)*u'", parity: 'even', atZero: 0 },
  // d/dx sign(u) = 0   (u ≠ 0)
  { name: 'sign', arity: 1, evaluate: Math.sign, partial: () => ZERO, identity: "sign(u)' = 0 (u != 0)", parity: 'odd', atZero: 0 },
  // ∂/∂u hypot(u, v) = u/hypot(u, v), ∂/∂v hypot(u, v) = v/hypot(u, v)
  { name: 'hypot', arity: 2, evaluate: Math.hypot, partial: (args, i) => div(args[i], c('hypot', ...args)), identity: "hypot(u, v)' = (u*u' + v*v')/hypot(u, v)" },
  // atan2(v, u), the angle of the point (u, v): ∂/∂v = u/(u²+v²), ∂/∂u = −v/(u²+v²), everywhere but
  // the origin and the cut along u < 0, v = 0 (where the angle jumps from π to −π)
  {
    name: 'atan2', arity: 2, evaluate: Math.atan2,
    partial: ([v, u], i) => div(i === 0 ? u : neg(v), add(sq(u), sq(v))),
    identity: "atan2(v, u)' = (u*v' - v*u')/(u^2 + v^2)",
  },
  // max(u, v): ∂/∂u = heaviside(u − v), ∂/∂v = heaviside(v − u). Not differentiable where u = v;
  // there the formula gives 1/2, the mean of the one-sided derivatives (nonDifferentiableWhere reports it).
  { name: 'max', arity: 2, evaluate: Math.max, partial: ([u, v], i) => c('heaviside', i === 0 ? sub(u, v) : sub(v, u)), identity: "max(u, v)' = u' where u > v, v' where u < v (not differentiable where u = v)" },
  // min(u, v): ∂/∂u = heaviside(v − u), ∂/∂v = heaviside(u − v); like max at u = v
  { name: 'min', arity: 2, evaluate: Math.min, partial: ([u, v], i) => c('heaviside', i === 0 ? sub(v, u) : sub(u, v)), identity: "min(u, v)' = u' where u < v, v' where u > v (not differentiable where u = v)" },
  // d/dx Γ(u) = Γ(u)·ψ(u)·u'
  { name: 'gamma', arity: 1, evaluate: gamma, partial: ([u]) => mul(c('gamma', u), c('digamma', u)), identity: "gamma(u)' = gamma(u)*digamma(u)*u'", alsoVariable: true, poles: 'u = 0, -1, -2, …' },
  // d/dx ln|Γ(u)| = ψ(u)·u'   (math.lgamma, scipy's gammaln, Julia's loggamma)
  { name: 'lgamma', arity: 1, evaluate: lgamma, partial: ([u]) => c('digamma', u), identity: "lgamma(u)' = digamma(u)*u'", poles: 'u = 0, -1, -2, …' },
  // d/dx ψ(u) = ψ⁽¹⁾(u)·u'
  { name: 'digamma', arity: 1, evaluate: digamma, partial: ([u]) => c('polygamma', ONE, u), identity: "digamma(u)' = polygamma(1, u)*u'", poles: 'u = 0, -1, -2, …' },
  // d/dx ψ⁽ⁿ⁾(u) = ψ⁽ⁿ⁺¹⁾(u)·u'; the order n is a constant non-negative integer (call() checks it)
  {
    name: 'polygamma', arity: 2, evaluate: polygamma,
    partial: ([n, u], i) => {
      if (i === 0 || n.kind !== 'num') throw new InputError('the order n of polygamma(n, x) must be a constant non-negative integer');
      return c('polygamma', num(n.value.add(Rational.ONE)), u);
    },
    identity: "polygamma(n, u)' = polygamma(n + 1, u)*u'", poles: 'u = 0, -1, -2, …',
  },

  // ── special functions of statistics and machine learning ──
  // d/dx erf(u) = 2/√π·e^(−u²)·u'
  { name: 'erf', arity: 1, evaluate: erf, partial: ([u]) => gaussian(u, 2), identity: "erf(u)' = 2/sqrt(pi)*exp(-u^2)*u'", parity: 'odd', atZero: 0 },
  // d/dx erfc(u) = −2/√π·e^(−u²)·u'
  { name: 'erfc', arity: 1, evaluate: erfc, partial: ([u]) => gaussian(u, -2), identity: "erfc(u)' = -2/sqrt(pi)*exp(-u^2)*u'", atZero: 1 },
  // the standard normal distribution Φ and density φ (scipy.stats.norm.cdf and pdf, MATLAB's normcdf, LaTeX's \Phi):
  // Φ' = φ, φ'(u) = −u·φ(u); notations without them write erfc(−u/√2)/2 and e^(−u²/2)/√(2π) (lower.ts)
  { name: 'normcdf', arity: 1, evaluate: normcdf, partial: ([u]) => c('normpdf', u), identity: "normcdf(u)' = normpdf(u)*u'", atZero: 0.5 },
  { name: 'normpdf', arity: 1, evaluate: normpdf, partial: ([u]) => neg(mul(u, c('normpdf', u))), identity: "normpdf(u)' = -u*normpdf(u)*u'", parity: 'even' },
  // ∂/∂a B(a, b) = B(a, b)·(ψ(a) − ψ(a + b)), and likewise in b
  {
    name: 'beta', arity: 2, evaluate: beta,
    partial: (args, i) => mul(c('beta', ...args), sub(c('digamma', args[i]), c('digamma', add(...args)))),
    identity: "beta(a, b)' = beta(a, b)*((digamma(a) - digamma(a + b))*a' + (digamma(b) - digamma(a + b))*b')",
    alsoVariable: true, poles: 'a or b = 0, -1, -2, …',
  },
  // d/dx σ(u) = σ(u)·(1 − σ(u))·u'
  { name: 'sigmoid', arity: 1, evaluate: sigmoid, partial: ([u]) => mul(c('sigmoid', u), sub(ONE, c('sigmoid', u))), identity: "sigmoid(u)' = sigmoid(u)*(1 - sigmoid(u))*u'", atZero: 0.5 },
  // log σ(u) = −softplus(−u): d/dx = σ(−u)·u'
  { name: 'log_sigmoid', arity: 1, evaluate: (x) => -softplus(-x), partial: ([u]) => c('sigmoid', neg(u)), identity: "log_sigmoid(u)' = sigmoid(-u)*u'" },
  // softplus(u) = log(1 + e^u): d/dx = σ(u)·u'
  { name: 'softplus', arity: 1, evaluate: softplus, partial: ([u]) => c('sigmoid', u), identity: "softplus(u)' = sigmoid(u)*u'" },
  // gelu(u) = u·Φ(u): d/dx = (Φ(u) + u·φ(u))·u', Φ(u) = (1 + erf(u/√2))/2, φ(u) = e^(−u²/2)/√(2π)
  {
    name: 'gelu', arity: 1, evaluate: gelu,
    partial: ([u]) => add(mul(HALF_EXPR, add(ONE, c('erf', mul(invSqrt(TWO), u)))), mul(u, pow(mul(TWO, PI), MINUS_HALF), pow(E, mul(MINUS_HALF, sq(u))))),
    identity: "gelu(u)' = ((1 + erf(u/sqrt(2)))/2 + u*exp(-u^2/2)/sqrt(2*pi))*u'", atZero: 0,
  },
  // gelu_tanh(u) = u/2·(1 + tanh(k(u + c·u³))), k = √(2/π), c = 0.044715:
  // d/dx = (1 + t)/2 + u/2·(1 − t²)·k·(1 + 3c·u²), t = tanh(k(u + c·u³))
  {
    name: 'gelu_tanh', arity: 1, evaluate: geluTanh,
    partial: ([u]) => {
      const t = c('tanh', mul(GELU_K, add(u, mul(GELU_C, pow(u, num(3))))));
      return add(mul(HALF_EXPR, add(ONE, t)), mul(HALF_EXPR, u, sub(ONE, sq(t)), GELU_K, add(ONE, mul(num(3), GELU_C, sq(u)))));
    },
    identity: "gelu_tanh(u)' = ((1 + t)/2 + u*(1 - t^2)*sqrt(2/pi)*(1 + 3*0.044715*u^2)/2)*u', t = tanh(sqrt(2/pi)*(u + 0.044715*u^3))", atZero: 0,
  },
  // silu(u) = u·σ(u): d/dx = σ(u)·(1 + u·(1 − σ(u)))·u'
  { name: 'silu', arity: 1, evaluate: (x) => x * sigmoid(x), partial: ([u]) => mul(c('sigmoid', u), add(ONE, mul(u, sub(ONE, c('sigmoid', u))))), identity: "silu(u)' = sigmoid(u)*(1 + u*(1 - sigmoid(u)))*u'", atZero: 0 },
  // logaddexp(a, b) = log(e^a + e^b): ∂/∂a = σ(a − b), ∂/∂b = σ(b − a)
  { name: 'logaddexp', arity: 2, evaluate: logaddexp, partial: ([a, b], i) => c('sigmoid', i === 0 ? sub(a, b) : sub(b, a)), identity: "logaddexp(a, b)' = sigmoid(a - b)*a' + sigmoid(b - a)*b'" },
  // the normalised sinc(u) = sin(πu)/(πu): d/dx = (cos(πu) − sinc(u))/u·u'
  { name: 'sinc', arity: 1, evaluate: sinc, partial: ([u]) => div(sub(c('cos', mul(PI, u)), c('sinc', u)), u), identity: "sinc(u)' = (cos(pi*u) - sinc(u))/u*u'", parity: 'even', atZero: 1 },
  // ── piecewise functions: their derivatives hold where they are differentiable (nonDifferentiableWhere says where not) ──
  // relu(u) = max(u, 0): d/dx = heaviside(u)·u'
  { name: 'relu', arity: 1, evaluate: (x) => (x > 0 ? x : x <= 0 ? 0 : NaN), partial: ([u]) => c('heaviside', u), identity: "relu(u)' = heaviside(u)*u' (not differentiable where u = 0)", atZero: 0 },
  // the unit step: 1 for u > 0, 0 for u < 0, 1/2 at 0; its derivative is 0 away from the jump
  { name: 'heaviside', arity: 1, evaluate: heaviside, partial: () => ZERO, identity: "heaviside(u)' = 0 (u != 0)", atZero: 0.5 },
  // leaky_relu(u, s) = u for u > 0, s·u otherwise
  {
    name: 'leaky_relu', arity: 2, evaluate: (x, s) => (x > 0 ? x : s * x),
    partial: ([u, s], i) => (i === 0 ? c('where', c('gt', u, ZERO), ONE, s) : c('where', c('gt', u, ZERO), ZERO, u)),
    identity: "leaky_relu(u, s)' = where(u > 0, u', s*u') (not differentiable where u = 0)",
  },
  // elu(u, α) = u for u > 0, α(e^u − 1) otherwise
  {
    name: 'elu', arity: 2, evaluate: (x, a) => (x > 0 ? x : a * Math.expm1(x)),
    partial: ([u, a], i) => (i === 0 ? c('where', c('gt', u, ZERO), ONE, mul(a, pow(E, u))) : c('where', c('gt', u, ZERO), ZERO, sub(pow(E, u), ONE))),
    identity: "elu(u, a)' = where(u > 0, u', a*exp(u)*u') (not differentiable where u = 0 unless a = 1)",
  },
  // where(c, a, b) is a where the condition c holds (is not 0), else b; diff.ts differentiates it as where(c, a', b')
  {
    name: 'where', arity: 3, evaluate: (cond, a, b) => (Number.isNaN(cond) ? NaN : cond !== 0 ? a : b),
    partial: ([cond], i) => (i === 0 ? ZERO : i === 1 ? c('where', cond, ONE, ZERO) : c('where', cond, ZERO, ONE)),
    identity: "where(c, a, b)' = where(c, a', b')",
  },
  // the comparisons, 1 where they hold and 0 elsewhere: constant away from where their sides meet
  ...COMPARISONS.map(([name, holds]): FunctionDef => ({ name, arity: 2, evaluate: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : holds(a, b) ? 1 : 0), partial: () => ZERO, identity: `${name}(u, v)' = 0 (u != v)` })),
  // clip(u, lo, hi) = min(max(u, lo), hi)
  {
    name: 'clip', arity: 3, evaluate: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
    partial: ([u, lo, hi], i) => (i === 0
      ? c('where', c('lt', u, lo), ZERO, c('where', c('gt', u, hi), ZERO, ONE))
      : i === 1 ? c('where', c('lt', u, lo), ONE, ZERO) : c('where', c('gt', u, hi), ONE, ZERO)),
    identity: "clip(u, lo, hi)' = where(u < lo, lo', where(u > hi, hi', u')) (not differentiable where u = lo or u = hi)",
  },
  // floor, ceil, round are constant between the points where they jump
  { name: 'floor', arity: 1, evaluate: Math.floor, partial: () => ZERO, identity: "floor(u)' = 0 (u not an integer)", atZero: 0 },
  { name: 'ceil', arity: 1, evaluate: Math.ceil, partial: () => ZERO, identity: "ceil(u)' = 0 (u not an integer)", atZero: 0 },
  { name: 'round', arity: 1, evaluate: roundHalfEven, partial: () => ZERO, identity: "round(u)' = 0 (u not a half-integer)", atZero: 0 },
];

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(table.map((f) => [f.name, f]));

/** Past this order n!·x^-(n+1) leaves double range for most x. */
const MAX_POLYGAMMA_ORDER = 100n;

/** The multiple k of π/2 that `u` is (π → 2, π/2 → 1, 3π → 6), when it is a whole one. */
function halfTurns(u: Expr): bigint | undefined {
  if (u === PI) return 2n;
  if (u.kind !== 'mul' || u.factors.length !== 2 || u.factors[1] !== PI || u.factors[0].kind !== 'num') return undefined;
  const k = u.factors[0].value.mul(Rational.of(2n));
  return k.isInteger ? k.num : undefined;
}

/** sin(kπ/2) for k = 0…3; cos(kπ/2) = sin((k + 1)π/2). */
const SINE_AT_QUARTER = [0, 1, 0, -1];
const CIRCULAR: ReadonlySet<string> = new Set(['sin', 'cos', 'tan', 'csc', 'sec', 'cot']);

/**
 * sin, cos, tan, csc, sec, cot at whole multiples of π/2 are exact: sin(π) = 0, cos(π) = −1, and a
 * reciprocal of 0 (csc(π), tan(π/2)) is 1/0, which the reader then refuses as a division by zero.
 */
function circularAtHalfTurns(fn: string, u: Expr): Expr | undefined {
  if (!CIRCULAR.has(fn)) return undefined;
  const k = halfTurns(u);
  if (k === undefined) return undefined;
  const quarter = ((k % 4n) + 4n) % 4n;
  const sine = SINE_AT_QUARTER[Number(quarter)]!, cosine = SINE_AT_QUARTER[Number((quarter + 1n) % 4n)]!;
  const ratio = (a: number, b: number) => (b === 0 ? pow(ZERO, MINUS_ONE) : num(a / b));
  switch (fn) {
    case 'sin': return num(sine);
    case 'cos': return num(cosine);
    case 'tan': return ratio(sine, cosine);
    case 'cot': return ratio(cosine, sine);
    case 'csc': return ratio(1, sine);
    default: return ratio(1, cosine);
  }
}

/** A function and its inverse: f(f⁻¹(u)) = u on the domain of f⁻¹. */
const INVERSES: ReadonlyMap<string, string> = new Map([
  ['sin', 'asin'], ['cos', 'acos'], ['tan', 'atan'], ['cot', 'acot'], ['sec', 'asec'], ['csc', 'acsc'],
  ['sinh', 'asinh'], ['cosh', 'acosh'], ['tanh', 'atanh'], ['coth', 'acoth'],
]);

/** Builds a call in canonical form: parity, special values, and inverse pairs folded. */
export function call(fn: string, args: readonly Expr[]): Expr {
  // exp and roots are powers, so that e^a·e^b and √u·√u combine by the product rules
  if (fn === 'exp') return pow(E, args[0]);
  if (fn === 'sqrt') return sqrt(args[0]);
  if (fn === 'cbrt') return pow(args[0], num(Rational.of(1n, 3n)));
  const def = FUNCTIONS.get(fn);
  if (!def) throw new Error(`unknown function ${fn}`);
  if (def.arity === 1) {
    const [u] = args;
    if (def.atZero !== undefined && isNum(u, 0)) return num(def.atZero);
    // f(−u) by parity, for −c·v and for a sum whose every term is negative (sinh(−3x − a) = −sinh(3x + a))
    if (def.parity && (isNegative(u) || (u.kind === 'add' && u.terms.every(isNegative)))) {
      const inner = call(fn, [u.kind === 'add' ? negateTerms(u) : neg(u)]);
      return def.parity === 'odd' ? neg(inner) : inner;
    }
    if (u.kind === 'num' && fn === 'abs') return num(u.value.abs());
    if (u.kind === 'num' && fn === 'sign') return num(u.value.isZero ? 0 : u.value.isNegative ? -1 : 1);
    // ||u|| = |u| and |u²| = u²; |sign(u)| = sign(u)² (0 at u = 0, else 1), not sign(u)
    if (fn === 'abs' && (isNonNegative(u) || u.kind === 'add')) return absolute(u);
    if (fn === 'abs' && u.kind === 'call' && u.fn === 'sign') return pow(u, num(2));
    // |u^k| = |u|^k, and u^k has the sign of u for an odd k (sign(x³) = sign(x))
    if ((fn === 'abs' || fn === 'sign') && u.kind === 'pow' && u.exp.kind === 'num' && u.exp.value.isInteger) {
      if (fn === 'abs') return pow(call('abs', [u.base]), u.exp);
      if (u.exp.value.num % 2n !== 0n) return call('sign', [u.base]);
    }
    if ((fn === 'abs' || fn === 'sign') && u.kind === 'mul' && u.factors[0].kind === 'num') {
      // |c·u| = |c|·|u| and sign(c·u) = sign(c)·sign(u)
      const [c, ...rest] = u.factors;
      return mul(call(fn, [c]), call(fn, [mul(...rest)]));
    }
    if (fn === 'gamma' && u.kind === 'num') {
      // Γ(n) = (n − 1)! for small positive integers, Γ(1/2) = √π
      const v = u.value;
      if (v.isInteger && !v.isNegative && v.num >= 1n && v.num <= 20n) {
        let f = 1n;
        for (let k = 2n; k < v.num; k++) f *= k;
        return num(Rational.of(f));
      }
      if (v.equals(Rational.HALF)) return sqrt(PI);
    }
    if (fn === 'lgamma' && (isNum(u, 1) || isNum(u, 2))) return ZERO;
    const atHalfTurns = circularAtHalfTurns(fn, u);
    if (atHalfTurns) return atHalfTurns;
    // f(f⁻¹(u)) = u wherever f⁻¹(u) is defined: sin(asin(u)) = u
    if (u.kind === 'call' && INVERSES.get(fn) === u.fn) return u.args[0];
    // cos(atan(u)) = 1/√(1 + u²) and the other pairs of one family
    const composition = u.kind === 'call' ? inverseComposition(fn, u.fn, u.args[0]) : undefined;
    if (composition) return composition;
    if (fn === 'log') {
      // log(u^k) = k·log(u) for odd k (and roots), where log(u^k) is defined (u > 0): log(x³) = 3·log(x)
      if (u.kind === 'pow' && u.base !== E && u.exp.kind === 'num' && u.exp.value.num % 2n !== 0n) return mul(u.exp, call('log', [u.base]));
      // ln|Γ(v)| is lgamma(v), so \ln\left|\Gamma(x)\right| and lgamma(x) are one function
      if (u.kind === 'call' && u.fn === 'abs' && u.args[0].kind === 'call' && u.args[0].fn === 'gamma') return call('lgamma', u.args[0].args);
      if (isNum(u, 1)) return ZERO;
      if (u === E) return ONE;
      if (u.kind === 'pow' && u.base === E) return u.exp; // log(e^v) = v for real v
    }
  }
  if (fn === 'polygamma') {
    const [n] = args;
    if (n.kind !== 'num' || !n.value.isInteger || n.value.isNegative || n.value.num > MAX_POLYGAMMA_ORDER) {
      throw new InputError(`the order n of polygamma(n, x) must be a constant integer from 0 to ${MAX_POLYGAMMA_ORDER}`);
    }
    if (n.value.isZero) return call('digamma', [args[1]]);
  }
  const piecewise = piecewiseAtNumbers(fn, args);
  if (piecewise) return piecewise;
  if ((fn === 'max' || fn === 'min') && args[0].key === args[1].key) return args[0];
  if ((fn === 'max' || fn === 'min') && args[0].kind === 'num' && args[1].kind === 'num') {
    const first = args[0].value.compare(args[1].value) >= 0 === (fn === 'max');
    return first ? args[0] : args[1];
  }
  return rawCall(fn, args);
}

/**
 * Functions a notation writes by name that are formulas in the table's functions (Julia's sinpi(x) is
 * sin(πx), MATLAB's sind(x) is sin(πx/180)): read as the formula, so they need no rules of their own.
 */
const DEGREE = div(PI, num(180));
export const SHORTHANDS: ReadonlyMap<string, { arity: number; expand: (args: readonly Expr[]) => Expr }> = new Map(Object.entries({
  exp: { arity: 1, expand: ([u]: readonly Expr[]) => pow(E, u) },
  sqrt: { arity: 1, expand: ([u]: readonly Expr[]) => sqrt(u) },
  cbrt: { arity: 1, expand: ([u]: readonly Expr[]) => pow(u, num(Rational.of(1n, 3n))) },
  exp2: { arity: 1, expand: ([u]: readonly Expr[]) => pow(TWO, u) },
  exp10: { arity: 1, expand: ([u]: readonly Expr[]) => pow(num(10), u) },
  log2: { arity: 1, expand: ([u]: readonly Expr[]) => logBase(u, TWO) },
  log10: { arity: 1, expand: ([u]: readonly Expr[]) => logBase(u, num(10)) },
  inv: { arity: 1, expand: ([u]: readonly Expr[]) => pow(u, MINUS_ONE) },
  abs2: { arity: 1, expand: ([u]: readonly Expr[]) => sq(u) },
  sinpi: { arity: 1, expand: ([u]: readonly Expr[]) => call('sin', [mul(PI, u)]) },
  cospi: { arity: 1, expand: ([u]: readonly Expr[]) => call('cos', [mul(PI, u)]) },
  tanpi: { arity: 1, expand: ([u]: readonly Expr[]) => call('tan', [mul(PI, u)]) },
  sind: { arity: 1, expand: ([u]: readonly Expr[]) => call('sin', [mul(DEGREE, u)]) },
  cosd: { arity: 1, expand: ([u]: readonly Expr[]) => call('cos', [mul(DEGREE, u)]) },
  tand: { arity: 1, expand: ([u]: readonly Expr[]) => call('tan', [mul(DEGREE, u)]) },
  secd: { arity: 1, expand: ([u]: readonly Expr[]) => call('sec', [mul(DEGREE, u)]) },
  cscd: { arity: 1, expand: ([u]: readonly Expr[]) => call('csc', [mul(DEGREE, u)]) },
  cotd: { arity: 1, expand: ([u]: readonly Expr[]) => call('cot', [mul(DEGREE, u)]) },
  asind: { arity: 1, expand: ([u]: readonly Expr[]) => div(call('asin', [u]), DEGREE) },
  acosd: { arity: 1, expand: ([u]: readonly Expr[]) => div(call('acos', [u]), DEGREE) },
  atand: { arity: 1, expand: ([u]: readonly Expr[]) => div(call('atan', [u]), DEGREE) },
  deg2rad: { arity: 1, expand: ([u]: readonly Expr[]) => mul(DEGREE, u) },
  rad2deg: { arity: 1, expand: ([u]: readonly Expr[]) => div(u, DEGREE) },
  trigamma: { arity: 1, expand: ([u]: readonly Expr[]) => call('polygamma', [ONE, u]) },
}));

export function isKnownFunction(name: string): boolean {
  return FUNCTIONS.has(name) || name === 'exp' || name === 'sqrt' || name === 'cbrt';
}

/** log(u, b) = log(u)/log(b). */
export function logBase(u: Expr, b: Expr): Expr { return div(call('log', [u]), call('log', [b])); }

/** A number's value, when the expression is one (3, −1/2, 0.25). */
const numberOf = (e: Expr): number | undefined => (e.kind === 'num' ? e.value.toNumber() : undefined);

/**
 * Piecewise functions of numbers, and where(c, a, b) whose branches agree or whose condition is a
 * number: gt(1, 0) = 1, heaviside(-2) = 0, relu(3) = 3, floor(5/2) = 2, where(c, a, a) = a.
 */
function piecewiseAtNumbers(fn: string, args: readonly Expr[]): Expr | undefined {
  if (fn === 'where') {
    const [cond, a, b] = args;
    if (a.key === b.key) return a;
    const v = numberOf(cond);
    return v === undefined ? undefined : v !== 0 ? a : b;
  }
  if (!PIECEWISE_AT_NUMBERS.has(fn) || !args.every((a) => a.kind === 'num')) return undefined;
  const [u, ...rest] = args as readonly Num[];
  switch (fn) {
    case 'relu': return u.value.isNegative ? ZERO : u;
    case 'heaviside': return u.value.isZero ? HALF_EXPR : num(u.value.isNegative ? 0 : 1);
    case 'clip': {
      const [lo, hi] = rest;
      const above = u.value.compare(lo.value) < 0 ? lo : u;
      return above.value.compare(hi.value) > 0 ? hi : above;
    }
    case 'floor': case 'ceil': case 'round': {
      const value = FUNCTIONS.get(fn)!.evaluate(u.value.toNumber());
      return Number.isSafeInteger(value) ? num(value) : undefined;
    }
    default: {
      // the comparisons, exactly
      const order = u.value.compare(rest[0].value);
      const holds = fn === 'gt' ? order > 0 : fn === 'ge' ? order >= 0 : fn === 'lt' ? order < 0 : order <= 0;
      return holds ? ONE : ZERO;
    }
  }
}
const PIECEWISE_AT_NUMBERS: ReadonlySet<string> = new Set(['relu', 'heaviside', 'clip', 'floor', 'ceil', 'round', 'gt', 'ge', 'lt', 'le']);
