// The tangent line (linearisation) of f at a point: y = f(a) + f'(a)(x − a), exact where the values
// are exact (x³ − 3x at 2 → y = 9x − 16; sin(x) at π/4 → √2/2·x − √2π/8 + √2/2), printed in the
// selection's notation, and checked numerically: the line meets f at a with the slope of f there.
import { InputError, Verification } from '../api';
import { derivative } from '../diff';
import { print, toLatex, toPlain } from '../dialects';
import { compile } from '../evaluate';
import { add, Expr, mul, sub, sym, symbolsOf } from '../expr';
import { nonDifferentiableWhere } from '../kinks';
import { CUT_SHORT_WARNING, simplifyReport } from '../simplify';
import { ridders, verifiedInTime, verifyDerivatives } from '../verify';
import {
  CalculusOptions, chooseVariable, ExactValue, exactConstant, exactValue, numericValue, readPoint, readScalar, resultName, substitute, underBudget,
} from './common';
import { along, oneSidedSlopes, parameterValues } from './numeric';

export interface TangentOptions extends CalculusOptions {
  /** The point a: a number, or an exact constant such as "pi/4", "e", "1/3" (read as plain math). */
  at: number | string;
}

export interface TangentResult {
  /** The input as read, plain and LaTeX. */
  input: { plain: string; latex: string };
  /** The line as an equation in the selection's notation: `y = 9*x - 16` (code assigns it; LaTeX `y = 9 x - 16`). */
  result: string;
  /** The right-hand side f(a) + f'(a)(x − a), simplified, in plain syntax: `9*x - 16`. */
  plain: string;
  /** The right-hand side in LaTeX. */
  latex: string;
  /** The whole equation `y = …`, plain and LaTeX. */
  equation: { plain: string; latex: string };
  /** The name the equation assigns (`y`, another when the expression uses y). */
  name: string;
  wrt: string;
  /** The point of tangency (a, f(a)). A value that depends on parameters has value NaN. */
  point: { x: ExactValue; y: ExactValue };
  /** f'(a). */
  slope: ExactValue;
  /** f' as an expression in plain syntax. */
  derivative: string;
  /** f' checked at random points, and the line checked at a (value and slope). */
  verified: boolean;
  verification: Verification;
  warnings?: string[];
  ms: number;
}

export const TANGENT_METHOD = "f' checked by Ridders' central differences at random points; the line's value and slope at a compared with f(a) and the numeric derivative of f at a";

/** The tangent line of the selection at `options.at`. Throws InputError where f or f' is undefined at a. */
export function tangent(source: string, options: TangentOptions): TangentResult {
  return underBudget(options.budgetMs, ({ started, soft }) => {
    const parsed = readScalar(source, options.notation, options.documentText, 'a tangent line');
    const f = parsed.expr;
    const wrt = chooseVariable(f, options.wrt, 'the tangent line');
    const a = readPoint(options.at, 'the point');
    const warnings = [...(parsed.warnings ?? [])];
    const kinks = nonDifferentiableWhere(f, wrt, toPlain);
    if (kinks) warnings.push(kinks);

    const d = simplifyReport(derivative(f, wrt).result, { deadline: soft });
    const fPrime = d.result;
    const params = parameterValues(f, wrt);
    const aText = toPlain(a);
    const fa = valueAt(f, wrt, a, params, soft, `f is not defined at ${wrt} = ${aText}`);
    const slope = valueAt(fPrime, wrt, a, params, soft, `f is not differentiable at ${wrt} = ${aText}: f' is not defined there`);
    const sides = oneSidedSlopes(f, wrt, a, params);
    if (sides && !sides.agree) throw new InputError(`f is not differentiable at ${wrt} = ${aText}: its slope from the left (${sides.left.toPrecision(6)}) differs from its slope from the right (${sides.right.toPrecision(6)})`);

    const x = sym(wrt);
    const line = simplifyReport(add(fa.expr, mul(slope.expr, sub(x, a))), { deadline: soft });
    if (!d.complete || !line.complete) warnings.push(CUT_SHORT_WARNING);
    const rhs = line.result;
    const name = resultName(new Set([...symbolsOf(f), wrt]));
    const style = parsed.style;
    const rhsText = print(rhs, style);
    const verification = verifiedInTime(() => verifyTangent(f, fPrime, rhs, wrt, a, params));
    return {
      input: { plain: toPlain(f), latex: toLatex(f) },
      result: `${name} = ${rhsText}`,
      plain: toPlain(rhs),
      latex: toLatex(rhs),
      equation: { plain: `${name} = ${toPlain(rhs)}`, latex: `${name} = ${toLatex(rhs)}` },
      name,
      wrt,
      point: { x: exactValue(a, style, numericValue(a), true), y: exactValue(fa.expr, style, fa.value, fa.exact) },
      slope: exactValue(slope.expr, style, slope.value, slope.exact),
      derivative: toPlain(fPrime),
      verified: verification.verified,
      verification,
      ...(warnings.length ? { warnings } : {}),
      ms: performance.now() - started,
    };
  });
}

/** g(a), exact where exact; refused with `undefinedMessage` where g is not defined at a. */
function valueAt(g: Expr, wrt: string, a: Expr, params: ReadonlyMap<string, number>, deadline: number, undefinedMessage: string) {
  const numeric = along(g, wrt, params)(numericValue(a));
  if (!Number.isFinite(numeric)) throw new InputError(undefinedMessage);
  const exact = substitute(g, wrt, a);
  if (params.size > 0) {
    const withParams = compile(exact, [...params.keys()])(new Float64Array([...params.values()]));
    if (!Number.isFinite(withParams)) throw new InputError(undefinedMessage);
    const simplified = simplifyReport(exact, { deadline }).result;
    return { expr: simplified, value: NaN, exact: true };
  }
  const c = exactConstant(exact, deadline, numeric);
  if (!Number.isFinite(c.value)) throw new InputError(undefinedMessage);
  return c;
}

/** f' at random points, then the line at a: its value is f(a) and its slope the numeric f'(a). */
function verifyTangent(f: Expr, fPrime: Expr, line: Expr, wrt: string, a: Expr, params: ReadonlyMap<string, number>): Verification {
  const derivativeCheck = verifyDerivatives([{ of: f, claimed: fPrime }], wrt);
  if (!derivativeCheck.verified) return { ...derivativeCheck, method: TANGENT_METHOD };
  const F = along(f, wrt, params), L = along(line, wrt, params);
  const x0 = numericValue(a);
  const fx = F(x0), lx = L(x0);
  const h = 0.1 * Math.max(Math.abs(x0), 0.1);
  const numericSlope = ridders(F, x0, h);
  const lineSlope = (L(x0 + 1) - L(x0 - 1)) / 2;
  const valueError = Math.abs(fx - lx) / Math.max(1, Math.abs(fx));
  const slopeError = Math.abs(lineSlope - numericSlope.value) / Math.max(1, Math.abs(numericSlope.value));
  const point = { [wrt]: x0, ...Object.fromEntries(params) };
  const maxRelError = Math.max(derivativeCheck.maxRelError, valueError, slopeError);
  if (!(valueError <= 1e-9)) return { verified: false, method: TANGENT_METHOD, points: [point], maxRelError, reason: `the line's value at ${wrt} = ${x0} is ${lx}, f there is ${fx}` };
  if (!(slopeError <= 1e-6 + 10 * numericSlope.error)) {
    return { verified: false, method: TANGENT_METHOD, points: [point], maxRelError, reason: `the line's slope ${lineSlope} differs from the numeric derivative ${numericSlope.value} at ${wrt} = ${x0}` };
  }
  return { verified: true, method: TANGENT_METHOD, points: [point, ...derivativeCheck.points], maxRelError };
}
