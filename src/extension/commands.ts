// Every command id of the extension, and their registration.
import * as vscode from 'vscode';
import { calculusCommand, type CalculusCommandKind } from './commands/calculus';
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
  // ──── Calculus around the derivative (commands/calculus.ts); each takes an optional { uri, range } ──
  /** Asks the point (and the variable when there are several); writes `y = f(a) + f'(a)(x − a)`. */
  TangentLine = 'derivative.tangentLine',
  /** Asks the point and the order; writes the Taylor polynomial with its remainder's order. */
  TaylorExpansion = 'derivative.taylorExpansion',
  /** Asks nothing: the verified antiderivative, or "no antiderivative found". */
  IntegrateSelection = 'derivative.integrateSelection',
  /** Asks the bounds: the definite integral, exact where the antiderivative gives it. */
  IntegrateSelectionBetween = 'derivative.integrateSelectionBetween',
  /** The selected equation F = G: dy/dx = −F_x/F_y. */
  ImplicitDerivative = 'derivative.implicitDerivative',
  /** Asks the interval: the critical points with their kinds. */
  CriticalPoints = 'derivative.criticalPoints',
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
    ...CALCULUS_COMMANDS.map(([id, kind]) => vscode.commands.registerCommand(id, (args?: unknown) => calculusCommand(kind, services, context.workspaceState, args))),
  );
}

/** Each calculus command and the operation it runs. */
const CALCULUS_COMMANDS: readonly (readonly [CommandId, CalculusCommandKind])[] = [
  [CommandId.TangentLine, 'tangent'],
  [CommandId.TaylorExpansion, 'taylor'],
  [CommandId.IntegrateSelection, 'integrate'],
  [CommandId.IntegrateSelectionBetween, 'integrateBetween'],
  [CommandId.ImplicitDerivative, 'implicit'],
  [CommandId.CriticalPoints, 'critical'],
];

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
