// The function table: one entry per function, owning its numeric value, its canonical rules and
// its derivative. The derivative identities here drive both the result and the explanation steps.
import {
  add, dependsOn, div, E, Expr, isNegative, isNum, MINUS_ONE, mul, neg, num, ONE, pow, rawCall,
  sqrt, sub, TWO, ZERO,
} from './expr';
import { Rational } from './rational';

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
}

const c = (fn: string, ...args: Expr[]) => call(fn, args);
const sq = (u: Expr) => pow(u, TWO);
const MINUS_HALF = num(Rational.of(-1n, 2n));
const invSqrt = (u: Expr) => pow(u, MINUS_HALF);

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
];

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(table.map((f) => [f.name, f]));

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
    if (def.parity && isNegative(u)) {
      const inner = call(fn, [neg(u)]);
      return def.parity === 'odd' ? neg(inner) : inner;
    }
    if (u.kind === 'num' && fn === 'abs') return num(u.value.abs());
    if (u.kind === 'num' && fn === 'sign') return num(u.value.isZero ? 0 : u.value.isNegative ? -1 : 1);
    if (fn === 'abs' && u.kind === 'call' && (u.fn === 'abs' || u.fn === 'sign')) return u;
    if ((fn === 'abs' || fn === 'sign') && u.kind === 'mul' && u.factors[0].kind === 'num') {
      // |c·u| = |c|·|u| and sign(c·u) = sign(c)·sign(u)
      const [c, ...rest] = u.factors;
      return mul(call(fn, [c]), call(fn, [mul(...rest)]));
    }
    if (fn === 'log') {
      if (isNum(u, 1)) return ZERO;
      if (u === E) return ONE;
      if (u.kind === 'pow' && u.base === E) return u.exp; // log(e^v) = v for real v
    }
  }
  return rawCall(fn, args);
}

export function isKnownFunction(name: string): boolean {
  return FUNCTIONS.has(name) || name === 'exp' || name === 'sqrt' || name === 'cbrt';
}

/** log(u, b) = log(u)/log(b). */
export function logBase(u: Expr, b: Expr): Expr { return div(call('log', [u]), call('log', [b])); }

/** Does the expression depend on `name` through a function that is not differentiable everywhere? */
export function touchesKink(e: Expr, name: string): boolean {
  if (e.kind === 'call' && (e.fn === 'abs' || e.fn === 'sign') && dependsOn(e, name)) return true;
  switch (e.kind) {
    case 'add': return e.terms.some((t) => touchesKink(t, name));
    case 'mul': return e.factors.some((t) => touchesKink(t, name));
    case 'pow': return touchesKink(e.base, name) || touchesKink(e.exp, name);
    case 'call': return e.args.some((t) => touchesKink(t, name));
    default: return false;
  }
}
