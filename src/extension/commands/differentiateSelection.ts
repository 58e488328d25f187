// Derivative: Differentiate Selection — every selection, with respect to its only variable.
import * as vscode from 'vscode';
import { analyzeTargets, differentiateTargets, outcome, prepare, type RunOutcome, type Services } from '../differentiation';
import { ui } from '../ui';

export async function differentiateSelectionCommand(services: Services): Promise<RunOutcome> {
  const context = prepare(vscode.window.activeTextEditor);
  if (!context) return outcome(undefined, 'noEditor');
  if (context.targets.length === 0) {
    void ui.info(vscode.l10n.t('Select an expression to differentiate.'));
    return outcome(context, 'noSelection');
  }
  const failed = await analyzeTargets(context, services);
  if (failed) return log(services, failed);
  return log(services, await differentiateTargets(context, services, {}));
}

function log(services: Services, result: RunOutcome): RunOutcome {
  services.log.info(`Differentiate Selection: ${result.status} in ${result.ms.toFixed(0)} ms`);
  return result;
}
