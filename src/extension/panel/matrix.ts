// Matrix calculus for the explanation panel, in the core worker: is the selection vector/matrix
// input, and if so its derivative in both layouts (the panel's toggle). Built on the core's
// exported matrix API (differentiateMatrix, isMatrixInput).
import type { Dialect } from '../../core/api';
import { analyze } from '../../core/index';
import { differentiateMatrix, isMatrixInput, type MatrixDerivativeResult, type MatrixDialect } from '../../core/matrix/api';

export interface MatrixRequest {
  source: string;
  dialect: Dialect;
  documentText: string;
  /** Offset of the selection in the document: the nearest shape annotation wins. */
  selectionOffset: number;
  wrt?: string;
  order?: number;
  timeBudgetMs?: number;
}

export interface MatrixAnswer {
  result: MatrixDerivativeResult;
  /** The same derivative in the other layout, when the layout changes it (Jacobians). */
  other?: MatrixDerivativeResult;
}

/** The matrix notation a document's dialect is read in; JavaScript has none. */
export function matrixDialectOf(dialect: Dialect): MatrixDialect | undefined {
  switch (dialect) {
    case 'plain':
      return 'matrix';
    case 'python':
    case 'matlab':
    case 'julia':
    case 'latex':
      return dialect;
    default:
      return undefined;
  }
}

/** The derivative when the selection is matrix calculus, else undefined (the scalar engine takes it). */
export function explainMatrix(request: MatrixRequest): MatrixAnswer | undefined {
  const dialect = matrixDialectOf(request.dialect);
  if (!dialect) return undefined;
  const context = { documentText: request.documentText, selectionOffset: request.selectionOffset };
  if (!isMatrix(request.source, dialect, context)) return undefined;
  const options = {
    dialect,
    ...context,
    ...(request.wrt !== undefined ? { wrt: request.wrt } : {}),
    ...(request.order !== undefined ? { order: Math.min(request.order, 4) } : {}),
    ...(request.timeBudgetMs !== undefined ? { timeBudgetMs: request.timeBudgetMs } : {}),
  };
  const result = differentiateMatrix(request.source, options);
  const other = result.kind === 'jacobian' ? differentiateMatrix(request.source, { ...options, layout: 'denominator', explain: false }) : undefined;
  return { result, ...(other ? { other } : {}) };
}

/**
 * Plain math is scalar unless it uses array operations (x'*A*x, inv(A)…) or declared shapes — asked
 * with MATLAB's reading of the same operators, since the 'matrix' notation is matrix by definition —
 * or the scalar reader refuses it and the matrix reader does not (tr(X'*X)).
 */
function isMatrix(source: string, dialect: MatrixDialect, context: { documentText: string; selectionOffset: number }): boolean {
  if (dialect !== 'matrix') return isMatrixInput(source, dialect, context);
  if (isMatrixInput(source, 'matlab', context)) return true;
  try {
    analyze(source, 'plain', { documentText: context.documentText });
    return false;
  } catch {
    try {
      differentiateMatrix(source, { dialect, ...context, explain: false, timeBudgetMs: 500 });
      return true;
    } catch {
      return false;
    }
  }
}
