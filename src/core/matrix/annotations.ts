// Shape declarations from outside the expression: the CLI's `vars` (JSON) and `--var x:n` specs, and
// annotations in the document near the selection: comments such as `# x: (n,), A: (n, n) symmetric`
// (also after %, // or --) and jaxtyping hints such as `x: Float[Array, "n"]`.
import { InputError, variableName } from '../api';
import { Dim } from './shape';
import { Declaration } from './typecheck';

/** A declaration as the CLI and the API take it: `{"shape": ["n", "n"], "props": ["symmetric"]}`. */
export interface MatrixVar { shape: readonly (string | number)[]; props?: readonly string[] }

function dimOf(x: unknown, where: string): Dim {
  if (typeof x === 'number' && Number.isInteger(x) && x > 0) return x;
  if (typeof x === 'string' && /^\d+$/.test(x.trim()) && Number(x) > 0) return Number(x);
  if (typeof x === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(x.trim())) return x.trim();
  throw new InputError(`${where}: a dimension must be a name or a positive whole number, not ${JSON.stringify(x)}`);
}

/** Checks and converts `vars` (as JSON gives it). */
export function declarationsFrom(vars: Readonly<Record<string, MatrixVar>> | undefined): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  if (!vars) return out;
  if (typeof vars !== 'object' || Array.isArray(vars)) throw new InputError('"vars" must be an object of name → {"shape": [...]}');
  for (const [given, v] of Object.entries(vars)) {
    const name = variableName(given);
    if (typeof v !== 'object' || v === null || !Array.isArray(v.shape)) throw new InputError(`vars.${name} needs "shape": [] for a scalar, ["n"] for a vector, ["m", "n"] for a matrix`);
    if (v.shape.length > 2) throw new InputError(`vars.${name}: shapes of more than two dimensions are not supported`);
    const props = v.props ?? [];
    if (!Array.isArray(props) || props.some((p) => p !== 'symmetric')) throw new InputError(`vars.${name}.props: only "symmetric" is known`);
    const shape = v.shape.map((d) => dimOf(d, `vars.${name}`));
    const symmetric = props.includes('symmetric');
    if (symmetric && (shape.length !== 2 || shape[0] !== shape[1])) throw new InputError(`vars.${name}: a symmetric matrix must be square, not ${shape.join('×') || 'scalar'}`);
    out.set(name, { shape, symmetric });
  }
  return out;
}

/** Parses a CLI spec: `x:n`, `A:n,n`, `A:n,n:symmetric`, `c:` or `c:scalar`. */
export function parseVarSpec(spec: string): [string, MatrixVar] {
  // the shape untrimmed: `\s*([^:]*?)\s*` would split a run of spaces every way
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:([^:]*)(?::\s*([A-Za-z,]+)\s*)?$/.exec(spec);
  if (!m) throw new InputError(`'${spec}' is not a variable spec (x:n, A:m,n, A:n,n:symmetric, c:scalar)`);
  const shape = m[2].trim();
  const dims = shape === '' || shape === 'scalar' ? [] : shape.replace(/[()\s]/g, '').split(',').filter(Boolean);
  const props = m[3] ? m[3].split(',').filter(Boolean) : [];
  return [m[1], { shape: dims, props }];
}

/** An annotation as written: its dimensions still text, read (declarationOf) only for the one that wins. */
interface Found {
  name: string;
  at: number;
  /** Inside the parentheses of a comment annotation (`n, n`; '' for scalar), or a jaxtyping string (`n n`). */
  dims: string;
  /** A comment annotation: whether it says symmetric. Undefined for a jaxtyping hint. */
  symmetric: boolean | undefined;
}

/**
 * Characters read on each side of the selection for annotations (whole lines only): the document
 * can be any size, and the reader runs on every matrix hover.
 */
export const ANNOTATION_WINDOW = 100_000;

/**
 * Annotations in the lines within ANNOTATION_WINDOW of `around`, each with its offset: comments first,
 * then jaxtyping hints. Hand-written scanners, linear in the window (regexes here backtracked
 * quadratically over long names and runs of spaces).
 */
function scan(text: string, around: number): Found[] {
  const comments: Found[] = [];
  const hints: Found[] = [];
  const from = Math.max(0, around - ANNOTATION_WINDOW);
  const to = Math.min(text.length, around + ANNOTATION_WINDOW);
  const window = text.slice(from, to); // searches in it stop at its end
  // whole lines only: a line the window's edges cut is not read
  let start = 0;
  if (from > 0 && text[from - 1] !== '\n') {
    start = window.indexOf('\n') + 1;
    if (start === 0) return [];
  }
  for (;;) {
    const newline = window.indexOf('\n', start);
    if (newline < 0 && to < text.length && text[to] !== '\n') break;
    const line = window.slice(start, newline < 0 ? window.length : newline);
    const body = commentBody(line);
    if (body !== undefined && line.includes(':', body)) eachAnnotated(line, body, readShape, from + start, comments);
    if (line.includes('[')) eachAnnotated(line, 0, readJaxtyping, from + start, hints);
    if (newline < 0) break;
    start = newline + 1;
  }
  return [...comments, ...hints];
}

/** `\s` by character code (a regex per character would dominate the scan). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}
/** `\w` by character code. */
function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function skipSpaces(line: string, i: number): number {
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return i;
}
function skipWord(line: string, i: number, alsoDot = false): number {
  while (i < line.length && (isWord(line.charCodeAt(i)) || (alsoDot && line[i] === '.'))) i++;
  return i;
}

/** The index of the first of `a` or `b` from `i` on (line.length when neither is there). */
function findEither(line: string, i: number, a: string, b: string): number {
  while (i < line.length && line[i] !== a && line[i] !== b) i++;
  return i;
}

/** Where a comment's text starts: after the first `#`, `%`, `//` or `--` of the line. */
function commentBody(line: string): number | undefined {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '#' || c === '%') return i + 1;
    if ((c === '/' || c === '-') && line[i + 1] === c) return i + 2;
  }
  return undefined;
}

/** What follows an annotated name: the dimensions as written, whether it says symmetric, where it ends. */
type Written = Omit<Found, 'name' | 'at'> & { end: number };

/**
 * Each name in `line` from `i` on that `read` finds annotated, in order, none overlapping; a name is a
 * run of word characters from its first letter or `_`. A name `read` rejects is skipped whole, and
 * what `read` looks at after it ends at the next bracket or quote, so each character is read a
 * bounded number of times.
 */
function eachAnnotated(line: string, i: number, read: (line: string, after: number) => Written | undefined, base: number, out: Found[]): void {
  while (i < line.length) {
    if (!isWord(line.charCodeAt(i))) {
      i++;
      continue;
    }
    let start = i;
    i = skipWord(line, i);
    while (start < i && isDigit(line.charCodeAt(start))) start++; // leading digits are not part of it
    const written = start < i ? read(line, i) : undefined;
    if (!written) continue;
    out.push({ name: line.slice(start, i), at: base + start, dims: written.dims, symmetric: written.symmetric });
    i = written.end;
  }
}

/** The declaration an annotation makes, or undefined when its dimensions are not a shape. */
function declarationOf(found: Found): Declaration | undefined {
  const jaxtyping = found.symmetric === undefined;
  const dims = jaxtyping ? (found.dims === '' ? [] : found.dims.split(/[\s,]+/)) : found.dims.split(',').map((d) => d.trim()).filter(Boolean);
  let shape: Dim[];
  try {
    shape = dims.map((d) => dimOf(d, found.name));
  } catch {
    return undefined;
  }
  if (shape.length > 2) return undefined;
  return jaxtyping ? { shape } : { shape, symmetric: found.symmetric! && shape.length === 2 && shape[0] === shape[1] };
}

/** `x: (n,)`, `A: (n, n) symmetric`, `c: ()`, `c: scalar` in a comment. */
function readShape(line: string, after: number): Written | undefined {
  let i = skipSpaces(line, after);
  if (line[i] !== ':') return undefined;
  i = skipSpaces(line, i + 1);
  let dims: string;
  if (line[i] === '(') {
    const close = findEither(line, i + 1, '(', ')');
    if (line[close] !== ')') return undefined;
    dims = line.slice(i + 1, close);
    i = close + 1;
  } else if (line.startsWith('scalar', i)) {
    dims = '';
    i += 'scalar'.length;
  } else return undefined;
  let j = skipSpaces(line, i);
  if (line[j] === ',') j++;
  j = skipSpaces(line, j);
  const symmetric = line.startsWith('symmetric', j);
  return { dims, symmetric, end: symmetric ? j + 'symmetric'.length : i };
}

/** jaxtyping, on one line: `x: Float[Array, "n"]`, `A: Float[np.ndarray, "n n"]`. */
function readJaxtyping(line: string, after: number): Written | undefined {
  let i = skipSpaces(line, after);
  if (line[i] !== ':') return undefined;
  const type = skipSpaces(line, i + 1);
  i = skipWord(line, type);
  if (i === type || line[i] !== '[') return undefined;
  const array = skipSpaces(line, i + 1);
  i = skipWord(line, array, true);
  if (i === array) return undefined;
  i = skipSpaces(line, i);
  if (line[i] !== ',') return undefined;
  const open = skipSpaces(line, i + 1);
  if (line[open] !== '"' && line[open] !== "'") return undefined;
  const close = findEither(line, open + 1, '"', "'");
  if (close === line.length) return undefined;
  i = skipSpaces(line, close + 1);
  if (line[i] !== ']') return undefined;
  return { dims: line.slice(open + 1, close).trim(), symmetric: undefined, end: i + 1 };
}

/**
 * Declarations from annotations in the document; for a name annotated several times, the one
 * nearest the selection (before it preferred) wins.
 */
export function annotationsIn(documentText: string | undefined, selectionOffset?: number): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  if (!documentText) return out;
  const distance = (f: Found) => (selectionOffset === undefined ? f.at : f.at <= selectionOffset ? selectionOffset - f.at : 2 * (f.at - selectionOffset));
  // nearest first (a stable sort: at equal distances, the first found), each read only until one is a shape
  for (const f of scan(documentText, selectionOffset ?? 0).sort((a, b) => distance(a) - distance(b))) {
    if (out.has(f.name)) continue;
    const decl = declarationOf(f);
    if (decl) out.set(f.name, decl);
  }
  return out;
}
