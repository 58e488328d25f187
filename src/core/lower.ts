// Rewrites functions a dialect cannot print into ones it can (sec u → 1/cos u in numpy, log1p in
// plain math → log(1 + u)). One place for these identities, shared by every printer.
import { add, children, div, E, Expr, mul, num, ONE, pow, rebuild, sqrt, sub, TWO } from './expr';
import { call } from './functions';
import { checkDeadline } from './budget';

type Lowering = (args: readonly Expr[]) => Expr;

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
};

/** Replaces every call whose function is not in `available`. */
export function lowerFor(e: Expr, available: ReadonlySet<string>): Expr {
  checkDeadline();
  const kids = children(e);
  if (kids.length === 0) return e;
  const lowered = kids.map((k) => lowerFor(k, available));
  if (e.kind === 'call' && !available.has(e.fn) && LOWERINGS[e.fn]) return lowerFor(LOWERINGS[e.fn](lowered), available);
  return lowered.every((k, i) => k === kids[i]) ? e : rebuild(e, lowered, call);
}


