// Every command id of the extension, and their registration.
import * as vscode from 'vscode';
import { differentiateSelectionCommand } from './commands/differentiateSelection';
import { differentiateSelectionWrtCommand } from './commands/differentiateSelectionWrt';
import type { Services } from './differentiation';

/**
 * All command ids contributed by this extension (package.json `contributes.commands`).
 */
export const enum CommandId {
  // ──── User facing ───────────────────────────────────────────
  /** {@link differentiateSelectionCommand}: each selection with respect to its only variable (or a pick). */
  DifferentiateSelection = 'derivative.differentiateSelection',
  /** {@link differentiateSelectionWrtCommand}: pick the variable, the order and where the result goes. */
  DifferentiateSelectionWrt = 'derivative.differentiateSelectionWrt',
  // ──── Provided by a later feature ───────────────────────────
  /** The explanation panel; offered from the "not verified" warning only when registered. */
  Explain = 'derivative.explain',
}

/** Registers all commands contributed by this extension. */
export function registerAllCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.DifferentiateSelection, () => differentiateSelectionCommand(services)),
    vscode.commands.registerCommand(CommandId.DifferentiateSelectionWrt, () => differentiateSelectionWrtCommand(services)),
  );
}
