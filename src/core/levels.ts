// Derivatives taken in turn: an expression's derivative by each variable of a list (x, x for the second
// order; y then x for ∂²/∂x∂y; x[0] then x[1] for an entry of a Hessian), simplified after each, every
// level kept to be checked numerically and explained.
import { VERIFICATION_METHOD, VerificationLevel, verifyDerivatives } from './verify';
import type { DerivativeResult, Step, Verification } from './api';
import { toLatex, toPlain, type Parsed } from './dialects';
import { afterOperator } from './dialects/latex';
import { printedWhenRead, type TermOrigins } from './dialects/layout';
import { derivative } from './diff';
import { Expr } from './expr';
import { simplifyReport, withoutRemovableFunctions } from './simplify';
import type { ExplainedLevel } from './steps';
import { asOneFraction } from './fractions';
import { inWrittenOrientation, withMinusAbsorbed, WrittenOrder } from './termOrder';
import { withRootsAsWritten, WrittenRoot } from './writtenRoots';

/** A level to check: `claimed` is the derivative of `of` by `wrt`. */
export interface Level extends VerificationLevel { wrt: string }

/**
 * The derivative of `e` by `variables` in turn, simplified after each; `written`: the selection's term
 * order, so sums print as the user wrote them. `complete` is false when the deadline cut a simplification short.
 */
export function derivativeLevels(e: Expr, variables: readonly string[], explain: boolean, deadline: number, written?: WrittenOrder, roots: readonly WrittenRoot[] = []) {
  const levels: Level[] = [];
  const explained: ExplainedLevel[] = [];
  let current = withoutRemovableFunctions(e, deadline);
  let complete = true;
  for (const [i, wrt] of variables.entries()) {
    const d = derivative(current, wrt, explain);
    const simplification = simplifyReport(d.result, { deadline, source: e });
    // |u| and sign(u) of the user's sums turned as written
    const oriented = inWrittenOrientation(simplification.result, written?.sums);
    const last = i === variables.length - 1;
    // roots of products shown as written; the next level differentiates the tree's own form
    const oneFraction = asOneFraction(oriented, written?.sums);
    const shown = withRootsAsWritten(last ? withMinusAbsorbed(oneFraction) : oneFraction, roots);
    complete &&= simplification.complete;
    // the first level is checked against the input as written, so a removed function is checked too
    levels.push({ of: i === 0 ? e : current, claimed: shown, wrt });
    if (explain) explained.push({ order: i + 1, wrt, of: current, steps: d.steps, raw: d.result, simplified: shown });
    current = oriented;
  }
  // the last level as shown
  return { result: levels[levels.length - 1].claimed, levels, explained, complete };
}

/** The input as read, printed when first asked for (in the user's term order when `origins` has it). */
export function inputAsRead(parsed: Parsed, origins: TermOrigins | undefined): () => DerivativeResult['input'] {
  return printedWhenRead(origins, () => {
    const latex = toLatex(parsed.expr, parsed.style);
    return { plain: toPlain(parsed.expr), latex, latexOperand: afterOperator(latex, parsed.expr) };
  });
}

/** The fields every scalar answer ends with: its check, its explanation, the name assigned to, warnings and the time taken. */
export function answerEnd(parsed: Parsed, verification: Verification, steps: Step[], warnings: readonly string[], started: number): Pick<DerivativeResult, 'verified' | 'verification' | 'steps' | 'assignedTo' | 'warnings' | 'ms'> {
  return { verified: verification.verified, verification, steps, assignedTo: parsed.assignedTo, ...(warnings.length ? { warnings: [...warnings] } : {}), ms: performance.now() - started };
}

/** Each level checked by its own variable (∂/∂y, then ∂/∂x): verified when every level is. */
export function verifyLevels(levels: readonly Level[]): Verification {
  let points: Record<string, number>[] = [];
  let maxRelError = 0;
  for (const level of levels) {
    const v = verifyDerivatives([level], level.wrt);
    if (!v.verified) return { ...v, points: v.points.length ? v.points : points };
    if (points.length === 0) points = v.points;
    maxRelError = Math.max(maxRelError, v.maxRelError);
  }
  return { verified: true, method: VERIFICATION_METHOD, points, maxRelError };
}
