// What hovers and code actions share besides their targets (previewTargets.ts) and links
// (previewLinks.ts): their services, their time limits, and the order of the variables they offer.
import type * as vscode from 'vscode';
import type { Analysis } from '../core/api';
import type { DerivativeCache } from './derivativeCache';
import type { Services } from './differentiation';
import type { MathRenderer } from './render/mathRenderer';
import { TIME_LIMIT_GRACE_MS, type ExtensionSettings } from './settings';

export interface PreviewServices extends Services {
  cache: DerivativeCache;
  renderer: MathRenderer;
}

/**
 * Time limit for a parse in the core worker, as for the commands. Generous on purpose: a request that
 * runs past it stops the worker, and a parse is slow only when the worker is starting or busy. The
 * lightbulb stops waiting much sooner (see withDeadline); the parse goes on and is cached.
 */
export const ANALYZE_TIMEOUT_MS = 5000;

/** `promise`, or `undefined` once `ms` have passed (the promise itself goes on). */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The variables to differentiate by, the one to show first first: the last chosen in this document, else the likeliest. */
export function variablesFor(analysis: Analysis, services: Services, document: vscode.TextDocument): string[] {
  const last = services.lastVariable.get(document.uri.toString());
  const symbols = analysis.freeSymbols;
  return last && symbols.includes(last) ? [last, ...symbols.filter((s) => s !== last)] : [...symbols];
}

/** Core time limits under a request's settings: the simplification budget, and when to stop waiting. */
export function budgetOf(settings: Pick<ExtensionSettings, 'timeBudgetMs'>): { timeBudgetMs: number; timeoutMs: number } {
  return { timeBudgetMs: settings.timeBudgetMs, timeoutMs: settings.timeBudgetMs + TIME_LIMIT_GRACE_MS };
}
