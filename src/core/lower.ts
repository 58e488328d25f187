// Rewrites functions a dialect cannot print into ones it can (sec u → 1/cos u in numpy, log1p in
// plain math → log(1 + u)). One place for these identities, shared by every printer.
import { add, children, div, E, Expr, HALF, mul, neg, num, ONE, PI, pow, rebuild, sqrt, sub, TWO, ZERO } from './expr';
import { call, GELU_K, GELU_C } from './functions';
import { checkDeadline } from './budget';
import { InputError } from './api';
import { COMPLEMENT } from './syntax';

export type Lowering = (args: readonly Expr[]) => Expr;

const inv = (e: Expr) => pow(e, num(-1));


/** How to write each function with others; used when a dialect lacks it. */
const LOWERINGS: Readonly<Record<string, Lowering>> = {
  sec: ([u]) => inv(call('cos', [u])),
  csc: ([u]) => inv(call('sin', [u])),
  cot: ([u]) => div(call('cos', [u]), call('sin', [u])),
  sech: ([u]) => inv(call('cosh', [u])),
  csch: ([u]) => inv(call('sinh', [u])),
  coth: ([u]) => div(call('cosh', [u]), call('sinh', [u])),
  acot: ([u]) => call('atan', [inv(u)]),
  asec: ([u]) => call('acos', [inv(u)]),
  acsc: ([u]) => call('asin', [inv(u)]),
  acoth: ([u]) => call('atanh', [inv(u)]),
  asech: ([u]) => call('acosh', [inv(u)]),
  acsch: ([u]) => call('asinh', [inv(u)]),
  log1p: ([u]) => call('log', [add(ONE, u)]),
  expm1: ([u]) => sub(pow(E, u), ONE),
  hypot: ([u, v]) => sqrt(add(pow(u, TWO), pow(v, TWO))),
  // the half-angle formula: equal to atan2 everywhere but its cut (u < 0, v = 0)
  atan2: ([v, u]) => mul(TWO, call('atan', [div(v, add(sqrt(add(pow(u, TWO), pow(v, TWO))), u))])),
  max: ([u, v]) => div(add(u, v, call('abs', [sub(u, v)])), TWO),
  min: ([u, v]) => div(sub(add(u, v), call('abs', [sub(u, v)])), TWO),
  erfc: ([u]) => sub(ONE, call('erf', [u])),
  // as the normal distribution was read before it was a function: (1 + erf(u/√2))/2, e^(−u²/2)/√(2π)
  normcdf: ([u]) => mul(HALF, add(ONE, call('erf', [div(u, sqrt(TWO))]))),
  normpdf: ([u]) => div(pow(E, neg(div(pow(u, TWO), TWO))), sqrt(mul(TWO, PI))),
  beta: ([a, b]) => div(mul(call('gamma', [a]), call('gamma', [b])), call('gamma', [add(a, b)])),
  sigmoid: ([u]) => inv(add(ONE, pow(E, neg(u)))),
  log_sigmoid: ([u]) => neg(call('log1p', [pow(E, neg(u))])),
  softplus: ([u]) => call('log1p', [pow(E, u)]),
  gelu: ([u]) => mul(HALF, u, add(ONE, call('erf', [div(u, sqrt(TWO))]))),
  gelu_tanh: ([u]) => mul(HALF, u, add(ONE, call('tanh', [mul(GELU_K, add(u, mul(GELU_C, pow(u, num(3)))))]))),
  silu: ([u]) => mul(u, call('sigmoid', [u])),
  logaddexp: ([a, b]) => call('log', [add(pow(E, a), pow(E, b))]),
  // NaN at 0, where sinc is 1: only for notations that have no sinc
  sinc: ([u]) => div(call('sin', [mul(PI, u)]), mul(PI, u)),
  relu: ([u]) => call('max', [u, ZERO]),
  // exact at 0 too (1/2), unlike a comparison
  heaviside: ([u]) => mul(HALF, add(ONE, call('sign', [u]))),
  leaky_relu: ([u, s]) => call('where', [call('gt', [u, ZERO]), u, mul(s, u)]),
  elu: ([u, a]) => call('where', [call('gt', [u, ZERO]), u, mul(a, call('expm1', [u]))]),
  clip: ([u, lo, hi]) => call('min', [call('max', [u, lo]), hi]),
  // a sum of masks, for notations without a conditional expression (MATLAB): c.*a + (not c).*b
  where: ([c, a, b]) => add(mul(truth(c), a), mul(falsehood(c), b)),
};

/** The condition as a 1/0 mask: a comparison is one; any other value holds where it is not 0. */
function truth(c: Expr): Expr {
  return c.kind === 'call' && COMPLEMENT[c.fn] ? c : call('gt', [call('abs', [c]), ZERO]);
}
/** The mask where the condition fails. */
function falsehood(c: Expr): Expr {
  return c.kind === 'call' && COMPLEMENT[c.fn] ? call(COMPLEMENT[c.fn], c.args) : call('le', [call('abs', [c]), ZERO]);
}

const withWrittenCache = new WeakMap<object, ReadonlySet<string>>();
/** The functions a notation has, with those the selection calls (the user's sigmoid in MATLAB: see writtenFunctions). */
export function withWritten(available: ReadonlySet<string>, written: Readonly<Record<string, string>> | undefined): ReadonlySet<string> {
  if (!written) return available;
  let all = withWrittenCache.get(written);
  if (!all) withWrittenCache.set(written, (all = new Set([...available, ...Object.keys(written)])));
  return all;
}

/**
 * Replaces every call whose function is not in `available`, by the notation's `own` way of writing it
 * where it has one (C writes sign as conditionals), else by the identities above.
 */
export function lowerFor(e: Expr, available: ReadonlySet<string>, own: Readonly<Record<string, Lowering>> = {}): Expr {
  checkDeadline();
  const kids = children(e);
  if (kids.length === 0) return e;
  const lowered = kids.map((k) => lowerFor(k, available, own));
  const lowering = e.kind === 'call' && !available.has(e.fn) ? own[e.fn] ?? LOWERINGS[e.fn] : undefined;
  if (lowering) return lowerFor(lowering(lowered), available, own);
  return lowered.every((k, i) => k === kids[i]) ? e : rebuild(e, lowered, call);
}

/**
 * Refuses a result with a function `available` lacks after lowering (JavaScript's Math has no erf, C no
 * digamma), rather than printing a call the notation does not have: `what` says which notation.
 */
export function refuseUnwritable(e: Expr, available: ReadonlySet<string>, what: (fn: string) => string): void {
  if (e.kind === 'call' && !available.has(e.fn)) throw new InputError(what(e.fn));
  children(e).forEach((c) => refuseUnwritable(c, available, what));
}
