// Derivative: Differentiate Selection With Respect To… — pick the variable, the order, and where
// the result goes (for this run only).
import * as vscode from 'vscode';
import { analyzeTargets, differentiateTargets, freeSymbols, outcome, pickVariable, prepare, type RunOutcome, type Services } from '../differentiation';
import { plainOperator } from '../insertion';
import type { InsertMode } from '../settings';
import { ui, type PickItem } from '../ui';

/** Orders offered in the pick. */
const ORDERS = [1, 2, 3, 4, 5];

export async function differentiateSelectionWrtCommand(services: Services): Promise<RunOutcome> {
  const context = prepare(vscode.window.activeTextEditor);
  if (!context) return outcome(undefined, 'noEditor');
  if (context.targets.length === 0) {
    void ui.info(vscode.l10n.t('Select an expression to differentiate.'));
    return finish(services, outcome(context, 'noSelection'));
  }
  const failed = await analyzeTargets(context, services);
  if (failed) return finish(services, failed);

  const symbols = freeSymbols(context.targets);
  if (symbols.length === 0) {
    void ui.info(vscode.l10n.t('The selection has no variable: its derivative is 0.'));
    return finish(services, outcome(context, 'constant'));
  }
  const wrt = await pickVariable(context, services, symbols);
  if (wrt === undefined) return finish(services, outcome(context, 'cancelled'));

  const order = await ui.pick(
    ORDERS.map((n) => ({ label: String(n), description: plainOperator(wrt, n), value: n })),
    { title: vscode.l10n.t('Order of the derivative'), placeholder: vscode.l10n.t('1 for the first derivative, 2 for the second, …') },
  );
  if (order === undefined) return finish(services, outcome(context, 'cancelled'));

  const configured = context.settings.insertMode;
  const insertMode = await ui.pick(insertModeItems(configured), {
    title: vscode.l10n.t('Where should the derivative go?'),
    active: configured,
  });
  if (insertMode === undefined) return finish(services, outcome(context, 'cancelled'));

  return finish(services, await differentiateTargets(context, services, { wrt, order, insertMode }));
}

function insertModeItems(configured: InsertMode): PickItem<InsertMode>[] {
  const items: PickItem<InsertMode>[] = [
    { label: vscode.l10n.t('Below the selection'), detail: vscode.l10n.t('Insert a new line after the selection, in the style of the document.'), value: 'belowSelection' },
    { label: vscode.l10n.t('Replace the selection'), detail: vscode.l10n.t('Put the derivative in place of the selected expression.'), value: 'replace' },
    { label: vscode.l10n.t('Copy to the clipboard'), detail: vscode.l10n.t('Leave the document as it is.'), value: 'clipboard' },
  ];
  return items.map((item) => (item.value === configured ? { ...item, description: vscode.l10n.t('(setting)') } : item));
}

function finish(services: Services, result: RunOutcome): RunOutcome {
  services.log.info(`Differentiate Selection With Respect To: ${result.status} in ${result.ms.toFixed(0)} ms`);
  return result;
}
