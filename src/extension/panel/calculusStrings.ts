// The calculus sections' words (tangent line, Taylor polynomial, antiderivative, critical points,
// implicit derivative), localized with vscode.l10n; part of the strings the webview gets at start.
import * as vscode from 'vscode';
import type { CalculusStrings } from '../../shared/calculusMessages';

export function calculusStrings(): CalculusStrings {
  return {
    calcTangent: vscode.l10n.t('Tangent line'),
    calcTaylor: vscode.l10n.t('Taylor polynomial'),
    calcIntegral: vscode.l10n.t('Antiderivative'),
    calcCritical: vscode.l10n.t('Critical points'),
    calcImplicit: vscode.l10n.t('Implicit derivative'),
    calcAt: vscode.l10n.t('at {0} ='),
    calcOrder: vscode.l10n.t('Order'),
    calcFrom: vscode.l10n.t('From'),
    calcTo: vscode.l10n.t('To'),
    calcCompute: vscode.l10n.t('Compute'),
    calcTangentHint: vscode.l10n.t('A number or an exact value such as pi/4; the slider under the plot moves the point too.'),
    calcBoundsHint: vscode.l10n.t('Optional bounds give the definite integral; a bound may be inf or -inf.'),
    calcIntervalHint: vscode.l10n.t('Searched on this interval (−10 to 10 when left empty).'),
    calcDefinite: vscode.l10n.t('Definite integral'),
    calcQuadrature: vscode.l10n.t('Numerically {0} ± {1} ({2})'),
    calcExact: vscode.l10n.t('Exact value'),
    calcDiverges: vscode.l10n.t('The integral diverges near {0} = {1}.'),
    calcNotConverged: vscode.l10n.t('The quadrature did not reach its tolerance: the integral may diverge.'),
    calcObservedOrder: vscode.l10n.t('Near the point the error shrinks like h to the power {0}.'),
    calcMinimum: vscode.l10n.t('local minimum'),
    calcMaximum: vscode.l10n.t('local maximum'),
    calcInflection: vscode.l10n.t('stationary inflection point'),
    calcFlat: vscode.l10n.t('flat'),
    calcMinShort: vscode.l10n.t('min'),
    calcMaxShort: vscode.l10n.t('max'),
    calcInflectionShort: vscode.l10n.t('inflection'),
    calcNotDifferentiable: vscode.l10n.t('corner or cusp: the derivative is undefined there'),
    calcNoPoints: vscode.l10n.t('No critical points on this interval.'),
    calcPoint: vscode.l10n.t('Point'),
    calcValue: vscode.l10n.t('Value'),
    calcKind: vscode.l10n.t('Kind'),
    calcSecond: vscode.l10n.t('Second derivative'),
    calcEquation: vscode.l10n.t('Equation'),
    calcFailed: vscode.l10n.t('Could not compute this section'),
  };
}
