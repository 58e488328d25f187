// Derivative: Differentiate Selection With Respect To… — asks only what it must: the variable when
// there are several (most likely first), then one pick for the order that also holds where the
// result goes. Order and placement are remembered per workspace and pre-selected next time.
import * as vscode from 'vscode';
import { analyzeTargets, differentiateTargets, freeSymbols, outcome, pickVariable, prepare, type RunOutcome, type Services, writtenSymbol } from '../differentiation';
import { plainOperator } from '../insertion';
import { INSERT_MODES, type InsertMode } from '../settings';
import { ui, type PickItem } from '../ui';

/** Orders offered in the pick. */
const ORDERS = [1, 2, 3, 4, 5];
/** Workspace-state keys of the last run's order and placement. */
export const LAST_ORDER_KEY = 'derivative.withRespectTo.order';
export const LAST_INSERT_MODE_KEY = 'derivative.withRespectTo.insertMode';

export async function differentiateSelectionWrtCommand(services: Services, state: vscode.Memento): Promise<RunOutcome> {
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
  const wrt = symbols.length === 1 ? symbols[0]! : await pickVariable(context, services, symbols);
  if (wrt === undefined) return finish(services, outcome(context, 'cancelled'));

  const configured = context.settings.insertMode;
  const lastMode = state.get<string>(LAST_INSERT_MODE_KEY);
  const lastOrder = state.get<number>(LAST_ORDER_KEY);
  const choice = await pickOrderAndPlacement(writtenSymbol(context.targets, wrt), {
    order: lastOrder !== undefined && ORDERS.includes(lastOrder) ? lastOrder : 1,
    insertMode: INSERT_MODES.includes(lastMode as InsertMode) ? (lastMode as InsertMode) : configured,
    configured,
  });
  if (choice === undefined) return finish(services, outcome(context, 'cancelled'));
  await state.update(LAST_ORDER_KEY, choice.order);
  await state.update(LAST_INSERT_MODE_KEY, choice.insertMode);

  return finish(services, await differentiateTargets(context, services, { wrt, ...choice }));
}

/**
 * One pick: the orders (Enter takes the highlighted one, the last used), and below them where
 * the derivative goes; choosing a placement shows the pick again with it, so one Enter repeats
 * the last run and a change of placement costs one more. `wrt`: the variable as the selection writes it.
 */
async function pickOrderAndPlacement(wrt: string, start: { order: number; insertMode: InsertMode; configured: InsertMode }): Promise<{ order: number; insertMode: InsertMode } | undefined> {
  let { insertMode } = start;
  for (;;) {
    const where = placementLabel(insertMode);
    const orders: PickItem<number | InsertMode>[] = ORDERS.map((n) => ({ label: plainOperator(wrt, n, true), description: where, value: n }));
    const placements: PickItem<number | InsertMode>[] = insertModeItems(insertMode, start.configured).map((item) => ({ ...item, section: vscode.l10n.t('Where the derivative goes') }));
    const chosen = await ui.pick([...orders, ...placements], {
      title: vscode.l10n.t('Differentiate with respect to {0}', wrt),
      placeholder: vscode.l10n.t('Choose the order, or where the derivative goes'),
      active: start.order,
    });
    if (chosen === undefined) return undefined;
    if (typeof chosen === 'number') return { order: chosen, insertMode };
    insertMode = chosen;
  }
}

function placementLabel(mode: InsertMode): string {
  if (mode === 'replace') return vscode.l10n.t('Replace the selection');
  if (mode === 'clipboard') return vscode.l10n.t('Copy to the clipboard');
  return vscode.l10n.t('Below the selection');
}

function insertModeItems(current: InsertMode, configured: InsertMode): PickItem<InsertMode>[] {
  const details: Record<InsertMode, string> = {
    belowSelection: vscode.l10n.t('Insert a new line after the selection, in the style of the document.'),
    replace: vscode.l10n.t('Put the derivative in place of the selected expression.'),
    clipboard: vscode.l10n.t('Leave the document as it is.'),
  };
  return INSERT_MODES.map((mode) => {
    const marks = [mode === current ? vscode.l10n.t('(chosen)') : undefined, mode === configured ? vscode.l10n.t('(setting)') : undefined].filter(Boolean).join(' ');
    return { label: placementLabel(mode), detail: details[mode], value: mode, ...(marks ? { description: marks } : {}) };
  });
}

function finish(services: Services, result: RunOutcome): RunOutcome {
  services.log.info(`Differentiate Selection With Respect To: ${result.status} in ${result.ms.toFixed(0)} ms`);
  return result;
}
