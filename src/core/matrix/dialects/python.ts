// numpy front-end on the Lezer Python grammar: `@`, `.T`, `*` `/` `**` element-wise, np.sum,
// np.trace, np.linalg.inv/det/norm/slogdet, np.outer, np.dot, np.diag, np.ones, np.eye, x.sum().
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../api';
import { Rational } from '../../rational';
import { namedChildren, rejectSyntaxErrors, textOf, unsupported } from '../../dialects/lezer';
import { BinOp, ParsedMatrix, Syn } from '../syntax';

/** numpy (and scipy.special) names → canonical names (syntax.ts). */
const NUMPY: Readonly<Record<string, string>> = {
  exp: 'exp', log: 'log', sin: 'sin', cos: 'cos', tan: 'tan', tanh: 'tanh', sinh: 'sinh', cosh: 'cosh', sqrt: 'sqrt',
  abs: 'abs', absolute: 'abs', sign: 'sign', sum: 'sum', trace: 'tr', diag: 'diag', outer: 'outer', ones: 'ones', zeros: 'zeros',
  eye: 'eye', identity: 'eye', inv: 'inv', det: 'det', norm: 'norm', slogdet: 'slogdet', dot: 'dot', matmul: 'matmul', vdot: 'vdot', inner: 'vdot',
  multiply: 'multiply', divide: 'divide', power: 'power', square: 'square', transpose: 'transpose', expit: 'sigmoid', logsumexp: 'logsumexp',
  ones_like: 'ones_like', zeros_like: 'zeros_like', len: 'len',
};
const METHODS: Readonly<Record<string, string>> = { sum: 'sum', dot: 'dot', trace: 'trace', transpose: 'transpose' };

interface Modules { aliases: Set<string>; bare: Map<string, string>; prefix?: string }

function readModules(text: string): Modules {
  const aliases = new Set(['np', 'numpy']);
  const bare = new Map<string, string>();
  let prefix: string | undefined;
  for (const m of text.matchAll(/^\s*import\s+(numpy|scipy\.special|scipy)(?:\s+as\s+(\w+))?/gm)) {
    aliases.add(m[2] ?? m[1]);
    if (m[1] === 'numpy') prefix ??= m[2] ?? 'numpy';
  }
  for (const m of text.matchAll(/^\s*from\s+(numpy(?:\.linalg)?|scipy\.special|scipy)\s+import\s+([^\n#]+)/gm)) {
    for (const item of m[2].replace(/[()]/g, '').split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (!name) continue;
      if (name === 'linalg' || name === 'special') aliases.add(alias ?? name);
      else bare.set(alias ?? name, name);
    }
  }
  return { aliases, bare, prefix };
}

class Reader {
  usedPrefix?: string;
  constructor(private readonly src: string, private readonly modules: Modules) {}

  private fail(node: SyntaxNode, what: string): never { throw new InputError(what, node.from); }
  private text(n: SyntaxNode): string { return textOf(n, this.src); }

  read(node: SyntaxNode): Syn {
    switch (node.name) {
      case 'Number': {
        const t = this.text(node).replace(/_/g, '');
        if (/[jJ]$/.test(t)) this.fail(node, 'complex numbers are not supported');
        return { t: 'num', value: Rational.parseDecimal(t), at: node.from };
      }
      case 'VariableName': return { t: 'sym', name: this.text(node), at: node.from };
      case 'String': return { t: 'str', value: this.text(node).slice(1, -1), at: node.from };
      case 'ParenthesizedExpression': return this.read(namedChildren(node)[0]);
      case 'UnaryExpression': {
        const op = this.text(node.firstChild!);
        const arg = this.read(namedChildren(node).at(-1)!);
        if (op === '-') return { t: 'neg', arg, at: node.from };
        if (op === '+') return arg;
        return this.fail(node, `the operator '${op}' is not supported`);
      }
      case 'BinaryExpression': {
        const [l, o, r] = namedChildren(node);
        const op = this.text(o);
        const ops: Record<string, BinOp> = { '+': 'badd', '-': 'bsub', '*': 'emul', '/': 'ediv', '**': 'epow', '@': 'npmatmul' };
        if (!ops[op]) this.fail(o, `the operator '${op}' is not supported`);
        return { t: 'bin', op: ops[op], l: this.read(l), r: this.read(r), at: o.from, text: op };
      }
      case 'MemberExpression': return this.member(node);
      case 'CallExpression': return this.call(node);
      default: return unsupported(node, this.src);
    }
  }

  /** `X.T`, and `np.linalg.slogdet(X)[1]` (log |det X|). */
  private member(node: SyntaxNode): Syn {
    const kids = namedChildren(node);
    const [object, property] = kids;
    const bracket = node.getChild('[');
    if (bracket) {
      if (object.name === 'CallExpression' && this.calleeName(object) === 'slogdet' && property && this.text(property) === '1') {
        const args = this.args(object);
        if (args.length !== 1) this.fail(object, 'slogdet takes one argument');
        return { t: 'call', fn: 'logdet', args, at: object.from, text: 'slogdet' };
      }
      // X.shape[0]: a dimension
      if (object.name === 'MemberExpression' && property?.name === 'Number') {
        const [o, p] = namedChildren(object);
        if (p && this.text(p) === 'shape') return { t: 'call', fn: 'shapeof', args: [this.read(o), this.read(property)], at: node.from, text: this.text(node) };
      }
      return this.fail(bracket, 'indexing is not supported in an expression to differentiate (np.linalg.slogdet(X)[1] is)');
    }
    const name = this.text(property);
    if (name === 'T') return { t: 'transpose', arg: this.read(object), at: property.from, numpy: true };
    return this.fail(property, `'.${name}' is not supported here (.T is)`);
  }

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
    return { t: 'call', fn: 'tuple', args: namedChildren(n).map((x) => this.read(x)), at: n.from, text: this.text(n) };
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
    const at = callee.from;
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
      case 'dot': case 'matmul': return bin('npmatmul', '@');
      case 'vdot': return c('dot');
      case 'multiply': return bin('emul', '*');
      case 'divide': return bin('ediv', '/');
      case 'power': return bin('epow', '**');
      case 'square': return { t: 'bin', op: 'epow', l: args[0], r: { t: 'num', value: Rational.of(2), at }, at, text: '**' };
      case 'transpose': return { t: 'transpose', arg: args[0], at, numpy: true };
      case 'logsumexp': return c('log', [c('sum', [c('exp')])]);
      case 'slogdet': return this.fail(callee, 'use np.linalg.slogdet(X)[1] for log |det X|');
      case 'norm': {
        const ord = args[1] ?? (kw.has('ord') ? this.read(kw.get('ord')!) : undefined);
        if (!ord || (ord.t === 'sym' && ord.name === 'None')) return c('norm2', [args[0]]);
        if (ord.t === 'str' && ord.value === 'fro') return c('norm2', [args[0]]);
        if (ord.t === 'num' && ord.value.isOne) return c('norm1vec', [args[0]]);
        if (ord.t === 'num' && ord.value.equals(Rational.of(2))) return c('norm2vec', [args[0]]);
        return this.fail(callee, `this norm is not supported (ord 1, 2, 'fro' and the default are)`);
      }
      default: return c(canonical);
    }
  }
}

export function parseNumpy(source: string, documentText = ''): ParsedMatrix {
  if (source.trim() === '') throw new InputError('the selection is empty');
  const tree = parser.parse(source);
  rejectSyntaxErrors(tree, source);
  const statements = namedChildren(tree.topNode);
  if (statements.length !== 1) throw new InputError('select a single expression', statements[1]?.from ?? 0);
  const st = statements[0];
  let target: SyntaxNode | undefined;
  let assignedTo: string | undefined;
  if (st.name === 'ExpressionStatement' || st.name === 'ReturnStatement') target = namedChildren(st).at(-1);
  else if (st.name === 'AssignStatement') {
    const parts = namedChildren(st).filter((n) => n.name !== 'AssignOp' && n.name !== 'TypeDef');
    if (parts.length !== 2 || parts[0].name !== 'VariableName') throw new InputError('select a single assignment such as f = x @ x', st.from);
    assignedTo = textOf(parts[0], source);
    target = parts[1];
  }
  if (!target) throw new InputError('select an expression, not a statement', st.from);
  const modules = readModules(documentText + '\n' + source);
  const reader = new Reader(source, modules);
  const syn = reader.read(target);
  return { syn, assignedTo, prefix: reader.usedPrefix ?? modules.prefix ?? 'np' };
}
