// Helpers shared by the front-ends built on Lezer grammars (Python, JavaScript).
import type { Parser, SyntaxNode, Tree } from '@lezer/common';
import { InputError } from '../api';
import { children, Expr, num, pow, rawCall, rebuild } from '../expr';
import { Rational } from '../rational';
import { BinOp, numberAt, Syn } from '../syntax';
import { checkDeadline, checkNesting } from '../budget';

/** Refuses a tree that holds a syntax error, naming the first place. */
export function rejectSyntaxErrors(tree: Tree, source: string): void {
  let at = -1;
  tree.iterate({
    enter(n) {
      if (at >= 0) return false;
      if (n.type.isError) { at = n.from; return false; }
      return undefined;
    },
  });
  if (at < 0) return;
  const rest = source.slice(at).trimStart();
  const offset = source.length - rest.length;
  if (rest === '') throw new InputError('the expression is incomplete', source.trimEnd().length);
  throw new InputError(`unexpected '${rest[0]}'`, offset);
}

/** The children of a node, without punctuation tokens and comments (Lezer marks comments as skipped nodes). */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (/^[A-Z]/.test(c.name) && !c.type.isSkipped) out.push(c);
  return out;
}

export function textOf(node: SyntaxNode, source: string): string { return source.slice(node.from, node.to); }

/**
 * Whether `*` and `/` are written with spaces in the source (`x * y`, `a .* b`), to print the same
 * way. With `likeSums`, a source with no product follows the document's products, then its own sums,
 * as Black, Prettier and clang-format do (`x + 1` beside `2 * x`); MATLAB and Julia code commonly
 * writes `2*x + 1`.
 */
export function usesSpacedProducts(source: string, likeSums = false, documentText = ''): boolean {
  const spaced = (code: string) => /\S\s+\.?[*/]\s+\S/.test(code);
  const code = source.replace(/\*\*/g, '^');
  if (/[*/]/.test(code) || !likeSums) return spaced(code);
  const document = documentText.replace(/\*\*/g, '^');
  if (/[\w)\]][ \t]*[*/][ \t]*[\w(]/.test(document)) return spaced(document);
  return /[\w)\]]\s+[-+^]\s+\S/.test(code);
}

/** Refuses a construct the engine does not read, pointing at its first foreign token (`x if …` → `if`). */
export function unsupported(node: SyntaxNode, source: string): never {
  const first = node.firstChild;
  const second = first?.nextSibling;
  const at = first && second && /^[A-Z]/.test(first.name) ? second.from : node.from;
  const shown = source.slice(node.from, node.to);
  throw new InputError(`'${shown.length > 40 ? shown.slice(0, 37) + '…' : shown}' is not supported in an expression to differentiate`, at);
}

/**
 * A chain of operators of one precedence (a + b - c, of any length) as left-nested `bin` nodes, read
 * along its left side without recursing (toScalar flattens it once). `operators` gives each operator's
 * meaning in the notation; one it lacks is refused at its column.
 */
export function combineChain(node: SyntaxNode, prepared: PreparedSource, level: ReadonlySet<string>, operators: Readonly<Record<string, BinOp>>, read: (n: SyntaxNode) => Syn): Syn {
  const { first, rest } = chainOperands(node, prepared.text, level, prepared.groups);
  let acc = read(first);
  for (const [op, operand] of rest) {
    checkDeadline();
    // the operator stands before its operand (and before any parenthesis the preparation inserted)
    const at = prepared.toSource(prepared.text.lastIndexOf(op, operand.from - 1));
    const meaning = operators[op];
    if (!meaning) throw new InputError(`the operator '${op}' is not supported`, at);
    acc = { t: 'bin', op: meaning, l: acc, r: read(operand), at, text: op };
  }
  return acc;
}

/** A numeric literal of Python or JavaScript (`1_000`, `0x1f`, `1.5e-3`, `10n`) at source offset `at`, read exactly; a decimal keeps its look. */
export function readNumber(text: string, at: number): Syn {
  const t = text.replace(/_/g, '').replace(/n$/, '');
  if (/^0[xob]/i.test(t)) return { t: 'num', value: Rational.of(BigInt(t)), at };
  return { t: 'num', value: numberAt(t, at), at, ...(/[.eE]/.test(t) ? { decimal: true } : {}) };
}

/** Parses a selection that must be one statement, refusing an empty one, a syntax error or several. */
export function singleStatement(parser: Parser, source: string): SyntaxNode {
  if (source.trim() === '') throw new InputError('the selection is empty');
  const tree = parser.parse(source);
  rejectSyntaxErrors(tree, source);
  const statements = namedChildren(tree.topNode);
  if (statements.length !== 1) throw new InputError('select a single expression', statements[1]?.from ?? 0);
  return statements[0];
}

// ── Long chains and deep nesting, before Lezer sees them ──────────────────────

/** Lezer cuts a left-nested chain of a few hundred operators short: longer runs are read in groups this long. */
const CHAIN_BLOCK = 100;

const KEYWORDS: Readonly<Record<'python' | 'javascript', ReadonlySet<string>>> = {
  python: new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'lambda', 'return', 'for', 'await', 'yield', 'from', 'import', 'del', 'assert', 'global', 'nonlocal', 'async', 'while', 'with', 'def', 'class', 'pass', 'raise', 'try', 'except', 'finally', 'elif', 'as', 'break', 'continue']),
  javascript: new Set(['return', 'typeof', 'void', 'delete', 'new', 'in', 'instanceof', 'await', 'yield', 'const', 'let', 'var', 'if', 'else', 'case', 'throw', 'do', 'of']),
};

/** A selection as handed to Lezer: long chains split into groups by inserted parentheses, and the way back. */
export interface PreparedSource {
  text: string;
  /** Offsets in `text` of the inserted '(' : such a group continues the chain around it (see chainOperands). */
  groups: ReadonlySet<number>;
  /** The source offset of an offset in `text`. */
  toSource(offset: number): number;
}

/**
 * Scans a Python or JavaScript selection once, linearly: refuses nesting deeper than MAX_NESTING
 * (brackets, unary signs and `**`, which nest to the right), and splits each run of more than
 * CHAIN_BLOCK additive (or multiplicative) operands into parenthesised groups of at most CHAIN_BLOCK
 * (groups of groups beyond CHAIN_BLOCK²), so that Lezer reads `a + b - …` of any length. The readers
 * know the inserted groups and read them as a continuation of the chain, so `a - (b + c)` made from
 * `a - b + c` keeps its meaning. Strings and comments are left to Lezer untouched.
 */
export function prepareForLezer(source: string, language: 'python' | 'javascript'): PreparedSource {
  const unchanged: PreparedSource = { text: source, groups: new Set(), toSource: (offset) => offset };
  if (/["'`#\\]|\/\/|\/\*/.test(source)) return unchanged;
  const keywords = KEYWORDS[language];
  const token = /\s*(?:([A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*)|((?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJn]?)|(\*\*=?|\/\/=?|[-+*/%@]=?|[([{]|[)\]}]|\S))/y;
  /** A run of operands joined by operators of one precedence: where each operand starts and ends. */
  interface Run { starts: number[]; ends: number[] }
  /** One bracket level: its additive and multiplicative runs, and its count of `**` and signs. */
  interface Frame { sums: Run; products: Run; tight: number }
  const run = (at: number): Run => ({ starts: [at], ends: [] });
  const frames: Frame[] = [];
  let frame: Frame = { sums: run(0), products: run(0), tight: 0 };
  let depth = 0;
  /** Offsets (in the source) where to insert '(' and ')', with their counts. */
  const openings = new Map<number, number>(), closings = new Map<number, number>();
  const bump = (m: Map<number, number>, at: number) => m.set(at, (m.get(at) ?? 0) + 1);
  /** Groups a finished run's operands, level by level, CHAIN_BLOCK at a time. */
  const group = (r: Run) => {
    if (r.ends[r.ends.length - 1] < 0) return; // an incomplete run: Lezer reports it
    let spans = r.starts.map((s, i): [number, number] => [s, r.ends[i]]);
    while (spans.length > CHAIN_BLOCK) {
      const next: [number, number][] = [];
      for (let i = 0; i < spans.length; i += CHAIN_BLOCK) {
        const block = spans.slice(i, i + CHAIN_BLOCK);
        const span: [number, number] = [block[0][0], block[block.length - 1][1]];
        if (block.length > 1) { bump(openings, span[0]); bump(closings, span[1]); }
        next.push(span);
      }
      spans = next;
    }
  };
  /** Ends the runs at this level: the last operand ends at `end`, new runs start at `next`. */
  const endProducts = (end: number, next: number) => {
    frame.products.ends.push(end);
    if (frame.products.starts.length === frame.products.ends.length) group(frame.products);
    frame.products = run(next);
  };
  const endSums = (end: number, next: number) => {
    endProducts(end, next);
    frame.sums.ends.push(end);
    if (frame.sums.starts.length === frame.sums.ends.length) group(frame.sums);
    frame.sums = run(next);
  };
  const relax = () => { depth -= frame.tight; frame.tight = 0; };
  let operandEnd = -1; // end of the previous token when it ends an operand, else -1
  let pos = 0;
  while (pos < source.length) {
    checkDeadline();
    token.lastIndex = pos;
    const m = token.exec(source);
    if (!m) break; // only whitespace is left
    const text = m[1] ?? m[2] ?? m[3];
    const start = token.lastIndex - text.length;
    pos = token.lastIndex;
    const before = operandEnd;
    operandEnd = -1;
    if ((m[1] !== undefined && !keywords.has(m[1])) || m[2] !== undefined) { operandEnd = pos; continue; }
    const binary = before >= 0;
    if (text === '(' || text === '[' || text === '{') {
      frames.push(frame);
      frame = { sums: run(pos), products: run(pos), tight: 0 };
      checkNesting(++depth, start);
    } else if (text === ')' || text === ']' || text === '}') {
      if (frames.length === 0) return unchanged; // unbalanced: Lezer reports it
      endSums(binary ? before : -1, pos);
      relax();
      depth--;
      frame = frames.pop()!;
      operandEnd = pos;
    } else if ((text === '+' || text === '-') && binary) {
      relax();
      endProducts(before, pos);
      frame.sums.ends.push(before);
      frame.sums.starts.push(pos);
    } else if ((text === '*' || text === '/' || text === '//' || text === '%' || text === '@') && binary) {
      relax();
      frame.products.ends.push(before);
      frame.products.starts.push(pos);
    } else if (text === '**' || text === '+' || text === '-' || text === '~' || text === '!') {
      // x ** y ** z and - - x nest to the right
      frame.tight++;
      checkNesting(++depth, start);
    } else if (text !== '.') {
      // anything else (comparison, assignment, comma, keyword) ends the runs at this level
      endSums(binary ? before : -1, pos);
      relax();
    }
  }
  if (frames.length > 0) return unchanged;
  endSums(operandEnd, source.length);
  if (openings.size === 0) return unchanged;
  return withInsertions(source, openings, closings);
}

/** The source with '(' and ')' inserted at the given offsets (')' first where both fall). */
function withInsertions(source: string, openings: Map<number, number>, closings: Map<number, number>): PreparedSource {
  let text = '';
  const groups = new Set<number>();
  const after: number[] = []; // text offset just after each insertion, ascending
  const shifted: number[] = []; // characters inserted up to there
  let total = 0, last = 0;
  for (const offset of [...new Set([...openings.keys(), ...closings.keys()])].sort((a, b) => a - b)) {
    text += source.slice(last, offset);
    text += ')'.repeat(closings.get(offset) ?? 0);
    total += closings.get(offset) ?? 0;
    for (let k = openings.get(offset) ?? 0; k > 0; k--) { groups.add(offset + total); text += '('; total++; }
    after.push(offset + total);
    shifted.push(total);
    last = offset;
  }
  text += source.slice(last);
  return {
    text,
    groups,
    toSource: (offset) => {
      let lo = 0, hi = after.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (after[mid] <= offset) lo = mid + 1; else hi = mid; }
      return Math.max(0, offset - (lo > 0 ? shifted[lo - 1] : 0));
    },
  };
}

/** Runs `read` on prepared text, reporting its refusals at source columns. */
export function atSourceOffsets<T>(prepared: PreparedSource, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError && e.offset >= 0 && prepared.toSource(e.offset) !== e.offset) throw new InputError(e.detail, prepared.toSource(e.offset));
    throw e;
  }
}

/**
 * The operands of a chain of same-precedence binary operators (a - b + c), read from Lezer's
 * left-nested tree in a loop: the first operand and `[op, operand]` pairs in source order. An
 * inserted group (see prepareForLezer) is opened: its operands continue the chain, the operator
 * before it applying to its first operand.
 */
export function chainOperands(node: SyntaxNode, source: string, ops: ReadonlySet<string>, groups: ReadonlySet<number>): { first: SyntaxNode; rest: [string, SyntaxNode][] } {
  const spine: [string, SyntaxNode][] = [];
  let n = node;
  for (;;) {
    if (n.name !== 'BinaryExpression') break;
    const [left, op, right] = namedChildren(n);
    const o = textOf(op, source);
    if (!ops.has(o)) break;
    spine.push([o, right]);
    n = left;
  }
  spine.reverse();
  const isGroup = (x: SyntaxNode) => x.name === 'ParenthesizedExpression' && groups.has(x.from);
  const opened = (x: SyntaxNode) => chainOperands(namedChildren(x)[0], source, ops, groups);
  let first = n;
  const rest: [string, SyntaxNode][] = [];
  if (isGroup(n)) { const g = opened(n); first = g.first; rest.push(...g.rest); }
  for (const [o, x] of spine) {
    if (!isGroup(x)) { rest.push([o, x]); continue; }
    const g = opened(x);
    rest.push([o, g.first], ...g.rest);
  }
  return { first, rest };
}

// ── Printing ─────────────────────────────────────────────────────────────────

/**
 * The engine's u^(p/3) is the real cube root raised to p (real for u < 0); `u ** (2/3)` is NaN
 * there in numpy and JavaScript, so such powers print as cbrt(u) ** p (`Math.cbrt`, `np.cbrt`).
 * The cbrt calls are raw: only printers may see them.
 */
export function withCubeRoots(e: Expr): Expr {
  checkDeadline();
  const kids = children(e);
  if (kids.length === 0) return e;
  if (e.kind === 'pow' && e.exp.kind === 'num' && e.exp.value.den === 3n) {
    return pow(rawCall('cbrt', [withCubeRoots(e.base)]), num(e.exp.value.num));
  }
  const rewritten = kids.map(withCubeRoots);
  return rewritten.every((k, i) => k === kids[i]) ? e : rebuild(e, rewritten, rawCall);
}
