// What hovers and code actions preview, found in a document: a selection, math in LaTeX/Markdown, or
// the right-hand side of an assignment; with the notation and settings it was found under, so the
// rest of the request reads neither again.
import * as vscode from 'vscode';
import type { Dialect } from '../core/api';
import type { ExpressionSource } from './derivativeCache';
import { insertionStyle, resolveDialect, type InsertionStyle } from './dialect';
import { mathAt, type Lines } from './hover/mathSpans';
import { MAX_EXPRESSION_LENGTH, rightHandSideAt, worthDifferentiating } from './hover/targets';
import { assignmentAround, splitSelection } from './insertion';
import type { DocumentSettings } from './settings';

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
  /** The settings of the request that found it. */
  settings: DocumentSettings;
}

/** The dialect and insertion style of a document. */
export function notationOf(document: vscode.TextDocument, settings: DocumentSettings): { dialect: Dialect; style: InsertionStyle } {
  const dialect = resolveDialect(document.languageId, settings.dialect);
  return { dialect, style: insertionStyle(document.languageId, dialect) };
}

/** What the core reads for `expression` at `range`: the document (imports, shape annotations) by version. */
export function sourceAt(document: vscode.TextDocument, range: vscode.Range, expression: string, dialect: Dialect): ExpressionSource {
  return { expression, dialect, document: { key: documentKey(document), text: () => document.getText(), offset: document.offsetAt(range.start) } };
}

/** The expression a selected range holds, when it looks like math worth a preview. */
export function rangeTarget(document: vscode.TextDocument, range: vscode.Range, settings: DocumentSettings): PreviewTarget | undefined {
  if (range.isEmpty || document.offsetAt(range.end) - document.offsetAt(range.start) > MAX_EXPRESSION_LENGTH + 200) return undefined; // Ctrl+A in a long file
  const { dialect, style } = notationOf(document, settings);
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
  const expressionRange = new vscode.Range(start, end);
  return {
    document,
    version: document.version,
    range: expressionRange,
    source: sourceAt(document, expressionRange, parts.expression, dialect),
    style,
    kind: 'selection',
    ...(around ? { assignedTo: around.name } : {}),
    settings,
  };
}

function insideMath(document: vscode.TextDocument, range: vscode.Range, style: 'latex' | 'markdown'): boolean {
  const found = mathAt(documentLines(document), range.start, style);
  return !!found && new vscode.Range(found.start.line, found.start.character, found.end.line, found.end.character).intersection(range) !== undefined;
}

/** Ids of open documents: a file closed and reopened may start again at the same version with other text. */
const documentIds = new WeakMap<vscode.TextDocument, number>();
let nextDocumentId = 0;

/** Names a document version (for cache keys): its id while open and its version. */
function documentKey(document: vscode.TextDocument): string {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = ++nextDocumentId));
  return `${id}@${document.version}`;
}

/** The document as the span finders read it; the version key lets the fence index be built once per version. */
export function documentLines(document: vscode.TextDocument): Lines {
  return { lineCount: document.lineCount, line: (i) => document.lineAt(i).text, text: () => document.getText(), versionKey: documentKey(document) };
}

/**
 * What a hover at `position` previews: the selection under the mouse; else, as the settings allow,
 * the math around it (LaTeX, Markdown) or the right-hand side of its assignment (Python, JavaScript).
 */
export function hoverTarget(document: vscode.TextDocument, position: vscode.Position, settings: DocumentSettings): PreviewTarget | undefined {
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document !== document) continue;
    for (const selection of editor.selections) {
      if (selection.isEmpty || !selection.contains(position)) continue;
      const target = rangeTarget(document, selection, settings);
      if (target) return target;
    }
  }
  const { dialect, style } = notationOf(document, settings);
  if (settings.hoverMathSpans && (style === 'latex' || style === 'markdown')) {
    const found = mathAt(documentLines(document), position, style);
    if (!found || !worthDifferentiating(found.text, style, true)) return undefined;
    const range = new vscode.Range(found.start.line, found.start.character, found.end.line, found.end.character);
    return {
      document,
      version: document.version,
      range,
      source: sourceAt(document, range, found.text, dialect),
      style,
      kind: 'math',
      ...(found.assignedTo ? { assignedTo: found.assignedTo } : {}),
      settings,
    };
  }
  if (settings.hoverAssignments && (style === 'python' || style === 'javascript')) {
    const line = document.lineAt(position.line).text;
    const rhs = rightHandSideAt(line, position.character, style);
    if (!rhs) return undefined;
    const expression = line.slice(rhs.from, rhs.to);
    if (!worthDifferentiating(expression, style, true)) return undefined;
    const range = new vscode.Range(position.line, rhs.from, position.line, rhs.to);
    return {
      document,
      version: document.version,
      range,
      source: sourceAt(document, range, expression, dialect),
      style,
      kind: 'assignment',
      assignedTo: rhs.name,
      settings,
    };
  }
  return undefined;
}
