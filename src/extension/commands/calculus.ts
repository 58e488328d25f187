// Derivative: Tangent Line at Point…, Taylor Expansion…, Integrate Selection (and Between…), Implicit
// Derivative, Critical Points… — the core's calculus operations on the primary selection (or the
// range a lightbulb entry or hover link names). Each asks only what it must (the variable when
// there are several, the point, the order, the interval; the last answers remembered) and writes
// like Differentiate Selection: below the selection, in place of it or to the clipboard.
import * as vscode from 'vscode';
import type { CalculusKind, CalculusOperations } from '../../shared/workerProtocol';
import {
  answerBelow, calculusAnswer, equationAsDifference, selectsWrittenIntegral, equationSpan, pointProblem, pointSource, readInterval, readOrder, type AnswerWords, type CalculusAnswer, type PointProblem,
} from '../calculusText';
import { CoreCancelledError, CoreInputError, CoreTimeoutError } from '../coreClient';
import { ANALYZE_TIMEOUT_MS, delayedProgress, pickVariable, prepare, shorten, type EditorContext, type Services } from '../differentiation';
import { TIME_LIMIT_GRACE_MS } from '../settings';
import { ui } from '../ui';
import type { Assignment } from '../insertion';

/** The operations the commands offer: Integrate Selection Between… is `integrate` with bounds. */
export type CalculusCommandKind = CalculusKind | 'integrateBetween';

/** Where a lightbulb entry or hover link points a command: the document and the expression's range. */
export interface CalculusTargetArgs {
  uri: string;
  /** [startLine, startCharacter, endLine, endCharacter] */
  range: [number, number, number, number];
}

export interface CalculusOutcome {
  status: 'inserted' | 'replaced' | 'copied' | 'noEditor' | 'noSelection' | 'inputError' | 'notFound' | 'timeout' | 'cancelled' | 'stale' | 'declined' | 'failed';
  /** What was written (or would have been). */
  text?: string;
  ms: number;
}

/** Workspace-state keys of the answers remembered between runs. */
const LAST_POINT_KEY = 'derivative.calculus.point';
const LAST_TAYLOR_ORDER_KEY = 'derivative.calculus.taylorOrder';
const LAST_CRITICAL_INTERVAL_KEY = 'derivative.calculus.criticalInterval';
const LAST_BOUNDS_KEY = 'derivative.calculus.integralBounds';
/** The core's largest Taylor order (src/core/calculus/taylor.ts MAX_TAYLOR_ORDER; the core refuses more). */
const MAX_ORDER = 20;
const DEFAULT_ORDER = 5;

/** Typed arguments of a command run from a link or code action, or undefined. */
function isTargetArgs(value: unknown): value is CalculusTargetArgs {
  const v = value as CalculusTargetArgs | undefined;
  return !!v && typeof v.uri === 'string' && Array.isArray(v.range) && v.range.length === 4 && v.range.every((n) => Number.isInteger(n) && n >= 0);
}

function operationName(kind: CalculusCommandKind): string {
  switch (kind) {
    case 'tangent': return vscode.l10n.t('tangent line');
    case 'taylor': return vscode.l10n.t('Taylor polynomial');
    case 'implicit': return vscode.l10n.t('implicit derivative');
    case 'integrate': case 'integrateBetween': return vscode.l10n.t('integral');
    case 'critical': return vscode.l10n.t('critical points');
  }
}

/** The words of the answers, localized; the explanation panel's sections write with them too. */
export const ANSWER_WORDS: AnswerWords = {
  tangentAt: (wrt, at) => vscode.l10n.t('tangent at {0} = {1}', wrt, at),
  taylorAt: (order, wrt, at) => vscode.l10n.t('Taylor polynomial of order {0} at {1} = {2}', order, wrt, at),
  get antiderivative() { return vscode.l10n.t('antiderivative'); },
  integralBetween: (from, to) => vscode.l10n.t('integral from {0} to {1}', from, to),
  criticalOn: (from, to) => vscode.l10n.t('critical points on [{0}, {1}]', from, to),
  kind: (kind) => ({ minimum: vscode.l10n.t('minimum'), maximum: vscode.l10n.t('maximum'), inflection: vscode.l10n.t('stationary inflection'), flat: vscode.l10n.t('flat') })[kind],
  get notDifferentiable() { return vscode.l10n.t('not differentiable'); },
};

/** The message for a point that cannot be read, as the user types. */
function pointMessage(problem: PointProblem | { kind: 'ends' }): string {
  switch (problem.kind) {
    case 'empty': return vscode.l10n.t('Type a number or a constant such as pi/4.');
    case 'name': return vscode.l10n.t('“{0}” is not a constant: use numbers, pi, e and functions such as sqrt.', problem.name);
    case 'character': return vscode.l10n.t('“{0}” cannot be part of a number.', problem.character);
    case 'brackets': return vscode.l10n.t('The parentheses do not match.');
    case 'incomplete': return vscode.l10n.t('The expression is incomplete.');
    case 'ends': return vscode.l10n.t('Type the two ends separated by a comma, such as 0, pi.');
  }
}

/** One run: the editor, the text the core reads, and its range. */
export interface Run {
  context: EditorContext;
  source: string;
  range: vscode.Range;
  assignment?: Assignment;
}

export async function calculusCommand(kind: CalculusCommandKind, services: Services, state: vscode.Memento, args?: unknown): Promise<CalculusOutcome> {
  const started = performance.now();
  const done = (status: CalculusOutcome['status'], text?: string): CalculusOutcome => {
    const result = { status, ...(text !== undefined ? { text } : {}), ms: performance.now() - started };
    services.log.info(`${kind}: ${status} in ${result.ms.toFixed(0)} ms`);
    return result;
  };
  const run = await target(kind, Array.isArray(args) ? args[0] : args, started);
  if (run === 'noEditor') return done('noEditor');
  if (!run) {
    void ui.info(kind === 'implicit' ? vscode.l10n.t('Select an equation such as x^2 + y^2 = 1.') : vscode.l10n.t('Select an expression first.'));
    return done('noSelection');
  }
  const { context } = run;
  const failed = (error: unknown) => done(report(kind, error, run, services));

  // ── what the operation needs to know ──
  let variables: { wrt?: string; of?: string };
  try {
    // a written integral names its variable in its differential (dx); the core reads it
    const written = (kind === 'integrate' || kind === 'integrateBetween') && selectsWrittenIntegral(run.source, context.style);
    const chosen = kind === 'implicit' ? await curveVariables(run, services) : written ? {} : await variable(run, services);
    if (chosen === undefined) return done('cancelled');
    variables = chosen;
  } catch (error) {
    return failed(error);
  }
  const base = { notation: context.dialect, documentText: context.document.getText(), budgetMs: context.settings.timeBudgetMs, ...variables };
  let request: { kind: CalculusKind; options: CalculusOperations[CalculusKind]['options'] };
  if (kind === 'tangent' || kind === 'taylor') {
    const at = await askPoint(kind, state);
    if (at === undefined) return done('cancelled');
    if (kind === 'tangent') request = { kind, options: { ...base, at } };
    else {
      const order = await askOrder(state);
      if (order === undefined) return done('cancelled');
      request = { kind, options: { ...base, at, order } };
    }
  } else if (kind === 'integrateBetween' || kind === 'critical') {
    const interval = await askInterval(kind, state);
    if (interval === undefined) return done('cancelled');
    request = kind === 'critical' ? { kind, options: { ...base, ...interval } } : { kind: 'integrate', options: { ...base, ...interval } };
  } else {
    request = { kind, options: base };
  }

  // ── the core, then the document ──
  let result: CalculusOperations[CalculusKind]['result'];
  try {
    result = await computing(context, (token) => services.core.calculus(request.kind, run.source, request.options, { timeoutMs: context.settings.timeBudgetMs + TIME_LIMIT_GRACE_MS, token }));
  } catch (error) {
    return failed(error);
  }
  const answer = calculusAnswer(request.kind, result, context.style, ANSWER_WORDS);
  if (!answer) {
    const message = request.kind === 'critical' ? vscode.l10n.t('No critical points of “{0}” on that interval.', shorten(run.source)) : notFoundMessage(result as CalculusOperations['integrate']['result'], run.source);
    void (request.kind === 'critical' ? ui.info(message) : ui.error(message));
    return done('notFound');
  }
  if (!checked(result)) {
    const insertAnyway = vscode.l10n.t('Insert anyway');
    const definite = 'definite' in result ? result.definite : undefined;
    const why = definite && !definite.converged ? vscode.l10n.t('the quadrature did not reach its tolerance') : (result.verification.reason ?? result.verification.method);
    if ((await ui.warning(vscode.l10n.t('The {0} of “{1}” could not be verified numerically ({2}).', operationName(kind), shorten(run.source), why), insertAnyway)) !== insertAnyway) return done('declined', answer.statement);
  }
  if (result.warnings?.length) void ui.warning(vscode.l10n.t('Read as: {0}', result.warnings.join('; ')));
  return done(...(await deliver(run, answer)));
}

/** Whether the answer passed its check: a definite integral's value is checked by its quadrature's error estimate. */
function checked(result: CalculusOperations[CalculusKind]['result']): boolean {
  if ('definite' in result && result.definite && !result.definite.exact) return result.definite.converged;
  return result.verified;
}

function notFoundMessage(result: CalculusOperations['integrate']['result'], source: string): string {
  if (result.definite && !Number.isFinite(result.definite.value)) {
    const at = result.definite.divergesAt;
    if (at === undefined) return vscode.l10n.t('The integral of “{0}” has no finite value.', shorten(source));
    return Number.isFinite(at)
      ? vscode.l10n.t('The integral of “{0}” diverges (at {1}).', shorten(source), Number(at.toPrecision(6)))
      : vscode.l10n.t('The integral of “{0}” diverges: the integrand does not decay fast enough towards {1}.', shorten(source), at > 0 ? '∞' : '−∞');
  }
  return vscode.l10n.t('Integral of “{0}”: {1}', shorten(source), result.message ?? vscode.l10n.t('no antiderivative found'));
}

/** The editor and the text of the run: a link's range, else the primary selection. */
async function target(kind: CalculusCommandKind, args: unknown, started: number): Promise<Run | 'noEditor' | undefined> {
  let editor = vscode.window.activeTextEditor;
  let selection = editor?.selection;
  if (isTargetArgs(args)) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
    if (!document) return 'noEditor';
    editor = vscode.window.visibleTextEditors.find((e) => e.document === document) ?? (await vscode.window.showTextDocument(document));
    const [sl, sc, el, ec] = args.range;
    selection = new vscode.Selection(sl, sc, el, ec);
  }
  if (!editor || !selection) return 'noEditor';
  return runAt(kind, editor, selection, started);
}

/**
 * The run on a selection, as the commands read it (the explanation panel's Insert too): an equation
 * for Implicit Derivative, else the expression without an assignment's left side.
 */
export function runAt(kind: CalculusCommandKind, editor: vscode.TextEditor, selection: vscode.Selection, started: number): Run | 'noEditor' | undefined {
  if (selection.isEmpty) return undefined;
  const context = prepare(editor, started, [selection]);
  if (!context) return 'noEditor';
  const { document } = context;
  if (kind === 'implicit') {
    // the whole equation: splitSelection would read `x^2 + y^2 = 1` in math as an assignment
    const text = document.getText(selection);
    const span = equationSpan(text, context.style);
    if (span.end <= span.start) return undefined;
    const base = document.offsetAt(selection.start);
    return { context, source: text.slice(span.start, span.end), range: new vscode.Range(document.positionAt(base + span.start), document.positionAt(base + span.end)) };
  }
  const found = context.targets[0];
  if (!found) return undefined;
  return { context, source: found.parts.expression, range: found.range, ...(found.parts.assignment ? { assignment: found.parts.assignment } : {}) };
}

/** The variable: the only one asks nothing; several, the pick Differentiate With Respect To… uses. */
async function variable(run: Run, services: Services): Promise<{ wrt?: string } | undefined> {
  const { context } = run;
  const analysis = await services.core.analyze(run.source, context.dialect, { documentText: context.document.getText(), selectionOffset: context.document.offsetAt(run.range.start) }, { timeoutMs: ANALYZE_TIMEOUT_MS });
  if (analysis.engine === 'matrix') throw new CoreInputError(vscode.l10n.t('this works on a scalar expression; the selection is vector or matrix calculus'), -1);
  if (analysis.freeSymbols.length <= 1) return analysis.freeSymbols.length ? { wrt: analysis.freeSymbols[0]! } : {};
  const wrt = await pickVariable(context, services, analysis.freeSymbols);
  return wrt === undefined ? undefined : { wrt };
}

/** dy/dx by default; a curve without x and y asks which variable is a function of which. */
async function curveVariables(run: Run, services: Services): Promise<{ wrt?: string; of?: string } | undefined> {
  const difference = equationAsDifference(run.source);
  if (!difference) return {};
  let symbols: string[];
  try {
    symbols = (await services.core.analyze(difference, run.context.dialect, { documentText: run.context.document.getText() }, { timeoutMs: ANALYZE_TIMEOUT_MS })).freeSymbols;
  } catch {
    return {}; // the core explains what it cannot read
  }
  if (symbols.length < 2 || (symbols.includes('x') && symbols.includes('y'))) return {};
  const pairs = symbols.flatMap((of) => symbols.filter((wrt) => wrt !== of).map((wrt) => ({ of, wrt })));
  const chosen = await ui.pick(pairs.map((pair) => ({ label: `d${pair.of}/d${pair.wrt}`, value: pair })), { title: vscode.l10n.t('Implicit derivative'), placeholder: vscode.l10n.t('Choose which variable is a function of which') });
  return chosen;
}

async function askPoint(kind: 'tangent' | 'taylor', state: vscode.Memento): Promise<string | undefined> {
  const text = await ui.input({
    title: kind === 'tangent' ? vscode.l10n.t('Tangent line at point') : vscode.l10n.t('Taylor expansion point'),
    prompt: kind === 'tangent' ? vscode.l10n.t('The point a where the line touches the curve: a number or a constant such as pi/4') : vscode.l10n.t('The point a to expand about: a number or a constant such as pi/4'),
    value: state.get<string>(LAST_POINT_KEY) ?? '0',
    placeholder: '0, 1/2, pi/4, sqrt(2), e',
    validate: (t) => {
      const problem = pointProblem(t);
      return problem ? pointMessage(problem) : undefined;
    },
  });
  if (text === undefined) return undefined;
  await state.update(LAST_POINT_KEY, text.trim());
  return pointSource(text);
}

async function askOrder(state: vscode.Memento): Promise<number | undefined> {
  const last = state.get<number>(LAST_TAYLOR_ORDER_KEY);
  const text = await ui.input({
    title: vscode.l10n.t('Taylor expansion order'),
    prompt: vscode.l10n.t('The order n: terms up to (x − a)^n'),
    value: String(last !== undefined && last >= 0 && last <= MAX_ORDER ? last : DEFAULT_ORDER),
    validate: (t) => (readOrder(t, MAX_ORDER) === undefined ? vscode.l10n.t('Type a whole number from 0 to {0}.', MAX_ORDER) : undefined),
  });
  if (text === undefined) return undefined;
  const order = readOrder(text, MAX_ORDER)!;
  await state.update(LAST_TAYLOR_ORDER_KEY, order);
  return order;
}

async function askInterval(kind: 'integrateBetween' | 'critical', state: vscode.Memento): Promise<{ from: string; to: string } | undefined> {
  const key = kind === 'critical' ? LAST_CRITICAL_INTERVAL_KEY : LAST_BOUNDS_KEY;
  const text = await ui.input({
    title: kind === 'critical' ? vscode.l10n.t('Critical points on the interval') : vscode.l10n.t('Integrate between'),
    prompt: kind === 'critical' ? vscode.l10n.t('The interval to search: its two ends, such as -10, 10') : vscode.l10n.t('The bounds: lower, upper, such as 0, pi or 0, inf'),
    value: state.get<string>(key) ?? (kind === 'critical' ? '-10, 10' : '0, 1'),
    validate: (t) => {
      const read = readInterval(t, kind === 'integrateBetween');
      return 'problem' in read ? pointMessage(read.problem) : undefined;
    },
  });
  if (text === undefined) return undefined;
  const read = readInterval(text, kind === 'integrateBetween');
  if ('problem' in read) return undefined;
  await state.update(key, text.trim());
  return read;
}

/** Writes the answer where `derivative.insertMode` says; nothing over a document that changed. */
async function deliver(run: Run, answer: CalculusAnswer): Promise<[CalculusOutcome['status'], string]> {
  const { context, range } = run;
  const { document } = context;
  const mode = context.settings.insertMode;
  if (mode === 'clipboard') {
    await ui.writeClipboard(answer.statement);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard: {0}', shorten(answer.statement, 60)), 4000);
    return ['copied', answer.statement];
  }
  if (document.isClosed || document.version !== context.version) {
    void ui.warning(vscode.l10n.t('The document changed while the answer was computed, so nothing was written. Run the command again.'));
    return ['stale', answer.statement];
  }
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  let change: { range: vscode.Range; text: string };
  let status: 'replaced' | 'inserted';
  if (mode === 'replace' && answer.replacement !== undefined) {
    change = { range, text: answer.replacement };
    status = 'replaced';
  } else {
    change = insertion(run, answer);
    status = 'inserted';
  }
  if (!(await applyChange(run, change, status === 'inserted'))) {
    void ui.error(vscode.l10n.t('The answer could not be written into the document.'));
    return ['failed', change.text];
  }
  return [status, status === 'replaced' || answer.after !== undefined ? change.text : change.text.slice(eol.length)];
}

/**
 * The edit inserting the answer: right after a written integral, in its own math (as an evaluated
 * derivative operator is answered), else on a new line below the run's selection (calculusText's answerBelow).
 */
function insertion(run: Run, answer: CalculusAnswer): { range: vscode.Range; text: string } {
  if (answer.after !== undefined) return { range: new vscode.Range(run.range.end, run.range.end), text: answer.after };
  const { document, style } = run.context;
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const below = answerBelow(answer, { style, lines: document.getText().split(/\r?\n/), start: run.range.start, end: run.range.end, ...(run.assignment ? { assignment: run.assignment } : {}) });
  const end = document.lineAt(below.afterLine).range.end;
  return { range: new vscode.Range(end, end), text: eol + below.text };
}

/** Inserts the answer as the commands do, never in the selection's place (the panel's Insert); the text written, or undefined when the edit failed. */
export async function insertAnswer(run: Run, answer: CalculusAnswer): Promise<string | undefined> {
  const change = insertion(run, answer);
  return (await applyChange(run, change, true)) ? change.text.replace(/^\r?\n/, '') : undefined;
}

/** One edit (one undo); text inserted at a selection's end would widen it over the new line, so an insertion keeps the user's selections. */
async function applyChange(run: Run, change: { range: vscode.Range; text: string }, keepSelections: boolean): Promise<boolean> {
  const { document, editor } = run.context;
  const selections = editor.selections;
  let applied: boolean;
  try {
    applied = await editor.edit((edit) => edit.replace(change.range, change.text), { undoStopBefore: true, undoStopAfter: true });
    if (applied && keepSelections) editor.selections = selections;
  } catch {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, change.range, change.text);
    applied = await vscode.workspace.applyEdit(edit);
  }
  return applied;
}

/** Tells the user why a run stopped; the document is unchanged. */
function report(kind: CalculusCommandKind, error: unknown, run: Run, services: Services): CalculusOutcome['status'] {
  if (error instanceof CoreCancelledError) {
    if (run.context.document.version === run.context.version) return 'cancelled';
    void ui.warning(vscode.l10n.t('The document changed while the answer was computed, so nothing was written. Run the command again.'));
    return 'stale';
  }
  const name = operationName(kind);
  if (error instanceof CoreInputError) {
    void ui.error(vscode.l10n.t('Cannot compute the {0} of “{1}”: {2}', name, shorten(run.source), error.message.replace(/\s*\(column \d+\)$/, '')));
    return 'inputError';
  }
  if (error instanceof CoreTimeoutError) {
    void ui.error(vscode.l10n.t('The {0} of “{1}” took longer than {2} seconds and was stopped.', name, shorten(run.source), Math.round(error.timeoutMs / 1000)));
    return 'timeout';
  }
  const message = error instanceof Error ? error.message : String(error);
  services.log.error(`${kind} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
  void ui.error(vscode.l10n.t('The {0} could not be computed: {1}', name, message));
  return 'failed';
}

/** Runs a worker request cancelled when the user cancels the progress or edits the document. */
async function computing<T>(context: EditorContext, task: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
  const source = new vscode.CancellationTokenSource();
  const watcher = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.document === context.document && event.contentChanges.length > 0) source.cancel();
  });
  const stopProgress = delayedProgress(vscode.l10n.t('Computing…'), source);
  try {
    return await task(source.token);
  } finally {
    stopProgress();
    watcher.dispose();
    source.dispose();
  }
}
