// Python and numpy, read once into the surface syntax for both engines: `*` `/` `**` element-wise,
// `@`, `.T`, methods (x.sum(), x.dot(y)), np.linalg, scipy.special, math, the built-ins, and the
// module aliases and names the document imports.
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../api';
import { checkDeadline, checkNesting } from '../budget';
import { Expr } from '../expr';
import { lowerFor } from '../lower';
import { Rational } from '../rational';
import { ArrayRefusal, BinOp, Syn } from '../syntax';
import { InfixStyle, printInfix } from './infix';
import { atSourceOffsets, combineChain, namedChildren, prepareForLezer, PreparedSource, readNumber, singleStatement, textOf, unsupported, usesSpacedProducts, withCubeRoots } from './lezer';

/** What a name before a dot is: a module of functions, numpy's linalg, or the scipy package (for scipy.special). */
type ModuleKind = 'numpy' | 'math' | 'special' | 'linalg' | 'scipy';
/** The modules whose prefix results print with. */
type PrintedModule = 'numpy' | 'math' | 'special';

/** Python's keywords (keyword.kwlist): a math name such as λ is written `lambda_` in code. */
const KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);

export interface PythonStyle {
  /** Prefix for functions and constants (`np`, `math`, `xp`), or '' when they are imported bare. */
  prefix: string;
  module: PrintedModule;
  spacedProducts: boolean;
  /** How the document reaches scipy.special (`scipy.special`, `sc`, or '' for names it imports bare). */
  special?: string;
}

/** numpy's names of the function table's functions it spells differently (read and printed). */
export const NUMPY_NAMES: Readonly<Record<string, string>> = {
  asin: 'arcsin', acos: 'arccos', atan: 'arctan', asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh', atan2: 'arctan2', max: 'maximum', min: 'minimum',
};
/** The table's one-argument functions numpy has (printing rewrites the others with these: sec u = 1/cos u). */
export const NUMPY_FUNCTIONS: ReadonlySet<string> = new Set(['exp', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'log', 'log1p', 'expm1', 'abs', 'sign', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh']);

/** numpy's and math's names of the function table's functions → canonical names (numpy 2 also has asin…). */
const FUNCTION_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries([...NUMPY_FUNCTIONS, 'cbrt', 'hypot', 'atan2', 'log10', 'log2'].map((n) => [n, n])),
  ...Object.fromEntries(Object.entries(NUMPY_NAMES).map(([canonical, name]) => [name, canonical])),
  absolute: 'abs', fabs: 'abs',
};
/**
 * Each module's own names → canonical names (syntax.ts), or a form the reader builds itself: an operator
 * (matmul, multiply, divide, power, square, reciprocal, transpose), len, norm, slogdet, logsumexp, and
 * amax/amin (numpy's max and min reduce an array, which is refused; the built-ins compare).
 */
const MODULE_NAMES: Readonly<Record<ModuleKind, Readonly<Record<string, string>>>> = {
  numpy: {
    ...FUNCTION_NAMES, max: 'amax', min: 'amin', amax: 'amax', amin: 'amin', pow: 'power', power: 'power', square: 'square', reciprocal: 'reciprocal',
    sum: 'sum', trace: 'tr', diag: 'diag', outer: 'outer', ones: 'ones', zeros: 'zeros', eye: 'eye', identity: 'eye',
    dot: 'npdot', vdot: 'dot', inner: 'inner', ones_like: 'ones_like', zeros_like: 'zeros_like',
    matmul: 'matmul', multiply: 'multiply', divide: 'divide', transpose: 'transpose',
  },
  linalg: { inv: 'inv', det: 'det', norm: 'norm', slogdet: 'slogdet', solve: 'solve' },
  math: { ...FUNCTION_NAMES, pow: 'power', gamma: 'gamma', lgamma: 'lgamma' },
  special: { gamma: 'gamma', gammaln: 'lgamma', digamma: 'digamma', psi: 'digamma', polygamma: 'polygamma', expit: 'sigmoid', logsumexp: 'logsumexp' },
  scipy: {},
};
/** Python's built-in functions, called without a module (the table's names are read bare too). */
const BUILTINS: Readonly<Record<string, string>> = { abs: 'abs', max: 'max', min: 'min', pow: 'power', len: 'len' };
/** Methods of arrays: x.sum(), x.dot(y), X.trace(), X.transpose(). */
const METHODS: Readonly<Record<string, string>> = { sum: 'sum', dot: 'npdot', trace: 'tr', transpose: 'transpose' };
/** Their positional arguments besides the array. */
const METHOD_ARITY: Readonly<Record<string, number>> = { sum: 0, dot: 1, trace: 0, transpose: 0 };

const OPERATORS: Readonly<Record<string, BinOp>> = { '+': 'badd', '-': 'bsub', '*': 'emul', '/': 'ediv', '**': 'epow', '@': 'npmatmul' };
/** Operators of one precedence, read as one left-associative chain (`**` groups to the right). */
const SUMS: ReadonlySet<string> = new Set(['+', '-']);
const PRODUCTS: ReadonlySet<string> = new Set(['*', '/', '@', '//', '%']);

/** What the document imports: module aliases, names imported bare, a star import. */
interface Imports {
  aliases: Map<string, ModuleKind>;
  bare: Map<string, { module: ModuleKind; name: string }>;
  starModule?: ModuleKind;
  /** The name the document's first `import numpy [as …]` binds. */
  numpy?: string;
}

const MODULE_OF: Readonly<Record<string, ModuleKind>> = { numpy: 'numpy', math: 'math', 'numpy.linalg': 'linalg', 'scipy.special': 'special', scipy: 'scipy' };

function readImports(text: string): Imports {
  const aliases = new Map<string, ModuleKind>([['np', 'numpy'], ['numpy', 'numpy'], ['math', 'math'], ['scipy', 'scipy']]);
  const bare = new Map<string, { module: ModuleKind; name: string }>();
  let starModule: ModuleKind | undefined;
  let numpy: string | undefined;
  // [ \t]*, not \s*: a run of blank lines must not be rescanned from every line start
  for (const m of text.matchAll(/^[ \t]*import[ \t]+(numpy\.linalg|numpy|math|scipy\.special|scipy)(?:[ \t]+as[ \t]+(\w+))?/gm)) {
    // `import numpy.linalg` binds numpy, `import numpy.linalg as la` binds la
    const [name, kind] = m[2] ? [m[2], MODULE_OF[m[1]]] : [m[1].split('.')[0], MODULE_OF[m[1].split('.')[0]]];
    aliases.set(name, kind);
    if (kind === 'numpy') numpy ??= name;
  }
  for (const m of text.matchAll(/^[ \t]*from[ \t]+(numpy\.linalg|numpy|math|scipy\.special|scipy)[ \t]+import[ \t]+([^\n#]+)/gm)) {
    const module = MODULE_OF[m[1]];
    const list = m[2].replace(/[()]/g, '').trim();
    if (list === '*') { starModule = module; continue; }
    for (const item of list.split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (!name) continue;
      if (module === 'scipy' && name === 'special') aliases.set(alias ?? name, 'special');
      else if (module === 'numpy' && name === 'linalg') aliases.set(alias ?? name, 'linalg');
      else bare.set(alias ?? name, { module, name });
    }
  }
  return { aliases, bare, starModule, numpy };
}

/** A callee resolved: the canonical name (or form), the module it came from, and the name node to blame. */
interface Callee { canonical?: string; module?: ModuleKind; nameNode: SyntaxNode; self?: SyntaxNode }

/**
 * Reads the syntax tree of a selection as prepared for Lezer (long chains grouped, see
 * prepareForLezer); offsets in the syntax and in refusals are the selection's own.
 */
class PythonReader {
  /** First numpy or math prefix the selection uses, to print results the same way. */
  usedPrefix?: { prefix: string; module: 'numpy' | 'math' };
  /** First numpy prefix the selection uses (the matrix printer's). */
  usedNumpy?: string;
  /** Module of the first function the selection calls by a bare imported name (`from math import sqrt`). */
  usedBare?: 'numpy' | 'math';
  /** How the selection reached scipy.special (its own prefix, '' for bare names), kept apart from usedPrefix. */
  usedSpecial?: string;
  private depth = 0;
  private readonly src: string;

  constructor(private readonly prepared: PreparedSource, private readonly imports: Imports) { this.src = prepared.text; }

  private at(node: SyntaxNode): number { return this.prepared.toSource(node.from); }
  private fail(node: SyntaxNode, what: string): never { throw new InputError(what, this.at(node)); }
  private text(node: SyntaxNode): string { return textOf(node, this.src); }

  /** Reads a part nested in `node` (parentheses, a call, a sign, a power), refusing nesting deeper than MAX_NESTING. */
  private nested<T>(node: SyntaxNode, read: () => T): T {
    checkNesting(++this.depth, this.at(node));
    try { return read(); } finally { this.depth--; }
  }

  read(node: SyntaxNode): Syn {
    checkDeadline();
    switch (node.name) {
      case 'Number': return this.number(node);
      case 'VariableName': return this.variable(node);
      case 'String': return { t: 'str', value: this.text(node).slice(1, -1), at: this.at(node) };
      case 'ParenthesizedExpression': return this.nested(node, () => this.read(namedChildren(node)[0]));
      case 'UnaryExpression': return this.unary(node);
      case 'BinaryExpression': return this.chain(node);
      case 'MemberExpression': return this.member(node);
      case 'CallExpression': return this.nested(node, () => this.call(node));
      default: return atSourceOffsets(this.prepared, () => unsupported(node, this.src));
    }
  }

  private number(node: SyntaxNode): Syn {
    const text = this.text(node);
    if (/[jJ]$/.test(text)) this.fail(node, 'complex numbers are not supported');
    return readNumber(text, this.at(node));
  }

  private variable(node: SyntaxNode): Syn {
    const name = this.text(node);
    const at = this.at(node);
    const imported = this.imports.bare.get(name)?.name ?? (this.imports.starModule ? name : undefined);
    if (name === 'pi' || imported === 'pi') return { t: 'const', name: 'pi', at };
    if (name === 'e' || imported === 'e') return { t: 'const', name: 'e', at };
    if (imported === 'tau') return tau(at);
    // `lambda_` is how Python code spells a variable named lambda
    return { t: 'sym', name: name.endsWith('_') && KEYWORDS.has(name.slice(0, -1)) ? name.slice(0, -1) : name, at };
  }

  private unary(node: SyntaxNode): Syn {
    const op = this.text(node.firstChild!);
    const arg = this.nested(node, () => this.read(namedChildren(node).at(-1)!));
    if (op === '-') return { t: 'neg', arg, at: this.at(node) };
    if (op === '+') return arg;
    return this.fail(node, `the operator '${op}' is not supported`);
  }

  private operator(o: SyntaxNode): BinOp {
    const op = this.text(o);
    if (!OPERATORS[op]) this.fail(o, `the operator '${op}' is not supported`);
    return OPERATORS[op];
  }

  /** A chain of one precedence (a + b - c, A @ B / c); `**` groups to the right and nests. */
  private chain(node: SyntaxNode): Syn {
    const [l, o, r] = namedChildren(node);
    const op = this.text(o);
    const level = SUMS.has(op) ? SUMS : PRODUCTS.has(op) ? PRODUCTS : undefined;
    if (!level) return this.nested(o, () => ({ t: 'bin', op: this.operator(o), l: this.read(l), r: this.read(r), at: this.at(o), text: op }));
    return combineChain(node, this.prepared, level, OPERATORS, (n) => this.read(n));
  }

  /** `X.T`, `np.pi`, `math.e`, `np.linalg.slogdet(X)[1]` (log |det X|), `X.shape[0]`. */
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
    const module = name === 'pi' || name === 'e' || name === 'tau' ? this.moduleOf(object) : this.moduleOf(object, false);
    if (!module) return this.fail(property, `'.${name}' is not supported here (.T is)`);
    const at = this.at(node);
    if (name === 'pi' || name === 'e') return { t: 'const', name, at };
    if (name === 'tau') return tau(at);
    return this.fail(property, `'${this.text(node)}' is not a ${module} constant this extension knows`);
  }

  /** `np.linalg.slogdet(X)[1]` and `X.shape[0]`; other indexing is refused. */
  private indexed(node: SyntaxNode, object: SyntaxNode, property: SyntaxNode | undefined, bracket: SyntaxNode): Syn {
    if (object.name === 'CallExpression' && this.callee(object).canonical === 'slogdet' && property && this.text(property) === '1') {
      const args = this.args(object);
      if (args.length !== 1) this.fail(object, 'slogdet takes one argument');
      return { t: 'call', fn: 'logdet', args, at: this.at(object), text: 'slogdet' };
    }
    if (object.name === 'MemberExpression' && property?.name === 'Number') {
      const [o, p] = namedChildren(object);
      if (p && this.text(p) === 'shape') return { t: 'call', fn: 'shapeof', args: [this.read(o), this.read(property)], at: this.at(node), text: this.text(node) };
    }
    return this.fail(bracket, 'indexing is not supported in an expression to differentiate (np.linalg.slogdet(X)[1] is)');
  }

  /**
   * The module a name before a dot stands for (np, math, sc, np.linalg, scipy.special), noting the
   * prefix for printing; when `required`, anything else is refused.
   */
  private moduleOf(n: SyntaxNode, required = true): ModuleKind | undefined {
    const prefix = this.text(n);
    let module: ModuleKind | undefined;
    if (n.name === 'VariableName') module = this.imports.aliases.get(prefix);
    else if (n.name === 'MemberExpression' && !n.getChild('[')) {
      const [o, p] = namedChildren(n);
      const outer = o.name === 'VariableName' ? this.imports.aliases.get(this.text(o)) : undefined;
      const name = p ? this.text(p) : '';
      if (outer === 'numpy' && name === 'linalg') { this.noteNumpy(this.text(o)); return 'linalg'; }
      if (outer === 'scipy' && name === 'special') module = 'special';
    }
    if (!module && required) this.fail(n, `unknown module '${prefix}' (numpy, math and scipy.special are supported)`);
    if (module === 'special') this.usedSpecial ??= prefix;
    else if (module === 'numpy') this.noteNumpy(prefix);
    else if (module === 'math') this.usedPrefix ??= { prefix, module };
    return module;
  }

  private noteNumpy(prefix: string): void {
    this.usedPrefix ??= { prefix, module: 'numpy' };
    this.usedNumpy ??= prefix;
  }

  /** What a call names: a module's function, a bare name (imported, built-in or the table's), or a method. */
  private callee(call: SyntaxNode): Callee {
    const callee = namedChildren(call)[0];
    if (callee.name === 'VariableName') {
      const written = this.text(callee);
      const imported = this.imports.bare.get(written);
      if (imported) {
        this.noteBare(imported.module);
        return { canonical: MODULE_NAMES[imported.module][imported.name], module: imported.module, nameNode: callee };
      }
      const star = this.imports.starModule;
      const fromStar = star ? MODULE_NAMES[star][written] : undefined;
      if (fromStar) {
        this.noteBare(star!);
        return { canonical: fromStar, module: star, nameNode: callee };
      }
      return { canonical: BUILTINS[written] ?? FUNCTION_NAMES[written], nameNode: callee };
    }
    if (callee.name !== 'MemberExpression' || callee.getChild('[')) return this.fail(callee, `cannot call '${this.text(callee)}'`);
    const [object, property] = namedChildren(callee);
    const name = this.text(property);
    const module = this.moduleOf(object, false);
    if (module) return { canonical: MODULE_NAMES[module][name], module, nameNode: property };
    // x.sum(), x.dot(y): a method of an array; cp.sum(x), np.sin(x) with np not imported: a module the document lacks
    const method = METHODS[name];
    const positional = namedChildren(namedChildren(call)[1]).filter((a) => a.name !== 'AssignOp' && a.nextSibling?.name !== 'AssignOp').length;
    if (method && (object.name !== 'VariableName' || positional === METHOD_ARITY[name])) return { canonical: method, nameNode: property, self: object };
    if (object.name === 'VariableName' && (method || FUNCTION_NAMES[name] || MODULE_NAMES.numpy[name])) this.moduleOf(object);
    return this.fail(property, `unknown method '.${name}()'`);
  }

  private noteBare(module: ModuleKind): void {
    if (module === 'special') this.usedSpecial ??= '';
    else if (module === 'numpy' || module === 'math') this.usedBare ??= module;
  }

  private args(call: SyntaxNode): Syn[] {
    const out: Syn[] = [];
    for (const a of namedChildren(namedChildren(call)[1])) {
      if (a.name === 'AssignOp' || a.nextSibling?.name === 'AssignOp') continue;
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
    const out = new Map<string, SyntaxNode>();
    for (let c = namedChildren(call)[1].firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp' && c.prevSibling && c.nextSibling) out.set(this.text(c.prevSibling), c.nextSibling);
    }
    return out;
  }

  private call(node: SyntaxNode): Syn {
    const callee = namedChildren(node)[0];
    const { canonical, module, nameNode, self } = this.callee(node);
    const text = this.text(callee);
    if (!canonical) this.fail(nameNode, `unknown function '${text}'`);
    const kw = this.keywords(node);
    for (const [k, value] of kw) if (!(canonical === 'norm' && k === 'ord')) this.fail(value, `the keyword argument '${k}' is not supported`);
    const args = self ? [this.read(self), ...this.args(node)] : this.args(node);
    const at = this.at(callee);
    const c = (fn: string, as: Syn[] = args): Syn => ({ t: 'call', fn, args: as, at, text });
    const count = (n: number) => { if (args.length !== n) this.fail(callee, `'${text}' takes ${n === 1 ? 'one argument' : `${n} arguments`}, got ${args.length}`); };
    const bin = (op: BinOp, symbol: string, l = args[0], r = args[1]): Syn => ({ t: 'bin', op, l, r, at, text: symbol });
    // a numpy ufunc's second positional argument is `out`, not a base: np.log(x, 2) is a TypeError
    if (module === 'numpy' && canonical === 'log' && args.length === 2) {
      this.fail(callee, `'${text}' takes one argument (its second is the output array, not a base): write ${text}(x)/${text}(b), or log2, log10`);
    }
    switch (canonical) {
      // numpy's max/min reduce an array (the second argument is the axis)
      case 'amax': case 'amin': return this.fail(callee, `'${text}' reduces an array (its second argument is the axis): for the larger of two values write np.${canonical === 'amax' ? 'maximum' : 'minimum'}`);
      case 'max': case 'min':
        // the built-ins compare any number of values: max(a, b, c) is max(max(a, b), c); np.maximum takes two
        if (module) return c(canonical);
        if (args.length < 2) this.fail(callee, `'${text}' needs at least 2 arguments here`);
        return args.slice(1).reduce((a, b) => c(canonical, [a, b]), args[0]);
      case 'power': count(2); return bin('epow', '**');
      case 'square': count(1); return bin('epow', '**', args[0], { t: 'num', value: Rational.of(2), at });
      case 'reciprocal': count(1); return bin('epow', '**', args[0], { t: 'num', value: Rational.MINUS_ONE, at });
      case 'matmul': count(2); return bin('npmatmul', '@');
      // np.linalg.solve(A, b) is A\b: the matrix engine keeps it a solve
      case 'solve': count(2); return bin('solve', 'solve');
      case 'multiply': count(2); return bin('emul', '*');
      case 'divide': count(2); return bin('ediv', '/');
      case 'transpose': count(1); return { t: 'transpose', arg: args[0], at, numpy: true };
      case 'len': count(1); return c('shapeof', [args[0], { t: 'num', value: Rational.ZERO, at }]);
      case 'ones': case 'zeros': case 'eye': return c(canonical, args.flatMap((a) => (a.t === 'call' && a.fn === 'tuple' ? a.args : [a])));
      case 'logsumexp': return c('log', [c('sum', [c('exp')])]);
      case 'slogdet': return this.fail(callee, `use ${text}(X)[1] for log |det X|`);
      case 'norm': return this.norm(node, args, kw);
      default: return c(canonical);
    }
  }

  /** Of a vector: the Euclidean and 1-norms; of a matrix: Frobenius by default, induced norms refused for ord 1, 2. */
  private norm(node: SyntaxNode, args: Syn[], kw: Map<string, SyntaxNode>): Syn {
    const callee = namedChildren(node)[0];
    const text = this.text(callee);
    const at = this.at(callee);
    const ord = args[1] ?? (kw.has('ord') ? this.read(kw.get('ord')!) : undefined);
    const shown = this.text(node);
    const what = shown.length <= 40 ? shown : `${text}(…)`;
    const np = this.usedNumpy ?? this.imports.numpy ?? 'np';
    const only = (fn: string, refuse?: ArrayRefusal): Syn => ({ t: 'call', fn, args: [args[0]], at, text, ...(refuse ? { refuse } : {}) });
    if (!ord || (ord.t === 'sym' && ord.name === 'None')) return only('norm2');
    if (ord.t === 'str' && ord.value === 'fro') return only('norm2');
    if (ord.t === 'num' && ord.value.isOne) return only('norm1', { matrix: `${what} of a matrix is its induced 1-norm (the largest column sum), which is not supported; write ${np}.sum(${np}.abs(M)) for the sum of absolute values` });
    if (ord.t === 'num' && ord.value.equals(Rational.of(2))) return only('norm2', { matrix: `${what} of a matrix is its spectral norm (the largest singular value), which is not supported; write ${np}.linalg.norm(M) for the Frobenius norm` });
    return this.fail(callee, `this norm is not supported (ord 1, 2, 'fro' and the default are)`);
  }
}

/** τ = 2π. */
function tau(at: number): Syn {
  return { t: 'bin', op: 'emul', l: { t: 'num', value: Rational.of(2), at }, r: { t: 'const', name: 'pi', at }, at, text: '*' };
}

/**
 * Python's floats may end in a point (`5.`, `5.e3`, `5.j`), which the Lezer grammar does not know:
 * they are rewritten to `5 `, `5e3 `, `5j ` (same value, same length, so columns stay right).
 */
function withoutTrailingPoints(source: string): string {
  return source.replace(/(?<![\w.])(\d[\d_]*)\.((?:[eE][+-]?\d[\d_]*)?[jJ]?)(?![\w.])/g, (_, whole: string, rest: string) => `${whole}${rest} `);
}

/** Strings and comments: their brackets and operators are not the expression's. */
const STRING_OR_COMMENT = /#[^\n]*|[rRbBfFuU]{0,2}(?:"""[^]*?"""|'''[^]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/g;

/**
 * The selection prepared for Lezer by prepareForLezer (long chains grouped, deep nesting refused). It
 * leaves text with strings or comments ('fro', # …) as it is, so they are masked first, keeping every
 * column (a string becomes a name, a comment spaces), and the groups it inserts are put into the
 * selection itself. An unmatched closing bracket is refused at its column (Lezer, past a few hundred
 * terms, reports another place).
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

/** A Python selection read once: its syntax, the name it assigns, how results print, and the numpy prefix for matrix results. */
export interface PythonReading {
  syn: Syn;
  assignedTo?: string;
  style: PythonStyle;
  /** numpy module prefix used in the selection or the document (`np`). */
  prefix: string;
}

export function readPython(source: string, documentText = ''): PythonReading {
  if (source.trim() === '') throw new InputError('the selection is empty');
  const prepared = prepare(withoutTrailingPoints(source));
  const statement = atSourceOffsets(prepared, () => singleStatement(parser, prepared.text));
  const at = (node: SyntaxNode) => prepared.toSource(node.from);
  let target: SyntaxNode | undefined;
  let assignedTo: string | undefined;
  if (statement.name === 'ExpressionStatement' || statement.name === 'ReturnStatement') {
    target = namedChildren(statement).at(-1);
    if (!target) throw new InputError('select an expression', at(statement));
  } else if (statement.name === 'AssignStatement') {
    const parts = namedChildren(statement).filter((n) => n.name !== 'AssignOp' && n.name !== 'TypeDef');
    if (parts.length !== 2 || parts[0].name !== 'VariableName') throw new InputError('select a single assignment such as y = x**2', at(statement));
    assignedTo = textOf(parts[0], prepared.text);
    target = parts[1];
  } else throw new InputError('select an expression, not a statement', at(statement));
  const imports = readImports(documentText + '\n' + source);
  const reader = new PythonReader(prepared, imports);
  const syn = reader.read(target);
  return { syn, assignedTo, style: chooseStyle(reader, imports, source), prefix: reader.usedNumpy ?? imports.numpy ?? 'np' };
}

/** Results print the way the selection calls functions: `np.`, `math.`, or bare names it imported. */
function chooseStyle(reader: PythonReader, imports: Imports, source: string): PythonStyle {
  const spacedProducts = usesSpacedProducts(source);
  const special = reader.usedSpecial ?? [...imports.aliases.entries()].find(([, m]) => m === 'special')?.[0] ?? 'scipy.special';
  const style = (s: Omit<PythonStyle, 'special'>): PythonStyle => ({ ...s, special });
  if (reader.usedPrefix) return style({ ...reader.usedPrefix, spacedProducts });
  if (reader.usedBare) return style({ prefix: '', module: reader.usedBare, spacedProducts });
  if (imports.starModule === 'numpy' || imports.starModule === 'math') return style({ prefix: '', module: imports.starModule, spacedProducts });
  const explicit = [...imports.aliases.entries()].find(([alias, m]) => alias !== 'np' && alias !== 'numpy' && alias !== 'math' && (m === 'numpy' || m === 'math'));
  if (explicit) return style({ prefix: explicit[0], module: explicit[1] as 'numpy' | 'math', spacedProducts });
  return style({ prefix: 'np', module: 'numpy', spacedProducts });
}

const SPECIAL_OUT: Readonly<Record<string, string>> = { gamma: 'gamma', lgamma: 'gammaln', digamma: 'digamma', polygamma: 'polygamma' };
const AVAILABLE = new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'log', 'log1p', 'expm1', 'abs', 'sign', 'hypot', 'atan2', 'max', 'min', 'gamma', 'lgamma', 'digamma', 'polygamma']);

export function printPython(e: Expr, style: PythonStyle): string {
  const q = (name: string) => (style.prefix ? `${style.prefix}.${name}` : name);
  const infix: InfixStyle = {
    power: { op: '**' },
    fn: (name) => {
      // the gamma family: math.gamma and math.lgamma in math style, scipy.special for the rest
      if (SPECIAL_OUT[name]) {
        if (style.module === 'math' && (name === 'gamma' || name === 'lgamma')) return q(name);
        const special = style.special ?? 'scipy.special';
        return special ? `${special}.${SPECIAL_OUT[name]}` : SPECIAL_OUT[name];
      }
      if ((name === 'abs' || name === 'max' || name === 'min') && style.module === 'math') return name;
      if (name === 'sign' && style.module === 'math') return 'np.sign';
      return q(style.module === 'numpy' ? NUMPY_NAMES[name] ?? name : name);
    },
    constant: (name) => q(name),
    logBase: (arg, base) => (base === 10n || base === 2n ? `${q(`log${base}`)}(${arg})` : style.module === 'math' ? `${q('log')}(${arg}, ${base})` : undefined),
    symbol: (name) => (KEYWORDS.has(name) ? `${name}_` : name),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: false,
  };
  return printInfix(withCubeRoots(lowerFor(e, AVAILABLE)), infix);
}
