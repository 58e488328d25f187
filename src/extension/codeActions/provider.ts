// The lightbulb: derivative refactorings (kind `refactor.rewrite.derivative`) on a selection that
// parses, the calculus commands where they apply (kind `refactor.rewrite.calculus`: Implicit
// Derivative on an equation; Integrate, Tangent Line at…, Taylor Expansion… on a scalar expression),
// and "Generate gradient function" on the signature of a Python function made of assignments and a
// return. Offering them costs a parse (cached) or a look at the text; the derivatives are computed
// only when an action is chosen (resolveCodeAction), the calculus answers when their command runs.
import * as vscode from 'vscode';
import { equationSpan, isEquation } from '../calculusText';
import { CommandId } from '../commands';
import type { CalculusTargetArgs } from '../commands/calculus';
import { CoreInputError } from '../coreClient';
import { operatorText } from '../hover/content';
import { commandExists, linkArgs } from '../previewLinks';
import { ANALYZE_TIMEOUT_MS, budgetOf, variablesFor, withDeadline, type PreviewServices } from '../previews';
import { documentLines, notationOf, rangeTarget, sourceAt, type PreviewTarget } from '../previewTargets';
import { readDocumentSettings, type DocumentSettings } from '../settings';
import { ui } from '../ui';
import { gradientName, matrixGradient, scalarGradient, type Deriver, type MatrixDeriver } from './gradient';
import { functionAt, type PythonFunction } from './pythonFunction';

/** `refactor.rewrite.derivative`: every action of this provider. */
export const DERIVATIVE_KIND = vscode.CodeActionKind.RefactorRewrite.append('derivative');
/** `refactor.rewrite.calculus`: the calculus commands offered on a selection. */
export const CALCULUS_KIND = vscode.CodeActionKind.RefactorRewrite.append('calculus');
/** How long the lightbulb waits for a parse before offering nothing (this time). */
const ANALYZE_WAIT_MS = 500;

type ActionData =
  | { kind: 'insert' | 'replace' | 'explain'; target: PreviewTarget; wrt: string }
  | { kind: 'gradient'; document: vscode.TextDocument; version: number; fn: PythonFunction; wrt: string; settings: DocumentSettings }
  /** A calculus command on the selection: it asks and computes when chosen. */
  | { kind: 'calculus' };

export class DerivativeAction extends vscode.CodeAction {
  constructor(title: string, readonly data: ActionData, kind: vscode.CodeActionKind = DERIVATIVE_KIND) {
    super(title, kind);
  }
}

/** A lightbulb entry that runs a calculus command on `range`. */
function calculusAction(title: string, command: CommandId, document: vscode.TextDocument, range: vscode.Range): DerivativeAction {
  const action = new DerivativeAction(title, { kind: 'calculus' }, CALCULUS_KIND);
  const args: CalculusTargetArgs = { uri: document.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character] };
  action.command = { title, command, arguments: [args] };
  return action;
}

export class DerivativeCodeActionProvider implements vscode.CodeActionProvider<DerivativeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [DERIVATIVE_KIND, CALCULUS_KIND] };
  /** Milliseconds each recent provideCodeActions took (bounded; for the benchmark and the log). */
  readonly timings: number[] = [];

  constructor(private readonly services: PreviewServices) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<DerivativeAction[]> {
    const started = performance.now();
    const settings = readDocumentSettings(document);
    if (!settings.codeActionsEnabled) return [];
    const wanted = (kind: vscode.CodeActionKind) => !context.only || context.only.intersects(kind);
    if (!wanted(DERIVATIVE_KIND) && !wanted(CALCULUS_KIND)) return [];
    const equation = equationAction(document, range, settings);
    const actions = equation
      ? [equation]
      : [...(await this.selectionActions(document, range, settings, token)), ...this.gradientActions(document, range, settings)];
    const kept = actions.filter((action) => wanted(action.kind!));
    this.timings.push(performance.now() - started);
    if (this.timings.length > 1000) this.timings.splice(0, this.timings.length - 1000);
    return token.isCancellationRequested ? [] : kept;
  }

  async resolveCodeAction(action: DerivativeAction, token: vscode.CancellationToken): Promise<DerivativeAction> {
    if (action.data.kind === 'calculus') return action;
    try {
      if (action.data.kind === 'gradient') await this.resolveGradient(action, action.data, token);
      else await this.resolveDerivative(action, action.data, token);
    } catch (error) {
      if (error instanceof Error && error.name === 'CoreCancelledError') return action;
      const message = error instanceof Error ? error.message : String(error);
      this.services.log.warn(`code action "${action.title}" failed: ${message}`);
      void ui.error(vscode.l10n.t('The derivative could not be computed: {0}', message));
    }
    return action;
  }

  // ──── On a selection ──────────────────────────────────────

  private async selectionActions(document: vscode.TextDocument, range: vscode.Range, settings: DocumentSettings, token: vscode.CancellationToken): Promise<DerivativeAction[]> {
    const target = rangeTarget(document, range, settings);
    if (!target) return [];
    let analysis;
    try {
      analysis = await withDeadline(this.services.cache.analyze(target.source, ANALYZE_TIMEOUT_MS, token), ANALYZE_WAIT_MS);
    } catch {
      return []; // does not parse: no lightbulb
    }
    if (!analysis) return []; // too slow to tell now; the parse goes on and the next request has it
    const symbols = variablesFor(analysis, this.services, document);
    if (symbols.length === 0) return [];
    const partial = symbols.length > 1;
    const [first, ...others] = symbols as [string, ...string[]];
    const op = (wrt: string) => operatorText(wrt, partial, analysis.labels?.[wrt]);
    const actions = [
      new DerivativeAction(vscode.l10n.t('Insert derivative {0} below', op(first)), { kind: 'insert', target, wrt: first }),
      new DerivativeAction(vscode.l10n.t('Replace with derivative {0}', op(first)), { kind: 'replace', target, wrt: first }),
    ];
    if (await commandExists(CommandId.Explain)) actions.push(new DerivativeAction(vscode.l10n.t('Explain derivative {0}', op(first)), { kind: 'explain', target, wrt: first }));
    for (const wrt of others) actions.push(new DerivativeAction(vscode.l10n.t('Insert derivative {0} below', op(wrt)), { kind: 'insert', target, wrt }));
    if (analysis.engine === 'scalar') {
      actions.push(
        calculusAction(vscode.l10n.t('Integrate'), CommandId.IntegrateSelection, document, range),
        calculusAction(vscode.l10n.t('Tangent line at…'), CommandId.TangentLine, document, range),
        calculusAction(vscode.l10n.t('Taylor expansion…'), CommandId.TaylorExpansion, document, range),
      );
    }
    return actions;
  }

  private async resolveDerivative(action: DerivativeAction, data: Extract<ActionData, { target: PreviewTarget }>, token: vscode.CancellationToken): Promise<void> {
    const { target, wrt } = data;
    if (data.kind !== 'explain') {
      // written by the hover links' command, through the commands' delivery: it asks about
      // unverified results, refuses stale documents and leaves the selection on the expression
      // (a plain edit inserted at the selection's end would widen it over the new line)
      const mode = data.kind === 'replace' ? 'replace' : 'belowSelection';
      action.command = { title: action.title, command: CommandId.ApplyDerivative, arguments: [linkArgs(target, wrt, mode)] };
      return;
    }
    const { timeBudgetMs, timeoutMs } = budgetOf(target.settings);
    const result = await this.services.cache.differentiate(target.source, { wrt, timeBudgetMs }, timeoutMs, token, 'interactive');
    // the panel works a matrix derivative out again, with the matrix engine's working
    const args = result.matrix ? { uri: target.document.uri, range: target.range, wrt } : { result, uri: target.document.uri, range: target.range };
    action.command = { title: action.title, command: CommandId.Explain, arguments: [args] };
  }

  // ──── Generate gradient function ──────────────────────────

  private gradientActions(document: vscode.TextDocument, range: vscode.Range, settings: DocumentSettings): DerivativeAction[] {
    if (notationOf(document, settings).dialect !== 'python') return [];
    const fn = functionAt(documentLines(document), range.start.line);
    if (!fn || fn.params.length === 0) return [];
    return fn.params.map(
      (wrt) =>
        new DerivativeAction(vscode.l10n.t('Generate gradient function {0} (∂{1}/∂{2})', gradientName(fn, wrt), fn.name, wrt), {
          kind: 'gradient',
          document,
          version: document.version,
          fn,
          wrt,
          settings,
        }),
    );
  }

  private async resolveGradient(action: DerivativeAction, data: Extract<ActionData, { kind: 'gradient' }>, token: vscode.CancellationToken): Promise<void> {
    const { document, fn, wrt } = data;
    const changed = () => {
      if (document.version === data.version) return false;
      void ui.warning(vscode.l10n.t('The document changed since the actions were offered, so nothing was written. Try again.'));
      return true;
    };
    if (changed()) return;
    const { dialect } = notationOf(document, data.settings);
    // shape annotations (`# X: (n, m)`) near the function count
    const at = new vscode.Range(fn.defLine, 0, fn.defLine, 0);
    const source = (expression: string) => sourceAt(document, at, expression, dialect);
    const { timeBudgetMs, timeoutMs } = budgetOf(data.settings);
    const { cache } = this.services;
    const deriver: Deriver = {
      freeSymbols: async (expression) => (await cache.analyze(source(expression), timeoutMs, token, 'interactive')).freeSymbols,
      derivative: async (expression, variable) => {
        const r = await cache.differentiate(source(expression), { wrt: variable, timeBudgetMs }, timeoutMs, token, 'interactive');
        return { text: r.result, verified: r.verified };
      },
    };
    const matrixDeriver: MatrixDeriver = {
      // the whole document: the engine reads numpy imports and shape annotations (`# X: (n, m)`) near the function
      derivative: async (expression, variable) => {
        const options = { dialect: 'python' as const, wrt: variable, documentText: document.getText(), selectionOffset: document.offsetAt(at.start), timeBudgetMs, matrix: true, explain: false };
        const r = await this.services.core.differentiate(expression, options, { timeoutMs, token });
        if (!r.matrix) throw new Error(`the core answered '${expression}' with scalar calculus`);
        return { text: r.result, verified: r.verified, shapes: r.matrix.detail.shapes, kind: r.matrix.kind };
      },
    };
    let generated;
    try {
      // the whole function goes to the matrix engine when the core routes any of its statements there
      const engines = await Promise.all(fn.statements.map((s) => cache.analyze(source(s.expression), timeoutMs, token, 'interactive').then((a) => a.engine, () => 'scalar')));
      generated = engines.includes('matrix') ? await matrixGradient(fn, wrt, matrixDeriver) : await scalarGradient(fn, wrt, deriver);
    } catch (error) {
      if (error instanceof CoreInputError) throw new Error(vscode.l10n.t('{0} cannot be differentiated: {1}', fn.name, error.message));
      throw error;
    }
    if (changed()) return; // the function was read from the version the actions were offered on
    if (!generated.verified) this.services.log.warn(`${generated.name}: a derivative in it could not be verified numerically`);
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const gap = fn.indent === '' ? eol + eol + eol : eol + eol;
    const end = document.lineAt(fn.lastLine).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, end, gap + generated.text.split('\n').join(eol));
    action.edit = edit;
  }
}

/** Implicit Derivative on a selected equation (`x^2 + y^2 = 1`, `x**2 + y**2 == 1`, `Eq(…)`): a look at the text, no parse. */
function equationAction(document: vscode.TextDocument, range: vscode.Range, settings: DocumentSettings): DerivativeAction | undefined {
  if (range.isEmpty || document.offsetAt(range.end) - document.offsetAt(range.start) > 2000) return undefined;
  const text = document.getText(range);
  const span = equationSpan(text, notationOf(document, settings).style);
  const equation = text.slice(span.start, span.end);
  if (!isEquation(equation)) return undefined;
  const title = /\bx\b/.test(equation) && /\by\b/.test(equation) ? vscode.l10n.t('Implicit derivative dy/dx') : vscode.l10n.t('Implicit derivative…');
  return calculusAction(title, CommandId.ImplicitDerivative, document, range);
}
