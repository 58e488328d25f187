// Where the math is in LaTeX and Markdown: the `$…$`, `$$…$$`, `\(…\)`, `\[…\]` span or
// equation-like environment around a position, and the expression in it under the cursor (one row of
// an `align`, one side of an `=`). Pure: no vscode import (test/unit/extension/mathSpans.test.ts).
// It runs synchronously on every hover, so all of it is linear in the text it reads, and that text is
// bounded (MAX_LINE_LENGTH, MAX_PARAGRAPH_LENGTH); Markdown fences are indexed once per document version.
import type { TextPosition } from '../insertion';
import { MAX_LINE_LENGTH } from './targets';

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
  /**
   * Names this text and version (`uri@version`): what is computed over the whole document (the
   * Markdown fence index) is then computed once and reused. Without it, it is computed on every call.
   */
  readonly versionKey?: string;
  /**
   * The whole text, when reading it at once is cheaper than line by line (a vscode.TextDocument's
   * getText: lineAt makes an object per line). What is computed over the whole document reads it.
   */
  text?(): string;
}

export function linesOf(text: string, versionKey?: string): Lines {
  const all = text.split(/\r?\n/);
  return { lineCount: all.length, line: (i) => all[i] ?? '', ...(versionKey !== undefined ? { versionKey } : {}) };
}

const ENVIRONMENTS = new Set(
  ['equation', 'align', 'gather', 'multline', 'eqnarray', 'displaymath', 'math', 'flalign', 'alignat', 'dmath'].flatMap((e) => [e, `${e}*`]),
);
/** Math can span lines but never a blank line, so a paragraph is the most to look at. */
const MAX_PARAGRAPH_LINES = 200;
/** Most characters of a paragraph (or ```math block) read around a hover; a longer one is cut there. */
const MAX_PARAGRAPH_LENGTH = 2 * MAX_LINE_LENGTH;
/** `\\`, `\$`, `\(`, `\)`, `\[`, `\]`, `$$`, `$`, `\begin{…}`, `\end{…}`. */
const TOKEN = /\\\\|\\\$|\\\(|\\\)|\\\[|\\\]|\$\$|\$|\\begin\{([A-Za-z]+\*?)\}|\\end\{([A-Za-z]+\*?)\}/g;
/** Markup inside math that is not part of the expression (blanked, so offsets stay). */
const MARKUP = /\\(?:label|tag\*?|eqref|ref)\{[^{}]*\}|\\(?:nonumber|notag|displaystyle|textstyle|quad|qquad|left\.|right\.)(?![A-Za-z])|\\begin\{(?:aligned|split|gathered|array)\}(?:\{[^{}]*\})?|\\end\{(?:aligned|split|gathered|array)\}|&|\\[,;:!]/g;
/** Relations that separate the sides of an equation (`=` last: `\leq` etc. come first). */
const RELATION = /:=|\\(?:leq?|geq?|neq?|approx|equiv|sim|simeq|propto|to|mapsto)(?![A-Za-z])|<=|>=|!=|[=<>]/y;

/** The math expression at `position`, or undefined when the position is not inside math. */
export function mathAt(lines: Lines, position: TextPosition, style: MathStyle): MathExpression | undefined {
  if (position.line < 0 || position.line >= lines.lineCount) return undefined;
  const hovered = lines.line(position.line);
  if (hovered.length > MAX_LINE_LENGTH) return undefined; // generated or minified: not read
  let first: number;
  let last: number;
  let fencedMath = false;
  if (style === 'markdown') {
    const fence = fenceAt(lines, position.line);
    if (fence === 'code') return undefined;
    if (fence) {
      // ```math … ``` is display math: the whole block, when it is not too long to read
      fencedMath = true;
      first = fence.first;
      last = fence.last;
      let length = 0;
      for (let i = first; i <= last; i++) if ((length += lines.line(i).length + 1) > MAX_PARAGRAPH_LENGTH) return undefined;
    }
  }
  if (!fencedMath) {
    if (hovered.trim() === '') return undefined;
    // the paragraph: up to a break, MAX_PARAGRAPH_LINES each way, MAX_PARAGRAPH_LENGTH in all
    let length = hovered.length;
    const joins = (line: string) => {
      if (length + line.length + 1 > MAX_PARAGRAPH_LENGTH || isBreak(line, style)) return false;
      length += line.length + 1;
      return true;
    };
    first = position.line;
    while (first > 0 && position.line - first < MAX_PARAGRAPH_LINES && joins(lines.line(first - 1))) first--;
    last = position.line;
    while (last + 1 < lines.lineCount && last - position.line < MAX_PARAGRAPH_LINES && joins(lines.line(last + 1))) last++;
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
  return line.trim() === '' || (style === 'markdown' && FENCE.test(line));
}

/** A Markdown fence line: its marker and info word (```math). Anchored, and no two quantifiers overlap. */
const FENCE = /^\s*(```+|~~~+)\s*([\w-]*)/;

/** The fenced blocks of a Markdown document, in order, and every line that looks like a fence. */
interface FenceIndex {
  /** `open` and `close` are the fence lines; `close` is lineCount when the block is never closed. */
  blocks: { open: number; close: number; math: boolean }[];
  fenceLines: number[];
  /** Of the document indexed (a key reused for other text shows here, most often). */
  lineCount: number;
}

/** Fence indexes of the documents hovered last, by Lines.versionKey (a few: one per open editor or so). */
const fenceIndexes = new Map<string, FenceIndex>();
const MAX_FENCE_INDEXES = 8;

/** One pass over the document; read from the cache when the same version was indexed before. */
function fenceIndexOf(lines: Lines): FenceIndex {
  const key = lines.versionKey;
  const known = key === undefined ? undefined : fenceIndexes.get(key);
  if (known && known.lineCount === lines.lineCount) return known;
  const index: FenceIndex = { blocks: [], fenceLines: [], lineCount: lines.lineCount };
  const all = lines.text?.().split(/\r\n|\r|\n/); // VS Code's line breaks
  let open: { marker: string; math: boolean; line: number } | undefined;
  for (let i = 0; i < lines.lineCount; i++) {
    const m = FENCE.exec(all ? all[i] ?? '' : lines.line(i));
    if (!m) continue;
    index.fenceLines.push(i);
    if (!open) open = { marker: m[1]!, math: m[2] === 'math', line: i };
    else if (m[1]!.startsWith(open.marker) && m[2] === '') {
      index.blocks.push({ open: open.line, close: i, math: open.math });
      open = undefined;
    }
  }
  if (open) index.blocks.push({ open: open.line, close: lines.lineCount, math: open.math });
  if (key !== undefined) {
    fenceIndexes.delete(key);
    if (fenceIndexes.size >= MAX_FENCE_INDEXES) fenceIndexes.delete(fenceIndexes.keys().next().value!);
    fenceIndexes.set(key, index);
  }
  return index;
}

/** The last index in ascending `values` whose value passes `below`, or -1. */
function lastWhere<T>(values: readonly T[], below: (value: T) => boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (below(values[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Whether `line` is inside a Markdown fence: 'code', a ```math block's inner lines, or undefined. */
function fenceAt(lines: Lines, line: number): 'code' | { first: number; last: number } | undefined {
  const { blocks, fenceLines } = fenceIndexOf(lines);
  const at = lastWhere(fenceLines, (l) => l < line) + 1; // fenceLines[at] is the first fence line at or after `line`
  const onFence = fenceLines[at] === line;
  const block = blocks[lastWhere(blocks, (b) => b.open < line)];
  if (!block || block.close < line) return onFence ? 'code' : undefined;
  if (!block.math || onFence) return 'code';
  // the block's inner lines, to the next line that looks like a fence
  const next = fenceLines[at];
  return { first: block.open + 1, last: next === undefined ? lines.lineCount - 1 : next - 1 };
}

/** Comments (LaTeX) and inline code (Markdown) blanked with spaces, so offsets stay. */
function mask(text: string, style: MathStyle): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  if (style === 'latex') return text.replace(/(^|[^\\])(%[^\n]*)/g, (_m, before: string, comment: string) => before + blank(comment));
  let out = '';
  let done = 0;
  for (const span of codeSpans(text)) {
    out += text.slice(done, span.from) + blank(text.slice(span.from, span.to));
    done = span.to;
  }
  return out + text.slice(done);
}

/**
 * Markdown inline code: a run of backticks up to the next run of the same length (CommonMark). One
 * pass: the runs are listed once, and for each length a pointer moves forward through its runs.
 */
function codeSpans(text: string): { from: number; to: number }[] {
  const runs: { at: number; length: number }[] = [];
  for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i)) {
    let j = i;
    while (text[j] === '`') j++;
    runs.push({ at: i, length: j - i });
    i = j;
  }
  const byLength = new Map<number, { runs: number[]; next: number }>();
  runs.forEach((run, r) => {
    const same = byLength.get(run.length) ?? { runs: [], next: 0 };
    same.runs.push(r);
    byLength.set(run.length, same);
  });
  const spans: { from: number; to: number }[] = [];
  for (let r = 0; r < runs.length; r++) {
    const same = byLength.get(runs[r]!.length)!;
    while (same.next < same.runs.length && same.runs[same.next]! <= r) same.next++;
    const close = same.runs[same.next];
    if (close === undefined) continue; // no closing run: literal backticks
    spans.push({ from: runs[r]!.at, to: runs[close]!.at + runs[close]!.length });
    r = close;
  }
  return spans;
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
  let rowFrom = 0;
  let rowTo = inner.length;
  for (const b of rowBreaks(inner)) {
    if (b.to <= at) rowFrom = b.to;
    else if (b.from >= at) {
      rowTo = b.from;
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

/**
 * The `\\` that end rows, each with its spacing (`\\[2pt]`). The next `]` is looked for once and
 * remembered, so many `\\[` never closed cost one pass, not one each.
 */
function rowBreaks(text: string): { from: number; to: number }[] {
  const breaks: { from: number; to: number }[] = [];
  let nextClose = -1;
  for (let i = text.indexOf('\\\\'); i >= 0; i = text.indexOf('\\\\', i)) {
    let end = i + 2;
    if (text[end] === '[') {
      if (nextClose < end) {
        const close = text.indexOf(']', end);
        nextClose = close < 0 ? Infinity : close;
      }
      if (nextClose !== Infinity) end = nextClose + 1;
    }
    breaks.push({ from: i, to: end });
    i = end;
  }
  return breaks;
}

/** Something defined, not an expression to differentiate: its name, and how it is written. */
export interface DefinedName {
  /** `f`, `y_{1}`, `\sigma`. */
  name: string;
  /** Written with primes: `f'(t)`. */
  primed: boolean;
  /** Written with arguments: `f(x)`, `g\left(t\right)`. */
  applied: boolean;
}

/**
 * `y`, `f(x)`, `\sigma`, `y_{1}`, `f'(t)`. Linear: anchored, and no two quantifiers take the same
 * characters (but `[\w\\]+` and the fixed `\left`: a constant retry per character).
 */
const DEFINED_NAME = /^(\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?)('*)(\s*(?:\\left)?\([^()=]*\))?$/;

/** The name `text` defines (the left-hand side of `name = …`), or undefined when it is an expression. */
export function definedName(text: string): DefinedName | undefined {
  const m = DEFINED_NAME.exec(text);
  return m ? { name: m[1]!, primed: m[2] !== '', applied: m[3] !== undefined } : undefined;
}

function isName(text: string): boolean {
  return definedName(text) !== undefined;
}
