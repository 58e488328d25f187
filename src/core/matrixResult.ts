// A matrix-calculus result in the scalar result's shape, so insertion, hovers, messages and the panel
// treat both alike (the engine's whole answer rides along in `matrix.detail`).
import type { DerivativeResult } from './api';
import type { MatrixDerivativeResult } from './matrix/api';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The symbols of a matrix result, its variable first (its shape table also lists intermediates). */
export function matrixVariables(r: MatrixDerivativeResult): string[] {
  return [r.wrt, ...Object.keys(r.shapes).filter((name) => IDENTIFIER.test(name) && name !== r.wrt)];
}

/** `other`: the same derivative in the other layout (Jacobians). */
export function matrixAsDerivative(r: MatrixDerivativeResult, other?: MatrixDerivativeResult): DerivativeResult {
  const v = r.verification;
  return {
    input: { plain: r.input.matrix, latex: r.input.latex, latexOperand: r.input.latexOperand },
    result: r.result,
    plain: r.matrix,
    latex: r.latex,
    wrt: r.wrt,
    order: r.order,
    freeSymbols: matrixVariables(r),
    verified: r.verified,
    verification: {
      // each point is a draw of the dimensions (with random entries): its sizes are the evidence
      verified: v.verified, method: v.method, points: v.points.map((p) => p.dims), maxRelError: v.maxRelError, ...(v.reason ? { reason: v.reason } : {}),
    },
    steps: [],
    ...(r.warnings ? { warnings: r.warnings } : {}),
    ...(r.assignedTo ? { assignedTo: r.assignedTo } : {}),
    matrix: { kind: r.kind, layout: r.layout, shape: r.shape, numpy: r.numpy, detail: r, ...(other ? { other } : {}) },
    ms: r.ms,
  };
}
