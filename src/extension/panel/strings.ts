// The explanation panel's words, localized with vscode.l10n (bundles in l10n/): the webview's
// labels, the notation names and one plain-language reason per differentiation rule.
import * as vscode from 'vscode';
import type { Dialect, SimplificationAction } from '../../core/api';
import type { PanelStrings } from '../../shared/panelMessages';
import { calculusStrings } from './calculusStrings';

/** Labels the webview shows, sent to it once it is ready. */
export function panelStrings(): PanelStrings {
  return {
    title: vscode.l10n.t('Explain Derivative'),
    ...calculusStrings(),
    inputHeading: vscode.l10n.t('How we read your input'),
    readingNotes: vscode.l10n.t('Read as'),
    dialect: vscode.l10n.t('Notation'),
    variables: vscode.l10n.t('Variables'),
    variable: vscode.l10n.t('With respect to'),
    resultHeading: vscode.l10n.t('Result'),
    copy: vscode.l10n.t('Copy'),
    insert: vscode.l10n.t('Insert'),
    insertNamed: vscode.l10n.t('Insert named form'),
    withoutNames: vscode.l10n.t('As one expression'),
    copied: vscode.l10n.t('Copied to the clipboard.'),
    inserted: vscode.l10n.t('Inserted into {0}.'),
    verified: vscode.l10n.t('Verified numerically'),
    verifiedDetail: vscode.l10n.t('Checked against numeric differentiation at {0} points; largest relative error {1}.'),
    unverified: vscode.l10n.t('Not verified numerically'),
    stepsHeading: vscode.l10n.t('Steps'),
    stepsSummary: vscode.l10n.t('{0} steps'),
    orderGroup: vscode.l10n.t('Derivative of order {0}'),
    stepWith: vscode.l10n.t('with'),
    commonFactor: vscode.l10n.t('Common factor'),
    identityUsed: vscode.l10n.t('Identity used'),
    plotHeading: vscode.l10n.t('Plot'),
    plotFunction: vscode.l10n.t('function'),
    plotDerivative: vscode.l10n.t('derivative'),
    plotTangent: vscode.l10n.t('tangent'),
    tangentPoint: vscode.l10n.t('Tangent point'),
    domainBetween: vscode.l10n.t('Defined for {0} between {1} and {2}.'),
    domainFrom: vscode.l10n.t('Defined for {0} ≥ {1}.'),
    domainTo: vscode.l10n.t('Defined for {0} ≤ {1}.'),
    order: vscode.l10n.t('Order'),
    follow: vscode.l10n.t('Follow the selection'),
    followHint: vscode.l10n.t('Update the panel as the selection in the editor changes.'),
    computing: vscode.l10n.t('Computing…'),
    errorHeading: vscode.l10n.t('The selection could not be read'),
    errorColumn: vscode.l10n.t('at column {0}'),
    source: vscode.l10n.t('Selected text'),
    matrixHeading: vscode.l10n.t('Matrix calculus'),
    shapeTable: vscode.l10n.t('Shapes'),
    symbol: vscode.l10n.t('Symbol'),
    shape: vscode.l10n.t('Shape'),
    role: vscode.l10n.t('Role'),
    indexForm: vscode.l10n.t('Derivation in index notation'),
    layout: vscode.l10n.t('Layout'),
    layoutNumerator: vscode.l10n.t('Numerator layout'),
    layoutDenominator: vscode.l10n.t('Denominator layout'),
    layoutSwitch: vscode.l10n.t('Switch to {0}'),
    numpy: vscode.l10n.t('NumPy'),
    einsum: vscode.l10n.t('einsum'),
    gradientCheck: vscode.l10n.t('Gradient check'),
    controls: vscode.l10n.t('Controls'),
  };
}

/** Name of a notation as the panel shows it. */
export function dialectLabel(dialect: Dialect, languageId: string): string {
  switch (dialect) {
    case 'plain':
      return vscode.l10n.t('plain math');
    case 'python':
      return languageId === 'python' ? 'Python' : `Python (${languageId})`;
    case 'javascript':
      return languageId === 'typescript' || languageId === 'typescriptreact' ? 'TypeScript' : 'JavaScript';
    case 'latex':
      return languageId === 'markdown' ? vscode.l10n.t('LaTeX (in Markdown)') : 'LaTeX';
    case 'matlab':
      return 'MATLAB/Octave';
    case 'julia':
      return 'Julia';
    case 'c':
      return languageId === 'c' ? 'C' : 'C++';
  }
}

/** A rule's name as a textbook gives it, keyed by the core's rule id ('product', 'sin', 'chain:sin'). */
export function ruleName(rule: string): string {
  if (rule.startsWith('chain:')) return vscode.l10n.t('Chain rule ({0})', functionName(rule.slice('chain:'.length)));
  return STRUCTURAL_NAMES()[rule] ?? vscode.l10n.t('Derivative of {0}', functionName(rule));
}

/** How a function is named in a rule's name: ln, arcsin…, Φ and φ (the normal distribution), otherwise as the core names it. */
function functionName(fn: string): string {
  if (fn === 'log') return 'ln';
  if (fn === 'normcdf') return 'Φ';
  if (fn === 'normpdf') return 'φ';
  return /^a(sin|cos|tan|cot|sec|csc)$/.test(fn) ? `arc${fn.slice(1)}` : fn;
}

const STRUCTURAL_NAMES = (): Record<string, string> => ({
  variable: vscode.l10n.t('Derivative of the variable'),
  sum: vscode.l10n.t('Sum rule'),
  constantMultiple: vscode.l10n.t('Constant multiple rule'),
  product: vscode.l10n.t('Product rule'),
  quotient: vscode.l10n.t('Quotient rule'),
  reciprocal: vscode.l10n.t('Reciprocal rule'),
  power: vscode.l10n.t('Power rule'),
  exp: vscode.l10n.t('Exponential rule (base e)'),
  exponential: vscode.l10n.t('Exponential rule'),
  generalPower: vscode.l10n.t('Variable base and exponent'),
  where: vscode.l10n.t('Piecewise rule'),
  simplify: vscode.l10n.t('Simplification'),
});

/** Said after a rule's name when a constant factor was folded into its step. */
export function constantFactorNote(): string {
  return vscode.l10n.t('the constant factor stays in front');
}

/** What the simplification did, in words: "collected like terms; pulled out a common factor". */
export function simplificationNote(actions: readonly SimplificationAction[]): string {
  const words = SIMPLIFICATION_WORDS();
  return actions.map((a) => words[a]).reduce((out, phrase) => vscode.l10n.t('{0}; {1}', out, phrase));
}

const SIMPLIFICATION_WORDS = (): Record<SimplificationAction, string> => ({
  collectedLikeTerms: vscode.l10n.t('collected like terms'),
  cancelled: vscode.l10n.t('cancelled terms or factors'),
  commonDenominator: vscode.l10n.t('combined fractions over a common denominator'),
  commonFactor: vscode.l10n.t('pulled out a common factor'),
  identity: vscode.l10n.t('used an identity'),
  rewritten: vscode.l10n.t('rewrote it in a shorter form'),
});
