// What text to insert for a derivative, in the style of the document it goes into.
// Pure: no vscode import, so it is unit-tested with node:test (test/unit/extension/insertion.test.ts).
import type { InsertionStyle } from './dialect';

/** 0-based line and character, like vscode.Position. */
export interface TextPosition {
  line: number;
  character: number;
}

/** A variable assignment the selected expression is the right-hand side of. */
export interface Assignment {
  /** The assigned name, e.g. `y`. */
  name: string;
  /** The declaration to repeat on the new line: JavaScript's const, let or var, C's type (`const double`). */
  keyword?: string;
  /** JS, MATLAB, C: the statement ends with `;`. */
  semicolon?: boolean;
  /**
   * A function defined by its expression, written again around the derivative: the right-hand side's
   * head (`lambda x: `, MATLAB's `@(x) `, JavaScript's `(x) => `), or Julia's parameters after the name (`(x)`).
   */
  function?: FunctionHead;
}

/** The part of a selection sent to the core, and what was peeled off around it. */
export interface SelectionParts {
  /** The expression to differentiate. */
  expression: string;
  /** Offsets of `expression` within the selected text ([start, end)). */
  start: number;
  end: number;
  /** Set when the selection itself is an assignment (`y = x**2`, `const y = x*x;`). */
  assignment?: Assignment;
  /** The head of a function written as an expression, peeled off the selection (also without its assignment). */
  function?: FunctionHead;
}

/**
 * A function written as an expression: see Assignment.function. `def`: a Python function whose body is one
 * `return`, with what stands between its `:` and `return` (a space, or a newline and the body's indentation).
 */
export interface FunctionHead { head?: string; parameters?: string; def?: string }

/** A Python function whose body is one return statement: `def f(x): return …`, or the return on the next line. */
const PY_DEF = /^def\s+([A-Za-z_]\w*)\s*(\([^()]*\))\s*(?:->[^:]*)?:([ \t]*(?:\r?\n[ \t]+)?)return\s+/;

const PY_ASSIGNMENT = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)\s*/;
const JS_ASSIGNMENT = /^(?:(const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=(?![=>])\s*/;
/** C and C++: a declaration's type words (`const double`), then the name and `=`. */
const C_TYPE = String.raw`((?:(?:static|const|constexpr|inline|auto|long|double|float)\s+)*)`;
const C_ASSIGNMENT = new RegExp(String.raw`^${C_TYPE}([A-Za-z_]\w*)\s*=(?!=)\s*`);
/** Math notation: a left-hand side without comparison operators, then a single `=`. */
const MATH_ASSIGNMENT = /^([^=<>!]*[^=<>!\s:\\])\s*=(?!=)\s*/;
/** The head of a function written as an expression, on an assignment's right-hand side. */
const FUNCTION_HEADS: Partial<Record<InsertionStyle, RegExp>> = {
  python: /^lambda\b[\w\s,]*:\s*/,
  matlab: /^@\(\s*[\w\s,]*\)\s*/,
  javascript: /^(?:\(\s*[\w$\s,]*\)|[A-Za-z_$][\w$]*)\s*=>\s*/,
  julia: /^(?:\(\s*[\w\s,]*\)|[A-Za-z_]\w*)\s*->\s*/,
};
/** The same heads ending a line's text before a selected expression (`f = lambda x: «…»`). */
const FUNCTION_HEADS_BEFORE: Partial<Record<InsertionStyle, RegExp>> = Object.fromEntries(
  Object.entries(FUNCTION_HEADS).map(([style, head]) => [style, new RegExp(`(?:${head.source.slice(1)})$`)]),
);
/** Julia's short function definition: `f(x) = …`, `f(x, a) = …`. */
const JULIA_DEFINITION = /^([A-Za-z_]\w*)(\(\s*[\w\s,]*\))\s*=(?!=)\s*/;
/** Prefix of a line ending where the right-hand side of an assignment starts. */
const PY_PREFIX = /^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*$/;
const JS_PREFIX = /^\s*(?:export\s+)?(?:(const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*$/;
const C_PREFIX = new RegExp(String.raw`^\s*${C_TYPE}([A-Za-z_]\w*)\s*=\s*$`);
/** What may follow a right-hand side on its last line. */
const PY_SUFFIX = /^\s*(?:#.*)?$/;
const JS_SUFFIX = /^\s*(?:(;)\s*)?(?:\/\/.*)?$/;
const MATLAB_SUFFIX = /^\s*(?:(;)\s*)?(?:%.*)?$/;

/** Math delimiters a LaTeX/Markdown selection may carry: [open, close]. Longest first. */
const MATH_DELIMITERS: readonly (readonly [string, string])[] = [
  ['$$', '$$'],
  ['\\[', '\\]'],
  ['\\(', '\\)'],
  ['$', '$'],
];

/**
 * Offsets of a selection without its outer whitespace, LaTeX math delimiters and a JS/MATLAB
 * statement's closing `;` (`semicolon` says whether there was one).
 */
export function statementSpan(text: string, style: InsertionStyle): { start: number; end: number; semicolon: boolean } {
  let start = 0;
  let end = text.length;
  const trim = () => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
  };
  trim();

  if (style === 'latex' || style === 'markdown') {
    for (const [open, close] of MATH_DELIMITERS) {
      const inner = text.slice(start + open.length, end - close.length);
      if (end - start >= open.length + close.length && text.startsWith(open, start) && text.endsWith(close, end) && !inner.includes('$')) {
        start += open.length;
        end -= close.length;
        trim();
        break;
      }
    }
  }

  let semicolon = false;
  if ((style === 'javascript' || style === 'matlab' || style === 'c') && text[end - 1] === ';') {
    semicolon = true;
    end--;
    trim();
  }
  return { start, end, semicolon };
}

/**
 * Splits a selection into the expression to differentiate and what surrounds it: outer
 * whitespace, LaTeX math delimiters, an assignment's left-hand side, a JS statement's `;`.
 */
export function splitSelection(text: string, style: InsertionStyle): SelectionParts {
  const span = statementSpan(text, style);
  const { end, semicolon } = span;
  let start = span.start;

  let assignment: Assignment | undefined;
  const body = text.slice(start, end);
  let match: RegExpExecArray | null;
  if (style === 'python' && (match = PY_DEF.exec(body))) {
    assignment = { name: match[1]!, function: { parameters: match[2]!, def: match[3]! || ' ' } };
    start += match[0].length;
  } else if (style === 'julia' && (match = JULIA_DEFINITION.exec(body))) {
    assignment = { name: match[1]!, function: { parameters: match[2]! } };
    start += match[0].length;
  } else if ((style === 'python' || style === 'julia') && (match = PY_ASSIGNMENT.exec(body))) {
    assignment = { name: match[1]! };
    start += match[0].length;
  } else if (style === 'matlab' && (match = PY_ASSIGNMENT.exec(body))) {
    assignment = { name: match[1]!, semicolon };
    start += match[0].length;
  } else if (style === 'javascript' && (match = JS_ASSIGNMENT.exec(body))) {
    assignment = { name: match[2]!, semicolon };
    if (match[1]) assignment.keyword = match[1];
    start += match[0].length;
  } else if (style === 'c' && (match = C_ASSIGNMENT.exec(body))) {
    assignment = { name: match[2]!, semicolon };
    if (match[1]!.trim()) assignment.keyword = match[1]!.trim();
    start += match[0].length;
  } else if ((style === 'plain' || style === 'latex' || style === 'markdown') && countEquals(body) === 1 && (match = MATH_ASSIGNMENT.exec(body))) {
    assignment = { name: match[1]!.trim() };
    start += match[0].length;
  }
  // f = lambda x: …, f = @(x) …, const f = (x) => …: the function's expression is differentiated (selected
  // without the assignment, the head is found again before the range: assignmentAround)
  const head = FUNCTION_HEADS[style]?.exec(text.slice(start, end));
  if (head) {
    if (assignment) assignment.function = { head: head[0] };
    start += head[0].length;
  }
  const written = head ? { head: head[0] } : assignment?.function;
  return { expression: text.slice(start, end), start, end, ...(assignment ? { assignment } : {}), ...(written ? { function: written } : {}) };
}

/**
 * The variable a function's one parameter names (`lambda x: …`, `@(x) …`, `f(x) = …`) when it is among
 * the free symbols: what to differentiate by without asking.
 */
export function parameterVariable(fn: FunctionHead | undefined, freeSymbols: readonly string[]): string | undefined {
  const names = functionParameters(fn);
  return names.length === 1 && freeSymbols.includes(names[0]!) ? names[0] : undefined;
}

/** The parameters a function head names: x of `lambda x: `, x and a of `f(x, a) = `. */
export function functionParameters(fn: FunctionHead | undefined): string[] {
  // a def's parameters may carry annotations and defaults: (x: float, a=2)
  if (fn?.def !== undefined && fn.parameters) return fn.parameters.slice(1, -1).split(',').flatMap((p) => /^\s*([A-Za-z_]\w*)/.exec(p)?.[1] ?? []);
  const written = fn?.parameters ?? fn?.head ?? '';
  return [...written.matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]).filter((n) => n !== 'lambda');
}

/** Number of lone `=` signs (not part of `==`, `<=`, `>=`, `!=`, `=>`). */
function countEquals(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '=') continue;
    if (text[i + 1] === '=') {
      i++;
      continue;
    }
    if (!'<>!'.includes(text[i - 1] ?? ' ') && text[i + 1] !== '>') count++;
  }
  return count;
}

/** Reads `y = ` / `const y = ` before a right-hand side and `;`/comment after it (code styles only). */
export function assignmentAround(prefix: string, suffix: string, style: InsertionStyle): Assignment | undefined {
  // the expression of a function (`f = lambda x: `, `f(x) = `): the assignment before its head
  const head = FUNCTION_HEADS_BEFORE[style]?.exec(prefix);
  if (head && head.index > 0) {
    const around = assignmentAround(prefix.slice(0, head.index), suffix, style);
    return around && { ...around, function: { head: head[0] } };
  }
  const julia = style === 'julia' ? /^\s*([A-Za-z_]\w*)(\(\s*[\w\s,]*\))\s*=\s*$/.exec(prefix) : null;
  if (julia) return PY_SUFFIX.test(suffix) ? { name: julia[1]!, function: { parameters: julia[2]! } } : undefined;
  if (style === 'python' || style === 'julia') {
    const match = PY_PREFIX.exec(prefix);
    return match && PY_SUFFIX.test(suffix) ? { name: match[1]! } : undefined;
  }
  if (style === 'matlab') {
    const match = PY_PREFIX.exec(prefix);
    const after = MATLAB_SUFFIX.exec(suffix);
    return match && after ? { name: match[1]!, semicolon: after[1] === ';' } : undefined;
  }
  if (style === 'javascript' || style === 'c') {
    const match = (style === 'c' ? C_PREFIX : JS_PREFIX).exec(prefix);
    const after = JS_SUFFIX.exec(suffix);
    if (!match || !after) return undefined;
    const assignment: Assignment = { name: match[2]!, semicolon: after[1] === ';' };
    if (match[1]?.trim()) assignment.keyword = match[1].trim();
    return assignment;
  }
  return undefined;
}

// ──── Names and operators ───────────────────────────────────

const GREEK = new Set(
  ('alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho ' +
    'sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega').split(' '),
);

/** A variable name as an identifier fragment: `\sigma` → `sigma`, `x_{1}` → `x_1`. */
export function identifierPart(name: string): string {
  return name.replace(/\\/g, '').replace(/[{}]/g, '').replace(/[^A-Za-z0-9_]/g, '_');
}

/** Name of the derivative of `dependent` with respect to `wrt`: `dy_dx`, `d2y_dx2`, `dy_dsigma`. */
export function derivativeName(dependent: string, wrt: string, order: number): string {
  const n = order > 1 ? String(order) : '';
  return `d${n}${identifierPart(dependent)}_d${identifierPart(wrt)}${n}`;
}

/** Plain-notation operator: `d/dx`, `d^2/dx^2`; `written`: the variable as written (`d/dσ`), not as an identifier part. */
export function plainOperator(wrt: string, order: number, written = false): string {
  const v = written ? wrt : identifierPart(wrt);
  return order > 1 ? `d^${order}/d${v}^${order}` : `d/d${v}`;
}

/** A variable in LaTeX: `sigma` → `\sigma`, `x_12` → `x_{12}`, `rate` → `\mathit{rate}`. */
export function latexSymbol(name: string): string {
  if (name.startsWith('\\')) return name;
  const sub = /^([^_]+)_\{?([^{}]+)\}?$/.exec(name);
  if (sub) {
    const index = sub[2]!;
    return `${latexSymbol(sub[1]!)}_${index.length > 1 ? `{${index}}` : index}`;
  }
  if (GREEK.has(name)) return `\\${name}`;
  return name.length > 1 ? `\\mathit{${name}}` : name;
}

/** LaTeX operator: `\frac{d}{dx}`, `\frac{d^{2}}{dx^{2}}`. */
export function latexOperator(wrt: string, order: number): string {
  const v = latexSymbol(wrt);
  return order > 1 ? `\\frac{d^{${order}}}{d${v}^{${order}}}` : `\\frac{d}{d${v}}`;
}

/**
 * The LaTeX operator a derivative operator's variables (once per order, as the core reports them)
 * stand for: `\frac{d^{2}}{dx^{2}}`, or `\frac{\partial^{2}}{\partial x \partial y}` when they differ.
 */
export function operatorLatex(variables: readonly string[]): string {
  if (variables.every((v) => v === variables[0])) return latexOperator(variables[0]!, variables.length);
  const n = variables.length;
  return `\\frac{\\partial^{${n}}}{${variables.map((v) => `\\partial ${latexSymbol(v)}`).join(' ')}}`;
}

/** The same operator in plain text: `d^2/dx^2`, or `∂^2/∂x∂y` when the variables differ. */
export function operatorPlain(variables: readonly string[]): string {
  if (variables.every((v) => v === variables[0])) return plainOperator(variables[0]!, variables.length);
  return `∂^${variables.length}/${variables.map((v) => `∂${identifierPart(v)}`).join('')}`;
}

// ──── The inserted line ─────────────────────────────────────

/** What the core returned, as far as the inserted text needs it. */
export interface DerivativeText {
  /** The derivative printed in the document's dialect. */
  result: string;
  /** The input as the core read it, in LaTeX to write right after the operator (` x^{3}`, `(x^{2} + 1)`). */
  operandLatex: string;
  wrt: string;
  order: number;
  /** Set when the selection was a derivative operator (\frac{d}{dx}(…), sp.diff(…, x)) the core evaluated. */
  operator?: readonly string[];
  /** Assignments the result uses (a matrix result's named subexpressions), written on lines above it. */
  definitions?: readonly string[];
}

/**
 * A matrix result's named form (`named.code`: the definitions as assignments, one a line, then the
 * result) split for insertion. LaTeX's named form is one line, the equation with its "where".
 */
export function namedDerivative(code: string): { definitions: string[]; result: string } {
  const lines = code.split('\n');
  return { definitions: lines.slice(0, -1), result: lines[lines.length - 1]! };
}

export interface InsertionRequest {
  style: InsertionStyle;
  /** The document's lines (without line ends). */
  lines: readonly string[];
  /** Range of the expression (what the core read) in the document. */
  start: TextPosition;
  end: TextPosition;
  /** From splitSelection, when the selection itself was an assignment. */
  assignment?: Assignment;
  derivative: DerivativeText;
}

/** A new line to add after line `afterLine`. */
export interface LineInsertion {
  afterLine: number;
  /** One line, or several joined by \n (a named form's definitions, then the result). */
  text: string;
}

/**
 * The line to insert below a selection: `dy_dx = …` after an assignment in Python,
 * `const dy_dx = …;` in JavaScript, a display equation in LaTeX (`\[ … \]`) and Markdown
 * (`$$ … $$`, after the math block the selection is in), `d/dx: …` in plain text.
 */
export function lineBelow(request: InsertionRequest): LineInsertion {
  const { style, lines, start, end, derivative } = request;
  const indent = /^\s*/.exec(lines[start.line] ?? '')![0];
  const { result, wrt, order } = derivative;
  if (derivative.operator && style !== 'latex' && style !== 'markdown') return valueBelow(request, indent);

  if (isCode(style)) {
    const prefix = (lines[start.line] ?? '').slice(0, start.character);
    const suffix = (lines[end.line] ?? '').slice(end.character);
    const assignment = request.assignment ?? assignmentAround(prefix, suffix, style);
    let text: string;
    // the definitions run before the assignment that uses them; under a comment they are comments too
    const definitions = (derivative.definitions ?? []).map((d) => (assignment ? d : `${COMMENT[style]} ${d}`));
    if (!assignment) {
      text = `${COMMENT[style]} ${plainOperator(wrt, order)}: ${result}`;
    } else {
      // a function's derivative is a function of the same parameters: df_dx = lambda x: …, df_dx(x) = …
      const name = `${derivativeName(assignment.name, wrt, order)}${assignment.function?.parameters ?? ''}`;
      const value = `${assignment.function?.head ?? ''}${result}`;
      // def df_dx(x): return …, its return where the selection's is
      if (style === 'python' && assignment.function?.def !== undefined) text = `def ${name}:${assignment.function.def}return ${value}`;
      else if (style === 'python' || style === 'julia') text = `${name} = ${value}`;
      else if (style === 'matlab') text = `${name} = ${value}${assignment.semicolon ? ';' : ''}`;
      else if (style === 'c') text = `${cDeclaration(assignment)} ${name} = ${value};`;
      else {
        const semicolon = assignment.semicolon || /^\s*;/.test(suffix);
        text = `${assignment.keyword ? `${assignment.keyword} ` : ''}${name} = ${value}${semicolon ? ';' : ''}`;
      }
    }
    // a def's return may stand on the line after it: the new def is indented as the selected one
    const at = assignment?.function?.def === undefined ? indent : defIndent(lines, start.line);
    return { afterLine: end.line, text: [...definitions, text].map((line) => at + line).join('\n') };
  }

  if (style === 'latex' || style === 'markdown') {
    const equation = `${latexOperator(wrt, order)}${derivative.operandLatex} = ${result}`;
    const text = style === 'latex' ? `\\[ ${equation} \\]` : `$$ ${equation} $$`;
    return { afterLine: displayMathEnd(lines, start, end, style) ?? end.line, text: indent + text };
  }

  return { afterLine: end.line, text: [...(derivative.definitions ?? []), `${plainOperator(wrt, order)}: ${result}`].map((line) => indent + line).join('\n') };
}

/** The indentation of the `def` line at or above `line`. */
function defIndent(lines: readonly string[], line: number): string {
  let k = line;
  while (k > 0 && !/^\s*def\b/.test(lines[k] ?? '')) k--;
  return /^\s*/.exec(lines[k] ?? '')![0];
}

/**
 * A derivative operator evaluated (sp.diff(f, x)): its value in the notation. Under an assignment the
 * name is bound to the value (`d = 3*x**2`, what the call returns, in closed form); else a comment.
 */
function valueBelow(request: InsertionRequest, indent: string): LineInsertion {
  const { style, lines, start, end, derivative } = request;
  if (isCode(style)) {
    const prefix = (lines[start.line] ?? '').slice(0, start.character);
    const suffix = (lines[end.line] ?? '').slice(end.character);
    const assignment = request.assignment ?? assignmentAround(prefix, suffix, style);
    const semicolon = style === 'c' || (assignment?.semicolon && (style === 'javascript' || style === 'matlab')) ? ';' : '';
    const text = assignment ? `${assignment.name} = ${derivative.result}${semicolon}` : `${COMMENT[style]} = ${derivative.result}`;
    return { afterLine: end.line, text: indent + text };
  }
  return { afterLine: end.line, text: `${indent}= ${derivative.result}` };
}

/**
 * Where an evaluated derivative operator in LaTeX or Markdown math is answered: ` = result` right
 * after the selection, inside the same math, as a student writes it; undefined for other selections.
 */
export function valueAfter(style: InsertionStyle, derivative: DerivativeText): string | undefined {
  return derivative.operator && (style === 'latex' || style === 'markdown') ? ` = ${derivative.result}` : undefined;
}

/** C declares a new name: with the original's type, double where the selection has none. */
export const cDeclaration = (assignment: Assignment | undefined): string => assignment?.keyword ?? 'double';

/** The notations that are code, where answers go under an assignment or in a comment. */
export type CodeStyle = 'python' | 'javascript' | 'matlab' | 'julia' | 'c';
export const isCode = (style: InsertionStyle): style is CodeStyle => style === 'python' || style === 'javascript' || style === 'matlab' || style === 'julia' || style === 'c';

/** Line comment of each code notation. */
export const COMMENT: Readonly<Record<CodeStyle, string>> = { python: '#', javascript: '//', matlab: '%', julia: '#', c: '//' };

/** Insertions after the same line combined, in order of request; sorted by line. */
export function mergeInsertions(insertions: readonly LineInsertion[]): { afterLine: number; texts: string[] }[] {
  const byLine = new Map<number, string[]>();
  for (const { afterLine, text } of insertions) {
    const texts = byLine.get(afterLine) ?? [];
    texts.push(text);
    byLine.set(afterLine, texts);
  }
  return [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([afterLine, texts]) => ({ afterLine, texts }));
}

// ──── Display math ──────────────────────────────────────────

const MATH_ENVIRONMENTS = new Set(
  ['equation', 'align', 'gather', 'multline', 'eqnarray', 'displaymath', 'flalign', 'alignat'].flatMap((e) => [e, `${e}*`]),
);
/** `\\` (a line break, skipped so `\\[2pt]` is not read as `\[`), `\$`, `\[`, `\]`, `$$`, `\begin{…}`, `\end{…}`. */
const MATH_TOKEN = /\\\\|\\\$|\\\[|\\\]|\$\$|\\begin\{([A-Za-z]+\*?)\}|\\end\{([A-Za-z]+\*?)\}/g;

/**
 * When the range start..end lies inside display math (`\[ … \]`, `$$ … $$`, an equation-like
 * environment), the line holding its closing delimiter; otherwise undefined.
 */
export function displayMathEnd(lines: readonly string[], start: TextPosition, end: TextPosition, style: 'latex' | 'markdown'): number | undefined {
  let close: string | undefined;
  let inFence = false;
  for (let line = 0; line < lines.length; line++) {
    let text = lines[line]!;
    if (style === 'markdown' && /^\s*(```|~~~)/.test(text)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (style === 'latex') text = text.replace(/(^|[^\\])%.*$/, '$1');
    MATH_TOKEN.lastIndex = 0;
    for (let match = MATH_TOKEN.exec(text); match; match = MATH_TOKEN.exec(text)) {
      const token = match[0];
      const beforeStart = line < start.line || (line === start.line && match.index + token.length <= start.character);
      const afterEnd = line > end.line || (line === end.line && match.index >= end.character);
      if (!beforeStart && !afterEnd) continue; // delimiters inside the selection itself
      if (afterEnd && close === undefined) return undefined; // not inside display math
      if (close === undefined) {
        if (token === '\\[') close = '\\]';
        else if (token === '$$') close = '$$';
        else if (match[1] && MATH_ENVIRONMENTS.has(match[1])) close = `\\end{${match[1]}}`;
      } else if (token === close) {
        if (afterEnd) return line;
        close = undefined;
      }
    }
    if (line >= end.line && close === undefined) return undefined;
  }
  return undefined;
}
