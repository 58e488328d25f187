// Reads a Python function whose body is assignments and a return (`def loss(w, X, y): r = X @ w - y;
// return r @ r`), the shape "Generate gradient function" works on. Structure only, no math: cheap
// enough for the lightbulb. Pure: no vscode import (test/unit/extension/pythonFunction.test.ts).
import type { Lines } from '../hover/mathSpans';

export type Statement =
  | { kind: 'assign'; name: string; expression: string }
  | { kind: 'return'; expression: string };

export interface PythonFunction {
  name: string;
  /** Parameter names, in order (annotations and defaults dropped). */
  params: string[];
  /** Indentation of the `def` line. */
  indent: string;
  /** Indentation one level deeper (the body's, or four spaces more). */
  bodyIndent: string;
  /** 0-based lines of the `def` keyword, the end of the signature, and the function's last line. */
  defLine: number;
  signatureEnd: number;
  lastLine: number;
  /** Assignments in order, then one return. */
  statements: Statement[];
}

const DEF = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;
/** How far above the cursor a `def` is looked for. */
const MAX_LOOKBACK = 400;

/**
 * The function whose signature `line` is on (any line from `def` to its `:`), if its body is
 * only assignments (`=`, `+=`, …, annotated), a docstring, comments and a final `return`.
 */
export function functionAt(lines: Lines, line: number): PythonFunction | undefined {
  for (let start = line; start >= 0 && line - start < MAX_LOOKBACK; start--) {
    const def = DEF.exec(lines.line(start));
    if (!def) continue;
    const fn = readFunction(lines, start, def[1]!, def[2]!);
    if (!fn || line > fn.signatureEnd) return undefined;
    return fn;
  }
  return undefined;
}

function readFunction(lines: Lines, defLine: number, indent: string, name: string): PythonFunction | undefined {
  // the signature: from `def` to the `:` after the closing parenthesis, maybe over several lines
  let text = '';
  let signatureEnd = defLine;
  let colon = -1;
  for (let i = defLine; i < lines.lineCount && i - defLine < 50; i++) {
    text += (i > defLine ? '\n' : '') + stripComment(lines.line(i));
    colon = signatureColon(text);
    if (colon >= 0) {
      signatureEnd = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')', colon);
  const params = readParams(text.slice(open + 1, close));
  if (!params) return undefined;
  const inline = text.slice(colon + 1).trim();

  let body: string[];
  let lastLine = signatureEnd;
  let bodyIndent = `${indent}    `;
  if (inline) {
    body = [inline];
  } else {
    body = [];
    for (let i = signatureEnd + 1; i < lines.lineCount; i++) {
      const raw = lines.line(i);
      if (raw.trim() === '') continue;
      const own = /^\s*/.exec(raw)![0];
      if (own.length <= indent.length) break;
      if (body.length === 0) bodyIndent = own;
      body.push(raw);
      lastLine = i;
    }
  }
  const statements = readStatements(withoutDocstring(body));
  if (!statements) return undefined;
  return { name, params, indent, bodyIndent, defLine, signatureEnd, lastLine, statements };
}

/** Offset of the `:` ending a signature (after its parentheses close), or -1. */
function signatureColon(text: string): number {
  let depth = 0;
  let opened = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) {
      depth++;
      opened = true;
    } else if (')]}'.includes(c)) depth--;
    else if (c === ':' && depth === 0 && opened) return i;
  }
  return -1;
}

/** Parameter names, or undefined for `*args`, `**kwargs` or anything unusual. */
function readParams(list: string): string[] | undefined {
  const params: string[] = [];
  for (const part of splitTopLevel(list, ',')) {
    const p = part.trim();
    if (p === '' || p === '/' || p === '*') continue;
    const m = /^([A-Za-z_]\w*)\s*(?::[^=]*)?(?:=.*)?$/s.exec(p);
    if (!m) return undefined;
    params.push(m[1]!);
  }
  return params;
}

const AUGMENTED = /^([A-Za-z_]\w*)\s*(\*\*|\/\/|[-+*/@])=\s*(.+)$/s;
const ASSIGN = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)\s*(.+)$/s;

/** Logical statements of a body: joined continuation lines, split at `;`, comments dropped. */
function readStatements(body: readonly string[]): Statement[] | undefined {
  const logical: string[] = [];
  let current = '';
  let depth = 0;
  for (const raw of body) {
    const line = stripComment(raw);
    current += (current ? ' ' : '') + line.trim();
    depth += bracketBalance(line);
    if (depth > 0 || current.endsWith('\\')) {
      current = current.replace(/\\$/, '');
      continue;
    }
    logical.push(...splitTopLevel(current, ';').map((s) => s.trim()).filter((s) => s !== ''));
    current = '';
  }
  if (current.trim() !== '') return undefined;
  const statements: Statement[] = [];
  for (const [i, text] of logical.entries()) {
    if (i === 0 && /^[rRuUbB]*("""|'''|"|')/.test(text)) continue; // docstring
    if (text === 'pass') continue;
    let m: RegExpExecArray | null;
    if ((m = /^return\s+(.+)$/s.exec(text))) {
      if (i !== logical.length - 1) return undefined;
      statements.push({ kind: 'return', expression: m[1]!.trim() });
    } else if ((m = AUGMENTED.exec(text))) {
      statements.push({ kind: 'assign', name: m[1]!, expression: `${m[1]} ${m[2]} (${m[3]!.trim()})` });
    } else if ((m = ASSIGN.exec(text))) {
      if (/^(if|elif|while|for|with|else|try|except|lambda)$/.test(m[1]!)) return undefined;
      statements.push({ kind: 'assign', name: m[1]!, expression: m[2]!.trim() });
    } else return undefined;
  }
  if (statements.at(-1)?.kind !== 'return') return undefined;
  return statements;
}

/** The body without a leading docstring (which may span lines). */
function withoutDocstring(body: readonly string[]): string[] {
  const first = /^\s*[rRuU]?("""|''')/.exec(body[0] ?? '');
  if (!first) return [...body];
  const quote = first[1]!;
  const rest = (body[0] ?? '').slice(first[0].length);
  if (rest.includes(quote)) {
    const after = rest.slice(rest.indexOf(quote) + 3).replace(/^\s*;/, '').trim();
    return after ? [after, ...body.slice(1)] : body.slice(1);
  }
  const end = body.findIndex((line, i) => i > 0 && line.includes(quote));
  return end < 0 ? [] : body.slice(end + 1);
}

/** The line without its `#` comment (a `#` inside a string is kept). */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i).trimEnd();
  }
  return line;
}

function bracketBalance(line: string): number {
  let n = 0;
  for (const c of line) {
    if ('([{'.includes(c)) n++;
    else if (')]}'.includes(c)) n--;
  }
  return n;
}

/** Splits at `separator` outside brackets and strings. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
