// The second-order expansion of a scalar function of a vector (or matrix-free vector input) about a
// point x0: f(x0) + g(x0)ᵀ(x − x0) + ½(x − x0)ᵀH(x0)(x − x0), the gradient g and Hessian H from the
// matrix engine (each verified there with random arrays), printed in the selection's notation
// (numpy's @, MATLAB's and Julia's ', MatrixCalculus.org's notation, LaTeX's ^\top).
import { InputError, Notation } from '../api';
import { differentiate } from '../index';
import { MatrixVar, MatrixVerification } from '../matrix/api';
import { parenthesized } from '../dialects/latex';

export interface VectorTaylorOptions {
  notation: Notation;
  /** The vector variable; defaults to the matrix engine's choice. */
  wrt?: string;
  /** The expansion point's name (default: the variable's name with 0, `x0`; LaTeX `x_{0}`). */
  at?: string;
  /** 2 (the default and the only order: gradient and Hessian). */
  order?: number;
  /** Declared shapes, as for differentiate (the CLI's --var). */
  vars?: Readonly<Record<string, MatrixVar>>;
  documentText?: string;
  budgetMs?: number;
}

/** One derivative at the point, as the matrix engine printed it. */
export interface AtPoint {
  /** In the selection's notation. */
  result: string;
  /** MatrixCalculus.org notation. */
  matrix: string;
  latex: string;
  shape: string;
}

export interface VectorTaylorResult {
  /** f(x0) + g(x0)ᵀ(x − x0) + ½(x − x0)ᵀH(x0)(x − x0) in the selection's notation, WITHOUT the O term (what Insert writes). */
  result: string;
  /** The same in MatrixCalculus.org notation, without the O term. */
  plain: string;
  /** With the remainder: `+ O(||x - x0||^3)`. */
  plainWithRemainder: string;
  /** In LaTeX, with the remainder. */
  latex: string;
  wrt: string;
  /** The point's name in the selection's notation. */
  point: string;
  order: 2;
  gradient: AtPoint;
  hessian: AtPoint;
  /** True when the matrix engine verified both the gradient and the Hessian. */
  verified: boolean;
  verification: { gradient: MatrixVerification; hessian: MatrixVerification };
  warnings?: string[];
  ms: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `source` with the variable renamed (whole identifiers only, not attributes such as `np.x`). */
function renamed(source: string, from: string, to: string): string {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return source.replace(new RegExp(`(?<![.\\w\\\\])${escaped}(?![\\w])`, 'g'), to);
}

const atomic = (text: string) => /^[A-Za-z_][\w.]*$/.test(text) || /^\\?[A-Za-z]+(_\{\w+\})?$/.test(text);

/** The second-order expansion of a scalar function of a vector. Throws InputError on what is not one. */
export function taylorVector(source: string, options: VectorTaylorOptions): VectorTaylorResult {
  const started = performance.now();
  if (options.order !== undefined && options.order !== 2) throw new InputError(`the expansion of a function of a vector is of second order (gradient and Hessian), not order ${options.order}`);
  const common = { dialect: options.notation, vars: options.vars, documentText: options.documentText, timeBudgetMs: options.budgetMs, matrix: true, explain: false } as const;
  const first = differentiate(source, { ...common, wrt: options.wrt, order: 1 });
  if (!first.matrix || first.matrix.kind !== 'gradient') {
    throw new InputError(`a second-order expansion needs a scalar function of a vector; this derivative is ${first.matrix ? `a ${first.matrix.kind} (${first.matrix.shape})` : 'scalar calculus: use the Taylor polynomial'}`);
  }
  const wrt = first.matrix.detail.wrt;
  const latex = options.notation === 'latex';
  const pointName = options.at ?? (latex ? `${wrt}_{0}` : `${wrt}0`);
  if (!latex && !IDENTIFIER.test(pointName)) throw new InputError(`the expansion point of a function of a vector is a name such as ${wrt}0, not "${pointName}"`);
  if (renamed(source, pointName, '\u0000') !== source) throw new InputError(`the selection already uses ${pointName}: name the expansion point otherwise`);
  const atPoint = renamed(source, wrt, pointName);
  const pointWrt = latex ? pointName.replace(/[{}]/g, '') : pointName;
  const vars = options.vars && options.vars[wrt] ? { ...options.vars, [pointWrt]: options.vars[wrt] } : options.vars;
  const g = differentiate(atPoint, { ...common, vars, wrt: pointWrt, order: 1 });
  const h = differentiate(atPoint, { ...common, vars, wrt: pointWrt, order: 2 });
  if (!g.matrix || !h.matrix) throw new InputError('the gradient or Hessian at the point has no matrix form');
  // the point typeset as x_{0}, whatever name code gave it
  const latexPoint = latex || options.at === undefined ? `${wrt}_{0}` : pointName;
  const pointLatex = (text: string) => text.replaceAll(`\\mathrm{${pointWrt}}`, latexPoint);
  const gradient: AtPoint = { result: g.result, matrix: g.matrix.detail.matrix, latex: pointLatex(g.latex), shape: g.matrix.shape };
  const hessian: AtPoint = { result: h.result, matrix: h.matrix.detail.matrix, latex: pointLatex(h.latex), shape: h.matrix.shape };

  const f0 = atPoint.trim().replace(/;$/, '');
  const shift = `(${wrt} - ${pointName})`;
  const wrap = (text: string, open = '(', close = ')') => (atomic(text) ? text : `${open}${text}${close}`);
  const inMatrixNotation = (f: string, gr: string, he: string) => `${wrap(f)} + ${wrap(gr)}'*${shift} + 1/2*${shift}'*${wrap(he)}*${shift}`;
  let result: string;
  switch (options.notation) {
    case 'python': result = `${wrap(f0)} + ${wrap(gradient.result)} @ ${shift} + 0.5 * ${shift} @ ${wrap(hessian.result)} @ ${shift}`; break;
    case 'latex': result = latexExpansion(f0, gradient.latex, hessian.latex, wrt, pointName); break;
    default: result = inMatrixNotation(f0, gradient.result, hessian.result);
  }
  const plainPoint = pointWrt;
  const inputMatrix = renamed(first.matrix.detail.input.matrix, wrt, plainPoint);
  const plain = `${wrap(inputMatrix)} + ${wrap(gradient.matrix)}'*(${wrt} - ${plainPoint}) + 1/2*(${wrt} - ${plainPoint})'*${wrap(hessian.matrix)}*(${wrt} - ${plainPoint})`;
  const fLatex = renamed(first.matrix.detail.input.latex, wrt, latexPoint);
  const warnings = [...(g.warnings ?? []), ...(h.warnings ?? [])];
  return {
    result,
    plain,
    plainWithRemainder: `${plain} + O(||${wrt} - ${plainPoint}||^3)`,
    latex: `${latexExpansion(fLatex, gradient.latex, hessian.latex, wrt, latexPoint)} + O${parenthesized(`\\lVert ${wrt} - ${latexPoint} \\rVert^{3}`)}`,
    wrt,
    point: pointName,
    order: 2,
    gradient,
    hessian,
    verified: g.verified && h.verified,
    verification: { gradient: g.matrix.detail.verification, hessian: h.matrix.detail.verification },
    ...(warnings.length ? { warnings: [...new Set(warnings)] } : {}),
    ms: performance.now() - started,
  };
}

function latexExpansion(f: string, g: string, h: string, wrt: string, point: string): string {
  const shift = `(${wrt} - ${point})`;
  const wrap = (text: string) => (atomic(text) ? text : parenthesized(text));
  return `${wrap(f)} + ${wrap(g)}^\\top ${shift} + \\frac{1}{2} ${shift}^\\top ${wrap(h)} ${shift}`;
}
