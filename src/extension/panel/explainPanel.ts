// The explanation panel on the extension host's side: one webview panel beside the editor,
// reused by every Explain Derivative, restored after a reload. The math runs in the core worker
// (CoreClient); the webview (src/webview/) renders what it is sent and reports back.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DerivativeResult, Dialect } from '../../core/api';
import type { ImplicitResult } from '../../core/index';
import { CoreCancelledError, CoreInputError, CoreTimeoutError } from '../coreClient';
import { insertionStyle, resolveDialect, type InsertionStyle } from '../dialect';
import { ANSWER_WORDS, insertAnswer, runAt } from '../commands/calculus';
import { deliverResults, prepare, type DerivativeForm, type RunOutcome, type Services } from '../differentiation';
import { latexOperator, splitSelection } from '../insertion';
import { readSettings, TIME_LIMIT_GRACE_MS, writeLayout } from '../settings';
import { ui } from '../ui';
import { panelHtml, webviewOptions } from './html';
import { CalculusSections, implicitView, readOperation, scalarOffer, type CalculusSubject, type ExplainOperation } from './calculusModel';
import type { CalculusRequest, CalculusShown, EquationModel, WritableSection } from '../../shared/calculusMessages';
import { matrixModel } from './matrixModel';
import {
  isVariableName,
  PANEL_VIEW_TYPE,
  parseFromWebview,
  parsePanelState,
  type ControlId,
  type CopyField,
  type FromWebview,
  type PanelModel,
  type PanelOrigin,
  type PanelStep,
  type ProbeReport,
  type RenderReport,
  type ScalarModel,
  type ToWebview,
} from '../../shared/panelMessages';
import { constantFactorNote, dialectLabel, panelStrings, ruleName, simplificationNote } from './strings';

/** The panel follows the editor's selection this long after it stops changing. */
const FOLLOW_DELAY_MS = 300;
/** Show "Computing…" when a computation takes longer than this. */
const BUSY_DELAY_MS = 150;
/** Give up waiting for the webview to load or to report a render. */
const WEBVIEW_TIMEOUT_MS = 15_000;
const ANALYZE_TIMEOUT_MS = 5000;
const SAMPLE_TIMEOUT_MS = 5000;
/** Orders above this are refused by the core. */
const MAX_ORDER = 10;

/** Arguments of `derivative.explain` (all optional: without them, the active editor's selection). */
export interface ExplainArgs {
  /** The document; with `range` or else its editor's selection. */
  uri?: vscode.Uri | string;
  range?: vscode.Range;
  /** A result already computed (Differentiate Selection's "Explain" button): its variable and order are kept. */
  result?: DerivativeResult;
  wrt?: string;
  /** The derivative's order; with `operation: 'taylor'`, the polynomial's order. */
  order?: number;
  /**
   * Opens the panel on a calculus section, computed at once: `{ operation: 'tangent', at }`,
   * `{ operation: 'taylor', at, order }`, `{ operation: 'integrate', from, to }`,
   * `{ operation: 'critical', from, to }`, `{ operation: 'implicit' }` (see ExplainOperation).
   */
  operation?: ExplainOperation['operation'];
  /** The point (tangent, Taylor): a number or plain math such as "pi/4". */
  at?: number | string;
  /** Bounds (integral) or the interval (critical points). */
  from?: number | string;
  to?: number | string;
}

export type { ExplainOperation };

/** How an Explain Derivative command ended (for tests and logs). */
export interface ExplainOutcome {
  status: 'rendered' | 'noEditor' | 'noSelection' | 'cancelled' | 'notRendered';
  kind?: PanelModel['kind'];
  report?: RenderReport;
  /** From the command to the webview's report that it rendered, milliseconds. */
  ms: number;
  phases: { compute?: number; render?: number };
}

/** What the end-to-end tests reach through the API returned by activate(). */
export interface ExplainApi {
  readonly isOpen: boolean;
  readonly lastReport: RenderReport | undefined;
  readonly lastInsert: RunOutcome | undefined;
  /** Resolves with the next report the webview sends. */
  nextReport(timeoutMs?: number): Promise<RenderReport>;
  /** Presses a control in the webview, as a person would. */
  click(control: ControlId): Promise<void>;
  /** Renders LaTeX with the panel's KaTeX settings and reports the markup that came out. */
  probe(latex: string): Promise<ProbeReport>;
  close(): void;
  /** Fills in a calculus section's controls and computes it, as a person would; resolves when its answer is on the page. */
  calculus(request: CalculusRequest, timeoutMs?: number): Promise<CalculusShown>;
  /** Resolves with the next calculus answer the webview shows for `section`. */
  nextCalculus(section: CalculusRequest['section'], timeoutMs?: number): Promise<CalculusShown>;
  /** Presses a calculus section's Copy or Insert button in the webview. */
  pressCalculus(section: WritableSection, button: 'copy' | 'insert'): Promise<void>;
}

/** Where the explained selection is; offsets follow edits made above it. */
interface Origin {
  uri: vscode.Uri;
  start: number;
  end: number;
  wrt?: string;
  order: number;
  /** The selected text itself was edited: Insert would write the wrong thing. */
  stale: boolean;
  /** Explained without a place in the document (a result passed in, no selection): its input in plain math. */
  text?: string;
}

export class ExplainPanel implements vscode.Disposable, ExplainApi {
  private panel: vscode.WebviewPanel | undefined;
  /** The webview's script is loaded and listening (it reloads whenever the panel is shown again). */
  private webviewReady = false;
  private readonly readyWaiters = new Set<(ready: boolean) => void>();
  private model: PanelModel | undefined;
  /** The derivative the model shows, as Insert writes it. */
  private result: DerivativeResult | undefined;
  /** Counts models shown; a render report for version n settles every wait for n or less. */
  private renderVersion = 0;
  private origin: Origin | undefined;
  private follow = false;
  private probeId = 0;
  private computation: vscode.CancellationTokenSource | undefined;
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly renderWaiters = new Map<number, (report: RenderReport | undefined) => void>();
  private readonly reportListeners = new Set<(report: RenderReport) => void>();
  private readonly probeWaiters = new Map<number, (report: ProbeReport) => void>();
  private readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];
  lastReport: RenderReport | undefined;
  lastInsert: RunOutcome | undefined;
  /** The calculus sections of the explained selection (computed when the webview asks). */
  private readonly sections: CalculusSections;
  /** The section the next explanation opens on (the command's `operation`). */
  private opening: CalculusRequest | undefined;
  private readonly calculusListeners = new Set<(shown: CalculusShown) => void>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: Services,
  ) {
    this.sections = new CalculusSections(services.core, (message) => this.post(message), {
      timedOut: (seconds) => vscode.l10n.t('The computation took longer than {0} seconds and was stopped.', seconds),
      failed: (message) => vscode.l10n.t('Could not compute this section: {0}', message),
      words: ANSWER_WORDS,
    });
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => this.selectionChanged(event)),
      vscode.workspace.onDidChangeTextDocument((event) => this.documentChanged(event)),
    );
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  // ──── The command ─────────────────────────────────────────

  /** Explain Derivative: the selection (or `args`) explained in the panel, opened beside the editor. */
  async explain(args?: unknown): Promise<ExplainOutcome> {
    const started = performance.now();
    const phases: ExplainOutcome['phases'] = {};
    const done = (status: ExplainOutcome['status'], extra: Partial<ExplainOutcome> = {}): ExplainOutcome => ({ status, ms: performance.now() - started, phases, ...extra });

    const request = readArgs(args);
    this.opening = readOperation(args);
    let editor: vscode.TextEditor | undefined;
    let document: vscode.TextDocument | undefined;
    if (request.uri) {
      const uri = request.uri;
      document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
      editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    } else {
      editor = vscode.window.activeTextEditor;
      document = editor?.document;
    }
    if (!document) {
      if (this.panel) this.panel.reveal(undefined, true);
      else void ui.info(vscode.l10n.t('Open a document and select an expression to explain.'));
      return done('noEditor');
    }
    const range = request.range ?? (editor ? primarySelection(editor) : undefined);
    if ((!range || range.isEmpty) && request.result?.input?.plain) {
      // A result from a hover or a code action with nothing selected: explain its input as read;
      // without a place in the document there is nothing to insert into.
      this.origin = { uri: document.uri, start: 0, end: 0, order: clampOrder(request.result.order), stale: false, wrt: request.result.wrt, text: request.result.input.plain };
      return this.render(phases, done);
    }
    if (!range || range.isEmpty) {
      if (this.panel) this.panel.reveal(undefined, true);
      else void ui.info(vscode.l10n.t('Select an expression to explain.'));
      return done('noSelection');
    }

    this.origin = {
      uri: document.uri,
      start: document.offsetAt(range.start),
      end: document.offsetAt(range.end),
      // A new explanation starts at the first derivative (following the selection keeps the order).
      order: clampOrder(request.result?.order ?? (this.opening?.section === 'taylor' ? undefined : request.order) ?? 1),
      stale: false,
      ...((request.result?.wrt ?? request.wrt) ? { wrt: request.result?.wrt ?? request.wrt } : {}),
    };
    return this.render(phases, done);
  }

  private async render(phases: ExplainOutcome['phases'], done: (status: ExplainOutcome['status'], extra?: Partial<ExplainOutcome>) => ExplainOutcome): Promise<ExplainOutcome> {
    // The webview loads while the worker computes.
    this.ensurePanel();
    const computeStarted = performance.now();
    const model = await this.computeCurrent();
    phases.compute = performance.now() - computeStarted;
    if (!model) return done('cancelled');
    const renderStarted = performance.now();
    const report = await this.show(model);
    phases.render = performance.now() - renderStarted;
    const outcome = done(report ? 'rendered' : 'notRendered', { kind: model.kind, ...(report ? { report } : {}) });
    this.services.log.info(`Explain Derivative: ${outcome.status} (${model.kind}) in ${outcome.ms.toFixed(0)} ms (compute ${phases.compute.toFixed(0)} ms, render ${phases.render.toFixed(0)} ms)`);
    return outcome;
  }

  // ──── Computing what the panel shows ──────────────────────

  /** Computes the model for the current origin; undefined when superseded by a newer request. */
  private async computeCurrent(): Promise<PanelModel | undefined> {
    const origin = this.origin;
    if (!origin) return undefined;
    this.computation?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.computation = source;
    const busy = setTimeout(() => this.post({ type: 'busy', busy: true }), BUSY_DELAY_MS);
    try {
      return await this.compute(origin, source.token);
    } catch (error) {
      if (error instanceof CoreCancelledError) return undefined;
      throw error;
    } finally {
      clearTimeout(busy);
      if (this.computation === source) this.computation = undefined;
      source.dispose();
    }
  }

  private async compute(origin: Origin, token: vscode.CancellationToken): Promise<PanelModel> {
    const { model, result, subject, implicit } = await this.computeModel(origin, token);
    if (token.isCancellationRequested) throw new CoreCancelledError();
    this.result = result;
    // the calculus sections work on the new selection; what they computed for the old one stops
    this.sections.setSubject(subject);
    if (implicit) this.sections.remember(implicit);
    this.opening = undefined;
    return model;
  }

  private async computeModel(origin: Origin, token: vscode.CancellationToken): Promise<{ model: PanelModel; result?: DerivativeResult; subject?: CalculusSubject; implicit?: ImplicitResult }> {
    const document = await findDocument(origin.uri);
    if (!document) return { model: { kind: 'empty', hint: vscode.l10n.t('The document of the explained selection is closed. Select an expression to explain.') } };
    const settings = readSettings(document);
    const dialect = origin.text !== undefined ? 'plain' : resolveDialect(document.languageId, settings.dialect);
    const style = insertionStyle(document.languageId, dialect);
    const text = origin.text ?? document.getText(new vscode.Range(document.positionAt(origin.start), document.positionAt(origin.end)));
    const parts = splitSelection(text, style);
    const base = { source: parts.expression || text.trim(), dialectLabel: dialectLabel(dialect, document.languageId), documentName: documentName(document) };
    if (!parts.expression) return { model: { kind: 'empty', hint: vscode.l10n.t('Select an expression to explain.') } };

    const { core } = this.services;
    const documentText = document.getText();
    const timeoutMs = settings.timeBudgetMs + TIME_LIMIT_GRACE_MS;
    try {
      // In math notation `x^2 + y^2 = 1` splits like an assignment: an arithmetic left side makes it an equation;
      // one the implicit reading refuses (f^{\prime}(x) = …) is explained as before, by its right-hand side
      if (parts.assignment && ARITHMETIC.test(parts.assignment.name)) {
        const equation = await this.equationModel(`${parts.assignment.name} = ${parts.expression}`, base, dialect, style, documentText, settings.timeBudgetMs, origin, token);
        if (equation.model.kind === 'equation') return equation;
      }
      // The core says which engine takes the selection: a matrix one answers with the working (and the other layout)
      const selectionOffset = origin.start + parts.start;
      const analysis = await core.analyze(parts.expression, dialect, { documentText, selectionOffset }, { timeoutMs: ANALYZE_TIMEOUT_MS, token });
      if (analysis.engine === 'matrix') {
        const options = { dialect, documentText, selectionOffset, order: origin.order, timeBudgetMs: settings.timeBudgetMs, layout: settings.layout, ...(origin.wrt !== undefined ? { wrt: origin.wrt } : {}) };
        const result = await core.differentiate(parts.expression, options, { timeoutMs, token });
        if (result.matrix) return { model: { ...matrixModel(base, { ...result, matrix: result.matrix }), canInsert: origin.text === undefined }, result };
      }
      const symbols = analysis.freeSymbols;
      const wrt = origin.wrt !== undefined && symbols.includes(origin.wrt) ? origin.wrt : symbols[0];
      const options = { dialect, documentText, selectionOffset, timeBudgetMs: settings.timeBudgetMs, order: origin.order, ...(wrt !== undefined ? { wrt } : {}) };
      const result = await core.differentiate(parts.expression, options, { timeoutMs, token });
      let plot: ScalarModel['plot'];
      if (symbols.length <= 1) {
        const slope = result.order === 1 ? result.plain : (await core.differentiate(parts.expression, { ...options, order: 1, explain: false }, { timeoutMs, token })).plain;
        plot = await core.sample({ function: result.input.plain, derivative: result.plain, slope, variable: result.wrt }, { timeoutMs: SAMPLE_TIMEOUT_MS, token });
      }
      // one variable: the calculus sections (tangent line, Taylor polynomial, antiderivative, critical points)
      const subject = symbols.length <= 1 ? { source: parts.expression, dialect, style, documentText, wrt: result.wrt, budgetMs: settings.timeBudgetMs, timeoutMs } : undefined;
      const calculus = subject ? { calculus: scalarOffer(result.wrt, this.opening) } : {};
      return { model: { ...scalarModel(base, result, symbols, plot), ...calculus, canInsert: origin.text === undefined }, result, ...(subject ? { subject } : {}) };
    } catch (error) {
      if (error instanceof CoreCancelledError) throw error;
      // an equation in code (x**2 + y**2 == 1): its implicit derivative
      if (error instanceof CoreInputError && isEquation(parts.expression)) return this.equationModel(parts.expression, base, dialect, style, documentText, settings.timeBudgetMs, origin, token);
      if (error instanceof CoreInputError) {
        return { model: { kind: 'error', ...base, message: error.message.replace(/\s*\(column \d+\)$/, ''), ...(error.offset >= 0 ? { column: error.offset + 1 } : {}) } };
      }
      if (error instanceof CoreTimeoutError) {
        return { model: { kind: 'error', ...base, message: vscode.l10n.t('Differentiating “{0}” took longer than {1} seconds and was stopped.', shorten(parts.expression, 40), Math.round(error.timeoutMs / 1000)) } };
      }
      const message = error instanceof Error ? error.message : String(error);
      this.services.log.error(`explain: ${error instanceof Error ? (error.stack ?? message) : message}`);
      return { model: { kind: 'error', ...base, message: vscode.l10n.t('The derivative could not be computed: {0}', message) } };
    }
  }

  /**
   * An equation F = G: its implicit derivatives (dy/dx and d²y/dx²), computed with the model, since
   * they are all the panel shows for it; its refusal says more than the reading's ("unexpected =").
   */
  private async equationModel(
    source: string,
    base: { source: string; dialectLabel: string; documentName: string },
    dialect: Dialect,
    style: InsertionStyle,
    documentText: string,
    budgetMs: number,
    origin: Origin,
    token: vscode.CancellationToken,
  ): Promise<{ model: PanelModel; subject?: CalculusSubject; implicit?: ImplicitResult }> {
    const timeoutMs = budgetMs + TIME_LIMIT_GRACE_MS;
    try {
      const implicit = await this.services.core.calculus('implicit', source, { notation: dialect, documentText, budgetMs, order: 2 }, { timeoutMs, token });
      const model: EquationModel = {
        kind: 'equation',
        ...base,
        ...(implicit.warnings?.length ? { warnings: implicit.warnings } : {}),
        implicit: implicitView(implicit),
        calculus: { sections: ['implicit'], wrt: implicit.wrt },
        canInsert: origin.text === undefined,
      };
      return { model, subject: { source, dialect, style, documentText, wrt: implicit.wrt, budgetMs, timeoutMs }, implicit };
    } catch (error) {
      if (!(error instanceof CoreInputError)) throw error;
      return { model: { kind: 'error', ...base, message: error.message.replace(/\s*\(column \d+\)$/, '') } };
    }
  }

  /** Computes again (order, variable or selection changed) and renders; nothing when superseded. */
  private async update(): Promise<void> {
    const model = await this.computeCurrent();
    if (model) await this.show(model);
  }

  // ──── The webview ─────────────────────────────────────────

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) {
      // Beside the editor, not over it: move it when it shares the active editor's group.
      const editorColumn = vscode.window.activeTextEditor?.viewColumn;
      if (editorColumn !== undefined && this.panel.viewColumn === editorColumn) {
        const place = besideEditor();
        this.panel.reveal(place.column, true);
        if (place.split) void keepEditorReadable();
      } else if (!this.panel.visible) this.panel.reveal(undefined, true);
      return this.panel;
    }
    const place = besideEditor();
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('Explain Derivative'), { viewColumn: place.column, preserveFocus: true }, webviewOptions(this.extensionUri));
    this.adopt(panel);
    if (place.split) void keepEditorReadable();
    return panel;
  }

  /** Takes charge of a panel: a new one, or one VS Code restores after a reload. */
  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.options = webviewOptions(this.extensionUri);
    this.webviewReady = false;
    this.panelDisposables.push(
      // A hidden webview is discarded; shown again, it loads anew and says 'ready'.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.webviewReady = false;
      }),
      panel.webview.onDidReceiveMessage((data: unknown) => {
        const message = parseFromWebview(data);
        if (message) void this.receive(message);
        else this.services.log.warn(`explain panel: ignored a malformed message ${shorten(JSON.stringify(data) ?? String(data), 200)}`);
      }),
      panel.onDidDispose(() => this.panelClosed(panel)),
    );
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, vscode.l10n.t('Explain Derivative'));
  }

  private async restore(panel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    if (this.panel) this.panel.dispose();
    const state = parsePanelState(saved);
    this.follow = state?.follow ?? false;
    this.model = state?.model;
    this.origin = state?.origin ? fromSaved(state.origin) : undefined;
    this.adopt(panel);
    // The webview shows its saved model at once; computing again picks up edits made meanwhile.
    if (this.origin && (await findDocument(this.origin.uri))) void this.update();
  }

  private panelClosed(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    this.panel = undefined;
    this.panelDisposables.forEach((d) => d.dispose());
    this.panelDisposables = [];
    this.computation?.cancel();
    this.webviewReady = false;
    for (const resolve of this.readyWaiters) resolve(false);
    this.readyWaiters.clear();
    for (const resolve of this.renderWaiters.values()) resolve(undefined);
    this.renderWaiters.clear();
  }

  /** Resolves once the webview listens (at once when it does), false when it does not in time. */
  private whenReady(): Promise<boolean> {
    if (this.webviewReady) return Promise.resolve(true);
    if (!this.panel) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (ready: boolean) => {
        clearTimeout(timer);
        this.readyWaiters.delete(settle);
        resolve(ready);
      };
      const timer = setTimeout(() => settle(false), WEBVIEW_TIMEOUT_MS);
      this.readyWaiters.add(settle);
    });
  }

  private post(message: ToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  /**
   * Shows the model and waits for the webview to report it rendered it (or a newer one). A webview
   * still loading gets it when it says 'ready'.
   */
  private show(model: PanelModel): Promise<RenderReport | undefined> {
    this.model = model;
    const version = ++this.renderVersion;
    this.ensurePanel();
    const rendered = new Promise<RenderReport | undefined>((resolve) => {
      this.renderWaiters.set(version, resolve);
      setTimeout(() => {
        if (this.renderWaiters.delete(version)) resolve(undefined);
      }, WEBVIEW_TIMEOUT_MS);
    });
    if (this.webviewReady) this.postRender();
    return rendered;
  }

  private postRender(): void {
    if (!this.model) return;
    const origin = this.origin ? toSaved(this.origin) : undefined;
    this.post({ type: 'render', renderId: this.renderVersion, model: this.model, follow: this.follow, ...(origin ? { origin } : {}) });
  }

  private async receive(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        this.post({ type: 'init', strings: panelStrings() });
        // A webview that (re)loads — new, shown again, or restored — gets the current model.
        this.postRender();
        for (const resolve of [...this.readyWaiters]) resolve(true);
        return;
      case 'rendered': {
        this.lastReport = message.report;
        for (const [version, resolve] of [...this.renderWaiters]) {
          if (version > message.renderId) continue;
          this.renderWaiters.delete(version);
          resolve(message.report);
        }
        for (const listener of [...this.reportListeners]) listener(message.report);
        return;
      }
      case 'copy':
        return this.copy(message.field);
      case 'insert':
        return this.insert(message.form ?? 'expression');
      case 'setOrder':
        if (this.origin) {
          this.origin.order = message.order;
          await this.update();
        }
        return;
      case 'setVariable':
        if (this.origin) {
          this.origin.wrt = message.wrt;
          await this.update();
        }
        return;
      case 'setFollow':
        this.follow = message.follow;
        return;
      case 'setLayout':
        // Remembered, then computed in that layout: the result, the code, Copy and Insert all follow it.
        await writeLayout(message.layout);
        await this.update();
        return;
      case 'calculus':
        return this.sections.request(message.requestId, message.request);
      case 'calculusClose':
        this.sections.close(message.section);
        return;
      case 'calculusCopy':
      case 'calculusInsert': {
        if (message.type === 'calculusInsert') return this.insertCalculus(message.section);
        const text = this.sections.textFor(message.section);
        if (text === undefined) return;
        await ui.writeClipboard(text);
        this.post({ type: 'status', text: vscode.l10n.t('Copied to the clipboard.') });
        return;
      }
      case 'calculusShown':
        for (const listener of [...this.calculusListeners]) listener(message.shown);
        return;
      case 'probed':
        this.probeWaiters.get(message.probeId)?.(message.report);
        this.probeWaiters.delete(message.probeId);
        return;
      case 'error':
        this.services.log.error(`explain panel (webview): ${message.message}`);
        return;
    }
  }

  // ──── Buttons ─────────────────────────────────────────────

  private async copy(field: CopyField): Promise<void> {
    const model = this.model;
    let text: string | undefined;
    if (model?.kind === 'scalar' && field === 'result') text = model.result.code;
    if (model?.kind === 'matrix') text = { result: model.result.code, named: model.named?.code, numpy: model.numpy, einsum: model.einsum, gradientCheck: model.gradientCheck }[field];
    if (text === undefined) return;
    await ui.writeClipboard(text);
    this.post({ type: 'status', text: vscode.l10n.t('Copied to the clipboard.') });
  }

  /**
   * Writes the derivative into the document the panel came from, as Differentiate Selection would;
   * `named`: the named form's definitions, then the result in terms of them, below the selection.
   */
  private async insert(form: DerivativeForm): Promise<void> {
    const origin = this.origin;
    const result = this.result;
    if (!origin || !result || origin.text !== undefined || (this.model?.kind !== 'scalar' && this.model?.kind !== 'matrix')) return;
    const target = await this.insertionTarget(origin);
    if (!target) return;
    const { document, editor, selection } = target;
    const context = prepare(editor, performance.now(), [selection]);
    if (!context || context.targets.length === 0) return;
    // The panel has its own Copy button: Insert always writes into the document.
    // Statements (the named form's definitions) cannot replace an expression: they go below it.
    const insertMode = context.settings.insertMode === 'clipboard' || form === 'named' ? 'belowSelection' : context.settings.insertMode;
    // What the panel shows is what is written (asking first when it failed the numeric check).
    const outcome = await deliverResults(context, [result], insertMode, form);
    this.lastInsert = outcome;
    this.services.log.info(`Explain Derivative: Insert ${outcome.status} in ${outcome.ms.toFixed(0)} ms`);
    if (outcome.status === 'inserted' || outcome.status === 'replaced') {
      this.post({ type: 'status', text: vscode.l10n.t('Inserted into {0}.', documentName(document)) });
    }
  }

  /**
   * A calculus section's answer inserted as the section's command inserts it (never in the selection's
   * place: it is a new statement): the same answer, read from the selection the same way (runAt),
   * placed by the same function (insertAnswer) — below it, or right after an integral as written.
   */
  private async insertCalculus(section: WritableSection): Promise<void> {
    const origin = this.origin;
    const answer = this.sections.answerFor(section);
    if (!origin || origin.text !== undefined || !answer) return;
    const target = await this.insertionTarget(origin);
    if (!target) return;
    const { document, editor, selection } = target;
    const run = runAt(section === 'integral' ? 'integrate' : section, editor, selection, performance.now());
    if (typeof run !== 'object') return;
    const written = await insertAnswer(run, answer);
    if (written !== undefined) this.post({ type: 'status', text: vscode.l10n.t('Inserted into {0}.', documentName(document)) });
    else void ui.error(vscode.l10n.t('The answer could not be written into the document.'));
  }

  /**
   * The editor and selection an Insert writes at: the explained selection in its document, shown beside
   * the panel when no editor has it open; none (after saying why) when the text changed since.
   */
  private async insertionTarget(origin: Origin): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor; selection: vscode.Selection } | undefined> {
    if (origin.stale) {
      void ui.warning(vscode.l10n.t('The selected text changed after the panel explained it. Select it again and run Explain Derivative.'));
      return undefined;
    }
    const document = await findDocument(origin.uri);
    if (!document) return undefined;
    const editor =
      vscode.window.visibleTextEditors.find((e) => e.document === document) ??
      (await vscode.window.showTextDocument(document, { viewColumn: this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One }));
    return { document, editor, selection: new vscode.Selection(document.positionAt(origin.start), document.positionAt(origin.end)) };
  }

  // ──── Following the editor ────────────────────────────────

  private selectionChanged(event: vscode.TextEditorSelectionChangeEvent): void {
    if (!this.follow || !this.panel) return;
    const { document } = event.textEditor;
    if (document.uri.scheme === 'output' || document.uri.scheme === 'vscode-userdata') return;
    const range = primarySelection(event.textEditor);
    if (!range || range.isEmpty) return;
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const origin = this.origin;
    if (origin && origin.uri.toString() === document.uri.toString() && origin.start === start && origin.end === end && !origin.stale) return;
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      this.origin = { uri: document.uri, start, end, order: this.origin?.order ?? 1, stale: false, ...(this.origin?.wrt ? { wrt: this.origin.wrt } : {}) };
      void this.update();
    }, FOLLOW_DELAY_MS);
  }

  /** Keeps the origin's offsets on its text as the document is edited above it. */
  private documentChanged(event: vscode.TextDocumentChangeEvent): void {
    const origin = this.origin;
    if (!origin || event.document.uri.toString() !== origin.uri.toString()) return;
    // Changes arrive in any order; apply them from the end of the document backwards.
    for (const change of [...event.contentChanges].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
      const changeEnd = change.rangeOffset + change.rangeLength;
      const delta = change.text.length - change.rangeLength;
      if (changeEnd <= origin.start && !(change.rangeLength === 0 && change.rangeOffset === origin.start && origin.start === origin.end)) {
        origin.start += delta;
        origin.end += delta;
      } else if (change.rangeOffset >= origin.end) {
        // after the selection: nothing moves
      } else {
        origin.stale = true;
      }
    }
  }

  // ──── For the tests ───────────────────────────────────────

  nextReport(timeoutMs = WEBVIEW_TIMEOUT_MS): Promise<RenderReport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reportListeners.delete(listener);
        reject(new Error(`the panel reported no render within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (report: RenderReport) => {
        clearTimeout(timer);
        this.reportListeners.delete(listener);
        resolve(report);
      };
      this.reportListeners.add(listener);
    });
  }

  async click(control: ControlId): Promise<void> {
    if (!(await this.whenReady())) throw new Error('the explanation panel is not open');
    this.post({ type: 'click', control });
  }

  async probe(latex: string): Promise<ProbeReport> {
    if (!(await this.whenReady())) throw new Error('the explanation panel is not open');
    const probeId = ++this.probeId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.probeWaiters.delete(probeId);
        reject(new Error('the panel did not answer the probe'));
      }, WEBVIEW_TIMEOUT_MS);
      this.probeWaiters.set(probeId, (report) => {
        clearTimeout(timer);
        resolve(report);
      });
      this.post({ type: 'probe', probeId, latex });
    });
  }

  close(): void {
    this.panel?.dispose();
  }

  async calculus(request: CalculusRequest, timeoutMs = WEBVIEW_TIMEOUT_MS): Promise<CalculusShown> {
    if (!(await this.whenReady())) throw new Error('the explanation panel is not open');
    const shown = this.nextCalculus(request.section, timeoutMs);
    this.post({ type: 'calculusSet', request });
    return shown;
  }

  nextCalculus(section: CalculusRequest['section'], timeoutMs = WEBVIEW_TIMEOUT_MS): Promise<CalculusShown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calculusListeners.delete(listener);
        reject(new Error(`the panel showed no ${section} answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (shown: CalculusShown) => {
        if (shown.section !== section) return;
        clearTimeout(timer);
        this.calculusListeners.delete(listener);
        resolve(shown);
      };
      this.calculusListeners.add(listener);
    });
  }

  async pressCalculus(section: WritableSection, button: 'copy' | 'insert'): Promise<void> {
    if (!(await this.whenReady())) throw new Error('the explanation panel is not open');
    this.post({ type: 'calculusPress', section, button });
  }

  dispose(): void {
    clearTimeout(this.followTimer);
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

// ──── Helpers ─────────────────────────────────────────────────

function scalarModel(base: { source: string; dialectLabel: string; documentName: string }, result: DerivativeResult, symbols: string[], plot: ScalarModel['plot']): ScalarModel {
  const { verification } = result;
  return {
    kind: 'scalar',
    ...base,
    input: result.input,
    variables: symbols.length > 0 ? symbols : [result.wrt],
    wrt: result.wrt,
    order: result.order,
    ...(result.maxOrder ? { maxOrder: result.maxOrder } : {}),
    result: { code: result.result, plain: result.plain, latex: result.latex, operatorLatex: latexOperator(result.wrt, result.order) },
    ...(result.warnings?.length ? { warnings: result.warnings } : {}),
    verification: {
      verified: verification.verified,
      method: verification.method,
      points: verification.points.length,
      maxRelError: Number.isFinite(verification.maxRelError) ? verification.maxRelError : -1,
      ...(verification.reason ? { reason: verification.reason } : {}),
    },
    steps: result.steps.map((step): PanelStep => {
      const note = step.simplification ? simplificationNote(step.simplification.actions) : step.constantFactor ? constantFactorNote() : undefined;
      return {
        kind: step.kind,
        rule: step.rule,
        name: ruleName(step.rule),
        ...(note ? { note } : {}),
        identityLatex: step.identityLatex,
        substitutionsLatex: step.substitutionsLatex,
        substitutedLatex: step.substitutedLatex,
        ...(step.simplification?.factor ? { factorLatex: step.simplification.factor.latex } : {}),
        depth: step.depth,
        order: step.order,
      };
    }),
    ...(plot ? { plot } : {}),
    canInsert: true,
  };
}

/** The arguments as far as they are well-formed; anything else is ignored. */
function readArgs(args: unknown): { uri?: vscode.Uri; range?: vscode.Range; result?: DerivativeResult; wrt?: string; order?: number } {
  if (typeof args !== 'object' || args === null) return {};
  const a = args as Record<string, unknown>;
  const out: ReturnType<typeof readArgs> = {};
  if (a.uri instanceof vscode.Uri) out.uri = a.uri;
  else if (typeof a.uri === 'string') {
    try {
      out.uri = vscode.Uri.parse(a.uri, true);
    } catch {
      // not a URI
    }
  }
  if (a.range instanceof vscode.Range) out.range = a.range;
  const result = a.result as Partial<DerivativeResult> | undefined;
  if (result && typeof result === 'object' && typeof result.wrt === 'string' && typeof result.order === 'number') out.result = result as DerivativeResult;
  if (isVariableName(a.wrt)) out.wrt = a.wrt;
  if (typeof a.order === 'number') out.order = a.order;
  return out;
}

/** A left side that is arithmetic (`x^2 + y^2`), not a name (`y`, `f(x)`, `\sigma`): an equation, not an assignment. */
const ARITHMETIC = /[-+*/^]/;

/** An equation rather than an expression: `=` (or `==`) outside `<=`, `>=`, `!=`. */
function isEquation(text: string): boolean {
  return /(^|[^<>!=])(?:===?|=)(?!=)/.test(text);
}

/** The editor's primary selection when it holds text, else its first selection that does. */
function primarySelection(editor: vscode.TextEditor): vscode.Selection | undefined {
  if (!editor.selection.isEmpty) return editor.selection;
  return editor.selections.find((selection) => !selection.isEmpty);
}

function clampOrder(order: number): number {
  return Number.isInteger(order) ? Math.min(Math.max(order, 1), MAX_ORDER) : 1;
}

/** The open document at `uri`, or the file opened; never a new untitled document. */
async function findDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open || uri.scheme === 'untitled') return open;
  return vscode.workspace.openTextDocument(uri).then(
    (document) => document,
    () => undefined,
  );
}

function documentName(document: vscode.TextDocument): string {
  return path.posix.basename(document.uri.path) || document.uri.toString();
}

function toSaved(origin: Origin): PanelOrigin | undefined {
  if (origin.text !== undefined) return undefined;
  return { uri: origin.uri.toString(), start: origin.start, end: origin.end, order: origin.order, ...(origin.wrt ? { wrt: origin.wrt } : {}) };
}

function fromSaved(saved: PanelOrigin): Origin | undefined {
  try {
    return { uri: vscode.Uri.parse(saved.uri, true), start: saved.start, end: saved.end, order: clampOrder(saved.order), stale: false, ...(saved.wrt ? { wrt: saved.wrt } : {}) };
  } catch {
    return undefined;
  }
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// ──── Where the panel opens ─────────────────────────────────

/** Share of the window's editor area the editor keeps when the panel splits it (the rest, the panel's, is ~480 px on a 1280 px window). */
export const EDITOR_SHARE = 0.6;

/**
 * The column for the panel beside the active editor without narrowing it: an editor group that
 * is already there (nearest to the right, else to the left), where the panel opens as a tab; only
 * when the editor's group is the only one, a new group beside it (`split`).
 */
function besideEditor(): { column: vscode.ViewColumn; split: boolean } {
  const editorColumn = vscode.window.activeTextEditor?.viewColumn ?? vscode.window.tabGroups.activeTabGroup.viewColumn;
  const others = vscode.window.tabGroups.all.map((group) => group.viewColumn).filter((column) => column !== editorColumn).sort((a, b) => a - b);
  const neighbour = others.find((column) => column > editorColumn) ?? others.at(-1);
  return neighbour !== undefined ? { column: neighbour, split: false } : { column: vscode.ViewColumn.Beside, split: true };
}

/**
 * After the panel split the editor's group in two side by side, gives the editor
 * {@link EDITOR_SHARE} of the width instead of half: the API tells no pixel widths, so a fixed
 * share is what keeps code readable on a laptop screen. Left alone when the split went down
 * (`workbench.editor.openSideBySideDirection`).
 */
async function keepEditorReadable(): Promise<void> {
  if (vscode.workspace.getConfiguration('workbench.editor').get<string>('openSideBySideDirection') === 'down') return;
  await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: EDITOR_SHARE }, { size: 1 - EDITOR_SHARE }] });
}
