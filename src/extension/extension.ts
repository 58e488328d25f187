// Entry point of the extension host side. Stays light: the math core is loaded only in the
// worker thread (dist/worker.js), never here.
import { bundleLoadStart } from './loadTime';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { registerAllCommands, registerExplainCommand } from './commands';
import { CoreClient, type WorkerLike } from './coreClient';
import type { Services } from './differentiation';
import { registerPreviews, type PreviewsApi } from './registerPreviews';
import { ExplainPanel, type ExplainApi } from './panel/explainPanel';
import { resetUi, ui, type Ui } from './ui';

/** The bundle's modules have all been evaluated. */
const bundleLoadEnd = performance.now();

/** What activate() returns: used by the end-to-end tests to answer the UI and read timings. */
export interface DerivativeAssistantApi {
  /** The UI the commands call; tests replace its members. */
  readonly ui: Ui;
  /** Puts the real UI back. */
  resetUi(): void;
  /** Milliseconds spent evaluating the bundle, and in activate(). */
  readonly activation: { loadMs: number; activateMs: number };
  /** Hover previews and code actions: their providers (timings), the math renderer and the preview cache. */
  readonly previews: PreviewsApi;
  /** The explanation panel: its renders, and its controls pressed as a person would. */
  readonly explain: ExplainApi;
}

export function activate(context: vscode.ExtensionContext): DerivativeAssistantApi {
  const start = performance.now();
  const log = vscode.window.createOutputChannel('Derivative Assistant', { log: true });
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
  const core = new CoreClient(
    // A runaway computation hits the memory limit and fails its request instead of the host.
    () => new Worker(workerPath, { name: 'derivative-core', resourceLimits: { maxOldGenerationSizeMb: 1024 } }) as unknown as WorkerLike,
    (message) => log.warn(message),
  );
  const services: Services = { core, log, lastVariable: new Map() };
  registerAllCommands(context, services);
  const previews = registerPreviews(context, services);
  const explain = new ExplainPanel(context.extensionUri, services);
  context.subscriptions.push(explain);
  registerExplainCommand(context, explain);

  // Start the worker (which loads the core) once the user first selects text in an editor,
  // so the first command does not wait for it and activation does not pay for it.
  const warmUp = vscode.window.onDidChangeTextEditorSelection((event) => {
    if (event.selections.some((selection) => !selection.isEmpty)) {
      warmUp.dispose();
      core.warmUp();
    }
  });
  // The variable last chosen is remembered per document; an untitled document's name is reused
  // once it is closed, so forget it then.
  const forget = vscode.workspace.onDidCloseTextDocument((document) => {
    if (document.isUntitled) services.lastVariable.delete(document.uri.toString());
  });
  context.subscriptions.push(log, warmUp, forget, { dispose: () => core.dispose() });

  const activation = { loadMs: bundleLoadEnd - bundleLoadStart, activateMs: performance.now() - start };
  log.info(`activated in ${activation.activateMs.toFixed(1)} ms (bundle evaluated in ${activation.loadMs.toFixed(1)} ms)`);
  return { ui, resetUi, activation, explain, previews };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
