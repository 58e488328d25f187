// Derivative: Explain Derivative — the selection's derivative rendered, its steps, a plot and the
// numeric check, in one panel beside the editor (src/extension/panel/).
import type { ExplainOutcome, ExplainPanel } from '../panel/explainPanel';

/**
 * Without arguments: the active editor's selection. From Differentiate Selection's "Explain"
 * button, hovers and code actions: `{ uri, range?, result? }` (the result's variable and order are kept).
 */
export function explainCommand(panel: ExplainPanel, args?: unknown): Promise<ExplainOutcome> {
  return panel.explain(Array.isArray(args) ? args[0] : args);
}
