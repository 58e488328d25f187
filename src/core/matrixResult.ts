// A matrix result in the scalar result's shape, so insertion, hovers and messages treat both alike.
// Types only besides this function: the extension host imports it without loading the engine.
import type { DerivativeResult } from './api';
import type { MatrixDerivativeResult } from './matrix/api';

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
