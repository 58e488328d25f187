// numpy front-end on the Lezer Python grammar: `@`, `.T`, `*` `/` `**` element-wise, np.sum,
// np.trace, np.linalg.inv/det/norm/slogdet, np.outer, np.dot, np.diag, np.ones, np.eye, x.sum().
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../api';
import { checkDeadline, checkNesting } from '../../budget';
import { Rational } from '../../rational';
import { atSourceOffsets, chainOperands, namedChildren, prepareForLezer, PreparedSource, singleStatement, textOf, unsupported } from '../../dialects/lezer';
import { NUMPY_FUNCTIONS, NUMPY_NAMES } from '../elementwise';
import { ArrayRefusal, BinOp, numberAt, ParsedMatrix, Syn } from '../../syntax';

/** numpy (and scipy.special) names → canonical names (syntax.ts). */
const NUMPY: Readonly<Record<string, string>> = {
  // numpy 2 also has asin, acos… under the table's names
  ...Object.fromEntries([...NUMPY_FUNCTIONS].flatMap((n) => [[n, n], [NUMPY_NAMES[n] ?? n, n]])),
  absolute: 'abs',
  sum: 'sum', trace: 'tr', diag: 'diag', outer: 'outer', ones: 'ones', zeros: 'zeros',
  eye: 'eye', identity: 'eye', inv: 'inv', det: 'det', norm: 'norm', slogdet: 'slogdet', dot: 'npdot', matmul: 'matmul', vdot: 'dot', inner: 'inner',
  multiply: 'multiply', divide: 'divide', power: 'power', square: 'square', transpose: 'transpose', expit: 'sigmoid', logsumexp: 'logsumexp',
  ones_like: 'ones_like', zeros_like: 'zeros_like', len: 'len',
};
const METHODS: Readonly<Record<string, string>> = { sum: 'sum', dot: 'dot', trace: 'trace', transpose: 'transpose' };

interface Modules { aliases: Set<string>; bare: Map<string, string>; prefix?: string }

function readModules(text: string): Modules {
  const aliases = new Set(['np', 'numpy']);
  const bare = new Map<string, string>();
  let prefix: string | undefined;
  // [ \t]*, not \s*: a run of blank lines must not be rescanned from every line start
  for (const m of text.matchAll(/^[ \t]*import[ \t]+(numpy|scipy\.special|scipy)(?:[ \t]+as[ \t]+(\w+))?/gm)) {
    aliases.add(m[2] ?? m[1]);
    if (m[1] === 'numpy') prefix ??= m[2] ?? 'numpy';
  }
  for (const m of text.matchAll(/^[ \t]*from[ \t]+(numpy(?:\.linalg)?|scipy\.special|scipy)[ \t]+import[ \t]+([^\n#]+)/gm)) {
    for (const item of m[2].replace(/[()]/g, '').split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (!name) continue;
      if (name === 'linalg' || name === 'special') aliases.add(alias ?? name);
      else bare.set(alias ?? name, name);
    }
  }
  return { aliases, bare, prefix };
}

const OPERATORS: Readonly<Record<string, BinOp>> = { '+': 'badd', '-': 'bsub', '*': 'emul', '/': 'ediv', '**': 'epow', '@': 'npmatmul' };

/** Operators of one precedence, read as one left-associative chain (`**` groups to the right). */
const SUMS: ReadonlySet<string> = new Set(['+', '-']);
const PRODUCTS: ReadonlySet<string> = new Set(['*', '/', '@', '//', '%']);

/**
 * Reads the syntax tree of a selection as prepared for Lezer (long chains grouped, see
 * prepareForLezer); offsets in the syntax and in refusals are the selection's own.
 */
class Reader {
  usedPrefix?: string;
  private depth = 0;
  private readonly src: string;
  constructor(private readonly prepared: PreparedSource, private readonly modules: Modules) { this.src = prepared.text; }

  private at(node: SyntaxNode): number { return this.prepared.toSource(node.from); }
  private fail(node: SyntaxNode, what: string): never { throw new InputError(what, this.at(node)); }
  private text(n: SyntaxNode): string { return textOf(n, this.src); }

  /** Reads a part nested in `node` (parentheses, a call, a sign, a power), refusing nesting deeper than MAX_NESTING. */
  private nested<T>(node: SyntaxNode, read: () => T): T {
    checkNesting(++this.depth, this.at(node));
    try { return read(); } finally { this.depth--; }
  }

  read(node: SyntaxNode): Syn {
    checkDeadline();
    switch (node.name) {
      case 'Number': return { t: 'num', value: this.number(node), at: this.at(node) };
      case 'VariableName': return { t: 'sym', name: this.text(node), at: this.at(node) };
      case 'String': return { t: 'str', value: this.text(node).slice(1, -1), at: this.at(node) };
      case 'ParenthesizedExpression': return this.nested(node, () => this.read(namedChildren(node)[0]));
      case 'UnaryExpression': {
        const op = this.text(node.firstChild!);
        const arg = this.nested(node, () => this.read(namedChildren(node).at(-1)!));
        if (op === '-') return { t: 'neg', arg, at: this.at(node) };
        if (op === '+') return arg;
        return this.fail(node, `the operator '${op}' is not supported`);
      }
      case 'BinaryExpression': return this.chain(node);
      case 'MemberExpression': return this.member(node);
      case 'CallExpression': return this.nested(node, () => this.call(node));
      default: return this.unsupported(node);
    }
  }

  private unsupported(node: SyntaxNode): never {
    return atSourceOffsets(this.prepared, () => unsupported(node, this.src));
  }

  private number(node: SyntaxNode): Rational {
    const t = this.text(node).replace(/_/g, '');
    if (/[jJ]$/.test(t)) this.fail(node, 'complex numbers are not supported');
    if (/^0[xob]/i.test(t)) return Rational.of(BigInt(t));
    return numberAt(t, this.at(node));
  }

  private operator(o: SyntaxNode): BinOp {
    const op = this.text(o);
    if (!OPERATORS[op]) this.fail(o, `the operator '${op}' is not supported`);
    return OPERATORS[op];
  }

  /**
   * A chain of operators of one precedence (a + b - c, A @ B / c, of any length) read along its left
   * side without recursing; `**` groups to the right and nests.
   */
  private chain(node: SyntaxNode): Syn {
    const [l, o, r] = namedChildren(node);
    const op = this.text(o);
    const level = SUMS.has(op) ? SUMS : PRODUCTS.has(op) ? PRODUCTS : undefined;
    if (!level) return this.nested(o, () => ({ t: 'bin', op: this.operator(o), l: this.read(l), r: this.read(r), at: this.at(o), text: op }));
    const { first, rest } = chainOperands(node, this.src, level, this.prepared.groups);
    let acc = this.read(first);
    for (const [op, operand] of rest) {
      checkDeadline();
      // the operator stands before its operand (and before any parenthesis the preparation inserted)
      const at = this.prepared.toSource(this.src.lastIndexOf(op, operand.from - 1));
      const o = OPERATORS[op];
      if (!o) throw new InputError(`the operator '${op}' is not supported`, at);
      acc = { t: 'bin', op: o, l: acc, r: this.read(operand), at, text: op };
    }
    return acc;
  }

  /** `X.T`, and `np.linalg.slogdet(X)[1]` (log |det X|). */
  private member(node: SyntaxNode): Syn {
    const [object, property] = namedChildren(node);
    const bracket = node.getChild('[');
    if (bracket) return this.nested(node, () => this.indexed(node, object, property, bracket));
    const name = this.text(property);
    if (name === 'T') {
      // .T.T is the array itself: a run of them is one transpose or none
      let arg = object, odd = true;
      while (arg.name === 'MemberExpression' && !arg.getChild('[') && namedChildren(arg)[1] && this.text(namedChildren(arg)[1]) === 'T') {
        arg = namedChildren(arg)[0];
        odd = !odd;
      }
      const inner = this.read(arg);
      return odd ? { t: 'transpose', arg: inner, at: this.at(property), numpy: true } : inner;
    }
    return this.fail(property, `'.${name}' is not supported here (.T is)`);
  }

  /** `np.linalg.slogdet(X)[1]` and `X.shape[0]`; other indexing is refused. */
  private indexed(node: SyntaxNode, object: SyntaxNode, property: SyntaxNode | undefined, bracket: SyntaxNode): Syn {
    if (object.name === 'CallExpression' && this.calleeName(object) === 'slogdet' && property && this.text(property) === '1') {
      const args = this.args(object);
      if (args.length !== 1) this.fail(object, 'slogdet takes one argument');
      return { t: 'call', fn: 'logdet', args, at: this.at(object), text: 'slogdet' };
    }
    // X.shape[0]: a dimension
    if (object.name === 'MemberExpression' && property?.name === 'Number') {
      const [o, p] = namedChildren(object);
      if (p && this.text(p) === 'shape') return { t: 'call', fn: 'shapeof', args: [this.read(o), this.read(property)], at: this.at(node), text: this.text(node) };
    }
    return this.fail(bracket, 'indexing is not supported in an expression to differentiate (np.linalg.slogdet(X)[1] is)');
  }

  /** The numpy prefix to suggest in messages. */
  private prefix(): string { return this.usedPrefix ?? this.modules.prefix ?? 'np'; }

  private isModule(n: SyntaxNode): boolean {
    if (n.name === 'VariableName') {
      const ok = this.modules.aliases.has(this.text(n));
      if (ok && !['scipy', 'special', 'linalg'].includes(this.text(n))) this.usedPrefix ??= this.text(n);
      return ok;
    }
    if (n.name === 'MemberExpression') {
      const [o, p] = namedChildren(n);
      return this.isModule(o) && ['linalg', 'special'].includes(this.text(p));
    }
    return false;
  }

  /** The function a call names: np.x, np.linalg.x, a bare import, or a method (`.sum`). */
  private calleeName(call: SyntaxNode): string | undefined {
    const callee = namedChildren(call)[0];
    if (callee.name === 'VariableName') return this.text(callee) === 'len' ? 'len' : this.modules.bare.get(this.text(callee));
    if (callee.name === 'MemberExpression') {
      const [o, p] = namedChildren(callee);
      if (this.isModule(o)) return this.text(p);
    }
    return undefined;
  }

  private args(call: SyntaxNode): Syn[] {
    const list = namedChildren(call)[1];
    const out: Syn[] = [];
    for (const a of namedChildren(list)) {
      if (a.name === 'AssignOp') continue;
      if (a.nextSibling?.name === 'AssignOp') continue;
      out.push(a.name === 'TupleExpression' ? this.tuple(a) : this.read(a));
    }
    return out;
  }

  /** `(n, m)` as a shape argument: read as a call marker the typecheck never sees. */
  private tuple(n: SyntaxNode): Syn {
    return { t: 'call', fn: 'tuple', args: namedChildren(n).map((x) => this.read(x)), at: this.at(n), text: this.text(n) };
  }

  /** Keyword arguments of a call: name → value node. */
  private keywords(call: SyntaxNode): Map<string, SyntaxNode> {
    const list = namedChildren(call)[1];
    const out = new Map<string, SyntaxNode>();
    for (let c = list.firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp' && c.prevSibling && c.nextSibling) out.set(this.text(c.prevSibling), c.nextSibling);
    }
    return out;
  }

  private call(node: SyntaxNode): Syn {
    const callee = namedChildren(node)[0];
    let name = this.calleeName(node);
    let args: Syn[];
    const text = this.text(callee);
    if (name === undefined && callee.name === 'MemberExpression') {
      // a method: x.sum(), x.dot(y), X.trace(), X.transpose()
      const [o, p] = namedChildren(callee);
      const m = METHODS[this.text(p)];
      if (!m) this.fail(p, `unknown method '.${this.text(p)}()'`);
      name = m;
      args = [this.read(o), ...this.args(node)];
    } else {
      if (name === undefined) this.fail(callee, `unknown function '${text}' (numpy functions are written np.name)`);
      args = this.args(node);
    }
    const kw = this.keywords(node);
    const canonical = NUMPY[name];
    if (!canonical) this.fail(callee, `'${text}' is not supported`);
    for (const k of kw.keys()) if (!(canonical === 'norm' && k === 'ord')) this.fail(kw.get(k)!, `the keyword argument '${k}' is not supported`);
    const at = this.at(callee);
    const c = (fn: string, as: Syn[] = args): Syn => ({ t: 'call', fn, args: as, at, text });
    const bin = (op: BinOp, txt: string): Syn => {
      if (args.length !== 2) this.fail(callee, `'${text}' takes 2 arguments`);
      return { t: 'bin', op, l: args[0], r: args[1], at, text: txt };
    };
    switch (canonical) {
      case 'len': return c('shapeof', [args[0], { t: 'num', value: Rational.ZERO, at }]);
      case 'ones': case 'zeros': case 'eye': {
        const flat = args.flatMap((a) => (a.t === 'call' && a.fn === 'tuple' ? a.args : [a]));
        return c(canonical, flat);
      }
      case 'matmul': return bin('npmatmul', '@');
      case 'multiply': return bin('emul', '*');
      case 'divide': return bin('ediv', '/');
      case 'power': return bin('epow', '**');
      case 'square': return { t: 'bin', op: 'epow', l: args[0], r: { t: 'num', value: Rational.of(2), at }, at, text: '**' };
      case 'transpose': return { t: 'transpose', arg: args[0], at, numpy: true };
      case 'logsumexp': return c('log', [c('sum', [c('exp')])]);
      case 'slogdet': return this.fail(callee, 'use np.linalg.slogdet(X)[1] for log |det X|');
      case 'norm': {
        // of a vector: the Euclidean and 1-norms; of a matrix: Frobenius by default, induced norms for ord 1, 2
        const ord = args[1] ?? (kw.has('ord') ? this.read(kw.get('ord')!) : undefined);
        const shown = this.text(node);
        const what = shown.length <= 40 ? shown : `${text}(…)`;
        const only = (fn: string, refuse?: ArrayRefusal): Syn => ({ t: 'call', fn, args: [args[0]], at, text, ...(refuse ? { refuse } : {}) });
        if (!ord || (ord.t === 'sym' && ord.name === 'None')) return only('norm2');
        if (ord.t === 'str' && ord.value === 'fro') return only('norm2');
        if (ord.t === 'num' && ord.value.isOne) return only('norm1', { matrix: `${what} of a matrix is its induced 1-norm (the largest column sum), which is not supported; write ${this.prefix()}.sum(${this.prefix()}.abs(M)) for the sum of absolute values` });
        if (ord.t === 'num' && ord.value.equals(Rational.of(2))) return only('norm2', { matrix: `${what} of a matrix is its spectral norm (the largest singular value), which is not supported; write ${this.prefix()}.linalg.norm(M) for the Frobenius norm` });
        return this.fail(callee, `this norm is not supported (ord 1, 2, 'fro' and the default are)`);
      }
      default: return c(canonical);
    }
  }
}

/** Strings and comments: their brackets and operators are not the expression's. */
const STRING_OR_COMMENT = /#[^\n]*|[rRbBfFuU]{0,2}(?:"""[^]*?"""|'''[^]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/g;

/**
 * The selection prepared for Lezer by the scalar reader's prepareForLezer (long chains grouped, deep
 * nesting refused). It leaves text with strings or comments ('fro', # …) as it is, so they are masked
 * first, keeping every column (a string becomes a name, a comment spaces), and the groups it inserts
 * are put into the selection itself. An unmatched closing bracket is refused at its column (Lezer,
 * past a few hundred terms, reports another place).
 */
function prepare(source: string): PreparedSource {
  const masked = /["'#\\]/.test(source)
    ? source.replace(STRING_OR_COMMENT, (m) => (m[0] === '#' ? ' ' : '_').repeat(m.length)).replace(/\\(?=\r?\n)/g, ' ')
    : source;
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth < 0) throw new InputError(`unmatched '${c}'`, i);
  }
  const prepared = prepareForLezer(masked, 'python');
  if (masked === source || prepared.text === masked) return { ...prepared, text: prepared.text === masked ? source : prepared.text };
  // the inserted brackets are the characters of prepared.text beyond the masked text, in order
  let text = '';
  for (let i = 0, j = 0; i < prepared.text.length; i++) {
    if (j < masked.length && prepared.text[i] === masked[j]) text += source[j++];
    else text += prepared.text[i];
  }
  return { ...prepared, text };
}

export function parseNumpy(source: string, documentText = ''): ParsedMatrix {
  if (source.trim() === '') throw new InputError('the selection is empty');
  const prepared = prepare(source);
  const st = atSourceOffsets(prepared, () => singleStatement(parser, prepared.text));
  const at = (node: SyntaxNode) => prepared.toSource(node.from);
  let target: SyntaxNode | undefined;
  let assignedTo: string | undefined;
  if (st.name === 'ExpressionStatement' || st.name === 'ReturnStatement') target = namedChildren(st).at(-1);
  else if (st.name === 'AssignStatement') {
    const parts = namedChildren(st).filter((n) => n.name !== 'AssignOp' && n.name !== 'TypeDef');
    if (parts.length !== 2 || parts[0].name !== 'VariableName') throw new InputError('select a single assignment such as f = x @ x', at(st));
    assignedTo = textOf(parts[0], prepared.text);
    target = parts[1];
  }
  if (!target) throw new InputError('select an expression, not a statement', at(st));
  const modules = readModules(documentText + '\n' + source);
  const reader = new Reader(prepared, modules);
  return { syn: reader.read(target), assignedTo, prefix: reader.usedPrefix ?? modules.prefix ?? 'np' };
}
