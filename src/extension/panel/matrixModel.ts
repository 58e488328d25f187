// What the panel shows for matrix calculus, from the matrix engine's result (computed in the
// worker): the shape table, the index-notation working, the layout (and the other one's name), the code to copy.
import * as vscode from 'vscode';
import type { MatrixAnswer, MatrixDerivativeResult } from '../../core/index';
import { latexSymbol } from '../insertion';
import { indexToLatex } from './indexLatex';
import type { IndexStep, MatrixModel, ShapeRow } from '../../shared/panelMessages';
import { ruleReason } from './strings';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function matrixModel(base: { source: string; dialectLabel: string; documentName: string }, answer: MatrixAnswer): MatrixModel {
  const r = answer.result;
  const operatorLatex = partialOperator(r.wrt, r.order);
  const variableLatex = indexToLatex(r.index.variable);
  const entries = Object.entries(r.shapes);
  const derivativeKey = entries.at(-1)?.[0];
  const expressionKey = entries.filter(([name]) => name !== derivativeKey).at(-1)?.[0];
  const shapes: ShapeRow[] = entries.map(([name, shape]) => ({
    name,
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
  const step = (text: string, latex: string, code?: string): IndexStep => ({ text, latex, ...(code !== undefined ? { code } : {}) });
  const other = answer.other;
  const { verification } = r;
  return {
    kind: 'matrix',
    ...base,
    input: { plain: r.input.matrix, latex: r.input.latex },
    variables: answer.derivative.freeSymbols,
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
    indexLatex: indexToLatex(r.index.expression),
    variableLatex,
    ruleSteps: r.index.steps.map((s) =>
      step(`${ruleReason(s.rule, s.identity)} (${s.identity})`, `\\frac{\\partial ${indexToLatex(s.atom)}}{\\partial ${variableLatex}} = ${indexToLatex(s.derivative)}`),
    ),
    deltaSteps: r.index.deltas.map((d) => step(vscode.l10n.t('A Kronecker delta is removed by renaming the summed index: {0}.', d.rename), `\\begin{aligned} & ${indexToLatex(d.before)} \\\\ \\longrightarrow\\; & ${indexToLatex(d.after)} \\end{aligned}`)),
    levels: r.index.levels.map((l) => step(vscode.l10n.t('Derivative of order {0} in index form, and as einsum:', l.order), `${partialOperator(r.wrt, l.order)}\\,f = ${indexToLatex(l.derivative)}`, l.einsum)),
    backToMatrix: r.index.patterns.map((p) => step(vscode.l10n.t('{0}: the index pattern {1} is, in matrix notation:', p.rule, p.pattern), indexToLatex(p.term), p.result)),
    numpy: r.numpy,
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


function partialOperator(wrt: string, order: number): string {
  const v = latexSymbol(wrt);
  return order > 1 ? `\\frac{\\partial^{${order}}}{\\partial ${v}^{${order}}}` : `\\frac{\\partial}{\\partial ${v}}`;
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
      return vscode.l10n.t('tensor (given as einsum)');
    default:
      return vscode.l10n.t('derivative');
  }
}
