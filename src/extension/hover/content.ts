// The hover's Markdown: the derivative drawn as math (when rendered), as code in the document's
// notation, its verification, links to insert, replace or explain it, the partial derivatives
// with respect to the other variables, and links to the calculus commands on the expression.
import * as vscode from 'vscode';
import type { DerivativeResult, MatrixDerivativeResult } from '../../core/index';
import { CommandId } from '../commands';
import type { InsertionStyle } from '../dialect';
import { identifierPart, latexSymbol, operatorLatex, operatorPlain } from '../insertion';
import { linkArgs } from '../previewLinks';
import type { PreviewTarget } from '../previewTargets';
import type { RenderedMath } from '../render/mathRenderer';
import { definedName } from './mathSpans';

/** Language of the code block, by insertion style. */
const CODE_LANGUAGE: Readonly<Record<InsertionStyle, string>> = {
  python: 'python',
  javascript: 'javascript',
  latex: 'latex',
  markdown: 'latex',
  plain: 'text',
  matlab: 'matlab',
  julia: 'julia',
  c: 'cpp',
};

export interface HoverParts {
  target: PreviewTarget;
  main: DerivativeResult;
  /** Whether the main result is one of several partial derivatives. */
  partial: boolean;
  image?: RenderedMath;
  /** Derivatives with respect to the other variables (undefined where one failed). */
  others: { wrt: string; result?: DerivativeResult }[];
  /** Whether `derivative.explain` exists. */
  canExplain: boolean;
  /** The variables as the selection writes them, where that is not their names (the analysis' labels). */
  labels?: Readonly<Record<string, string>>;
}

/** The TeX drawn in the hover: `\frac{dy}{dx} = …` for `y = …`, else `\frac{d}{dx}(…) = …`. */
export function equationLatex(target: PreviewTarget, result: DerivativeResult, partial: boolean): string {
  const d = partial ? '\\partial ' : 'd';
  const x = latexSymbol(result.wrt);
  const assigned = target.assignedTo?.trim();
  // `y = …` → dy/dx; `g(t) = …` (LaTeX as written) → dg/dt; otherwise d/dx (…)
  const defined = assigned ? definedName(assigned) : undefined;
  const name = assigned && /^[A-Za-z_][A-Za-z0-9_]*$/.test(assigned) ? latexSymbol(assigned) : defined?.applied && !defined.primed ? defined.name : undefined;
  // an evaluated derivative operator (\\frac{\\partial^2}{\\partial x \\partial y}(…)) keeps its own operator
  if (result.operator) return `${operatorLatex(result.operator)}${result.input.latexOperand} = ${result.latex}`;
  const operator = name ? `\\frac{${d}${name}}{${d}${x}}` : `\\frac{${d}}{${d}${x}}${result.input.latexOperand}`;
  return `${operator} = ${result.latex}`;
}

/** `d/dx`, or `∂/∂x` for a partial derivative; `written`: the variable as the selection writes it (σ), where that is not its name. */
export function operatorText(wrt: string, partial: boolean, written?: string): string {
  const x = written ?? identifierPart(wrt);
  return partial ? `∂/∂${x}` : `d/d${x}`;
}

export function hoverMarkdown(parts: HoverParts): vscode.MarkdownString {
  const { target, main, partial, image, others, canExplain, labels } = parts;
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [CommandId.ApplyDerivative, CommandId.ExplainDerivative, ...CALCULUS_LINKS.map(([command]) => command)] };
  md.supportHtml = false;
  const operator = main.operator ? operatorPlain(main.operator) : operatorText(main.wrt, partial, labels?.[main.wrt]);
  if (image) {
    const alt = escapeAlt(`${operator} = ${main.plain}`);
    md.appendMarkdown(`![${alt}](${image.uri})\n\n`);
  } else {
    md.appendMarkdown(`**${escape(operator)}**\n\n`);
  }
  md.appendCodeblock(main.result, CODE_LANGUAGE[target.style]);
  md.appendMarkdown(`${verification(main)}\n\n`);
  for (const warning of main.warnings ?? []) md.appendMarkdown(`$(info) ${escape(warning)}\n\n`);
  const links = [
    link('$(insert) ' + vscode.l10n.t('Insert below'), CommandId.ApplyDerivative, linkArgs(target, main.wrt, 'belowSelection'), vscode.l10n.t('Insert the derivative on a new line below the expression')),
    link('$(replace) ' + vscode.l10n.t('Replace'), CommandId.ApplyDerivative, linkArgs(target, main.wrt, 'replace'), vscode.l10n.t('Replace the expression with its derivative')),
  ];
  if (canExplain) links.push(link('$(book) ' + vscode.l10n.t('Explain'), CommandId.ExplainDerivative, linkArgs(target, main.wrt, 'belowSelection'), vscode.l10n.t('Show the steps in the explanation panel')));
  md.appendMarkdown(links.join(' &nbsp;·&nbsp; '));
  if (others.length > 0) {
    md.appendMarkdown('\n\n---\n\n');
    const rows = others.map(({ wrt, result }) => {
      const head = `**${escape(operatorText(wrt, true, labels?.[wrt]))}**`;
      if (!result) return `${head} ${vscode.l10n.t('could not be computed')}`;
      const mark = result.verified ? '' : ' $(warning)';
      const insert = link(vscode.l10n.t('Insert below'), CommandId.ApplyDerivative, linkArgs(target, wrt, 'belowSelection'), vscode.l10n.t('Insert the derivative on a new line below the expression'));
      const replace = link(vscode.l10n.t('Replace'), CommandId.ApplyDerivative, linkArgs(target, wrt, 'replace'), vscode.l10n.t('Replace the expression with its derivative'));
      return `${head} ${inlineCode(result.result)}${mark} &nbsp;${insert} · ${replace}`;
    });
    md.appendMarkdown(rows.join('  \n'));
  }
  // an evaluated derivative operator is not a function to expand or integrate
  if (!main.operator) md.appendMarkdown(`\n\n---\n\n${calculusLinks(target)}`);
  return md;
}

/** The calculus commands a hover links to: each asks what it needs (the point, the order) when clicked. */
const CALCULUS_LINKS: readonly (readonly [CommandId, () => string, () => string])[] = [
  [CommandId.TangentLine, () => '$(debug-step-over) ' + vscode.l10n.t('Tangent at…'), () => vscode.l10n.t('The tangent line at a point you choose')],
  [CommandId.TaylorExpansion, () => '$(list-ordered) ' + vscode.l10n.t('Taylor…'), () => vscode.l10n.t('The Taylor polynomial at a point and order you choose')],
  [CommandId.IntegrateSelection, () => '$(symbol-operator) ' + vscode.l10n.t('Integrate'), () => vscode.l10n.t('The antiderivative, verified by differentiating it')],
];

/** Links running the calculus commands on the hovered expression. */
function calculusLinks(target: PreviewTarget): string {
  const { start, end } = target.range;
  const args = { uri: target.document.uri.toString(), range: [start.line, start.character, end.line, end.character] };
  return CALCULUS_LINKS.map(([command, text, title]) => link(text(), command, args, title())).join(' &nbsp;·&nbsp; ');
}

function verification(result: DerivativeResult): string {
  if (result.verified) return `$(pass) ${escape(vscode.l10n.t('Verified numerically at {0} points', result.verification.points.length))}`;
  const why = result.verification.reason ?? result.verification.method;
  return `$(warning) ${escape(vscode.l10n.t('Not verified numerically: {0}', why))}`;
}

function link(text: string, command: string, args: unknown, title: string): string {
  // parentheses encoded too: the link's destination must not end early
  const query = encodeURIComponent(JSON.stringify([args])).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${text}](command:${command}?${query} "${title.replace(/"/g, "'")}")`;
}

/** Text in backticks, with enough of them (the code itself may hold one). */
function inlineCode(code: string): string {
  const flat = code.replace(/\s+/g, ' ');
  let longest = 0; // not Math.max(...runs): a long result would overflow the call's arguments
  for (const run of flat.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${flat}${longest ? ' ' : ''}${fence}`;
}

/** Markdown special characters escaped. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|$]/g, (c) => `\\${c}`);
}

function escapeAlt(text: string): string {
  const short = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  return short.replace(/[[\]\\]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

// ──── Vector and matrix input (the matrix engine) ───────────

/**
 * The TeX drawn for a matrix derivative: `\frac{\partial q}{\partial x} = …` for `q = …`; with its
 * repeated subexpressions named when some repeat (`… \quad \text{where } s = \sigma(W x)`).
 */
export function matrixEquationLatex(target: PreviewTarget, result: MatrixDerivativeResult): string {
  const x = latexSymbol(result.wrt);
  const assigned = target.assignedTo?.trim();
  const name = assigned && /^[A-Za-z_][A-Za-z0-9_]*$/.test(assigned) ? latexSymbol(assigned) : undefined;
  const operator = name ? `\\frac{\\partial ${name}}{\\partial ${x}}` : `\\frac{\\partial}{\\partial ${x}}${result.input.latexOperand}`;
  return `${operator} = ${result.named?.latex ?? result.latex}`;
}

export interface MatrixHoverParts {
  target: PreviewTarget;
  result: MatrixDerivativeResult;
  image?: RenderedMath;
  canExplain: boolean;
  /** The variables as the selection writes them, where that is not their names (the analysis' labels). */
  labels?: Readonly<Record<string, string>>;
}

/** The hover for vector/matrix input: image, code, what kind of derivative with its shapes, the check, links. */
export function matrixHoverMarkdown({ target, result, image, canExplain, labels }: MatrixHoverParts): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [CommandId.ApplyDerivative, CommandId.ExplainDerivative] };
  md.supportHtml = false;
  const operator = operatorText(result.wrt, true, labels?.[result.wrt]);
  const wrt = labels?.[result.wrt] ?? result.wrt;
  // the image's words: what it draws, the named form with its "where" when there is one
  const drawn = result.named ? `${result.named.result}, where ${result.named.definitions.map((d) => `${d.name} = ${d.code}`).join(', ')}` : result.matrix;
  if (image) md.appendMarkdown(`![${escapeAlt(`${operator} = ${drawn}`)}](${image.uri})\n\n`);
  else md.appendMarkdown(`**${escape(operator)}**\n\n`);
  // the named form as it runs: its definitions, then the result in terms of them
  md.appendCodeblock(result.named?.code ?? result.result, CODE_LANGUAGE[target.style]);
  const kind =
    result.kind === 'gradient'
      ? vscode.l10n.t('Gradient with respect to {0}', wrt)
      : result.kind === 'jacobian'
        ? vscode.l10n.t('Jacobian with respect to {0} ({1} layout)', wrt, result.layout === 'numerator' ? vscode.l10n.t('numerator') : vscode.l10n.t('denominator'))
        : vscode.l10n.t('Derivative with respect to {0}', wrt);
  const symbols = Object.entries(result.shapes)
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    .map(([name, shape]) => `${name}: ${shape}`);
  md.appendMarkdown(`$(symbol-array) ${escape(`${kind}, ${vscode.l10n.t('shape {0}', result.shape)}`)}${symbols.length ? ` · ${escape(vscode.l10n.t('shapes assumed: {0}', symbols.join(', ')))}` : ''}\n\n`);
  const check = result.verified
    ? `$(pass) ${escape(vscode.l10n.t('Verified numerically at {0} points', result.verification.points.length))}`
    : `$(warning) ${escape(vscode.l10n.t('Not verified numerically: {0}', result.verification.reason ?? result.verification.method))}`;
  md.appendMarkdown(`${check}\n\n`);
  const links = [
    link('$(insert) ' + vscode.l10n.t('Insert below'), CommandId.ApplyDerivative, linkArgs(target, result.wrt, 'belowSelection'), vscode.l10n.t('Insert the derivative on a new line below the expression')),
    link('$(replace) ' + vscode.l10n.t('Replace'), CommandId.ApplyDerivative, linkArgs(target, result.wrt, 'replace'), vscode.l10n.t('Replace the expression with its derivative')),
  ];
  // Insert below and Replace write the result as one expression; this link the lines the hover shows
  if (result.named) links.unshift(link('$(insert) ' + vscode.l10n.t('Insert named form'), CommandId.ApplyDerivative, linkArgs(target, result.wrt, 'belowSelection', 'named'), vscode.l10n.t('Insert the named subexpressions, then the derivative in terms of them, below the expression')));
  if (canExplain) links.push(link('$(book) ' + vscode.l10n.t('Explain'), CommandId.ExplainDerivative, linkArgs(target, result.wrt, 'belowSelection'), vscode.l10n.t('Show the steps in the explanation panel')));
  md.appendMarkdown(links.join(' &nbsp;·&nbsp; '));
  return md;
}
