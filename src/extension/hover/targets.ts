// What a hover or the lightbulb would differentiate, decided without the core: the right-hand side of
// a one-line assignment, and whether a piece of text looks like math worth a preview at all. Pure: no
// vscode import (test/unit/extension/hoverTargets.test.ts).
import type { InsertionStyle } from '../dialect';

/** The right-hand side of `name = …` on one line, as offsets into that line. */
export interface RightHandSide {
  from: number;
  to: number;
  name: string;
}

const PY_LEFT = /^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)\s*/;
const JS_LEFT = /^\s*(?:export\s+)?(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=(?![=>])\s*/;

/**
 * The right-hand side of a one-line assignment in Python (`y = …  # comment`) or JavaScript
 * (`const y = …; // comment`) when `character` is on it; undefined otherwise (also when its brackets
 * do not close on the line, or it holds a string).
 */
export function rightHandSideAt(line: string, character: number, style: 'python' | 'javascript'): RightHandSide | undefined {
  if (line.length > MAX_LINE_LENGTH) return undefined;
  const left = (style === 'python' ? PY_LEFT : JS_LEFT).exec(line);
  if (!left || KEYWORDS.has(left[1]!)) return undefined;
  const from = left[0].length;
  let to = line.length;
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"' || c === "'" || c === '`') return undefined;
    if ((style === 'python' && c === '#') || (style === 'javascript' && line.startsWith('//', i))) {
      to = i;
      break;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth < 0) return undefined;
    else if (c === ';' && depth === 0) {
      to = i;
      break;
    }
  }
  if (depth !== 0) return undefined;
  while (to > from && /\s/.test(line[to - 1]!)) to--;
  if (to <= from || character < from || character > to) return undefined;
  if (/=>|\b(?:function|lambda|await|yield|new)\b/.test(line.slice(from, to))) return undefined; // code, not math
  return { from, to, name: left[1]! };
}

/** `else: y = 1` is not an assignment to `else`. */
const KEYWORDS = new Set(['else', 'try', 'finally', 'lambda', 'return', 'yield', 'await', 'async', 'case', 'default', 'if', 'elif', 'while', 'for', 'with', 'class', 'def']);

/** Digits before and after the point in separate groups: `\d+\.?\d*` would split a run of digits every way (quadratic). */
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const NAME = /^\\?[A-Za-z_$][\w$]*$/;
/** What makes text in LaTeX or Markdown prose look like math (words alone do not). */
const TEX_MARKS = /[\\^_{}=]/;
/** What makes plain text look like math. */
const MATH_MARKS = /[\^*/+\-()]|\d[A-Za-z]/;

/**
 * Whether `expression` is worth a derivative preview: not a lone number or name (their derivatives
 * are 0 and 1), not too long, and, in prose (`inMath` false for LaTeX, Markdown, plain text), marked
 * as math by its characters, so selecting words gives no lightbulb.
 */
export function worthDifferentiating(expression: string, style: InsertionStyle, inMath: boolean): boolean {
  const text = expression.trim();
  if (text.length === 0 || text.length > MAX_EXPRESSION_LENGTH) return false;
  if (NUMBER.test(text) || NAME.test(text)) return false;
  if (inMath) return true;
  if (style === 'latex' || style === 'markdown') return TEX_MARKS.test(text);
  if (style === 'plain') return MATH_MARKS.test(text);
  return true;
}

/** Longest selection previewed (longer ones still work with the commands). */
export const MAX_EXPRESSION_LENGTH = 4000;

/**
 * Longest line a hover reads: what the host does on a hover runs synchronously, so a longer line
 * (generated, minified, hostile) shows no preview rather than being scanned.
 */
export const MAX_LINE_LENGTH = 10_000;
