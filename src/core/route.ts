// The one place that decides whether a selection is scalar calculus or vector/matrix calculus. The
// CLI, the commands, hovers, code actions and the explanation panel all ask here (through the core's
// public entry), so a selection gets the same engine wherever it is differentiated.
import { Analysis, Dialect, InputError, SourceContext } from './api';
import { TimeoutError } from './budget';
import { parse } from './dialects';
import { analyzeMatrix, isMatrixInput, MatrixDialect, MatrixLayout, MatrixVar } from './matrix/api';

export type Route = { engine: 'scalar' } | { engine: 'matrix'; dialect: MatrixDialect };

export interface RouteContext extends SourceContext {
  /** Declared shapes (the CLI's --var): asking with shapes is asking for matrix calculus. */
  vars?: Readonly<Record<string, MatrixVar>>;
  /** A Jacobian layout was asked for: only the matrix engine has layouts. */
  layout?: MatrixLayout;
}

/** An analysis that says which engine will differentiate the selection. */
export interface SelectionAnalysis extends Analysis {
  engine: Route['engine'];
}

const SCALAR: Route = { engine: 'scalar' };
/** The plain reading's fallback only asks whether the matrix front-end reads the input: cheap. */
const FALLBACK_BUDGET_MS = 500;

/**
 * Which engine differentiates `source`, and in which matrix notation. A selection is matrix calculus
 * when it uses array operations (`@`, `'`, `.T`, tr, det, inv, norms…) or a symbol declared a vector
 * or matrix (shape annotations near the selection, `vars`). Plain math is read with MATLAB's operators
 * (it is then MatrixCalculus.org's notation), and is matrix calculus too when the scalar reader refuses
 * it and the matrix reader does not (tr(X'*X)). JavaScript has no matrix notation. Never throws
 * InputError: bad input is reported by the engine chosen.
 */
export function routeSelection(source: string, dialect: Dialect | MatrixDialect, context: RouteContext = {}): Route {
  switch (dialect) {
    case 'matrix':
      return { engine: 'matrix', dialect };
    case 'python': case 'latex': case 'matlab': case 'julia':
      return asksForMatrix(context) || isMatrixInput(source, dialect, context) ? { engine: 'matrix', dialect } : SCALAR;
    case 'plain':
      return asksForMatrix(context) || isMatrixInput(source, 'matlab', context) || onlyMatrixReads(source, context) ? { engine: 'matrix', dialect: 'matrix' } : SCALAR;
    default:
      return SCALAR;
  }
}

function asksForMatrix(context: RouteContext): boolean {
  return context.vars !== undefined || context.layout !== undefined;
}

/** The scalar reader refuses plain input that the matrix reader reads and shape-checks. */
function onlyMatrixReads(source: string, context: RouteContext): boolean {
  try {
    parse(source, 'plain', context.documentText);
    return false;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  try {
    analyzeMatrix(source, 'matrix', { ...context, timeBudgetMs: FALLBACK_BUDGET_MS });
    return true;
  } catch (error) {
    // too slow to read as matrix calculus: the scalar engine reports on the input
    if (error instanceof InputError || error instanceof TimeoutError) return false;
    throw error;
  }
}
