// What the panel shows for matrix calculus, from the matrix engine's result (computed in the
// worker): the shape table, the index-notation working, the layout (and the other one's name), the code to
// copy, and the result with its repeated subexpressions named when some repeat.
import * as vscode from 'vscode';
import type { DerivativeResult, MatrixDerivativeResult, MatrixDetail } from '../../core/index';
import type { IndexStep, MatrixModel, ShapeRow } from '../../shared/panelMessages';
import { namedResult } from './namedResult';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `derivative` is the core's result for a matrix selection (it carries `matrix`, with the working). */
export function matrixModel(base: { source: string; dialectLabel: string; documentName: string }, derivative: DerivativeResult & { matrix: MatrixDetail }): MatrixModel {
  const r = derivative.matrix.detail;
  const operatorLatex = partialOperator(r.wrtLatex, r.order);
  const entries = Object.entries(r.shapes);
  const derivativeKey = entries.at(-1)?.[0];
  const expressionKey = entries.filter(([name]) => name !== derivativeKey).at(-1)?.[0];
  const shapes: ShapeRow[] = entries.map(([name, shape]) => ({
    name,
    latex: r.shapesLatex[name] ?? name,
    shape,
    role:
      name === derivativeKey
        ? vscode.l10n.t('derivative')
        : name === r.wrt
          ? vscode.l10n.t('variable')
          : IDENTIFIER.test(name)
            ? vscode.l10n.t('symbol')
            : name === expressionKey
              ? vscode.l10n.t('expression')
              : vscode.l10n.t('intermediate'),
  }));
  const other = derivative.matrix.other;
  const { verification } = r;
  return {
    kind: 'matrix',
    ...base,
    input: derivative.input,
    variables: derivative.freeSymbols,
    wrt: r.wrt,
    order: r.order,
    resultKind: kindName(r.kind),
    shape: r.shape,
    result: { code: r.result, latex: r.latex, operatorLatex },
    layout: {
      current: r.layout,
      note: r.index.layout,
      ...(other ? { other: { layout: other.layout } } : {}),
    },
    shapes,
    convention: vscode.l10n.t('Indices: i, j belong to f, k, l to the variable; an index on the right that is not on the left is summed.'),
    derivation: derivationSteps(r),
    ...namedResult(r),
    einsum: r.einsum,
    gradientCheck: r.gradientCheck,
    ...(r.note ? { note: r.note } : {}),
    verification: {
      verified: verification.verified,
      method: verification.method,
      points: verification.points.length,
      maxRelError: Number.isFinite(verification.maxRelError) ? verification.maxRelError : -1,
      ...(verification.reason ? { reason: verification.reason } : {}),
    },
    canInsert: true,
  };
}


/** `\frac{\partial}{\partial w}` with the variable typeset as the core typesets it (lam is λ). */
function partialOperator(wrtLatex: string, order: number): string {
  return order > 1 ? `\\frac{\\partial^{${order}}}{\\partial ${wrtLatex}^{${order}}}` : `\\frac{\\partial}{\\partial ${wrtLatex}}`;
}

/**
 * The derivation, one equation per line with what was done to reach it; the engine's index form and
 * per-order results when the derivation could not be written (it disagreed with the result or grew
 * past reading).
 */
function derivationSteps(r: MatrixDerivativeResult): IndexStep[] {
  const lines = r.index.derivation;
  if (lines.length === 0) {
    return [
      { text: vscode.l10n.t('The expression in index form:'), latex: `f = ${r.index.expressionLatex}`, identities: [] },
      ...r.index.levels.map((l) => ({
        text: vscode.l10n.t('Derivative of order {0} in index form, and as einsum:', l.order),
        latex: `${partialOperator(r.wrtLatex, l.order)}\\,f = ${l.derivativeLatex}`,
        identities: [],
        code: l.einsum,
      })),
    ];
  }
  return lines.map((l) => ({ text: lineText(l, r), latex: l.latex, identities: l.rules.filter((x) => x.identity).map((x) => x.identity) }));
}

type DerivationLine = MatrixDerivativeResult['index']['derivation'][number];

function lineText(l: DerivationLine, r: MatrixDerivativeResult): string {
  switch (l.step) {
    case 'index-form':
      return vscode.l10n.t('The expression in index form:');
    case 'rules':
      return vscode.l10n.t('Apply {0}:', [...new Set(l.rules.map((x) => ruleName(x.name)))].join(vscode.l10n.t(', ')));
    case 'identity':
      return vscode.l10n.t('The variable by itself: {0}.', ruleName(l.rules[0]?.name ?? 'vector'));
    case 'deltas':
      return vscode.l10n.t('Each Kronecker delta with a summed index is removed by renaming that index ({0}):', l.notes.join(', '));
    case 'collect':
      return vscode.l10n.t('Terms equal up to the names of their summed indices are added:');
    case 'matrix-index':
      return l.notes.length ? vscode.l10n.t('Back to matrix notation, term by term ({0}):', l.notes.join('; ')) : vscode.l10n.t('Back to matrix notation, term by term:');
    case 'matrix':
      return vscode.l10n.t('In matrix notation ({0}):', r.layout === 'denominator' && r.kind === 'jacobian' ? vscode.l10n.t('Denominator layout') : kindName(r.kind));
    case 'symmetric':
      return vscode.l10n.t('{0} is symmetric: the gradient in the space of symmetric matrices is (G + Gᵀ)/2:', r.wrt);
  }
}

/** A rule of the derivation by name. */
function ruleName(name: string): string {
  switch (name) {
    case 'sum': return vscode.l10n.t('the sum rule');
    case 'product': return vscode.l10n.t('the product rule');
    case 'linear': return vscode.l10n.t('constant factors');
    case 'chain': return vscode.l10n.t('the chain rule');
    case 'power': return vscode.l10n.t('the power rule');
    case 'inv': return vscode.l10n.t('the derivative of the inverse');
    case 'det': return vscode.l10n.t("Jacobi's formula");
    case 'logdet': return vscode.l10n.t('the derivative of log det');
    case 'norm2': return vscode.l10n.t('the derivative of the Euclidean norm');
    case 'norm1': return vscode.l10n.t('the derivative of the 1-norm');
    case 'prod': return vscode.l10n.t('the derivative of a product of entries');
    case 'index-form': return vscode.l10n.t('the index form of a bracket');
    case 'constant': return vscode.l10n.t('the derivative of a constant');
    case 'scalar': return vscode.l10n.t('scalar identity');
    case 'vector': return vscode.l10n.t('vector identity');
    case 'matrix': return vscode.l10n.t('matrix identity');
    default: return name;
  }
}

function kindName(kind: MatrixDerivativeResult['kind']): string {
  switch (kind) {
    case 'gradient':
      return vscode.l10n.t('gradient');
    case 'jacobian':
      return vscode.l10n.t('Jacobian');
    case 'hessian':
      return vscode.l10n.t('Hessian');
    case 'tensor':
      return vscode.l10n.t('tensor');
    default:
      return vscode.l10n.t('derivative');
  }
}
