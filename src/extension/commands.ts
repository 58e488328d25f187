// Every command id of the extension, and their registration.
import * as vscode from 'vscode';
import { differentiateSelectionCommand } from './commands/differentiateSelection';
import { differentiateSelectionWrtCommand } from './commands/differentiateSelectionWrt';
import { explainCommand } from './commands/explain';
import { applyDerivativeCommand, explainDerivativeCommand } from './commands/applyDerivative';
import type { Services } from './differentiation';
import type { ExplainPanel } from './panel/explainPanel';
import type { PreviewServices } from './previews';

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
  // ──── Internal: hover links and code actions (not in the palette) ──
  /** {@link applyDerivativeCommand}: insert a previewed derivative below its expression, or replace it. */
  ApplyDerivative = 'derivative.applyDerivative',
  /** {@link explainDerivativeCommand}: open a previewed derivative in the explanation panel. */
  ExplainDerivative = 'derivative.explainDerivative',
}

/** Registers all commands contributed by this extension. */
export function registerAllCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.DifferentiateSelection, () => differentiateSelectionCommand(services)),
    vscode.commands.registerCommand(CommandId.DifferentiateSelectionWrt, () => differentiateSelectionWrtCommand(services, context.workspaceState)),
  );
}

/** Registers the internal commands behind hover links and code actions. */
export function registerPreviewCommands(context: vscode.ExtensionContext, services: PreviewServices): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.ApplyDerivative, (args: unknown) => applyDerivativeCommand(services, args)),
    vscode.commands.registerCommand(CommandId.ExplainDerivative, (args: unknown) => explainDerivativeCommand(services, args)),
  );
}

/** Registers Explain Derivative, which opens (or reuses) the explanation panel. */
export function registerExplainCommand(context: vscode.ExtensionContext, panel: ExplainPanel): void {
  context.subscriptions.push(vscode.commands.registerCommand(CommandId.Explain, (args: unknown) => explainCommand(panel, args)));
}
