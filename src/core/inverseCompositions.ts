// A function of another's inverse written without either: cos(atan(u)) = 1/√(1 + u²),
// sinh(acosh(u)) = √(u − 1)·√(u + 1). Each identity holds on the whole domain of the inner inverse
// (like sin(asin(u)) = u, the algebraic form may be defined beyond it), and the derivative of the
// algebraic form carries no trigonometric factor. f(f⁻¹(u)) = u is call's own rule.
import { add, div, Expr, mul, ONE, pow, sqrt, sub, TWO } from './expr';

const sq = (u: Expr) => pow(u, TWO);
/** √(1 + u²): the hypotenuse over the adjacent side 1 of atan(u) and asinh(u). */
const onePlusSquare = (u: Expr) => sqrt(add(ONE, sq(u)));
/** √(1 − u²): the other side of asin(u) and acos(u) on [−1, 1], and 1/cosh of atanh(u) on (−1, 1). */
const oneMinusSquare = (u: Expr) => sqrt(sub(ONE, sq(u)));
/** sinh(acosh(u)) for u ≥ 1, written as two roots so that it is undefined where acosh is (u < 1). */
const acoshSinh = (u: Expr) => mul(sqrt(sub(u, ONE)), sqrt(add(u, ONE)));

type Side = (u: Expr) => Expr;
/**
 * For an inverse g⁻¹ and its angle θ = g⁻¹(u): sine-like and cosine-like values from which every
 * function of θ of the same family is a quotient (tan = sin/cos, sec = 1/cos, …).
 */
interface Angle { readonly sin: Side; readonly cos: Side }

const CIRCULAR: ReadonlyMap<string, Angle> = new Map([
  ['asin', { sin: (u) => u, cos: oneMinusSquare }],
  ['acos', { sin: oneMinusSquare, cos: (u) => u }],
  ['atan', { sin: (u) => div(u, onePlusSquare(u)), cos: (u) => div(ONE, onePlusSquare(u)) }],
]);

const HYPERBOLIC: ReadonlyMap<string, Angle> = new Map([
  ['asinh', { sin: (u) => u, cos: onePlusSquare }],
  ['acosh', { sin: acoshSinh, cos: (u) => u }],
  ['atanh', { sin: (u) => div(u, oneMinusSquare(u)), cos: (u) => div(ONE, oneMinusSquare(u)) }],
]);

interface Outer { readonly family: ReadonlyMap<string, Angle>; readonly of: (sin: Expr, cos: Expr) => Expr }

/** Each outer function as a formula in its angle's sine-like and cosine-like parts. */
const OUTER: ReadonlyMap<string, Outer> = new Map<string, Outer>([
  ['sin', { family: CIRCULAR, of: (s) => s }],
  ['cos', { family: CIRCULAR, of: (_, c) => c }],
  ['tan', { family: CIRCULAR, of: (s, c) => div(s, c) }],
  ['cot', { family: CIRCULAR, of: (s, c) => div(c, s) }],
  ['sec', { family: CIRCULAR, of: (_, c) => div(ONE, c) }],
  ['csc', { family: CIRCULAR, of: (s) => div(ONE, s) }],
  ['sinh', { family: HYPERBOLIC, of: (s) => s }],
  ['cosh', { family: HYPERBOLIC, of: (_, c) => c }],
  ['tanh', { family: HYPERBOLIC, of: (s, c) => div(s, c) }],
  ['coth', { family: HYPERBOLIC, of: (s, c) => div(c, s) }],
  ['sech', { family: HYPERBOLIC, of: (_, c) => div(ONE, c) }],
  ['csch', { family: HYPERBOLIC, of: (s) => div(ONE, s) }],
]);

/**
 * `outer(inner(u))` without functions when `inner` is an inverse of the same family as `outer`
 * (a circular function of asin, acos or atan; a hyperbolic one of asinh, acosh or atanh), else undefined.
 */
export function inverseComposition(outer: string, inner: string, u: Expr): Expr | undefined {
  const o = OUTER.get(outer);
  const angle = o?.family.get(inner);
  return o && angle ? o.of(angle.sin(u), angle.cos(u)) : undefined;
}
