// The explanation panel's words, localized with vscode.l10n (bundles in l10n/): the webview's
// labels, the notation names and one plain-language reason per differentiation rule.
import * as vscode from 'vscode';
import type { Dialect } from '../../core/api';
import type { PanelStrings } from '../../shared/panelMessages';

/** Labels the webview shows, sent to it once it is ready. */
export function panelStrings(): PanelStrings {
  return {
    title: vscode.l10n.t('Explain Derivative'),
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
    stepsSummary: vscode.l10n.t('{0} rule applications'),
    orderGroup: vscode.l10n.t('Derivative of order {0}'),
    identity: vscode.l10n.t('Rule'),
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
  }
}

/** One line saying why a rule holds, keyed by the core's rule id ('product', 'sin', 'chain:sin'). */
export function ruleReason(rule: string, identity: string): string {
  if (rule.startsWith('chain:')) {
    const inner = FUNCTION_REASONS()[rule.slice('chain:'.length)];
    return inner
      ? vscode.l10n.t('Chain rule: {0} Then multiply by the derivative of the inside.', inner)
      : vscode.l10n.t('Chain rule: differentiate the outer function, then multiply by the derivative of the inside.');
  }
  return STRUCTURAL_REASONS()[rule] ?? FUNCTION_REASONS()[rule] ?? vscode.l10n.t('Rule {0}: {1}', rule, identity);
}

const STRUCTURAL_REASONS = (): Record<string, string> => ({
  constant: vscode.l10n.t('A constant does not change, so its derivative is 0.'),
  variable: vscode.l10n.t('The variable changes at rate 1 with respect to itself.'),
  sum: vscode.l10n.t('Sum rule: differentiate each term on its own and add the results.'),
  constantMultiple: vscode.l10n.t('Constant factor rule: a constant factor stays in front of the derivative.'),
  product: vscode.l10n.t('Product rule: the derivative of each factor times the other factors, added up.'),
  quotient: vscode.l10n.t('Quotient rule: (numerator′ · denominator − numerator · denominator′) over the denominator squared.'),
  reciprocal: vscode.l10n.t('Reciprocal rule: the derivative of 1/v is −v′/v².'),
  power: vscode.l10n.t('Power rule: bring the exponent down, lower it by one, and multiply by the derivative of the base.'),
  exp: vscode.l10n.t('The exponential is its own derivative; multiply by the derivative of the exponent.'),
  exponential: vscode.l10n.t('Exponential rule: aᵘ times ln(a), times the derivative of the exponent.'),
  generalPower: vscode.l10n.t('Base and exponent both vary: write uᵛ as e^(v·ln u) and differentiate that.'),
});

const FUNCTION_REASONS = (): Record<string, string> => ({
  sin: vscode.l10n.t('The derivative of sin is cos.'),
  cos: vscode.l10n.t('The derivative of cos is −sin.'),
  tan: vscode.l10n.t('The derivative of tan is sec².'),
  sec: vscode.l10n.t('The derivative of sec is sec · tan.'),
  csc: vscode.l10n.t('The derivative of csc is −csc · cot.'),
  cot: vscode.l10n.t('The derivative of cot is −csc².'),
  asin: vscode.l10n.t('The derivative of arcsin u is 1/√(1 − u²).'),
  acos: vscode.l10n.t('The derivative of arccos u is −1/√(1 − u²).'),
  atan: vscode.l10n.t('The derivative of arctan u is 1/(1 + u²).'),
  acot: vscode.l10n.t('The derivative of arccot u is −1/(1 + u²).'),
  asec: vscode.l10n.t('The derivative of arcsec u is 1/(|u|·√(u² − 1)).'),
  acsc: vscode.l10n.t('The derivative of arccsc u is −1/(|u|·√(u² − 1)).'),
  sinh: vscode.l10n.t('The derivative of sinh is cosh.'),
  cosh: vscode.l10n.t('The derivative of cosh is sinh.'),
  tanh: vscode.l10n.t('The derivative of tanh is 1/cosh².'),
  sech: vscode.l10n.t('The derivative of sech is −sech · tanh.'),
  csch: vscode.l10n.t('The derivative of csch is −csch · coth.'),
  coth: vscode.l10n.t('The derivative of coth is −1/sinh².'),
  asinh: vscode.l10n.t('The derivative of arsinh u is 1/√(u² + 1).'),
  acosh: vscode.l10n.t('The derivative of arcosh u is 1/√(u² − 1).'),
  atanh: vscode.l10n.t('The derivative of artanh u is 1/(1 − u²).'),
  acoth: vscode.l10n.t('The derivative of arcoth u is 1/(1 − u²).'),
  asech: vscode.l10n.t('The derivative of arsech u is −1/(u·√(1 − u²)).'),
  acsch: vscode.l10n.t('The derivative of arcsch u is −1/(|u|·√(1 + u²)).'),
  log: vscode.l10n.t('The derivative of ln u is 1/u.'),
  log1p: vscode.l10n.t('The derivative of ln(1 + u) is 1/(1 + u).'),
  expm1: vscode.l10n.t('The derivative of eᵘ − 1 is eᵘ.'),
  abs: vscode.l10n.t('The derivative of |u| is the sign of u (where u ≠ 0).'),
  sign: vscode.l10n.t('The sign function is constant on each side of 0, so its derivative is 0 there.'),
  hypot: vscode.l10n.t('The derivative of √(u² + v²) is (u·u′ + v·v′)/√(u² + v²).'),
});
