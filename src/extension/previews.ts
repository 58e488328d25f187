// What hovers and code actions share: their services, how they find the expression to preview in a
// document (a selection, math in LaTeX/Markdown, the right-hand side of an assignment), and the
// arguments of the links and actions that insert, replace or explain a previewed derivative.
import * as vscode from 'vscode';
import type { Analysis, Dialect } from '../core/api';
import { documentContext, type DerivativeCache, type ExpressionSource } from './derivativeCache';
import type { Priority } from './coreClient';
import { insertionStyle, resolveDialect, type InsertionStyle } from './dialect';
import type { Services } from './differentiation';
import { mathAt, type Lines } from './hover/mathSpans';
import { MAX_EXPRESSION_LENGTH, rightHandSideAt, worthDifferentiating } from './hover/targets';
import { assignmentAround, splitSelection } from './insertion';
import type { MatrixAnswer } from './panel/matrix';
import type { MathRenderer } from './render/mathRenderer';
import { readSettings, TIME_LIMIT_GRACE_MS, type PreviewSettings } from './settings';

export interface PreviewServices extends Services {
  cache: DerivativeCache;
  renderer: MathRenderer;
}

/** An expression to preview, found in a document. */
export interface PreviewTarget {
  document: vscode.TextDocument;
  /** Document version it was read from. */
  version: number;
  /** Range of the expression (what the core reads). */
  range: vscode.Range;
  source: ExpressionSource;
  style: InsertionStyle;
  /** How it was found. */
  kind: 'selection' | 'math' | 'assignment';
  /** The name it is assigned to (`y` in `y = …`), when there is one. */
  assignedTo?: string;
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

/** The dialect and insertion style of a document. */
export function notationOf(document: vscode.TextDocument): { dialect: Dialect; style: InsertionStyle } {
  const dialect = resolveDialect(document.languageId, readSettings(document).dialect);
  return { dialect, style: insertionStyle(document.languageId, dialect) };
}

const contexts = new WeakMap<vscode.TextDocument, { version: number; dialect: Dialect; context: string }>();

/** The document context the core reads (Python imports), computed once per document version. */
export function contextOf(document: vscode.TextDocument, dialect: Dialect): string {
  const known = contexts.get(document);
  if (known && known.version === document.version && known.dialect === dialect) return known.context;
  const context = dialect === 'python' ? documentContext(document.getText(), dialect) : '';
  contexts.set(document, { version: document.version, dialect, context });
  return context;
}

/** The expression a selected range holds, when it looks like math worth a preview. */
export function rangeTarget(document: vscode.TextDocument, range: vscode.Range): PreviewTarget | undefined {
  if (range.isEmpty || document.offsetAt(range.end) - document.offsetAt(range.start) > MAX_EXPRESSION_LENGTH + 200) return undefined; // Ctrl+A in a long file
  const { dialect, style } = notationOf(document);
  const text = document.getText(range);
  const parts = splitSelection(text, style);
  const delimited = parts.start > 0 && /^\s*(\$|\\\(|\\\[)/.test(text);
  const inMath = delimited || ((style === 'latex' || style === 'markdown') && insideMath(document, range, style));
  if (!worthDifferentiating(parts.expression, style, inMath)) return undefined;
  const base = document.offsetAt(range.start);
  const start = document.positionAt(base + parts.start);
  const end = document.positionAt(base + parts.end);
  // `y = «…»`: the selection is a right-hand side (names the derivative dy/dx in the hover)
  const around = parts.assignment ?? assignmentAround(document.lineAt(start.line).text.slice(0, start.character), document.lineAt(end.line).text.slice(end.character), style);
  return {
    document,
    version: document.version,
    range: new vscode.Range(start, end),
    source: { expression: parts.expression, dialect, context: contextOf(document, dialect) },
    style,
    kind: 'selection',
    ...(around ? { assignedTo: around.name } : {}),
  };
}

function insideMath(document: vscode.TextDocument, range: vscode.Range, style: 'latex' | 'markdown'): boolean {
  const found = mathAt(documentLines(document), range.start, style);
  return !!found && new vscode.Range(found.start.line, found.start.character, found.end.line, found.end.character).intersection(range) !== undefined;
}

/** Ids of open documents: a file closed and reopened may start again at the same version with other text. */
const documentIds = new WeakMap<vscode.TextDocument, number>();
let nextDocumentId = 0;

/** The document as the span finders read it; the version key lets the fence index be built once per version. */
function documentLines(document: vscode.TextDocument): Lines {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = ++nextDocumentId));
  return { lineCount: document.lineCount, line: (i) => document.lineAt(i).text, text: () => document.getText(), versionKey: `${id}@${document.version}` };
}

/**
 * What a hover at `position` previews: the selection under the mouse; else, as the settings allow,
 * the math around it (LaTeX, Markdown) or the right-hand side of its assignment (Python, JavaScript).
 */
export function hoverTarget(document: vscode.TextDocument, position: vscode.Position, settings: PreviewSettings): PreviewTarget | undefined {
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document !== document) continue;
    for (const selection of editor.selections) {
      if (selection.isEmpty || !selection.contains(position)) continue;
      const target = rangeTarget(document, selection);
      if (target) return target;
    }
  }
  const { dialect, style } = notationOf(document);
  if (settings.hoverMathSpans && (style === 'latex' || style === 'markdown')) {
    const found = mathAt(documentLines(document), position, style);
    if (!found || !worthDifferentiating(found.text, style, true)) return undefined;
    return {
      document,
      version: document.version,
      range: new vscode.Range(found.start.line, found.start.character, found.end.line, found.end.character),
      source: { expression: found.text, dialect, context: '' },
      style,
      kind: 'math',
      ...(found.assignedTo ? { assignedTo: found.assignedTo } : {}),
    };
  }
  if (settings.hoverAssignments && (style === 'python' || style === 'javascript')) {
    const line = document.lineAt(position.line).text;
    const rhs = rightHandSideAt(line, position.character, style);
    if (!rhs) return undefined;
    const expression = line.slice(rhs.from, rhs.to);
    if (!worthDifferentiating(expression, style, true)) return undefined;
    return {
      document,
      version: document.version,
      range: new vscode.Range(position.line, rhs.from, position.line, rhs.to),
      source: { expression, dialect, context: contextOf(document, dialect) },
      style,
      kind: 'assignment',
      assignedTo: rhs.name,
    };
  }
  return undefined;
}

/** The variables to differentiate by, the one to show first first: the last chosen in this document, else the likeliest. */
export function variablesFor(analysis: Analysis, services: Services, document: vscode.TextDocument): string[] {
  const last = services.lastVariable.get(document.uri.toString());
  const symbols = analysis.freeSymbols;
  return last && symbols.includes(last) ? [last, ...symbols.filter((s) => s !== last)] : [...symbols];
}

/** Core time limits for a document: its simplification budget, and when to stop waiting. */
export function budgetFor(document: vscode.TextDocument): { timeBudgetMs: number; timeoutMs: number } {
  const { timeBudgetMs } = readSettings(document);
  return { timeBudgetMs, timeoutMs: timeBudgetMs + TIME_LIMIT_GRACE_MS };
}

// ──── Vector and matrix input ───────────────────────────────

/** Notations the matrix engine reads (JavaScript has none; plain text is read as MATLAB-like math). */
const MATRIX_DIALECTS: ReadonlySet<Dialect> = new Set(['python', 'matlab', 'julia', 'latex', 'plain']);

/**
 * The matrix engine's derivative of `target` with respect to `wrt` (its own choice when undefined),
 * or undefined when the input is not vector/matrix input. Shape annotations near the expression
 * (`# x: (n,), A: (n, n)`) are read from the document. Speculative (a hover) unless the user waits for it.
 */
export function matrixDerivative(services: PreviewServices, target: PreviewTarget, wrt: string | undefined, token?: vscode.CancellationToken, priority: Priority = 'speculative'): Promise<MatrixAnswer | undefined> {
  if (!MATRIX_DIALECTS.has(target.source.dialect)) return Promise.resolve(undefined);
  const { document } = target;
  const { timeBudgetMs, timeoutMs } = budgetFor(document);
  const request = {
    source: target.source.expression,
    dialect: target.source.dialect,
    documentText: document.getText(),
    selectionOffset: document.offsetAt(target.range.start),
    timeBudgetMs,
    ...(wrt !== undefined ? { wrt } : {}),
  };
  return services.cache.matrix(request, `${document.uri.toString()}@${target.version}`, timeoutMs, token, priority);
}


// ──── Links and actions ─────────────────────────────────────

/** Arguments of the insert/replace/explain commands behind hover links and code actions. */
export interface DerivativeLinkArgs {
  uri: string;
  /** Document version the preview was computed on: nothing is written if it changed. */
  version: number;
  /** The expression's range: start line, start character, end line, end character. */
  range: [number, number, number, number];
  /** The expression as the core read it (may differ from the range's text by blanked markup). */
  expression: string;
  wrt: string;
  mode: 'belowSelection' | 'replace';
  /** Set when the derivative comes from the matrix engine (vector and matrix input). */
  engine?: 'matrix';
}

export function linkArgs(target: PreviewTarget, wrt: string, mode: DerivativeLinkArgs['mode'], engine?: 'matrix'): DerivativeLinkArgs {
  const { start, end } = target.range;
  return { uri: target.document.uri.toString(), version: target.version, range: [start.line, start.character, end.line, end.character], expression: target.source.expression, wrt, mode, ...(engine ? { engine } : {}) };
}

/** Whether a value received by a command is DerivativeLinkArgs (links can be crafted by hand). */
export function isLinkArgs(value: unknown): value is DerivativeLinkArgs {
  const v = value as Partial<DerivativeLinkArgs> | undefined;
  return (
    !!v &&
    typeof v.uri === 'string' &&
    typeof v.version === 'number' &&
    Array.isArray(v.range) &&
    v.range.length === 4 &&
    v.range.every((n) => Number.isInteger(n) && n >= 0) &&
    typeof v.expression === 'string' &&
    typeof v.wrt === 'string' &&
    (v.mode === 'belowSelection' || v.mode === 'replace') &&
    (v.engine === undefined || v.engine === 'matrix')
  );
}

/**
 * Whether a command is registered. The list of commands is long and, in a remote window, a round
 * trip away, so it is kept: the first call waits for it, later ones answer at once from the list and
 * refresh it in the background when it is older than a few seconds.
 */
export async function commandExists(id: string): Promise<boolean> {
  const now = Date.now();
  if (!knownCommands) {
    refreshing ??= refreshCommands();
    await refreshing;
  } else if (now - knownCommands.at > COMMANDS_TTL_MS) {
    refreshing ??= refreshCommands();
  }
  return knownCommands?.ids.has(id) ?? false;
}
let knownCommands: { at: number; ids: Set<string> } | undefined;
let refreshing: Promise<void> | undefined;
const COMMANDS_TTL_MS = 2000;

async function refreshCommands(): Promise<void> {
  try {
    knownCommands = { at: Date.now(), ids: new Set(await vscode.commands.getCommands(true)) };
  } finally {
    refreshing = undefined;
  }
}
