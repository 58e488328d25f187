// Derivative previews in hovers. The hover never changes anything: it reads the document and the
// selections, asks the core worker (through the cache) and the math renderer, and returns nothing
// when there is nothing to show, when the input does not parse, or when it was cancelled.
import * as vscode from 'vscode';
import type { DerivativeResult } from '../../core/api';
import { CommandId } from '../commands';
import { commandExists } from '../previewLinks';
import { ANALYZE_TIMEOUT_MS, budgetOf, variablesFor, type PreviewServices } from '../previews';
import { hoverTarget, rangeTarget, type PreviewTarget } from '../previewTargets';
import { mathStyle } from '../render/theme';
import { readDocumentSettings } from '../settings';
import { equationLatex, hoverMarkdown, matrixEquationLatex, matrixHoverMarkdown } from './content';

/** How long a hover waits for the math image before showing the code alone. */
export const RENDER_WAIT_MS = 400;
/** Partial derivatives listed besides the main one. */
const MAX_OTHER_VARIABLES = 5;

/** Timings of the last hovers (for the e2e benchmark and the log). */
export interface HoverTiming {
  ms: number;
  rendered: boolean;
  /** Milliseconds until the parse, the main derivative, and the image (or its time limit) were there. */
  phases: { analyze: number; differentiate: number; coreMs: number; render: number };
}

export class DerivativeHoverProvider implements vscode.HoverProvider {
  /** The most recent hovers' timings, newest last (bounded). */
  readonly timings: HoverTiming[] = [];

  constructor(private readonly services: PreviewServices) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const started = performance.now();
    const settings = readDocumentSettings(document);
    if (!settings.hoverEnabled) return undefined;
    const target = hoverTarget(document, position, settings);
    if (!target) return undefined;
    const { cache, renderer } = this.services;
    if (settings.hoverRenderMath) renderer.warmUp();
    try {
      const analysis = await cache.analyze(target.source, ANALYZE_TIMEOUT_MS, token);
      const analyzed = performance.now();
      // the core routed vector and matrix input to the matrix engine
      if (analysis.engine === 'matrix') return await this.matrixHover(target, started, analyzed, token, analysis.labels);
      if (analysis.freeSymbols.length === 0) return undefined; // a constant: nothing to preview
      const variables = variablesFor(analysis, this.services, document);
      const { timeBudgetMs, timeoutMs } = budgetOf(settings);
      const derive = (wrt: string) => cache.differentiate(target.source, { wrt, timeBudgetMs }, timeoutMs, token);
      const mainPromise = derive(variables[0]!);
      const otherPromises = variables.slice(1, 1 + MAX_OTHER_VARIABLES).map((wrt) => derive(wrt).then(
        (result): { wrt: string; result?: DerivativeResult } => ({ wrt, result }),
        () => ({ wrt }),
      ));
      const canExplainPromise = commandExists(CommandId.Explain);
      const main = await mainPromise;
      const derived = performance.now();
      const partial = variables.length > 1;
      const imagePromise = settings.hoverRenderMath ? renderer.render(equationLatex(target, main, partial), mathStyle(document), RENDER_WAIT_MS) : Promise.resolve(undefined);
      const image = await imagePromise;
      const renderedAt = performance.now();
      const [others, canExplain] = await Promise.all([Promise.all(otherPromises), canExplainPromise]);
      if (token.isCancellationRequested) return undefined;
      const markdown = hoverMarkdown({ target, main, partial, ...(image ? { image } : {}), others, canExplain, ...(analysis.labels ? { labels: analysis.labels } : {}) });
      this.record({
        ms: performance.now() - started,
        rendered: !!image,
        phases: { analyze: analyzed - started, differentiate: derived - analyzed, coreMs: main.ms, render: renderedAt - derived },
      });
      return new vscode.Hover(markdown, target.range);
    } catch {
      // bad input, a timeout, a cancelled hover: nothing to show (the commands report errors)
      return undefined;
    }
  }

  /** The hover for vector/matrix input (x.T @ A @ x, np.tanh(W @ x + b)). */
  private async matrixHover(target: PreviewTarget, started: number, analyzed: number, token: vscode.CancellationToken, labels?: Readonly<Record<string, string>>): Promise<vscode.Hover | undefined> {
    const { timeBudgetMs, timeoutMs } = budgetOf(target.settings);
    const answer = await this.services.cache.differentiate(target.source, { timeBudgetMs, layout: target.settings.layout }, timeoutMs, token);
    if (!answer.matrix || token.isCancellationRequested) return undefined;
    const derived = performance.now();
    const result = answer.matrix.detail;
    const image = target.settings.hoverRenderMath ? await this.services.renderer.render(matrixEquationLatex(target, result), mathStyle(target.document), RENDER_WAIT_MS) : undefined;
    const renderedAt = performance.now();
    const canExplain = await commandExists(CommandId.Explain);
    if (token.isCancellationRequested) return undefined;
    this.record({ ms: performance.now() - started, rendered: !!image, phases: { analyze: analyzed - started, differentiate: derived - analyzed, coreMs: result.ms, render: renderedAt - derived } });
    return new vscode.Hover(matrixHoverMarkdown({ target, result, ...(image ? { image } : {}), canExplain, ...(labels ? { labels } : {}) }), target.range);
  }

  /**
   * Computes, in the workers, what a hover over `selection` would show (its main derivative and the
   * image), so the hover that usually follows a selection finds it ready. Nothing is shown or changed.
   * `token` fires when a newer selection supersedes this one: work not yet started is then dropped.
   */
  async prefetch(document: vscode.TextDocument, selection: vscode.Selection, token?: vscode.CancellationToken): Promise<void> {
    const settings = readDocumentSettings(document);
    if (!settings.hoverEnabled) return;
    const target = rangeTarget(document, selection, settings);
    if (!target) return;
    const { cache, renderer } = this.services;
    const { timeBudgetMs, timeoutMs } = budgetOf(settings);
    try {
      const analysis = await cache.analyze(target.source, ANALYZE_TIMEOUT_MS, token);
      if (document.version !== target.version || token?.isCancellationRequested) return;
      if (analysis.engine === 'matrix') {
        const answer = await cache.differentiate(target.source, { timeBudgetMs, layout: settings.layout }, timeoutMs, token);
        if (answer.matrix && settings.hoverRenderMath && !token?.isCancellationRequested) await renderer.render(matrixEquationLatex(target, answer.matrix.detail), mathStyle(document), 5000);
        return;
      }
      const variables = variablesFor(analysis, this.services, document);
      if (variables.length === 0) return;
      const main = await cache.differentiate(target.source, { wrt: variables[0]!, timeBudgetMs }, timeoutMs, token);
      if (settings.hoverRenderMath && !token?.isCancellationRequested) await renderer.render(equationLatex(target, main, variables.length > 1), mathStyle(document), 5000);
    } catch {
      // the hover will say nothing either
    }
  }

  private record(timing: HoverTiming): void {
    this.timings.push(timing);
    if (this.timings.length > 1000) this.timings.splice(0, this.timings.length - 1000);
  }
}
