// The matrix result's named form as the panel shows it (no vscode import: unit-tested with the core).
import type { MatrixDerivativeResult } from '../../core/index';
import type { NamedResult } from '../../shared/panelMessages';

/**
 * The result in terms of names for its repeated subexpressions, when the engine found some, and the
 * NumPy code the panel offers: the named numpy lines then (they run as written), else the expression.
 */
export function namedResult(r: MatrixDerivativeResult): { named?: NamedResult; numpy: string } {
  if (!r.named) return { numpy: r.numpy };
  return { named: { code: r.named.code, latex: r.named.latex }, numpy: r.named.numpyCode };
}
