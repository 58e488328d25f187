// Matrix calculus for the explanation panel and hovers (in the core worker), and a matrix result in
// the scalar result's shape, so insertion, hovers and messages treat both alike.
import type { DerivativeResult, Dialect } from './api';
import { differentiateMatrix, type MatrixDerivativeResult, type MatrixLayout } from './matrix/api';
import { read } from './dialects';
import { routeReading } from './route';

export interface MatrixRequest {
  source: string;
  dialect: Dialect;
  documentText: string;
  /** Offset of the selection in the document: the nearest shape annotation wins. */
  selectionOffset: number;
  wrt?: string;
  order?: number;
  timeBudgetMs?: number;
  /** Layout of a Jacobian's result (default numerator); `other` is then the opposite one. */
  layout?: MatrixLayout;
}

export interface MatrixAnswer {
  result: MatrixDerivativeResult;
  /** The same derivative in the other layout, when the layout changes it (Jacobians). */
  other?: MatrixDerivativeResult;
  /** `result` as a DerivativeResult (what Insert writes). */
  derivative: DerivativeResult;
}

/** Orders the matrix engine computes. */
const MAX_MATRIX_ORDER = 4;

/**
 * The derivative with its working (index form, both layouts) when the selection is matrix calculus,
 * else undefined (the scalar engine takes it).
 */
export function explainMatrix(request: MatrixRequest): MatrixAnswer | undefined {
  const context = { documentText: request.documentText, selectionOffset: request.selectionOffset };
  const reading = read(request.source, request.dialect, request.documentText);
  const route = routeReading(reading, context);
  if (route.engine !== 'matrix') return undefined;
  const options = {
    dialect: route.dialect,
    ...context,
    ...(request.wrt !== undefined ? { wrt: request.wrt } : {}),
    ...(request.order !== undefined ? { order: Math.min(request.order, MAX_MATRIX_ORDER) } : {}),
    ...(request.timeBudgetMs !== undefined ? { timeBudgetMs: request.timeBudgetMs } : {}),
  };
  const layout = request.layout ?? 'numerator';
  const result = differentiateMatrix(reading, { ...options, layout });
  const other = result.kind === 'jacobian' ? differentiateMatrix(reading, { ...options, layout: layout === 'numerator' ? 'denominator' : 'numerator', explain: false }) : undefined;
  return { result, ...(other ? { other } : {}), derivative: matrixAsDerivative(result, matrixVariables(result)) };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The symbols of a matrix result, its variable first (its shape table also lists intermediates). */
export function matrixVariables(r: MatrixDerivativeResult): string[] {
  return [r.wrt, ...Object.keys(r.shapes).filter((name) => IDENTIFIER.test(name) && name !== r.wrt)];
}

export function matrixAsDerivative(r: MatrixDerivativeResult, freeSymbols: string[]): DerivativeResult {
  const v = r.verification;
  return {
    input: { plain: r.input.matrix, latex: r.input.latex },
    result: r.result,
    plain: r.matrix,
    latex: r.latex,
    wrt: r.wrt,
    order: r.order,
    freeSymbols,
    verified: r.verified,
    verification: {
      // each point is a draw of the dimensions (with random entries): its sizes are the evidence
      verified: v.verified, method: v.method, points: v.points.map((p) => p.dims), maxRelError: v.maxRelError, ...(v.reason ? { reason: v.reason } : {}),
    },
    steps: [],
    ...(r.assignedTo ? { assignedTo: r.assignedTo } : {}),
    matrix: { kind: r.kind, layout: r.layout, shape: r.shape, numpy: r.numpy },
    ms: r.ms,
  };
}
