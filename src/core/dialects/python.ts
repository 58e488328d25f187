// Python and numpy: `**`, `math.` / `numpy.` / `np.` and the aliases the document imports.
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../api';
import { E, Expr, mul, neg, num, PI, pow, sym, TWO } from '../expr';
import { logBase } from '../functions';
import { lowerFor } from '../lower';
import { InfixStyle, printInfix } from './infix';
import { ARITHMETIC, atSourceOffsets, chainOperands, combineChain, namedChildren, prepareForLezer, PRODUCTS, readNumber, singleStatement, SUMS, textOf, unsupported, usesSpacedProducts, withCubeRoots } from './lezer';
import { applyFunction } from './reader';

type ModuleKind = 'numpy' | 'math' | 'special';

/** Python's keywords (keyword.kwlist): a math name such as λ is written `lambda_` in code. */
const KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);

export interface PythonStyle {
  /** Prefix for functions and constants (`np`, `math`, `xp`), or '' when they are imported bare. */
  prefix: string;
  module: ModuleKind;
  spacedProducts: boolean;
  /** How the document reaches scipy.special (`scipy.special`, `sc`, or '' for names it imports bare). */
  special?: string;
}

/** numpy and math names → our function names. */
const NAMES: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', arcsin: 'asin', arccos: 'acos', arctan: 'atan', asin: 'asin', acos: 'acos', atan: 'atan',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh', asinh: 'asinh', acosh: 'acosh', atanh: 'atanh',
  exp: 'exp', expm1: 'expm1', log: 'log', log1p: 'log1p', sqrt: 'sqrt', cbrt: 'cbrt', abs: 'abs', absolute: 'abs', fabs: 'abs',
  sign: 'sign', hypot: 'hypot', arctan2: 'atan2', atan2: 'atan2', maximum: 'max', minimum: 'min',
};
/** The gamma family by module: math has gamma and lgamma, scipy.special all of them, numpy none. */
const GAMMA_NAMES: Readonly<Record<ModuleKind, Readonly<Record<string, string>>>> = {
  math: { gamma: 'gamma', lgamma: 'lgamma' },
  special: { gamma: 'gamma', gammaln: 'lgamma', digamma: 'digamma', psi: 'digamma', polygamma: 'polygamma' },
  numpy: {},
};
const SPECIAL_OUT: Readonly<Record<string, string>> = { gamma: 'gamma', lgamma: 'gammaln', digamma: 'digamma', polygamma: 'polygamma' };
const NUMPY_OUT: Readonly<Record<string, string>> = { asin: 'arcsin', acos: 'arccos', atan: 'arctan', asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh', atan2: 'arctan2', max: 'maximum', min: 'minimum' };
const AVAILABLE = new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'log', 'log1p', 'expm1', 'abs', 'sign', 'hypot', 'atan2', 'max', 'min', 'gamma', 'lgamma', 'digamma', 'polygamma']);
/** Python's built-in functions, called without a module. */
const BUILTINS: Readonly<Record<string, string>> = { abs: 'abs', max: 'max', min: 'min', pow: 'pow' };

/** What the document imports: module aliases and names imported bare. */
interface Imports {
  aliases: Map<string, ModuleKind>;
  bare: Map<string, { module: ModuleKind; name: string }>;
  starModule?: ModuleKind;
}

function readImports(text: string): Imports {
  const aliases = new Map<string, ModuleKind>([['np', 'numpy'], ['numpy', 'numpy'], ['math', 'math']]);
  const bare = new Map<string, { module: ModuleKind; name: string }>();
  let starModule: ModuleKind | undefined;
  for (const m of text.matchAll(/^\s*import\s+(numpy|math)(?:\s+as\s+(\w+))?/gm)) aliases.set(m[2] ?? m[1], m[1] as ModuleKind);
  for (const m of text.matchAll(/^\s*import\s+scipy\.special\s+as\s+(\w+)/gm)) aliases.set(m[1], 'special');
  for (const m of text.matchAll(/^\s*from\s+scipy\s+import\s+special(?:\s+as\s+(\w+))?/gm)) aliases.set(m[1] ?? 'special', 'special');
  for (const m of text.matchAll(/^\s*from\s+(numpy|math|scipy\.special)\s+import\s+([^\n#]+)/gm)) {
    const module = (m[1] === 'scipy.special' ? 'special' : m[1]) as ModuleKind;
    const list = m[2].replace(/[()]/g, '').trim();
    if (list === '*') { starModule = module; continue; }
    for (const item of list.split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (name) bare.set(alias ?? name, { module, name });
    }
  }
  return { aliases, bare, starModule };
}

class PythonReader {
  /** First module prefix the selection uses, to print the result the same way. */
  usedPrefix?: { prefix: string; module: ModuleKind };
  /** Module of the first function the selection calls by a bare imported name (`from math import sqrt`). */
  usedBare?: ModuleKind;
  /** How the selection reached scipy.special (its own prefix, '' for bare names), kept apart from usedPrefix. */
  usedSpecial?: string;

  constructor(private readonly src: string, private readonly imports: Imports, private readonly groups: ReadonlySet<number>) {}

  private fail(node: SyntaxNode, what: string): never { throw new InputError(what, node.from); }

  read(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'Number': return this.number(node);
      case 'VariableName': return this.variable(node);
      case 'ParenthesizedExpression': return this.read(namedChildren(node)[0]);
      case 'UnaryExpression': return this.unary(node);
      case 'BinaryExpression': return this.binary(node);
      case 'CallExpression': return this.call(node);
      case 'MemberExpression': return this.constant(node);
      default: return unsupported(node, this.src);
    }
  }

  private number(node: SyntaxNode): Expr {
    const text = textOf(node, this.src);
    if (/[jJ]$/.test(text)) this.fail(node, 'complex numbers are not supported');
    return readNumber(text, node.from);
  }

  private variable(node: SyntaxNode): Expr {
    const name = textOf(node, this.src);
    const imported = this.imports.bare.get(name)?.name ?? (this.imports.starModule ? name : undefined);
    if (name === 'pi' || imported === 'pi') return PI;
    if (name === 'e' || imported === 'e') return E;
    if (imported === 'tau') return mul(TWO, PI);
    // `lambda_` is how Python code spells a variable named lambda
    return sym(name.endsWith('_') && KEYWORDS.has(name.slice(0, -1)) ? name.slice(0, -1) : name);
  }

  private unary(node: SyntaxNode): Expr {
    const op = node.firstChild!;
    const operand = namedChildren(node).at(-1)!;
    const text = textOf(op, this.src);
    if (text === '-') return neg(this.read(operand));
    if (text === '+') return this.read(operand);
    return this.fail(node, `the operator '${text}' is not supported`);
  }

  private binary(node: SyntaxNode): Expr {
    const [left, op, right] = namedChildren(node);
    const o = textOf(op, this.src);
    if (o === '@') return this.fail(op, "'@' is a matrix product: select a scalar expression");
    if (SUMS.has(o) || PRODUCTS.has(o)) return this.chain(node, SUMS.has(o) ? SUMS : PRODUCTS);
    const apply = ARITHMETIC[o];
    if (!apply) return this.fail(op, `the operator '${o}' is not supported`);
    return apply(this.read(left), this.read(right));
  }

  /** a + b - c … (or a * b / c …): Lezer nests it to the left; read it in a loop, canonicalise once. */
  private chain(node: SyntaxNode, ops: ReadonlySet<string>): Expr {
    const { first, rest } = chainOperands(node, this.src, ops, this.groups);
    return combineChain(this.read(first), rest.map(([o, n]) => [o, this.read(n)]));
  }

  /** `np.pi`, `math.e`. */
  private constant(node: SyntaxNode): Expr {
    const [object, property] = namedChildren(node);
    const module = this.moduleOf(object);
    const name = textOf(property, this.src);
    if (name === 'pi') return PI;
    if (name === 'e') return E;
    if (name === 'tau') return mul(TWO, PI);
    return this.fail(property, `'${textOf(node, this.src)}' is not a ${module} constant this extension knows`);
  }

  private moduleOf(object: SyntaxNode): ModuleKind {
    const prefix = textOf(object, this.src);
    const module = prefix === 'scipy.special' ? 'special' : object.name === 'VariableName' ? this.imports.aliases.get(prefix) : undefined;
    if (!module) this.fail(object, `unknown module '${prefix}' (numpy, math and scipy.special are supported)`);
    if (module === 'special') this.usedSpecial ??= prefix;
    else this.usedPrefix ??= { prefix, module };
    return module;
  }

  private call(node: SyntaxNode): Expr {
    const [callee, argList] = namedChildren(node);
    let name: string;
    let nameNode = callee;
    let module: ModuleKind | undefined;
    if (callee.name === 'MemberExpression') {
      const [object, property] = namedChildren(callee);
      module = this.moduleOf(object);
      name = textOf(property, this.src);
      nameNode = property;
    } else if (callee.name === 'VariableName') {
      const written = textOf(callee, this.src);
      const imported = this.imports.bare.get(written);
      name = imported?.name ?? written;
      module = imported?.module ?? this.imports.starModule;
      if (module === 'special') this.usedSpecial ??= '';
      else if (module) this.usedBare ??= module;
      // the built-ins max(a, b), min(a, b), abs(u), pow(a, b) need no import
      if (!imported && BUILTINS[written] && (written !== 'max' && written !== 'min' || this.imports.starModule !== 'numpy')) name = BUILTINS[written];
    } else return this.fail(callee, `cannot call '${textOf(callee, this.src)}'`);
    for (let c = argList.firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp') this.fail(c, 'keyword arguments are not supported');
    }
    const args = namedChildren(argList).map((a) => this.read(a));
    const written = textOf(callee, this.src);
    const one = () => { if (args.length !== 1) this.fail(callee, `'${written}' takes one argument, got ${args.length}`); };
    // a numpy ufunc's second positional argument is `out`, not a base: np.log(x, 2) is a TypeError
    if (module === 'numpy' && name === 'log' && args.length === 2) {
      this.fail(callee, `'${written}' takes one argument (its second is the output array, not a base): write ${written}(x)/${written}(b), or log2, log10`);
    }
    switch (name) {
      case 'pow': case 'power':
        if (args.length !== 2) this.fail(callee, `'${name}' takes 2 arguments`);
        return pow(args[0], args[1]);
      case 'max': case 'min': {
        // numpy's max/min reduce an array (the second argument is the axis); the built-ins compare
        if (module === 'numpy') this.fail(callee, `'${written}' reduces an array (its second argument is the axis): for the larger of two values write np.${name === 'max' ? 'maximum' : 'minimum'}`);
        if (args.length < 2) this.fail(callee, `'${written}' needs at least 2 arguments here`);
        return args.reduce((a, b) => applyFunction(name, [a, b], callee.from, written));
      }
      case 'square': one(); return pow(args[0], TWO);
      case 'reciprocal': one(); return pow(args[0], num(-1));
      case 'log10': one(); return logBase(args[0], num(10));
      case 'log2': one(); return logBase(args[0], num(2));
    }
    if (module && module !== 'numpy' && GAMMA_NAMES[module][name]) return applyFunction(GAMMA_NAMES[module][name], args, callee.from, written);
    if (!module && name === 'polygamma' || module === 'special') {
      if (name === 'polygamma' && module === 'special') return applyFunction('polygamma', args, callee.from, written);
      this.fail(nameNode, `unknown function '${textOf(callee, this.src)}'`);
    }
    const fn = NAMES[name];
    if (!fn) this.fail(nameNode, `unknown function '${textOf(callee, this.src)}'`);
    return applyFunction(fn, args, callee.from, written);
  }
}

/**
 * Python's floats may end in a point (`5.`, `5.e3`, `5.j`), which the Lezer grammar does not know:
 * they are rewritten to `5 `, `5e3 `, `5j ` (same value, same length, so columns stay right).
 */
function withoutTrailingPoints(source: string): string {
  return source.replace(/(?<![\w.])(\d[\d_]*)\.((?:[eE][+-]?\d[\d_]*)?[jJ]?)(?![\w.])/g, (_, whole: string, rest: string) => `${whole}${rest} `);
}

export function parsePython(source: string, documentText: string): { expr: Expr; assignedTo?: string; style: PythonStyle } {
  const prepared = prepareForLezer(withoutTrailingPoints(source), 'python');
  const { expr, assignedTo, reader, imports } = atSourceOffsets(prepared, () => readPython(prepared.text, documentText, prepared.groups));
  return { expr, assignedTo, style: chooseStyle(reader, imports, source) };
}

function readPython(source: string, documentText: string, groups: ReadonlySet<number>) {
  const statement = singleStatement(parser, source);
  let target: SyntaxNode;
  let assignedTo: string | undefined;
  if (statement.name === 'ExpressionStatement' || statement.name === 'ReturnStatement') {
    target = namedChildren(statement).at(-1)!;
    if (!target) throw new InputError('select an expression', statement.from);
  } else if (statement.name === 'AssignStatement') {
    const parts = namedChildren(statement).filter((n) => n.name !== 'AssignOp' && n.name !== 'TypeDef');
    if (parts.length !== 2 || parts[0].name !== 'VariableName') throw new InputError('select a single assignment such as y = x**2', statement.from);
    assignedTo = textOf(parts[0], source);
    target = parts[1];
  } else throw new InputError('select an expression, not a statement', statement.from);
  const imports = readImports(documentText + '\n' + source);
  const reader = new PythonReader(source, imports, groups);
  const expr = reader.read(target);
  return { expr, assignedTo, reader, imports };
}

/** Results print the way the selection calls functions: `np.`, `math.`, or bare names it imported. */
function chooseStyle(reader: PythonReader, imports: Imports, source: string): PythonStyle {
  const spacedProducts = usesSpacedProducts(source);
  const special = reader.usedSpecial ?? [...imports.aliases.entries()].find(([, m]) => m === 'special')?.[0] ?? 'scipy.special';
  const style = (s: Omit<PythonStyle, 'special'>): PythonStyle => ({ ...s, special });
  if (reader.usedPrefix) return style({ ...reader.usedPrefix, spacedProducts });
  if (reader.usedBare) return style({ prefix: '', module: reader.usedBare, spacedProducts });
  if (imports.starModule && imports.starModule !== 'special') return style({ prefix: '', module: imports.starModule, spacedProducts });
  const explicit = [...imports.aliases.entries()].find(([alias, m]) => alias !== 'np' && alias !== 'numpy' && alias !== 'math' && m !== 'special');
  if (explicit) return style({ prefix: explicit[0], module: explicit[1], spacedProducts });
  return style({ prefix: 'np', module: 'numpy', spacedProducts });
}

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
      return q(style.module === 'numpy' ? NUMPY_OUT[name] ?? name : name);
    },
    constant: (name) => q(name),
    logBase: (arg, base) => (base === 10n || base === 2n ? `${q(`log${base}`)}(${arg})` : style.module === 'math' ? `${q('log')}(${arg}, ${base})` : undefined),
    symbol: (name) => (KEYWORDS.has(name) ? `${name}_` : name),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: false,
  };
  return printInfix(withCubeRoots(lowerFor(e, AVAILABLE)), infix);
}
