// Where the math is in LaTeX and Markdown: the `$…$`, `$$…$$`, `\(…\)`, `\[…\]` span or
// equation-like environment around a position, and the expression in it under the cursor (one row of
// an `align`, one side of an `=`). Pure: no vscode import (test/unit/extension/mathSpans.test.ts).
import type { TextPosition } from '../insertion';

export type MathStyle = 'latex' | 'markdown';

/** The expression found around a position. */
export interface MathExpression {
  /** Range of the expression in the document. */
  start: TextPosition;
  end: TextPosition;
  /** Its text as the core should read it: alignment `&`, `\label{…}`, `\nonumber` blanked out. */
  text: string;
  /** The left-hand side when the expression is the right-hand side of `name = …`. */
  assignedTo?: string;
}

/** Lines of a document, read on demand (a vscode.TextDocument fits). */
export interface Lines {
  readonly lineCount: number;
  line(index: number): string;
}

export function linesOf(text: string): Lines {
  const all = text.split(/\r?\n/);
  return { lineCount: all.length, line: (i) => all[i] ?? '' };
}

const ENVIRONMENTS = new Set(
  ['equation', 'align', 'gather', 'multline', 'eqnarray', 'displaymath', 'math', 'flalign', 'alignat', 'dmath'].flatMap((e) => [e, `${e}*`]),
);
/** Math can span lines but never a blank line, so a paragraph is the most to look at. */
const MAX_PARAGRAPH_LINES = 200;
/** `\\`, `\$`, `\(`, `\)`, `\[`, `\]`, `$$`, `$`, `\begin{…}`, `\end{…}`. */
const TOKEN = /\\\\|\\\$|\\\(|\\\)|\\\[|\\\]|\$\$|\$|\\begin\{([A-Za-z]+\*?)\}|\\end\{([A-Za-z]+\*?)\}/g;
/** Markup inside math that is not part of the expression (blanked, so offsets stay). */
const MARKUP = /\\(?:label|tag\*?|eqref|ref)\{[^{}]*\}|\\(?:nonumber|notag|displaystyle|textstyle|quad|qquad|left\.|right\.)(?![A-Za-z])|\\begin\{(?:aligned|split|gathered|array)\}(?:\{[^{}]*\})?|\\end\{(?:aligned|split|gathered|array)\}|&|\\[,;:!]/g;
/** Relations that separate the sides of an equation (`=` last: `\leq` etc. come first). */
const RELATION = /:=|\\(?:leq?|geq?|neq?|approx|equiv|sim|simeq|propto|to|mapsto)(?![A-Za-z])|<=|>=|!=|[=<>]/y;

/** The math expression at `position`, or undefined when the position is not inside math. */
export function mathAt(lines: Lines, position: TextPosition, style: MathStyle): MathExpression | undefined {
  if (position.line < 0 || position.line >= lines.lineCount) return undefined;
  let first: number;
  let last: number;
  let fencedMath = false;
  if (style === 'markdown') {
    const fence = fenceAt(lines, position.line);
    if (fence === 'code') return undefined;
    if (fence) {
      // ```math … ``` is display math: the whole block
      fencedMath = true;
      first = fence.first;
      last = fence.last;
    }
  }
  if (!fencedMath) {
    if (lines.line(position.line).trim() === '') return undefined;
    first = position.line;
    while (first > 0 && position.line - first < MAX_PARAGRAPH_LINES && !isBreak(lines.line(first - 1), style)) first--;
    last = position.line;
    while (last + 1 < lines.lineCount && last - position.line < MAX_PARAGRAPH_LINES && !isBreak(lines.line(last + 1), style)) last++;
  }
  const starts: number[] = [];
  let text = '';
  for (let i = first!; i <= last!; i++) {
    starts.push(text.length);
    text += (i > first! ? '\n' : '') + lines.line(i);
  }
  // line i of the paragraph starts at starts[i - first] + (i > first ? 1 : 0)
  const lineStart = (i: number) => starts[i - first!]! + (i > first! ? 1 : 0);
  const offset = lineStart(position.line) + position.character;
  const toPosition = (at: number): TextPosition => {
    let line = last!;
    while (line > first! && lineStart(line) > at) line--;
    return { line, character: at - lineStart(line) };
  };
  const masked = mask(text, style);
  const span = fencedMath ? { from: 0, to: masked.length } : spanAt(masked, offset, style);
  if (!span) return undefined;
  const picked = pickExpression(masked, span.from, span.to, offset);
  if (!picked) return undefined;
  return { start: toPosition(picked.from), end: toPosition(picked.to), text: picked.text, ...(picked.assignedTo ? { assignedTo: picked.assignedTo } : {}) };
}

/** A blank line (or, in Markdown, a fence) ends the paragraph math must lie in. */
function isBreak(line: string, style: MathStyle): boolean {
  return line.trim() === '' || (style === 'markdown' && /^\s*(```|~~~)/.test(line));
}

/** Whether `line` is inside a Markdown fence: 'code', a ```math block's inner lines, or undefined. */
function fenceAt(lines: Lines, line: number): 'code' | { first: number; last: number } | undefined {
  let open: { marker: string; math: boolean; line: number } | undefined;
  for (let i = 0; i < line; i++) {
    const m = /^\s*(```+|~~~+)\s*([\w-]*)/.exec(lines.line(i));
    if (!m) continue;
    if (!open) open = { marker: m[1]!, math: m[2] === 'math', line: i };
    else if (m[1]!.startsWith(open.marker) && m[2] === '') open = undefined;
  }
  if (!open) return /^\s*(```|~~~)/.test(lines.line(line)) ? 'code' : undefined;
  if (!open.math) return 'code';
  let last = line;
  while (last + 1 < lines.lineCount && !/^\s*(```|~~~)/.test(lines.line(last + 1))) last++;
  return /^\s*(```|~~~)/.test(lines.line(line)) ? 'code' : { first: open.line + 1, last };
}

/** Comments (LaTeX) and inline code (Markdown) blanked with spaces, so offsets stay. */
function mask(text: string, style: MathStyle): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  if (style === 'latex') return text.replace(/(^|[^\\])(%[^\n]*)/g, (_m, before: string, comment: string) => before + blank(comment));
  return text.replace(/(`+)[^`]*?\1/g, blank);
}

interface Span {
  /** The math inside the delimiters. */
  from: number;
  to: number;
}

/** The math span whose delimiters enclose `offset` (delimiters included). */
function spanAt(text: string, offset: number, style: MathStyle): Span | undefined {
  let open: { close: string; start: number; from: number; env?: string } | undefined;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const token = m[0];
    const at = m.index;
    const after = at + token.length;
    if (token === '\\\\' || token === '\\$') continue;
    if (!open) {
      if (at > offset) return undefined;
      if (token === '$$') open = { close: '$$', start: at, from: after };
      else if (token === '$' && (style === 'latex' || /\S/.test(text[after] ?? ' '))) open = { close: '$', start: at, from: after };
      else if (token === '\\(') open = { close: '\\)', start: at, from: after };
      else if (token === '\\[') open = { close: '\\]', start: at, from: after };
      else if (m[1] && ENVIRONMENTS.has(m[1])) open = { close: `\\end{${m[1]}}`, start: at, from: after, env: m[1] };
      continue;
    }
    if (token !== open.close) continue;
    // Markdown: a closing `$` follows a non-space and is not followed by a digit ($5 and $6)
    if (token === '$' && style === 'markdown' && (/\s/.test(text[at - 1] ?? ' ') || /\d/.test(text[after] ?? ''))) continue;
    if (offset >= open.start && offset <= after) return { from: open.from, to: at };
    open = undefined;
  }
  return undefined;
}

interface Picked {
  from: number;
  to: number;
  text: string;
  assignedTo?: string;
}

/** Within the math `text[from, to)`: the row of `offset` (rows split at `\\`), then one side of it. */
function pickExpression(text: string, from: number, to: number, offset: number): Picked | undefined {
  const inner = text.slice(from, to).replace(MARKUP, (s) => ' '.repeat(s.length));
  const at = Math.min(Math.max(offset - from, 0), inner.length);
  // rows
  const breaks = [...inner.matchAll(/\\\\(?:\[[^\]]*\])?/g)];
  let rowFrom = 0;
  let rowTo = inner.length;
  for (const b of breaks) {
    if (b.index + b[0].length <= at) rowFrom = b.index + b[0].length;
    else if (b.index >= at) {
      rowTo = b.index;
      break;
    } else return undefined; // on the `\\` itself
  }
  // sides of relations at brace depth 0
  const row = inner.slice(rowFrom, rowTo);
  const cuts: { at: number; end: number; assign: boolean }[] = [];
  let depth = 0;
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '\\' && /[{}]/.test(row[i + 1] ?? '')) i++;
    if (depth !== 0) continue;
    RELATION.lastIndex = i;
    const r = RELATION.exec(row);
    if (r) {
      cuts.push({ at: i, end: i + r[0].length, assign: r[0] === '=' || r[0] === ':=' });
      i += r[0].length - 1;
    }
  }
  const sides: { from: number; to: number }[] = [];
  let start = 0;
  for (const cut of cuts) {
    sides.push({ from: start, to: cut.at });
    start = cut.end;
  }
  sides.push({ from: start, to: row.length });
  const local = at - rowFrom;
  let index = sides.findIndex((s) => local >= s.from && local <= s.to);
  if (index < 0) index = sides.length - 1;
  let assignedTo: string | undefined;
  if (sides.length === 2 && cuts[0]!.assign) {
    // `name = expression`: the right-hand side, also when hovering the name
    const lhs = row.slice(sides[0]!.from, sides[0]!.to).trim();
    if (index === 1 || isName(lhs)) {
      index = 1;
      if (isName(lhs)) assignedTo = lhs;
    }
  }
  const side = sides[index]!;
  let a = side.from;
  let b = side.to;
  while (a < b && /\s/.test(row[a]!)) a++;
  while (b > a && /[\s,.;]/.test(row[b - 1]!)) b--;
  if (a >= b) return undefined;
  const absolute = from + rowFrom;
  return { from: absolute + a, to: absolute + b, text: row.slice(a, b), ...(assignedTo ? { assignedTo } : {}) };
}

/** `y`, `f(x)`, `\sigma`, `y_{1}`, `f'(t)`: something defined, not an expression to differentiate. */
function isName(text: string): boolean {
  return /^\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?'*(?:\s*(?:\\left)?\(\s*[^()=]*?\s*(?:\\right)?\))?$/.test(text);
}
