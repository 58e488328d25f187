// The steps both Differentiate commands share: read the selections, ask the core worker, choose
// the variable, and put the derivatives where the user wants them, all selections in one edit.
import * as vscode from 'vscode';
import type { Analysis, DerivativeResult, Dialect } from '../core/api';
import { CoreCancelledError, CoreInputError, CoreTimeoutError, type CoreClient } from './coreClient';
import { insertionStyle, resolveDialect, type InsertionStyle } from './dialect';
import { lineBelow, mergeInsertions, namedDerivative, parameterVariable, splitSelection, valueAfter, type LineInsertion, type SelectionParts } from './insertion';
import { readSettings, TIME_LIMIT_GRACE_MS, type ExtensionSettings, type InsertMode } from './settings';
import { ui } from './ui';

/** Time limit for analyze (parsing only). */
export const ANALYZE_TIMEOUT_MS = 5000;
/** Show progress in the window's status area after this long. */
const PROGRESS_DELAY_MS = 200;
/** Offer a Cancel button after this long. */
const CANCELLABLE_PROGRESS_DELAY_MS = 2000;

export interface Services {
  core: CoreClient;
  log: vscode.LogOutputChannel;
  /** Last variable chosen, per document URI. */
  lastVariable: Map<string, string>;
}

/** How a command ended (returned by the command, for tests and logs). */
export interface RunOutcome {
  status: 'inserted' | 'replaced' | 'copied' | 'noEditor' | 'noSelection' | 'constant' | 'inputError' | 'timeout' | 'cancelled' | 'stale' | 'declined' | 'explained' | 'failed';
  /** The derivatives, one per selection, in document order. */
  results: string[];
  /** From the command to the edit (or to the end), milliseconds. */
  ms: number;
  /** Milliseconds per phase: analyze, differentiate (worker round trips, user picks excluded), edit. */
  phases: Partial<Record<'analyze' | 'differentiate' | 'edit', number>>;
}

/** One selection and what was read from it. */
export interface Target {
  parts: SelectionParts;
  /** Range of the expression the core reads. */
  range: vscode.Range;
  analysis?: Analysis;
}

/** Everything a run needs about the editor, captured when the command starts. */
export interface EditorContext {
  editor: vscode.TextEditor;
  document: vscode.TextDocument;
  settings: ExtensionSettings;
  dialect: Dialect;
  style: InsertionStyle;
  targets: Target[];
  /** Document version when the command started; nothing is written if it changed. */
  version: number;
  started: number;
  phases: RunOutcome['phases'];
}

export interface RunRequest {
  /** Variable chosen up front; otherwise the only free symbol, or a quick pick. */
  wrt?: string;
  order?: number;
  insertMode?: InsertMode;
}

/** Reads the non-empty selections of the active editor (or `selections` of it), in document order. */
export function prepare(editor: vscode.TextEditor | undefined, started = performance.now(), selections?: readonly vscode.Selection[]): EditorContext | undefined {
  if (!editor) return undefined;
  const { document } = editor;
  const settings = readSettings(document);
  const dialect = resolveDialect(document.languageId, settings.dialect);
  const style = insertionStyle(document.languageId, dialect);
  const targets = (selections ?? editor.selections)
    .filter((selection) => !selection.isEmpty)
    .sort((a, b) => a.start.compareTo(b.start))
    .map((selection): Target => {
      const parts = splitSelection(document.getText(selection), style);
      const base = document.offsetAt(selection.start);
      return { parts, range: new vscode.Range(document.positionAt(base + parts.start), document.positionAt(base + parts.end)) };
    })
    .filter((target) => target.parts.expression.length > 0);
  return { editor, document, settings, dialect, style, targets, version: document.version, started, phases: {} };
}

export function outcome(context: Pick<EditorContext, 'started' | 'phases'> | undefined, status: RunOutcome['status'], results: string[] = []): RunOutcome {
  return { status, results, ms: context ? performance.now() - context.started : 0, phases: context?.phases ?? {} };
}

/** Analyzes every target in the worker. On failure the user has been told and the outcome is returned. */
export async function analyzeTargets(context: EditorContext, services: Services): Promise<RunOutcome | undefined> {
  const documentText = context.document.getText();
  try {
    await computing(context, 'analyze', (token) =>
      Promise.all(
        context.targets.map(async (target) => {
          const source = { documentText, selectionOffset: context.document.offsetAt(target.range.start) };
          target.analysis = await forTarget(target, services.core.analyze(target.parts.expression, context.dialect, source, { timeoutMs: ANALYZE_TIMEOUT_MS, token }));
        }),
      ),
    );
    return undefined;
  } catch (error) {
    return report(error, context, services);
  }
}

/** The variable of a selection with several free symbols that needs no question: the core's (x for x[0], x[1]), else a function's one parameter. */
function knownVariable(target: Target): string | undefined {
  return target.analysis?.variable ?? parameterVariable(target.parts.function, target.analysis?.freeSymbols ?? []);
}

/** Free symbols of the targets, in the order analyze gave them, without repeats. */
export function freeSymbols(targets: readonly Target[]): string[] {
  return [...new Set(targets.flatMap((target) => target.analysis?.freeSymbols ?? []))];
}

/** A symbol as the selections write it (σ, not the engine's name sigma; Python's lambda_). */
export function writtenSymbol(targets: readonly Target[], symbol: string): string {
  return targets.map((target) => target.analysis?.labels?.[symbol]).find((label) => label !== undefined) ?? symbol;
}

/** Quick pick of a variable, the last one chosen for this document first. */
export async function pickVariable(context: EditorContext, services: Services, symbols: readonly string[]): Promise<string | undefined> {
  const key = context.document.uri.toString();
  const last = services.lastVariable.get(key);
  const ordered = last && symbols.includes(last) ? [last, ...symbols.filter((s) => s !== last)] : [...symbols];
  // vector and matrix input: each symbol's shape helps choose (x: n, A: n×n)
  const shapes = Object.assign({}, ...context.targets.map((target) => target.analysis?.shapes ?? {})) as Record<string, string>;
  const describe = (symbol: string) => [shapes[symbol], symbol === last ? vscode.l10n.t('last used') : undefined].filter(Boolean).join(' · ');
  const chosen = await ui.pick(
    ordered.map((symbol) => ({ label: writtenSymbol(context.targets, symbol), value: symbol, ...(describe(symbol) ? { description: describe(symbol) } : {}) })),
    { title: vscode.l10n.t('Differentiate with respect to'), placeholder: vscode.l10n.t('Choose the variable') },
  );
  if (chosen !== undefined) services.lastVariable.set(key, chosen);
  return chosen;
}

/**
 * Differentiates every target, then inserts, replaces or copies the results. The variable is
 * `request.wrt`, else each selection's only free symbol; selections with several share one pick.
 */
export async function differentiateTargets(context: EditorContext, services: Services, request: RunRequest): Promise<RunOutcome> {
  const { document } = context;
  const mode = request.insertMode ?? context.settings.insertMode;

  let shared = request.wrt;
  if (shared === undefined) {
    // several free symbols ask which one, unless the variable is known (x for its entries x[0], x[1]; a function's one parameter)
    const ambiguous = context.targets.filter((target) => (target.analysis?.freeSymbols.length ?? 0) > 1 && knownVariable(target) === undefined);
    if (ambiguous.length > 0) {
      shared = await pickVariable(context, services, freeSymbols(ambiguous));
      if (shared === undefined) return outcome(context, 'cancelled');
    }
  }

  let results: DerivativeResult[];
  const documentText = document.getText();
  const timeoutMs = context.settings.timeBudgetMs + TIME_LIMIT_GRACE_MS;
  try {
    results = await computing(context, 'differentiate', (token) =>
      Promise.all(
        context.targets.map((target) => {
          const own = target.analysis?.freeSymbols;
          const wrt = request.wrt ?? knownVariable(target) ?? (own && own.length === 1 ? own[0] : own && own.length > 1 ? shared : undefined);
          const selectionOffset = document.offsetAt(target.range.start);
          // inserting needs the result only: no steps, no matrix derivation, no other layout
          const options = { dialect: context.dialect, documentText, selectionOffset, timeBudgetMs: context.settings.timeBudgetMs, layout: context.settings.layout, explain: false, ...(wrt !== undefined ? { wrt } : {}), ...(request.order ? { order: request.order } : {}) };
          return forTarget(target, services.core.differentiate(target.parts.expression, options, { timeoutMs, token }));
        }),
      ),
    );
  } catch (error) {
    return report(error, context, services);
  }
  services.log.info(`differentiated ${results.length} selection(s) in ${results.map((r) => `${r.ms.toFixed(0)} ms`).join(', ')}: ${results.map((r) => r.result).join(' | ')}`);
  return deliverResults(context, results, mode);
}

/**
 * Puts computed derivatives (one per target) where `mode` says: asks first when one failed
 * verification, writes nothing over a document that changed since `context.version`.
 * Shared by the commands and the hover / code-action links.
 */
export async function deliverResults(context: EditorContext, results: readonly DerivativeResult[], mode: InsertMode, requested: DerivativeForm = 'expression'): Promise<RunOutcome> {
  const { document } = context;
  const form = mode === 'replace' ? 'expression' : requested;
  const texts = results.map((result) => (form === 'named' && result.matrix?.detail.named ? result.matrix.detail.named.code : result.result));
  const unverified = results.filter((result) => !result.verified);
  if (unverified.length > 0) {
    const decision = await confirmUnverified(unverified, context);
    if (decision !== 'insert') return outcome(context, decision, texts);
  }
  noteReadings(results);

  if (mode === 'clipboard') {
    await ui.writeClipboard(texts.join(document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Derivative copied to the clipboard: {0}', shorten(texts.join('; '), 60)), 4000);
    return outcome(context, 'copied', texts);
  }

  if (document.isClosed || document.version !== context.version) {
    void ui.warning(vscode.l10n.t('The document changed while the derivative was computed, so nothing was written. Run the command again.'));
    return outcome(context, 'stale', texts);
  }
  const editStarted = performance.now();
  const applied = await applyEdit(context, results, mode, form);
  context.phases.edit = performance.now() - editStarted;
  if (!applied) {
    void ui.error(vscode.l10n.t('The derivative could not be written into the document.'));
    return outcome(context, 'failed', texts);
  }
  return outcome(context, mode === 'replace' ? 'replaced' : 'inserted', texts);
}

/** Says how the selection was read where a person may have meant otherwise (`xy` as one name). */
function noteReadings(results: readonly DerivativeResult[]): void {
  const warnings = [...new Set(results.flatMap((result) => result.warnings ?? []))];
  if (warnings.length > 0) void ui.warning(vscode.l10n.t('Read as: {0}', warnings.join('; ')));
}

/** Asks before using results that failed the numeric check: "Insert anyway" or "Explain". */
async function confirmUnverified(unverified: readonly DerivativeResult[], context: EditorContext): Promise<'insert' | 'declined' | 'explained'> {
  const insertAnyway = vscode.l10n.t('Insert anyway');
  const explain = vscode.l10n.t('Explain');
  const canExplain = (await vscode.commands.getCommands(true)).includes(EXPLAIN_COMMAND);
  const first = unverified[0]!;
  const why = first.verification.reason ?? first.verification.method;
  const message =
    unverified.length === 1
      ? vscode.l10n.t('The derivative of “{0}” could not be verified numerically ({1}).', shorten(first.input.plain, 40), why)
      : vscode.l10n.t('{0} of the derivatives could not be verified numerically ({1}).', unverified.length, why);
  const choice = await ui.warning(message, ...(canExplain ? [insertAnyway, explain] : [insertAnyway]));
  if (choice === insertAnyway) return 'insert';
  if (choice === explain && canExplain) {
    await vscode.commands.executeCommand(EXPLAIN_COMMAND, { result: first, uri: context.document.uri });
    return 'explained';
  }
  return 'declined';
}

/** Id of the explanation panel's command (a later feature); the button shows only when it exists. */
const EXPLAIN_COMMAND = 'derivative.explain';

/** One replacement in the document. */
interface DerivativeChange {
  range: vscode.Range;
  text: string;
}

/**
 * What is written: the result as one expression, or (`named`, when the matrix engine named repeated
 * subexpressions) the definitions on lines of their own, then the result in terms of them; statements
 * cannot stand in for an expression, so the named form is written below the selection, never in place.
 */
export type DerivativeForm = 'expression' | 'named';

/** The text changes that put `results` (one per target) below or in place of their targets. */
function derivativeChanges(context: Pick<EditorContext, 'document' | 'style' | 'targets'>, results: readonly DerivativeResult[], mode: 'belowSelection' | 'replace', form: DerivativeForm): DerivativeChange[] {
  const { document } = context;
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  let changes: DerivativeChange[];
  if (mode === 'replace') {
    changes = context.targets.map((target, i) => ({ range: target.range, text: results[i]!.result }));
  } else {
    const lines = document.getText().split(/\r?\n/);
    const named = (result: DerivativeResult) => (form === 'named' && result.matrix?.detail.named ? namedDerivative(result.matrix.detail.named.code) : { result: result.result });
    const derivativeOf = (result: DerivativeResult) => ({ ...named(result), operandLatex: result.input.latexOperand, wrt: result.wrt, order: result.order, ...(result.operator ? { operator: result.operator } : {}) });
    // an evaluated operator in LaTeX or Markdown math is answered in place: \frac{d}{dx}(x^2) = 2 x
    const inline: DerivativeChange[] = [];
    const below: LineInsertion[] = [];
    context.targets.forEach((target, i) => {
      const derivative = derivativeOf(results[i]!);
      const after = valueAfter(context.style, derivative);
      if (after !== undefined) inline.push({ range: new vscode.Range(target.range.end, target.range.end), text: after });
      else below.push(lineBelow({ style: context.style, lines, start: target.range.start, end: target.range.end, ...(target.parts.assignment ? { assignment: target.parts.assignment } : {}), derivative }));
    });
    changes = [...inline, ...mergeInsertions(below).map(({ afterLine, texts }) => {
      const end = document.lineAt(afterLine).range.end;
      return { range: new vscode.Range(end, end), text: texts.map((text) => eol + text.split('\n').join(eol)).join('') };
    })];
  }
  return changes;
}

/** Writes all results in one edit, so one undo reverts them all. */
async function applyEdit(context: EditorContext, results: readonly DerivativeResult[], mode: 'belowSelection' | 'replace', form: DerivativeForm): Promise<boolean> {
  const { document, editor } = context;
  const changes = derivativeChanges(context, results, mode, form);
  try {
    const selections = editor.selections;
    const applied = await editor.edit(
      (edit) => {
        for (const change of changes) edit.replace(change.range, change.text);
      },
      { undoStopBefore: true, undoStopAfter: true },
    );
    // text inserted at a selection's end widens it over the new line: keep the user's selections,
    // moved down by the lines inserted above them
    if (applied && mode !== 'replace') {
      editor.selections = selections.map((selection) => {
        const shift = changes
          .filter((change) => change.range.start.line < selection.start.line)
          .reduce((lines, change) => lines + change.text.split('\n').length - 1, 0);
        return new vscode.Selection(selection.anchor.translate(shift), selection.active.translate(shift));
      });
    }
    return applied;
  } catch {
    // The editor was closed while computing: edit the document itself (still one undo step).
    const edit = new vscode.WorkspaceEdit();
    for (const change of changes) edit.replace(document.uri, change.range, change.text);
    return vscode.workspace.applyEdit(edit);
  }
}

/** Tells the user why a run stopped, naming the selection and where in it. */
export function report(error: unknown, context: EditorContext, services: Services): RunOutcome {
  if (error instanceof DocumentChangedError) {
    void ui.warning(vscode.l10n.t('The document changed while the derivative was computed, so nothing was written. Run the command again.'));
    return outcome(context, 'stale');
  }
  if (error instanceof CoreCancelledError) return outcome(context, 'cancelled');
  const target = error instanceof TargetError ? error.target : context.targets[0]!;
  const cause = error instanceof TargetError ? error.cause : error;
  const snippet = shorten(target.parts.expression, 40);
  if (cause instanceof CoreInputError) {
    const offset = Math.max(0, Math.min(cause.offset, target.parts.expression.length));
    const position = context.document.positionAt(context.document.offsetAt(target.range.start) + offset);
    void ui.error(
      cause.offset >= 0
        ? vscode.l10n.t('Cannot differentiate “{0}”: {1} at line {2}, column {3}.', snippet, cause.message.replace(/\s*\(column \d+\)$/, ''), position.line + 1, position.character + 1)
        : vscode.l10n.t('Cannot differentiate “{0}”: {1}', snippet, cause.message),
    );
    return outcome(context, 'inputError');
  }
  if (cause instanceof CoreTimeoutError) {
    void ui.error(vscode.l10n.t('Differentiating “{0}” took longer than {1} seconds and was stopped.', snippet, Math.round(cause.timeoutMs / 1000)));
    return outcome(context, 'timeout');
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  services.log.error(`differentiation failed: ${cause instanceof Error ? (cause.stack ?? message) : message}`);
  void ui.error(vscode.l10n.t('The derivative could not be computed: {0}', message));
  return outcome(context, 'failed');
}

/** A failure tied to one selection. */
class TargetError extends Error {
  constructor(readonly target: Target, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
class DocumentChangedError extends Error {}

/**
 * Runs worker requests with a cancellation token that fires when the user cancels the progress
 * or the document changes. Progress shows in the status bar after 200 ms, with Cancel after 2 s.
 * A rejection from request i is rethrown as TargetError for target i.
 */
async function computing<T>(context: EditorContext, phase: 'analyze' | 'differentiate', task: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
  const started = performance.now();
  const source = new vscode.CancellationTokenSource();
  let documentChanged = false;
  const watcher = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.document === context.document && event.contentChanges.length > 0) {
      documentChanged = true;
      source.cancel();
    }
  });
  const stopProgress = delayedProgress(vscode.l10n.t('Differentiating…'), source);
  try {
    return await task(source.token).catch((error: unknown) => {
      throw documentChanged ? new DocumentChangedError() : error;
    });
  } finally {
    context.phases[phase] = performance.now() - started;
    stopProgress();
    source.cancel(); // stops whatever is left when one request failed
    watcher.dispose();
    source.dispose();
  }
}

/**
 * Progress for a worker request: in the status bar after 200 ms, with a Cancel button (cancelling
 * `source`) after 2 s. Returns what ends it. Shared with the calculus commands.
 */
export function delayedProgress(title: string, source: vscode.CancellationTokenSource): () => void {
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timers = [
    setTimeout(() => void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () => finished), PROGRESS_DELAY_MS),
    setTimeout(
      () =>
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
          token.onCancellationRequested(() => source.cancel());
          return finished;
        }),
      CANCELLABLE_PROGRESS_DELAY_MS,
    ),
  ];
  return () => {
    timers.forEach(clearTimeout);
    finish();
  };
}

/** Wraps a per-target promise so a failure names its target. */
function forTarget<T>(target: Target, promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw error instanceof CoreCancelledError ? error : new TargetError(target, error);
  });
}

/** `text` on one line, cut to `max` characters with an ellipsis. */
export function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
