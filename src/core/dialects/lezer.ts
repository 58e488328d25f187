// Helpers shared by the front-ends built on Lezer grammars (Python, JavaScript).
import type { Parser, SyntaxNode, Tree } from '@lezer/common';
import { InputError } from '../api';
import { add, div, Expr, mul, num, pow, sub } from '../expr';
import { readDecimal } from './reader';

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

/** The children of a node, without punctuation tokens. */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (/^[A-Z]/.test(c.name)) out.push(c);
  return out;
}

export function textOf(node: SyntaxNode, source: string): string { return source.slice(node.from, node.to); }

/** Whether `*` and `/` are written with spaces in the source (`x * y`), to print the same way. */
export function usesSpacedProducts(source: string): boolean {
  return /\S\s+[*/]\s+\S/.test(source.replace(/\*\*/g, '^'));
}

/** Refuses a construct the engine does not read, pointing at its first foreign token (`x if …` → `if`). */
export function unsupported(node: SyntaxNode, source: string): never {
  const first = node.firstChild;
  const second = first?.nextSibling;
  const at = first && second && /^[A-Z]/.test(first.name) ? second.from : node.from;
  const shown = source.slice(node.from, node.to);
  throw new InputError(`'${shown.length > 40 ? shown.slice(0, 37) + '…' : shown}' is not supported in an expression to differentiate`, at);
}

/** The arithmetic both programming languages share: + - * / **. */
export const ARITHMETIC: Readonly<Record<string, (a: Expr, b: Expr) => Expr>> = {
  '+': add, '-': sub, '*': mul, '/': div, '**': pow,
};

/** A numeric literal of Python or JavaScript (`1_000`, `0x1f`, `1.5e-3`, `10n`) at offset `at`, read exactly. */
export function readNumber(text: string, at: number): Expr {
  const t = text.replace(/_/g, '').replace(/n$/, '');
  if (/^0[xob]/i.test(t)) return num(BigInt(t));
  return readDecimal(t, at);
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
