// Registers the hover previews and the lightbulb's code actions for every language the extension
// reads, with their internal commands, the preview cache and the math renderer worker (dist/mathjax.js,
// started on the first selection or hover, apart from the core worker so that one stays lean).
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { DerivativeCodeActionProvider } from './codeActions/provider';
import { registerPreviewCommands } from './commands';
import { DerivativeCache } from './derivativeCache';
import { SUPPORTED_LANGUAGES } from './dialect';
import type { Services } from './differentiation';
import { DerivativeHoverProvider } from './hover/provider';
import type { PreviewServices } from './previews';
import { MathRenderer, type RenderWorkerLike } from './render/mathRenderer';
import { readDocumentSettings } from './settings';

/** What the end-to-end tests read: the providers' timings and the renderer's counts. */
export interface PreviewsApi {
  hover: DerivativeHoverProvider;
  codeActions: DerivativeCodeActionProvider;
  renderer: MathRenderer;
  cache: DerivativeCache;
}

/** How long a selection stays still before its hover preview is computed ahead. */
const PREFETCH_DELAY_MS = 150;

export function registerPreviews(context: vscode.ExtensionContext, services: Services): PreviewsApi {
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'mathjax.js').fsPath;
  const renderer = new MathRenderer(
    () => new Worker(workerPath, { name: 'derivative-mathjax', resourceLimits: { maxOldGenerationSizeMb: 256 } }) as unknown as RenderWorkerLike,
    (message) => services.log.warn(message),
  );
  const cache = new DerivativeCache(services.core);
  const previewServices: PreviewServices = { ...services, cache, renderer };
  const hover = new DerivativeHoverProvider(previewServices);
  const codeActions = new DerivativeCodeActionProvider(previewServices);
  const selector = SUPPORTED_LANGUAGES.map((language) => ({ language }));

  // Load MathJax once the user first selects text where hovers may draw math, like the core worker.
  const warmUp = vscode.window.onDidChangeTextEditorSelection((event) => {
    if (!event.selections.some((selection) => !selection.isEmpty)) return;
    if (!SUPPORTED_LANGUAGES.includes(event.textEditor.document.languageId)) return;
    const settings = readDocumentSettings(event.textEditor.document);
    if (!settings.hoverEnabled || !settings.hoverRenderMath) return;
    warmUp.dispose();
    renderer.warmUp();
  });

  // A selection is usually hovered next: once it has been still for a moment, compute its preview.
  // A newer selection supersedes the previous prefetch: its queued work is dropped.
  let pending: ReturnType<typeof setTimeout> | undefined;
  let superseded: vscode.CancellationTokenSource | undefined;
  const stopPrefetch = () => { clearTimeout(pending); superseded?.cancel(); superseded?.dispose(); superseded = undefined; };
  const prefetch = vscode.window.onDidChangeTextEditorSelection((event) => {
    stopPrefetch();
    const selection = event.selections.length === 1 ? event.selections[0]! : undefined;
    if (!selection || selection.isEmpty || !SUPPORTED_LANGUAGES.includes(event.textEditor.document.languageId)) return;
    const document = event.textEditor.document;
    const source = (superseded = new vscode.CancellationTokenSource());
    pending = setTimeout(() => void hover.prefetch(document, selection, source.token), PREFETCH_DELAY_MS);
  });

  context.subscriptions.push(
    prefetch,
    { dispose: stopPrefetch },
    vscode.languages.registerHoverProvider(selector, hover),
    vscode.languages.registerCodeActionsProvider(selector, codeActions, DerivativeCodeActionProvider.metadata),
    warmUp,
    { dispose: () => renderer.dispose() },
  );
  registerPreviewCommands(context, previewServices);
  return { hover, codeActions, renderer, cache };
}
