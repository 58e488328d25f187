// Derivative operators written in a selection (LaTeX's \frac{d}{dx}(…), \frac{\partial^2}{\partial x\,\partial y}(…),
// SymPy's diff(expr, x)): the engine evaluates them. A selection that is one operator is answered with
// the derivative it asks for — its variables and order from the operator, whatever variable a request
// names — checked numerically and explained like any derivative. An operator inside a larger expression
// (x + \frac{d}{dx}(x^2)) is evaluated in place, checked, and the whole is then what gets differentiated.
import { DerivativeResult, InputError, Step } from './api';
import { ExplainedLevel, textbookSteps } from './steps';
import type { DialectStyle, Parsed } from './dialects';
import { print, toLatex, toLatexExponent, toPlain } from './dialects';
import { dividesByZero, Expr, symbolsOf } from './expr';
import { CUT_SHORT_WARNING } from './simplify';
import { verifiedInTime } from './verify';
import { ifInTime } from './budget';
import { printedWhenRead, withTermOrigins } from './dialects/layout';
import type { Syn } from './syntax';
import { writtenOrder, WrittenOrder } from './termOrder';
import { writtenRoots, WrittenRoot } from './writtenRoots';
import { answerEnd, derivativeLevels, inputAsRead, verifyLevels } from './levels';

/** The most variables one operator may list (∂⁴/∂x²∂y² lists four); the engine's order limit. */
const MAX_ORDER = 10;
/** Simplifying an operator evaluated in place, inside a larger expression, stops after this long. */
const IN_PLACE_SIMPLIFY_MS = 100;

/** The derivative of `e` by each of `wrt`, the operator's variables as written: rightmost first, as operators compose (∂²/∂x∂y = ∂/∂x ∂/∂y). */
function applyOperator(e: Expr, wrt: readonly string[], deadline: number, explain: boolean, written?: WrittenOrder, roots?: readonly WrittenRoot[]) {
  if (wrt.length > MAX_ORDER) throw new InputError(`a derivative operator of order ${wrt.length}: the order is at most ${MAX_ORDER}`);
  return derivativeLevels(e, [...wrt].reverse(), explain, deadline, written, roots);
}

/**
 * An operator inside a larger expression, evaluated where it stands (toScalar calls this): its derivative,
 * simplified briefly. Refused when the numeric check finds it wrong, so nothing unchecked hides inside a
 * result that is verified as a whole.
 */
export function evaluatedInPlace(operand: Expr, wrt: readonly string[], at: number): Expr {
  const { result, levels } = applyOperator(operand, wrt, performance.now() + IN_PLACE_SIMPLIFY_MS, false);
  const check = verifyLevels(levels);
  if (!check.verified && check.reason?.startsWith('differs')) {
    throw new InputError(`the derivative operator here could not be evaluated reliably (${check.reason})`, at);
  }
  return result;
}

/**
 * A selection that is a derivative operator (parsed.operator: its variables, once per order), answered
 * with the derivative it asks for. `wrt` of the result is the operator's first variable (the one
 * applied last), `order` its order, `operator` all its variables; the input shown is the operand.
 */
export function evaluateOperator(parsed: Parsed & { operator: readonly string[] }, syn: Syn, options: { explain?: boolean }, started: number, softDeadline: number): DerivativeResult {
  if (dividesByZero(parsed.expr)) throw new InputError('the expression divides by zero');
  const wrt = parsed.operator;
  const explain = options.explain ?? true;
  // sums print in the order the user wrote their terms
  const written = writtenOrder(syn, [...wrt].reverse());
  const applied = applyOperator(parsed.expr, wrt, softDeadline, explain, written, writtenRoots(syn));
  const free = [...symbolsOf(parsed.expr)];
  const warnings = [...(parsed.warnings ?? [])];
  for (const x of new Set(wrt)) if (free.length > 0 && !free.includes(x)) warnings.push(`the expression does not contain ${x}, so its derivative by ${x} is 0`);
  if (!applied.complete) warnings.push(CUT_SHORT_WARNING);
  const verification = verifiedInTime(() => verifyLevels(applied.levels));
  const steps = describedInTime(applied.explained, parsed.style);
  const input = inputAsRead(parsed, written?.at(0));
  const latex = printedWhenRead(written?.at(wrt.length), () => toLatex(applied.result, parsed.style));
  return {
    get input() { return input(); },
    ...withTermOrigins(written?.at(wrt.length), () => ({
      result: print(applied.result, parsed.style),
      plain: toPlain(applied.result),
    })),
    get latex() { return latex(); },
    wrt: wrt[0],
    order: wrt.length,
    operator: wrt,
    freeSymbols: [...new Set(wrt)],
    ...answerEnd(parsed, verification, steps, warnings, started),
  };
}

/**
 * The recorded derivation of each order as the explanation's textbook steps (src/core/steps.ts), typeset as
 * the selection's LaTeX writes them (its n!); none past the hard deadline.
 */
export function describedInTime(levels: readonly ExplainedLevel[], style: DialectStyle): Step[] {
  return ifInTime(() => textbookSteps(levels, (e) => toLatex(e, style), (e) => toLatexExponent(e, style)), () => []);
}
